import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { CONFIG_KEYS, ConfigError, DEFAULTS, OFFLINE_SECRET, parseConfig, type RawConfig } from "../lib/config";
import { readStackConfig, withOfflineDefaults } from "../lib/stack-file";
import { REPO } from "./support/program";

const VALID = {
  appName: "acme-web",
  region: "eu",
  errorPageUrl: "https://cdn.example.com/error.html",
  maintenancePageUrl: "https://cdn.example.com/maintenance.html",
};

function raw(
  changes: Record<string, string | undefined> = {},
  secret: string[] = [],
  extra: Partial<RawConfig> = {},
): RawConfig {
  const values: Record<string, string | undefined> = {
    releaseVersion: "abc123def456",
    sentryOrganization: "acme",
    ...VALID,
    ...changes,
  };
  for (const [k, v] of Object.entries(changes)) if (v === undefined) delete values[k];
  return { values, secretKeys: new Set(secret), herokuApiKeySet: true, sentryTokenSet: true, env: {}, ...extra };
}

function problems(r: RawConfig): readonly string[] {
  try {
    parseConfig(r);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error("expected a ConfigError");
}

describe("parseConfig defaults", () => {
  it("fills every default for a minimal config", () => {
    expect(parseConfig(raw())).toEqual({
      appName: "acme-web",
      region: "eu",
      team: undefined,
      web: { size: "standard-2x", quantity: 2 },
      worker: undefined,
      postgresPlan: "premium-0",
      domains: [],
      errorPageUrl: "https://cdn.example.com/error.html",
      maintenancePageUrl: "https://cdn.example.com/maintenance.html",
      logDrain: undefined,
      hstsSeconds: 31536000,
      enforceChecklist: true,
      releaseVersion: "abc123def456",
      sentry: {
        organization: "acme",
        team: undefined,
        project: "acme-web",
        alertTarget: { kind: "team" },
        errorThreshold: 50,
        errorWindowMinutes: 10,
        newIssueFrequencyMinutes: 30,
      },
    });
  });

  it("reads the Sentry settings", () => {
    const c = parseConfig(
      raw({
        sentryTeam: "platform",
        sentryProject: "shop",
        sentryAlertTarget: "user:42",
        sentryErrorThreshold: "200",
        sentryErrorWindowMinutes: "60",
        sentryNewIssueFrequencyMinutes: "1440",
      }),
    );
    expect(c.sentry).toEqual({
      organization: "acme",
      team: "platform",
      project: "shop",
      alertTarget: { kind: "user", userId: "42" },
      errorThreshold: 200,
      errorWindowMinutes: 60,
      newIssueFrequencyMinutes: 1440,
    });
    expect(parseConfig(raw({ sentryAlertTarget: "team:oncall" })).sentry.alertTarget).toEqual({
      kind: "team",
      slug: "oncall",
    });
  });

  it("takes the release version from CI's commit SHA when config leaves it empty", () => {
    const sha = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c";
    expect(parseConfig(raw({ releaseVersion: "" }, [], { env: { GITHUB_SHA: sha } })).releaseVersion).toBe(
      "0f1e2d3c4b5a",
    );
    expect(parseConfig(raw({ releaseVersion: undefined }, [], { env: { CIRCLE_SHA1: sha } })).releaseVersion).toBe(
      "0f1e2d3c4b5a",
    );
    expect(parseConfig(raw({ releaseVersion: "v1.2.3" }, [], { env: { GITHUB_SHA: sha } })).releaseVersion).toBe(
      "v1.2.3",
    );
  });

  it("accepts a Heroku API key from the environment instead of stack config", () => {
    expect(parseConfig(raw({}, [], { herokuApiKeySet: false, env: { HEROKU_API_KEY: "k" } })).appName).toBe("acme-web");
  });

  it("treats the empty defaults Pulumi.yaml gives optional keys as unset", () => {
    const c = parseConfig(raw({ team: "", workerSize: "", logDrainUrl: "", workerQuantity: "2" }));
    expect([c.team, c.worker, c.logDrain]).toEqual([undefined, undefined, undefined]);
  });

  it("reads integers, lists, a worker and a team", () => {
    const c = parseConfig(
      raw({
        team: "acme",
        webSize: "performance-m",
        webQuantity: "3",
        workerSize: "standard-1x",
        workerQuantity: "1",
        domains: '["www.example.com","example.com"]',
        postgresPlan: "premium-2",
        hstsSeconds: "63072000",
      }),
    );
    expect(c.team).toBe("acme");
    expect(c.web).toEqual({ size: "performance-m", quantity: 3 });
    expect(c.worker).toEqual({ size: "standard-1x", quantity: 1 });
    expect(c.domains).toEqual(["www.example.com", "example.com"]);
    expect(c.postgresPlan).toBe("premium-2");
    expect(c.hstsSeconds).toBe(63072000);
  });

  it("gives a worker two dynos unless told otherwise", () => {
    expect(parseConfig(raw({ workerSize: "standard-2x" })).worker).toEqual({ size: "standard-2x", quantity: 2 });
  });

  it("marks a drain sensitive when set as a secret or when the URL carries credentials", () => {
    expect(parseConfig(raw({ logDrainUrl: "syslog+tls://logs.example.net:6514" })).logDrain).toEqual({
      url: "syslog+tls://logs.example.net:6514",
      sensitive: false,
    });
    expect(parseConfig(raw({ logDrainUrl: "syslog+tls://logs.example.net:6514" }, ["logDrainUrl"])).logDrain)
      .toEqual({ url: "syslog+tls://logs.example.net:6514", sensitive: true });
    expect(parseConfig(raw({ logDrainUrl: "https://user:pw@logs.example.net/drain" })).logDrain?.sensitive).toBe(true);
    expect(parseConfig(raw({ logDrainUrl: "https://logs.example.net/drain?token=abc" })).logDrain?.sensitive).toBe(
      true,
    );
  });

  it("accepts a secure value the offline check cannot decrypt", () => {
    expect(parseConfig(raw({ logDrainUrl: OFFLINE_SECRET }, ["logDrainUrl"])).logDrain).toEqual({
      url: OFFLINE_SECRET,
      sensitive: true,
    });
  });
});

describe("parseConfig errors: one message per problem, naming key, value, what is allowed and the fix", () => {
  const cases: [string, Record<string, string | undefined>, string][] = [
    [
      "a missing app name",
      { appName: undefined },
      "`heroku-production:appName` is not set; allowed: 3 to 30 characters of lowercase letters, digits and dashes, starting with a letter. Fix: pulumi config set appName <your-app-name>",
    ],
    [
      "a malformed app name",
      { appName: "Acme_Web" },
      '`heroku-production:appName` is "Acme_Web"; allowed: 3 to 30 characters of lowercase letters, digits and dashes, starting with a letter. Fix: pulumi config set appName <your-app-name>',
    ],
    [
      "a missing region",
      { region: undefined },
      "`heroku-production:region` is not set; allowed: one of us, eu. Fix: pulumi config set region us",
    ],
    [
      "an unknown region",
      { region: "frankfurt" },
      '`heroku-production:region` is "frankfurt"; allowed: one of us, eu. Fix: pulumi config set region us',
    ],
    [
      "a web size that is not professional",
      { webSize: "basic" },
      '`heroku-production:webSize` is "basic"; allowed: a professional dyno size: standard-1x, standard-2x, performance-m, performance-l, performance-l-ram, performance-xl, performance-2xl. Fix: pulumi config set webSize standard-2x',
    ],
    [
      "a worker size that is not professional",
      { workerSize: "eco" },
      '`heroku-production:workerSize` is "eco"; allowed: a professional dyno size: standard-1x, standard-2x, performance-m, performance-l, performance-l-ram, performance-xl, performance-2xl. Fix: pulumi config set workerSize standard-1x, or pulumi config rm workerSize for no worker',
    ],
    [
      "a web quantity below 2",
      { webQuantity: "1" },
      "`heroku-production:webQuantity` is 1; allowed: a whole number from 2 to 100, so that one failed dyno does not take the site down. Fix: pulumi config set webQuantity 2",
    ],
    [
      "a web quantity that is not a number",
      { webQuantity: "two" },
      '`heroku-production:webQuantity` is "two"; allowed: a whole number from 2 to 100, so that one failed dyno does not take the site down. Fix: pulumi config set webQuantity 2',
    ],
    [
      "an unknown Postgres plan",
      { postgresPlan: "premium-1" },
      '`heroku-production:postgresPlan` is "premium-1"; allowed: a Heroku Postgres plan with a high-availability standby: premium-0, premium-2 to premium-10, private-* or shield-*. Fix: pulumi config set postgresPlan premium-0',
    ],
    [
      "a Postgres plan without HA",
      { postgresPlan: "standard-0" },
      '`heroku-production:postgresPlan` is "standard-0"; allowed: a Heroku Postgres plan with a high-availability standby: premium-0, premium-2 to premium-10, private-* or shield-*; the essential and standard tiers have no standby. Fix: pulumi config set postgresPlan premium-0',
    ],
    [
      "an http error page",
      { errorPageUrl: "http://cdn.example.com/error.html" },
      '`heroku-production:errorPageUrl` is "http://cdn.example.com/error.html"; allowed: an https:// URL of a page hosted outside the app (a CDN or object store). Fix: pulumi config set errorPageUrl https://<your-cdn>/error.html',
    ],
    [
      "an http maintenance page",
      { maintenancePageUrl: "//cdn.example.com/m.html" },
      '`heroku-production:maintenancePageUrl` is "//cdn.example.com/m.html"; allowed: an https:// URL of a page hosted outside the app (a CDN or object store). Fix: pulumi config set maintenancePageUrl https://<your-cdn>/maintenance.html',
    ],
    [
      "a malformed hostname",
      { domains: '["www.example.com","www..example.com"]' },
      '`heroku-production:domains[1]` is "www..example.com"; allowed: a list of distinct lowercase hostnames such as www.example.com, without wildcards or herokuapp.com hosts. Fix: pulumi config set --path "domains[0]" www.example.com',
    ],
    [
      "a wildcard hostname",
      { domains: '["*.example.com"]' },
      '`heroku-production:domains[0]` is "*.example.com"; allowed: a list of distinct lowercase hostnames such as www.example.com, without wildcards or herokuapp.com hosts. Fix: pulumi config set --path "domains[0]" www.example.com',
    ],
    [
      "a herokuapp.com hostname",
      { domains: '["acme.herokuapp.com"]' },
      '`heroku-production:domains[0]` is "acme.herokuapp.com"; allowed: a list of distinct lowercase hostnames such as www.example.com, without wildcards or herokuapp.com hosts. Fix: pulumi config set --path "domains[0]" www.example.com',
    ],
    [
      "a repeated hostname",
      { domains: '["example.com","example.com"]' },
      '`heroku-production:domains[1]` is "example.com"; allowed: each hostname once. Fix: pulumi config set --path "domains[0]" www.example.com',
    ],
    [
      "a plain syslog drain",
      { logDrainUrl: "syslog://logs.example.net:514" },
      '`heroku-production:logDrainUrl` is "syslog://logs.example.net:514"; allowed: a syslog+tls://host:port or https:// URL. Fix: pulumi config set --secret logDrainUrl syslog+tls://<host>:<port>',
    ],
    [
      "a short HSTS max-age",
      { hstsSeconds: "3600" },
      "`heroku-production:hstsSeconds` is 3600; allowed: a whole number of at least 31536000 (one year, as HSTS preload requires). Fix: pulumi config set hstsSeconds 31536000",
    ],
    [
      "a malformed team",
      { team: "Acme Team" },
      '`heroku-production:team` is "Acme Team"; allowed: a Heroku Team name: lowercase letters, digits and dashes. Fix: pulumi config set team <your-team>, or pulumi config rm team for a personal app',
    ],
    [
      "a missing release version outside CI",
      { releaseVersion: "" },
      '`heroku-production:releaseVersion` is not set; allowed: an immutable Docker tag (letters, digits, _ . -, at most 128, not "latest"); when unset, CI\'s commit SHA from GITHUB_SHA, CI_COMMIT_SHA, CIRCLE_SHA1, BUILDKITE_COMMIT, SOURCE_VERSION. Fix: pulumi config set releaseVersion $(git rev-parse --short=12 HEAD), or run in CI',
    ],
    [
      "a mutable latest tag",
      { releaseVersion: "latest" },
      '`heroku-production:releaseVersion` is "latest"; allowed: an immutable Docker tag (letters, digits, _ . -, at most 128, not "latest"); when unset, CI\'s commit SHA from GITHUB_SHA, CI_COMMIT_SHA, CIRCLE_SHA1, BUILDKITE_COMMIT, SOURCE_VERSION. Fix: pulumi config set releaseVersion $(git rev-parse --short=12 HEAD), or run in CI',
    ],
    [
      "a missing Sentry organization",
      { sentryOrganization: undefined },
      '`heroku-production:sentryOrganization` is not set; allowed: the slug of an existing Sentry organization, a slug of 1 to 50 lowercase letters, digits, "-" or "_", not only digits. Fix: pulumi config set sentryOrganization <your-org-slug>',
    ],
    [
      "a malformed Sentry organization slug",
      { sentryOrganization: "Acme Corp" },
      '`heroku-production:sentryOrganization` is "Acme Corp"; allowed: the slug of an existing Sentry organization, a slug of 1 to 50 lowercase letters, digits, "-" or "_", not only digits. Fix: pulumi config set sentryOrganization <your-org-slug>',
    ],
    [
      "an all-digit Sentry project slug",
      { sentryProject: "12345" },
      '`heroku-production:sentryProject` is "12345"; allowed: a Sentry project slug, a slug of 1 to 50 lowercase letters, digits, "-" or "_", not only digits. Fix: pulumi config set sentryProject <project-slug>, or pulumi config rm sentryProject to use the app name',
    ],
    [
      "a malformed Sentry team slug",
      { sentryTeam: "Platform" },
      '`heroku-production:sentryTeam` is "Platform"; allowed: the slug of an existing Sentry team, a slug of 1 to 50 lowercase letters, digits, "-" or "_", not only digits. Fix: pulumi config set sentryTeam <existing-team-slug>, or pulumi config rm sentryTeam to create a team',
    ],
    [
      "an email alert target",
      { sentryAlertTarget: "email:ops@example.com" },
      "`heroku-production:sentryAlertTarget` is \"email:ops@example.com\"; allowed: team, team:<team-slug> or user:<numeric-sentry-user-id>; Sentry's email alert actions take a team or user id, not an address, and @pulumiverse/sentry 0.0.9 cannot look a user up by address. Fix: pulumi config set sentryAlertTarget team, or pulumi config set sentryAlertTarget user:<id> (the member's user.id in GET /api/0/organizations/<org>/members/)",
    ],
    [
      "an unknown alert target",
      { sentryAlertTarget: "slack:#ops" },
      "`heroku-production:sentryAlertTarget` is \"slack:#ops\"; allowed: team, team:<team-slug> or user:<numeric-sentry-user-id>. Fix: pulumi config set sentryAlertTarget team, or pulumi config set sentryAlertTarget user:<id> (the member's user.id in GET /api/0/organizations/<org>/members/)",
    ],
    [
      "a user alert target without a numeric id",
      { sentryAlertTarget: "user:alice" },
      "`heroku-production:sentryAlertTarget` is \"user:alice\"; allowed: user:<id>, where the id is the member's numeric Sentry user id. Fix: pulumi config set sentryAlertTarget team, or pulumi config set sentryAlertTarget user:<id> (the member's user.id in GET /api/0/organizations/<org>/members/)",
    ],
    [
      "an alert window Sentry does not offer",
      { sentryErrorWindowMinutes: "7" },
      "`heroku-production:sentryErrorWindowMinutes` is 7; allowed: one of 1, 5, 10, 15, 30, 60, 120, 240, 1440 (minutes). Fix: pulumi config set sentryErrorWindowMinutes 10",
    ],
    [
      "a zero error threshold",
      { sentryErrorThreshold: "0" },
      "`heroku-production:sentryErrorThreshold` is 0; allowed: a whole number of errors per window, at least 1. Fix: pulumi config set sentryErrorThreshold 50",
    ],
    [
      "a new-issue frequency out of range",
      { sentryNewIssueFrequencyMinutes: "4" },
      "`heroku-production:sentryNewIssueFrequencyMinutes` is 4; allowed: a whole number of minutes from 5 to 43200. Fix: pulumi config set sentryNewIssueFrequencyMinutes 30",
    ],
    [
      "an unknown key",
      { webDynos: "3" },
      "`heroku-production:webDynos` is not a key this program reads; allowed: appName, region, team, webSize, webQuantity, workerSize, workerQuantity, postgresPlan, domains, errorPageUrl, maintenancePageUrl, logDrainUrl, hstsSeconds, sentryOrganization, sentryTeam, sentryProject, sentryAlertTarget, sentryErrorThreshold, sentryErrorWindowMinutes, sentryNewIssueFrequencyMinutes, enforceChecklist, releaseVersion. Fix: pulumi config rm webDynos",
    ],
  ];

  it("a missing Sentry token", () => {
    expect(problems(raw({}, [], { sentryTokenSet: false }))).toEqual([
      "`sentry:token` is not set and SENTRY_TOKEN is empty; allowed: a Sentry auth token with project:write, team:write and alerts:write, as a secret. Fix: pulumi config set --secret sentry:token <token>, or export SENTRY_TOKEN",
    ]);
    expect(parseConfig(raw({}, [], { sentryTokenSet: false, env: { SENTRY_TOKEN: "t" } })).appName).toBe("acme-web");
  });

  it("a missing Heroku API key", () => {
    expect(problems(raw({}, [], { herokuApiKeySet: false }))).toEqual([
      "`heroku:apiKey` is not set and HEROKU_API_KEY is empty; allowed: a Heroku API key, as a secret. Fix: pulumi config set --secret heroku:apiKey <key from heroku authorizations:create>, or export HEROKU_API_KEY",
    ]);
  });

  it.each(cases)("%s", (_label, changes, message) => {
    expect(problems(raw(changes))).toEqual([message]);
  });

  it("lists every problem at once, in one error", () => {
    const err = (() => {
      try {
        parseConfig(raw({ appName: undefined, webQuantity: "1", postgresPlan: "essential-0" }));
      } catch (e) {
        return e as ConfigError;
      }
      throw new Error("expected a ConfigError");
    })();
    expect(err.problems).toHaveLength(3);
    expect(err.message.split("\n")[0]).toBe("The stack configuration has 3 problems:");
    expect(err.message.split("\n").slice(1)).toEqual(err.problems.map((p) => `  - ${p}`));
  });

  it("never prints a secret value", () => {
    const found = problems(raw({ logDrainUrl: "syslog://user:hunter2-very-secret@x:1" }, ["logDrainUrl"]));
    expect(found).toEqual([
      "`heroku-production:logDrainUrl` is [secret]; allowed: a syslog+tls://host:port or https:// URL. Fix: pulumi config set --secret logDrainUrl syslog+tls://<host>:<port>",
    ]);
    expect(found.join("\n")).not.toContain("hunter2");
  });
});

describe("enforceChecklist false (a non-production stack)", () => {
  const relaxed = (changes: Record<string, string | undefined>) => raw({ enforceChecklist: "false", ...changes });

  it("accepts what the checklist refuses, so the policy pack can judge it", () => {
    const c = parseConfig(
      relaxed({
        webSize: "basic",
        webQuantity: "1",
        workerSize: "eco",
        postgresPlan: "essential-0",
        errorPageUrl: "http://cdn.example.com/e.html",
        maintenancePageUrl: "http://cdn.example.com/m.html",
        logDrainUrl: "syslog://logs.example.net:514",
        hstsSeconds: "0",
      }),
    );
    expect(c.enforceChecklist).toBe(false);
    expect(c.web).toEqual({ size: "basic", quantity: 1 });
    expect(c.worker).toEqual({ size: "eco", quantity: 2 });
    expect(c.postgresPlan).toBe("essential-0");
    expect(c.errorPageUrl).toBe("http://cdn.example.com/e.html");
    expect(c.logDrain?.url).toBe("syslog://logs.example.net:514");
    expect(c.hstsSeconds).toBe(0);
  });

  it("still refuses malformed values, saying what the relaxed mode allows", () => {
    expect(problems(relaxed({ webSize: "huge", webQuantity: "0", postgresPlan: "premium-1", errorPageUrl: "ftp://x" })))
      .toEqual([
        '`heroku-production:webSize` is "huge"; allowed: a dyno size: eco, basic, standard-1x, standard-2x, performance-m, performance-l, performance-l-ram, performance-xl, performance-2xl. Fix: pulumi config set webSize standard-2x',
        "`heroku-production:webQuantity` is 0; allowed: a whole number from 1 to 100. Fix: pulumi config set webQuantity 2",
        '`heroku-production:postgresPlan` is "premium-1"; allowed: a Heroku Postgres plan: essential-0 to -2, standard-*, premium-*, private-* or shield-* (sizes 0, 2 to 10). Fix: pulumi config set postgresPlan premium-0',
        '`heroku-production:errorPageUrl` is "ftp://x"; allowed: an http:// or https:// URL of a page hosted outside the app. Fix: pulumi config set errorPageUrl https://<your-cdn>/error.html',
      ]);
  });

  it("takes only true or false", () => {
    expect(problems(raw({ enforceChecklist: "yes" }))).toEqual([
      '`heroku-production:enforceChecklist` is "yes"; allowed: true or false. Fix: pulumi config set enforceChecklist true (false only for a non-production stack)',
    ]);
  });
});

describe("Pulumi.yaml", () => {
  const project = parse(readFileSync(join(REPO, "Pulumi.yaml"), "utf8"));

  it("is valid against Pulumi's project schema", () => {
    const schemaPath = join(REPO, "..", "shared", "reference", "pulumi-project-schema.json");
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, "utf8")));
    expect(validate(project), JSON.stringify(validate.errors)).toBe(true);
    expect(project.name).toBe("heroku-production");
    expect(project.runtime).toEqual({ name: "nodejs", options: { typescript: true, packagemanager: "npm" } });
  });

  it("declares exactly the keys the program reads, each with a type and a description", () => {
    expect(Object.keys(project.config).sort()).toEqual(Object.keys(CONFIG_KEYS).sort());
    for (const decl of Object.values(project.config) as { type: string; description: string }[]) {
      expect(["string", "integer", "boolean", "array"]).toContain(decl.type);
      expect(decl.description).toMatch(/^[A-Z].*\.$/);
    }
  });

  it("declares the same defaults as the program", () => {
    const defaults = Object.fromEntries(Object.entries(project.config).map(([k, d]) => [k, (d as { default?: unknown }).default]));
    expect(defaults).toEqual({
      appName: undefined,
      region: undefined,
      team: "",
      webSize: DEFAULTS.webSize,
      webQuantity: DEFAULTS.webQuantity,
      workerSize: "",
      workerQuantity: DEFAULTS.workerQuantity,
      postgresPlan: DEFAULTS.postgresPlan,
      domains: [],
      errorPageUrl: undefined,
      maintenancePageUrl: undefined,
      logDrainUrl: "",
      hstsSeconds: DEFAULTS.hstsSeconds,
      sentryOrganization: undefined,
      sentryTeam: "",
      sentryProject: "",
      sentryAlertTarget: "team",
      sentryErrorThreshold: 50,
      sentryErrorWindowMinutes: 10,
      sentryNewIssueFrequencyMinutes: 30,
      enforceChecklist: true,
      releaseVersion: "",
    });
  });
});

