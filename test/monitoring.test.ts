import { beforeAll, describe, expect, it, vi } from "vitest";
import * as pulumi from "@pulumi/pulumi";
import { Monitoring, type MonitoringArgs } from "../components/monitoring";
import { outputValue } from "../lib/offline";
import { ALERT_TARGET_SYNTAX, parseAlertTarget } from "../lib/sentry";

const TEAM = "sentry:index/sentryTeam:SentryTeam";
const PROJECT = "sentry:index/sentryProject:SentryProject";
const KEY = "sentry:index/sentryKey:SentryKey";
const ISSUE_ALERT = "sentry:index/sentryIssueAlert:SentryIssueAlert";
const METRIC_ALERT = "sentry:index/sentryMetricAlert:SentryMetricAlert";
const GET_TEAM = "sentry:index/getSentryTeam:getSentryTeam";

// Ids of teams that already exist in the mocked organization, as the getSentryTeam data source returns them.
const EXISTING_TEAM_IDS: Record<string, string> = { platform: "2001", oncall: "2002" };
const CREATED_TEAM_ID = "1001";
const DSN = "https://0123456789abcdef@o42.ingest.sentry.io/7001";

const resources: pulumi.runtime.MockResourceArgs[] = [];
const calls: pulumi.runtime.MockCallArgs[] = [];

beforeAll(() =>
  pulumi.runtime.setMocks(
    {
      newResource: (a) => {
        resources.push(a);
        // Computed outputs the echo would leave undefined.
        const computed: Record<string, Record<string, unknown>> = {
          [TEAM]: { internalId: CREATED_TEAM_ID, teamId: CREATED_TEAM_ID },
          [PROJECT]: { internalId: "7001", projectId: "7001" },
          [KEY]: { dsnPublic: DSN, public: "0123456789abcdef", projectId: 7001 },
          [ISSUE_ALERT]: { internalId: "3001" },
          [METRIC_ALERT]: { internalId: "4001" },
        };
        return { id: `${a.name}-id`, state: { ...a.inputs, ...computed[a.type] } };
      },
      call: (a) => {
        calls.push(a);
        if (a.token !== GET_TEAM) throw new Error(`unexpected invoke ${a.token}`);
        const slug = a.inputs.slug as string;
        const internalId = EXISTING_TEAM_IDS[slug];
        if (!internalId) throw new Error(`no team ${slug}`);
        return { id: slug, internalId, slug, organization: a.inputs.organization, name: slug };
      },
    },
    "heroku-production",
    "production",
    false,
  ),
);

const valueOf = outputValue;

interface Seen {
  type: string;
  name: string;
  parent: pulumi.Resource | undefined;
}

/** Builds a component and waits until both alert rules, the last registrations, reached the mock. */
async function build(name: string, args: MonitoringArgs) {
  const seen: Seen[] = [];
  const component = new Monitoring(name, args, {
    transformations: [
      (a) => {
        seen.push({ type: a.type, name: a.name, parent: a.opts.parent });
        return undefined;
      },
    ],
  });
  await vi.waitFor(() => {
    const alerts = resources.filter((r) => [`${name}-new-issue-alert`, `${name}-error-rate-alert`].includes(r.name));
    expect(alerts).toHaveLength(2);
  });
  const mine = resources.filter((r) => r.name.startsWith(`${name}-`));
  const inputsOf = (type: string) => {
    const found = mine.filter((r) => r.type === type);
    expect(found).toHaveLength(1);
    return found[0].inputs;
  };
  return { component, seen, mine, inputsOf };
}

const base = { organization: "acme", project: "shop-prod", environment: "production" } as const;

const issueAlert = (action: Record<string, string>, overrides: Record<string, unknown> = {}) => ({
  organization: "acme",
  project: "shop-prod",
  name: "New issue (production)",
  actionMatch: "any",
  filterMatch: "all",
  frequency: 30,
  conditions: [{ id: "sentry.rules.conditions.first_seen_event.FirstSeenEventCondition" }],
  actions: [action],
  ...overrides,
});

const metricAlert = (action: Record<string, string>, overrides: Record<string, unknown> = {}) => ({
  organization: "acme",
  project: "shop-prod",
  name: "Error spike (production)",
  dataset: "events",
  eventTypes: ["error", "default"],
  query: "",
  aggregate: "count()",
  timeWindow: 10,
  thresholdType: 0,
  triggers: [{ label: "critical", thresholdType: 0, alertThreshold: 50, actions: [action] }],
  ...overrides,
});

const teamEmail = (id: string) => ({
  id: "sentry.mail.actions.NotifyEmailAction",
  targetType: "Team",
  targetIdentifier: id,
});
const teamMetricEmail = (id: string) => ({ type: "email", targetType: "team", targetIdentifier: id });

