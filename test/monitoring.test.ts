import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";
import * as pulumi from "@pulumi/pulumi";
import { Monitoring, type MonitoringArgs } from "../components/monitoring";
import { outputValue } from "../lib/offline";
import { ALERT_TARGET_SYNTAX, parseAlertTarget } from "../lib/sentry";
import { PACKAGE_REGISTRATION } from "../sdks/sentry";
import { REPO } from "./support/program";

const TEAM = "sentry:index/team:Team";
const PROJECT = "sentry:index/project:Project";
const KEY = "sentry:index/key:Key";
const ALERT = "sentry:index/alert:Alert";
const METRIC_MONITOR = "sentry:index/metricMonitor:MetricMonitor";
const GET_TEAM = "sentry:index/getTeam:getTeam";
const GET_ISSUE_STREAM = "sentry:index/getProjectIssueStreamMonitor:getProjectIssueStreamMonitor";

// Teams that already exist in the mocked organization, as the team data source returns them.
const EXISTING_TEAM_IDS: Record<string, string> = { platform: "2001", oncall: "2002" };
const CREATED_TEAM_ID = "1001";
const ISSUE_STREAM_ID = "5001";
const ERROR_MONITOR_ID = "6001";
const DSN = "https://0123456789abcdef@o42.ingest.sentry.io/7001";

const resources: pulumi.runtime.MockResourceArgs[] = [];
const calls: pulumi.runtime.MockCallArgs[] = [];
/** What the engine's monitor received: the package registration and the package ref of each request. */
const registered: { name: string; version: string; downloadUrl: string; parameterization: { name: string; version: string; value: string } }[] = [];
const refs: { kind: string; type: string; ref: string }[] = [];