describe("Pulumi.production.yaml", () => {
  it("holds no secure value and passes validation with the checklist's choices", () => {
    const stack = readStackConfig("production", REPO);
    expect(stack.secretKeys).toEqual([]);
    const values = Object.fromEntries(
      Object.entries(stack.values).map(([k, v]) => [k.replace("heroku-production:", ""), v]),
    );
    expect(values.releaseVersion).toBe("");
    const c = parseConfig({
      values,
      secretKeys: new Set(),
      env: { GITHUB_SHA: "feedfacecafe0000" },
      herokuApiKeySet: true,
      sentryTokenSet: true,
    });
    expect(c.releaseVersion).toBe("feedfacecafe");
    expect(c.web.quantity).toBeGreaterThanOrEqual(2);
    expect(c.postgresPlan).toBe("premium-0");
    expect(c.domains).toEqual(["www.example.com", "example.com"]);
    expect(c.logDrain).toEqual({ url: "syslog+tls://logs.example.net:6514", sensitive: false });
  });

  it("reads a secure value as present and secret", () => {
    const dir = join(REPO, "test", "fixtures", "secure-stack");
    const stack = readStackConfig("staging", dir);
    expect(stack.secretKeys).toEqual(["heroku-production:logDrainUrl"]);
    expect(stack.values["heroku-production:logDrainUrl"]).toBe(OFFLINE_SECRET);
    expect(stack.values["heroku-production:webQuantity"]).toBe("3");
    expect(stack.values["heroku-production:webSize"]).toBe("performance-m");
    expect(stack.values["heroku-production:domains"]).toBe('["staging.example.com"]');
  });
});

describe("withOfflineDefaults", () => {
  it("assumes the deploy credentials are present and tags with the given commit", () => {
    const c = withOfflineDefaults({ stack: "s", values: { "heroku-production:appName": "a" }, secretKeys: [] }, "c0ffee");
    expect(c).toEqual({
      stack: "s",
      values: {
        "heroku-production:appName": "a",
        "heroku:apiKey": OFFLINE_SECRET,
        "sentry:token": OFFLINE_SECRET,
        "heroku-production:releaseVersion": "c0ffee",
      },
      secretKeys: ["heroku:apiKey", "sentry:token"],
    });
  });

  it("keeps a configured release version and key", () => {
    const values = { "heroku-production:releaseVersion": "v2", "heroku:apiKey": "x", "sentry:token": "y" };
    expect(withOfflineDefaults({ stack: "s", values, secretKeys: ["heroku:apiKey"] }, "c0ffee").values).toEqual(values);
  });
});