describe("Monitoring resources", () => {
  it("creates a team named after the project when no team is given, and notifies it", async () => {
    const before = calls.length;
    const { mine, inputsOf } = await build("m1", base);
    expect(mine.map((r) => [r.type, r.name]).sort()).toEqual(
      [
        [TEAM, "m1-team"],
        [PROJECT, "m1-project"],
        [KEY, "m1-key"],
        [ISSUE_ALERT, "m1-new-issue-alert"],
        [METRIC_ALERT, "m1-error-rate-alert"],
      ].sort(),
    );
    expect(inputsOf(TEAM)).toEqual({ organization: "acme", name: "shop-prod", slug: "shop-prod" });
    expect(inputsOf(PROJECT)).toEqual({
      organization: "acme",
      name: "shop-prod",
      slug: "shop-prod",
      platform: "python-django",
      team: "shop-prod",
    });
    expect(inputsOf(KEY)).toEqual({ organization: "acme", project: "shop-prod", name: "Heroku production" });
    expect(inputsOf(ISSUE_ALERT)).toEqual(issueAlert(teamEmail(CREATED_TEAM_ID)));
    expect(inputsOf(METRIC_ALERT)).toEqual(metricAlert(teamMetricEmail(CREATED_TEAM_ID)));
    expect(calls.length).toBe(before);
  });

  it("uses an existing team: no team resource, its id looked up once", async () => {
    const before = calls.length;
    const { component, mine, inputsOf } = await build("m2", { ...base, team: "platform" });
    expect(mine.some((r) => r.type === TEAM)).toBe(false);
    expect(calls.slice(before).map((c) => [c.token, c.inputs])).toEqual([
      [GET_TEAM, { organization: "acme", slug: "platform" }],
    ]);
    expect(inputsOf(PROJECT)).toEqual({
      organization: "acme",
      name: "shop-prod",
      slug: "shop-prod",
      platform: "python-django",
      team: "platform",
    });
    expect(inputsOf(ISSUE_ALERT)).toEqual(issueAlert(teamEmail("2001")));
    expect(inputsOf(METRIC_ALERT)).toEqual(metricAlert(teamMetricEmail("2001")));
    expect(await valueOf(component.teamSlug)).toBe("platform");
  });

  it("team:<slug> notifies that team and adds it to the project", async () => {
    const before = calls.length;
    const alertTarget = { kind: "team", slug: "oncall" } as const;
    const { inputsOf } = await build("m3", { ...base, team: "platform", alertTarget });
    expect(calls.slice(before).map((c) => c.inputs.slug).sort()).toEqual(["oncall", "platform"]);
    expect(inputsOf(PROJECT)).toEqual({
      organization: "acme",
      name: "shop-prod",
      slug: "shop-prod",
      platform: "python-django",
      teams: ["platform", "oncall"],
    });
    expect(inputsOf(ISSUE_ALERT)).toEqual(issueAlert(teamEmail("2002")));
    expect(inputsOf(METRIC_ALERT)).toEqual(metricAlert(teamMetricEmail("2002")));
  });

  it("team:<slug> naming the owning team is the owning team: one team, one lookup", async () => {
    const before = calls.length;
    const alertTarget = { kind: "team", slug: "platform" } as const;
    const { inputsOf } = await build("m4", { ...base, team: "platform", alertTarget });
    expect(calls.slice(before).map((c) => c.inputs.slug)).toEqual(["platform"]);
    expect(inputsOf(PROJECT).team).toBe("platform");
    expect(inputsOf(PROJECT)).not.toHaveProperty("teams");
    expect(inputsOf(ISSUE_ALERT).actions).toEqual([teamEmail("2001")]);
  });

  it("team:<slug> naming the created team reuses its id without a lookup, with Output inputs", async () => {
    const before = calls.length;
    const { inputsOf } = await build("m5", {
      ...base,
      project: pulumi.output("shop-prod"),
      environment: pulumi.output("production"),
      alertTarget: { kind: "team", slug: "shop-prod" },
    });
    expect(calls.length).toBe(before);
    expect(inputsOf(PROJECT).team).toBe("shop-prod");
    expect(inputsOf(METRIC_ALERT).triggers).toEqual([
      { label: "critical", thresholdType: 0, alertThreshold: 50, actions: [teamMetricEmail(CREATED_TEAM_ID)] },
    ]);
  });

  it("user:<id> emails the member by user id in both alerts", async () => {
    const { inputsOf } = await build("m6", { ...base, alertTarget: { kind: "user", userId: "123456" } });
    expect(inputsOf(ISSUE_ALERT).actions).toEqual([
      { id: "sentry.mail.actions.NotifyEmailAction", targetType: "Member", targetIdentifier: "123456" },
    ]);
    expect(inputsOf(METRIC_ALERT).triggers).toEqual([
      {
        label: "critical",
        thresholdType: 0,
        alertThreshold: 50,
        actions: [{ type: "email", targetType: "user", targetIdentifier: "123456" }],
      },
    ]);
    expect(inputsOf(PROJECT).team).toBe("shop-prod");
  });

  it("takes thresholds, window, frequency and a warning trigger", async () => {
    const { inputsOf } = await build("m7", {
      ...base,
      errorThreshold: 200,
      errorWarningThreshold: 80,
      errorWindowMinutes: 5,
      newIssueFrequencyMinutes: 60,
    });
    const action = teamMetricEmail(CREATED_TEAM_ID);
    expect(inputsOf(METRIC_ALERT)).toEqual(
      metricAlert(action, {
        timeWindow: 5,
        triggers: [
          { label: "critical", thresholdType: 0, alertThreshold: 200, actions: [action] },
          { label: "warning", thresholdType: 0, alertThreshold: 80, actions: [action] },
        ],
      }),
    );
    expect(inputsOf(ISSUE_ALERT).frequency).toBe(60);
  });

  it("scopes both alerts to the environment only when asked", async () => {
    const { inputsOf } = await build("m8", { ...base, scopeAlertsToEnvironment: true });
    expect(inputsOf(ISSUE_ALERT).environment).toBe("production");
    expect(inputsOf(METRIC_ALERT).environment).toBe("production");
    const unscoped = await build("m8b", base);
    expect(unscoped.inputsOf(ISSUE_ALERT)).not.toHaveProperty("environment");
    expect(unscoped.inputsOf(METRIC_ALERT)).not.toHaveProperty("environment");
  });

  it("cuts alert names to Sentry's 64 characters", async () => {
    const environment = "e".repeat(64);
    const { inputsOf } = await build("m9", { ...base, environment });
    expect(inputsOf(ISSUE_ALERT).name).toBe(`New issue (${"e".repeat(53)}`);
    expect(inputsOf(METRIC_ALERT).name).toBe(`Error spike (${"e".repeat(51)}`);
  });

  it("outputs a secret DSN equal to the key's dsnPublic, and the slugs", async () => {
    const { component } = await build("m10", base);
    expect(await pulumi.isSecret(component.dsn)).toBe(true);
    expect(await valueOf(component.dsn)).toBe(DSN);
    expect(await valueOf(component.projectSlug)).toBe("shop-prod");
    expect(await valueOf(component.teamSlug)).toBe("shop-prod");
    expect(await valueOf(component.organization)).toBe("acme");
    expect(await pulumi.isSecret(component.projectSlug)).toBe(false);
  });

  it("names every child after the component and parents it to the component", async () => {
    const { component, seen } = await build("m11", { ...base, alertTarget: { kind: "user", userId: "7" } });
    const children = seen.filter((s) => s.type !== "heroku-production:index:Monitoring");
    expect(children.map((c) => c.name).sort()).toEqual(
      ["m11-error-rate-alert", "m11-key", "m11-new-issue-alert", "m11-project", "m11-team"].sort(),
    );
    for (const child of children) expect(child.parent).toBe(component);
    expect(seen.find((s) => s.type === "heroku-production:index:Monitoring")?.name).toBe("m11");
  });
});