beforeAll(async () => {
  await pulumi.runtime.setMocks(
    {
      newResource: (a) => {
        resources.push(a);
        const computed: Record<string, Record<string, unknown>> = {
          [TEAM]: { internalId: CREATED_TEAM_ID },
          [PROJECT]: { internalId: "7001" },
          [KEY]: { dsn: { public: DSN }, public: "0123456789abcdef", projectId: "7001" },
          [METRIC_MONITOR]: {},
        };
        const id = a.type === METRIC_MONITOR ? ERROR_MONITOR_ID : `${a.name}-id`;
        return { id, state: { ...a.inputs, ...computed[a.type] } };
      },
      call: (a) => {
        calls.push(a);
        if (a.token === GET_ISSUE_STREAM) return { ...a.inputs, id: ISSUE_STREAM_ID, name: "Issue Stream", enabled: true };
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
  );
  // Wrap the mock monitor to see what the runtime sends it: mocks hand neither the registration nor refs on.
  // The requests are protobuf messages; only their getters are read.
  type Request = Record<string, () => never>;
  const monitor = pulumi.runtime.getMonitor() as unknown as Record<string, (req: Request, cb: unknown) => void>;
  const wrap = (method: string, record: (req: Request) => void) => {
    const original = monitor[method].bind(monitor);
    monitor[method] = (req: Request, cb: unknown) => {
      record(req);
      return original(req, cb);
    };
  };
  wrap("registerPackage", (req) => {
    const p = req.getParameterization() as unknown as Request;
    registered.push({
      name: req.getName(),
      version: req.getVersion(),
      downloadUrl: req.getDownloadUrl(),
      parameterization: { name: p.getName(), version: p.getVersion(), value: Buffer.from(p.getValue_asU8()).toString("utf8") },
    });
  });
  wrap("registerResource", (req) => refs.push({ kind: "resource", type: req.getType(), ref: req.getPackageref() }));
  wrap("invoke", (req) => refs.push({ kind: "invoke", type: req.getTok(), ref: req.getPackageref() }));
});

const valueOf = outputValue;

/** Builds a component and waits until its last registrations reached the mock. */
async function build(name: string, args: MonitoringArgs) {
  const seen: { type: string; name: string; parent: pulumi.Resource | undefined }[] = [];
  const component = new Monitoring(name, args, {
    transformations: [
      (a) => {
        seen.push({ type: a.type, name: a.name, parent: a.opts.parent });
        return undefined;
      },
    ],
  });
  await vi.waitFor(() => {
    const alerts = resources.filter((r) => [`${name}-new-issue-alert`, `${name}-error-spike-alert`].includes(r.name));
    expect(alerts).toHaveLength(2);
  });
  const mine = resources.filter((r) => r.name.startsWith(`${name}-`));
  const inputsOf = (type: string, resourceName?: string) => {
    const found = mine.filter((r) => r.type === type && (resourceName === undefined || r.name === resourceName));
    expect(found).toHaveLength(1);
    return found[0].inputs;
  };
  return { component, seen, mine, inputsOf };
}

const base = { organization: "acme", project: "shop-prod", environment: "production" } as const;
const emailTeam = (id: string) => [{ logicType: "any", actions: [{ email: { targetType: "team", targetId: id } }] }];

describe("the Sentry package", () => {
  it("is jianyuan/sentry 0.15.5 through the terraform-provider bridge, registered as pulumi package add would", async () => {
    expect(PACKAGE_REGISTRATION).toEqual({
      baseProviderName: "terraform-provider",
      baseProviderVersion: "1.1.3",
      baseProviderDownloadUrl: "",
      packageName: "sentry",
      packageVersion: "0.15.5",
      base64Parameter: Buffer.from('{"remote":{"url":"registry.opentofu.org/jianyuan/sentry","version":"0.15.5"}}').toString("base64"),
    });
    await build("m0", base);
    expect(registered).toEqual([
      {
        name: "terraform-provider",
        version: "1.1.3",
        downloadUrl: "",
        parameterization: {
          name: "sentry",
          version: "0.15.5",
          value: '{"remote":{"url":"registry.opentofu.org/jianyuan/sentry","version":"0.15.5"}}',
        },
      },
    ]);
  });

  it("registers every Sentry resource and invoke against the package reference", async () => {
    await build("m1", base);
    const sentry = refs.filter((r) => r.type.startsWith("sentry:"));
    expect(new Set(sentry.map((r) => r.type))).toEqual(new Set([TEAM, PROJECT, KEY, ALERT, METRIC_MONITOR, GET_ISSUE_STREAM]));
    expect(sentry.every((r) => r.ref === "mock-uuid")).toBe(true);
    const components = refs.filter((r) => r.type === "heroku-production:index:Monitoring");
    expect(components.every((r) => r.ref === "")).toBe(true);
  });

  it("matches Pulumi.yaml's packages entry", () => {
    const text = readFileSync(join(REPO, "Pulumi.yaml"), "utf8");
    expect(text).toContain(
      "packages:\n  sentry:\n    source: terraform-provider\n    version: 1.1.3\n    parameters:\n      - jianyuan/sentry\n      - 0.15.5\n",
    );
  });
});

describe("Monitoring resources", () => {
  it("creates a team, a project without Sentry's default alert and key, a key, and two alerts bound to monitors", async () => {
    const { component, seen, inputsOf } = await build("m2", base);
    const children = seen.filter((s) => s.type !== "heroku-production:index:Monitoring");
    expect(children.map((c) => [c.type, c.name])).toEqual([
      [TEAM, "m2-team"],
      [PROJECT, "m2-project"],
      [KEY, "m2-key"],
      [ALERT, "m2-new-issue-alert"],
      [METRIC_MONITOR, "m2-error-monitor"],
      [ALERT, "m2-error-spike-alert"],
    ]);
    for (const child of children) expect(child.parent).toBe(component);

    expect(inputsOf(TEAM)).toEqual({ organization: "acme", name: "shop-prod", slug: "shop-prod" });
    expect(inputsOf(PROJECT)).toEqual({
      organization: "acme",
      name: "shop-prod",
      slug: "shop-prod",
      platform: "python-django",
      teams: ["shop-prod"],
      defaultRules: false,
      defaultKey: false,
    });
    expect(inputsOf(KEY)).toEqual({ organization: "acme", project: "shop-prod", name: "Heroku production" });
    expect(inputsOf(ALERT, "m2-new-issue-alert")).toEqual({
      organization: "acme",
      name: "New issue (production)",
      monitorIds: [ISSUE_STREAM_ID],
      frequencyMinutes: 30,
      triggerConditions: [{ firstSeenEvent: {} }],
      actionFilters: emailTeam(CREATED_TEAM_ID),
    });
    expect(inputsOf(METRIC_MONITOR)).toEqual({
      organization: "acme",
      project: "shop-prod",
      name: "Error spike (production)",
      dataset: "events",
      eventTypes: ["error", "default"],
      query: "",
      queryType: "error",
      aggregate: "count()",
      timeWindowSeconds: 600,
      issueDetection: { type: "static" },
      conditionGroup: {
        conditions: [
          { type: "gt", comparison: 50, conditionResult: 75 },
          { type: "lte", comparison: 50, conditionResult: 0 },
        ],
      },
      owner: { teamId: CREATED_TEAM_ID },
    });
    expect(inputsOf(ALERT, "m2-error-spike-alert")).toEqual({
      organization: "acme",
      name: "Error spike (production)",
      monitorIds: [ERROR_MONITOR_ID],
      frequencyMinutes: 10,
      triggerConditions: [{ firstSeenEvent: {} }, { regressionEvent: {} }],
      actionFilters: emailTeam(CREATED_TEAM_ID),
    });
  });

  it("looks the project's issue-stream monitor up with the data source", async () => {
    await build("m3", { ...base, project: "shop-m3" });
    expect(calls.filter((c) => c.token === GET_ISSUE_STREAM && c.inputs.project === "shop-m3").map((c) => c.inputs)).toEqual([
      { organization: "acme", project: "shop-m3" },
    ]);
  });

  it("hands the key's public DSN on as a secret", async () => {
    const { component } = await build("m4", base);
    expect(await valueOf(component.dsn)).toBe(DSN);
    expect(await (component.dsn as unknown as { isSecret: Promise<boolean> }).isSecret).toBe(true);
  });

  it("uses an existing team, and emails another team or a user as asked", async () => {
    const team = await build("m5", { ...base, team: "platform", alertTarget: { kind: "team", slug: "oncall" } });
    expect(team.mine.some((r) => r.type === TEAM)).toBe(false);
    expect(team.inputsOf(PROJECT).teams).toEqual(["platform", "oncall"]);
    expect(team.inputsOf(ALERT, "m5-new-issue-alert").actionFilters).toEqual(emailTeam(EXISTING_TEAM_IDS.oncall));
    expect(team.inputsOf(METRIC_MONITOR).owner).toEqual({ teamId: EXISTING_TEAM_IDS.platform });

    const user = await build("m6", { ...base, project: "shop-m6", alertTarget: { kind: "user", userId: "42" } });
    const userEmail = [{ logicType: "any", actions: [{ email: { targetType: "user", targetId: "42" } }] }];
    expect(user.inputsOf(ALERT, "m6-new-issue-alert").actionFilters).toEqual(userEmail);
    expect(user.inputsOf(ALERT, "m6-error-spike-alert").actionFilters).toEqual(userEmail);
  });

  it("takes the window in minutes and gives Sentry seconds; scopes to an environment only when asked", async () => {
    const { inputsOf } = await build("m7", {
      ...base,
      project: "shop-m7",
      errorWindowMinutes: 60,
      errorThreshold: 200,
      newIssueFrequencyMinutes: 1440,
      scopeAlertsToEnvironment: true,
    });
    expect(inputsOf(METRIC_MONITOR)).toMatchObject({ timeWindowSeconds: 3600, environment: "production" });
    expect((inputsOf(METRIC_MONITOR).conditionGroup as { conditions: { comparison: number }[] }).conditions.map((c) => c.comparison)).toEqual([200, 200]);
    expect(inputsOf(ALERT, "m7-new-issue-alert")).toMatchObject({ frequencyMinutes: 1440, environment: "production" });
  });
});

describe("no legacy alert route", () => {
  it("registers no issue-alert or metric-alert rule, and nothing in the program names one", async () => {
    await build("m8", { ...base, project: "shop-m8" });
    expect(resources.map((r) => r.type).filter((t) => /IssueAlert|MetricAlert|sentryIssueAlert|sentryMetricAlert/i.test(t))).toEqual([]);
    const sources = ["components", "sdks/sentry", "lib", "policy"].flatMap((dir) =>
      readdirSync(join(REPO, dir), { recursive: true, encoding: "utf8" })
        .filter((f) => f.endsWith(".ts"))
        .map((f) => readFileSync(join(REPO, dir, f), "utf8")),
    );
    for (const text of sources) expect(text).not.toMatch(/SentryIssueAlert|SentryMetricAlert|pulumiverse\/sentry/);
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
        "id, not an address, and the provider's member lookup by address gives a membership id, not the user id the action needs",
    });
    expect(parseAlertTarget("ops@example.com")).toEqual(parseAlertTarget("email:ops@example.com"));
    expect(parseAlertTarget("user:ops")).toEqual({
      ok: false,
      reason: "user:<id>, where the id is the member's numeric Sentry user id",
    });
    expect(parseAlertTarget("Team")).toEqual({ ok: false, reason: ALERT_TARGET_SYNTAX });
  });
});