describe("parseAlertTarget", () => {
  it("reads the three forms", () => {
    expect(parseAlertTarget(undefined)).toEqual({ ok: true, target: { kind: "team" } });
    expect(parseAlertTarget("team")).toEqual({ ok: true, target: { kind: "team" } });
    expect(parseAlertTarget("team:oncall")).toEqual({ ok: true, target: { kind: "team", slug: "oncall" } });
    expect(parseAlertTarget("user:123")).toEqual({ ok: true, target: { kind: "user", userId: "123" } });
  });

  it("rejects what the provider cannot notify", () => {
    expect(parseAlertTarget("email:ops@example.com")).toEqual({
      ok: false,
      reason:
        "team, team:<team-slug> or user:<numeric-sentry-user-id>; Sentry's email alert actions take a team or user " +
        "id, not an address, and @pulumiverse/sentry 0.0.9 cannot look a user up by address",
    });
    expect(parseAlertTarget("ops@example.com")).toEqual(parseAlertTarget("email:ops@example.com"));
    expect(parseAlertTarget("user:ops")).toEqual({
      ok: false,
      reason: "user:<id>, where the id is the member's numeric Sentry user id",
    });
    expect(parseAlertTarget("user:0")).toEqual(parseAlertTarget("user:ops"));
    expect(parseAlertTarget("team:On Call")).toEqual({
      ok: false,
      reason:
        'team:<team-slug>, where the team slug is a slug of 1 to 50 lowercase letters, digits, "-" or "_", ' +
        "not only digits",
    });
    expect(parseAlertTarget("Team")).toEqual({ ok: false, reason: ALERT_TARGET_SYNTAX });
    expect(parseAlertTarget("")).toEqual({ ok: false, reason: ALERT_TARGET_SYNTAX });
  });
});
