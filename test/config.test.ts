import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020";
import { transformSync } from "esbuild";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { CONFIG_KEYS, ConfigError, DEFAULTS, netrcApiKey, OBJECT_KEYS, OFFLINE_SECRET, parseConfig, type RawConfig } from "../lib/config";
import { readStackConfig, splitNamespaces, withOfflineDefaults } from "../lib/stack-file";
import { jsonExact, readYamlFile } from "../lib/yaml-file";
import { REPO } from "./support/program";

const FIXTURES = join(REPO, "test", "fixtures");
const SHOP = join(FIXTURES, "shop");

const VALID = {
  appPath: "shop",
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
  return {
    values,
    secretKeys: new Set(secret),
    herokuApiKeySet: true,
    sentryTokenSet: true,
    env: {},
    projectDir: FIXTURES,
    ...extra,
  };
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
      project: "heroku-production",
      appName: "acme-web",
      region: "eu",
      team: undefined,
      processes: { web: { size: "standard-2x", quantity: 2 } },
      postgresPlan: "premium-0",
      addons: [],
      domains: [],
      errorPage: { url: "https://cdn.example.com/error.html", sensitive: false },
      maintenancePage: { url: "https://cdn.example.com/maintenance.html", sensitive: false },
      logDrain: undefined,
      app: {
        path: "shop",
        dir: SHOP,
        dockerfile: "shop/Dockerfile",
        dockerfilePath: join(SHOP, "Dockerfile"),
        settingsModule: "shop.settings.production",
      },
      configVars: {},
      secretConfigVars: {},
      hstsSeconds: 31536000,
      enforceChecklist: true,
      releaseVersion: "abc123def456",
      releaseTimeoutMinutes: 20,
      maintenanceDuringRelease: false,
      pipeline: undefined,
      promoteFrom: undefined,
      allowDestroy: false,
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
    const c = parseConfig(raw({ team: "", dockerfile: "", logDrainUrl: "", djangoSettingsModule: "" }));
    expect([c.team, c.logDrain, c.app.dockerfile, c.app.settingsModule]).toEqual([undefined, undefined, "shop/Dockerfile", "shop.settings.production"]);
  });

  it("reads integers, lists, processes and a team", () => {
    const c = parseConfig(
      raw({
        team: "acme",
        processes: '{"web":{"size":"performance-m","quantity":3},"worker":{"size":"standard-1x","quantity":"1"}}',
        domains: '["www.example.com","example.com"]',
        postgresPlan: "premium-2",
        hstsSeconds: "63072000",
      }),
    );
    expect(c.team).toBe("acme");
    expect(c.processes).toEqual({ web: { size: "performance-m", quantity: 3 }, worker: { size: "standard-1x", quantity: 1 } });
    expect(c.domains).toEqual(["www.example.com", "example.com"]);
    expect(c.postgresPlan).toBe("premium-2");
    expect(c.hstsSeconds).toBe(63072000);
  });

  it("gives web two dynos and other process types one, on web's size, unless told otherwise", () => {
    // What `pulumi config set --path processes.web.quantity 3` and `--path processes.worker.size …` write.
    expect(parseConfig(raw({ processes: '{"web":{"quantity":3},"worker":{}}' })).processes).toEqual({
      web: { size: "standard-2x", quantity: 3 },
      worker: { size: "standard-2x", quantity: 1 },
    });
    expect(Object.keys(parseConfig(raw({ processes: '{"worker":{},"web":{}}' })).processes)).toEqual(["web", "worker"]);
  });

  it("marks a drain sensitive when set as a secret or when the URL carries credentials", () => {
    expect(parseConfig(raw({ logDrainUrl: "syslog+tls://logs.example.net:6514" })).logDrain).toEqual({
      url: "syslog+tls://logs.example.net:6514",
      sensitive: false,
    });
    expect(parseConfig(raw({ logDrainUrl: "syslog+tls://logs.example.net:6514" }, ["logDrainUrl"])).logDrain)
      .toEqual({ url: "syslog+tls://logs.example.net:6514", sensitive: true });
    expect(parseConfig(raw({ logDrainUrl: "https://user:pw@logs.example.net/drain" }, ["logDrainUrl"])).logDrain?.sensitive).toBe(true);
  });

  it("accepts a secure value the offline check cannot decrypt", () => {
    expect(parseConfig(raw({ logDrainUrl: OFFLINE_SECRET }, ["logDrainUrl"])).logDrain).toEqual({
      url: OFFLINE_SECRET,
      sensitive: true,
    });
  });
});

const PROCESS_FIX = "pulumi config set --path processes.web.size standard-2x && pulumi config set --path processes.web.quantity 2";
const KEYS = Object.keys(CONFIG_KEYS).join(", ");

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
      { processes: '{"web":{"size":"basic"}}' },
      '`heroku-production:processes.web.size` is "basic"; allowed: a professional dyno size: standard-1x, standard-2x, performance-m, performance-l, performance-l-ram, performance-xl, performance-2xl. Fix: ' + PROCESS_FIX,
    ],
    [
      "a worker size that is not professional",
      { processes: '{"web":{},"worker":{"size":"eco"}}' },
      '`heroku-production:processes.worker.size` is "eco"; allowed: a professional dyno size: standard-1x, standard-2x, performance-m, performance-l, performance-l-ram, performance-xl, performance-2xl. Fix: ' + PROCESS_FIX,
    ],
    [
      "a web quantity below 2",
      { processes: '{"web":{"quantity":1}}' },
      "`heroku-production:processes.web.quantity` is 1; allowed: a whole number from 2 to 100, so that one failed dyno does not take the site down. Fix: " + PROCESS_FIX,
    ],
    [
      "a web quantity that is not a number",
      { processes: '{"web":{"quantity":"two"}}' },
      '`heroku-production:processes.web.quantity` is "two"; allowed: a whole number from 0 to 100. Fix: ' + PROCESS_FIX,
    ],
    [
      "processes without web",
      { processes: '{"worker":{}}' },
      '`heroku-production:processes` is {"worker":{}}; allowed: a map of process type (lowercase letters, digits, - and _; "release" is the release phase\'s) to {size, quantity}; web is required; it has no web. Fix: ' + PROCESS_FIX,
    ],
    [
      "a process named after the release phase",
      { processes: '{"web":{},"release":{}}' },
      '`heroku-production:processes.release` is {}; allowed: a map of process type (lowercase letters, digits, - and _; "release" is the release phase\'s) to {size, quantity}; web is required. Fix: ' + PROCESS_FIX,
    ],
    [
      "a process named __proto__",
      { processes: '{"web":{},"__proto__":{}}' },
      '`heroku-production:processes.__proto__` is {}; allowed: a map of process type (lowercase letters, digits, - and _; "release" is the release phase\'s) to {size, quantity}; web is required, and no name an object inherits (__proto__). Fix: ' + PROCESS_FIX,
    ],
    [
      "a process with a misspelt field",
      { processes: '{"web":{"qty":3}}' },
      '`heroku-production:processes.web` is {"qty":3}; allowed: an object with only size and quantity. Fix: ' + PROCESS_FIX,
    ],
    [
      "Postgres among the add-ons",
      { addons: '["heroku-postgresql:premium-0"]' },
      '`heroku-production:addons[0]` is "heroku-postgresql:premium-0"; allowed: no heroku-postgresql: the database is postgresPlan. Fix: pulumi config set --path "addons[0]" heroku-redis:premium-0',
    ],
    [
      "a Redis plan without a standby",
      { addons: '["heroku-redis:mini"]' },
      '`heroku-production:addons[0]` is "heroku-redis:mini"; allowed: a heroku-redis plan with a high-availability standby (premium-*, private-* or shield-*). Fix: pulumi config set --path "addons[0]" heroku-redis:premium-0',
    ],
    [
      "an unknown Redis plan",
      { addons: '["heroku-redis:premium-4"]' },
      '`heroku-production:addons[0]` is "heroku-redis:premium-4"; allowed: a heroku-redis plan: mini, premium-0, premium-1, premium-2, premium-3, premium-5, premium-7, premium-9, premium-10, premium-12, premium-14, private-0, private-1, private-2, private-3, private-5, private-7, private-9, private-10, private-12, private-14, shield-0, shield-1, shield-2, shield-3, shield-5, shield-7, shield-9, shield-10, shield-12, shield-14. Fix: pulumi config set --path "addons[0]" heroku-redis:premium-0',
    ],
    [
      "the same service twice",
      { addons: '["scheduler:standard","scheduler:standard"]' },
      '`heroku-production:addons[1]` is "scheduler:standard"; allowed: each service once. Fix: pulumi config set --path "addons[0]" heroku-redis:premium-0',
    ],
    [
      "a plain config var that looks like a secret by its name",
      { configVars: '{"STRIPE_API_KEY":"sk_live_x"}' },
      '`heroku-production:configVars.STRIPE_API_KEY` is "sk_live_x"; allowed: a value that is not a credential; this one looks like one (by its name), so set it with --secret as secretConfigVars.STRIPE_API_KEY. Fix: pulumi config set --path configVars.<NAME> <value>; a credential goes in secretConfigVars with --secret',
    ],
    [
      "a plain config var holding a URL with a password",
      { configVars: '{"BROKER":"amqp://u:pw@mq.example.net/v"}' },
      '`heroku-production:configVars.BROKER` is "amqp://u:pw@mq.example.net/v"; allowed: a value that is not a credential; this one looks like one (a URL with a password), so set it with --secret as secretConfigVars.BROKER. Fix: pulumi config set --path configVars.<NAME> <value>; a credential goes in secretConfigVars with --secret',
    ],
    [
      "a plain config var holding a token in a query",
      { configVars: '{"WEBHOOK":"https://hooks.example.net/x?token=abc"}' },
      '`heroku-production:configVars.WEBHOOK` is "https://hooks.example.net/x?token=abc"; allowed: a value that is not a credential; this one looks like one (a URL with the query parameter "token"), so set it with --secret as secretConfigVars.WEBHOOK. Fix: pulumi config set --path configVars.<NAME> <value>; a credential goes in secretConfigVars with --secret',
    ],
    [
      "a config var the program sets itself",
      { configVars: '{"DJANGO_DEBUG":"True"}' },
      '`heroku-production:configVars.DJANGO_DEBUG` is "True"; allowed: a name the program does not set itself; DJANGO_DEBUG comes from the program or an add-on. Fix: pulumi config set --path configVars.<NAME> <value>; a credential goes in secretConfigVars with --secret',
    ],
    [
      "a config var named toString",
      { configVars: '{"toString":"x"}' },
      '`heroku-production:configVars.toString` is "x"; allowed: a map of config var names (letters, digits, _) to plain values that are not credentials, and no name an object inherits (toString). Fix: pulumi config set --path configVars.<NAME> <value>; a credential goes in secretConfigVars with --secret',
    ],
    [
      "a bad settings module",
      { djangoSettingsModule: "shop/settings.py" },
      '`heroku-production:djangoSettingsModule` is "shop/settings.py"; allowed: a dotted Python module path such as mysite.settings. Fix: pulumi config set djangoSettingsModule <package>.settings, or pulumi config rm djangoSettingsModule to read manage.py\'s',
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
      "`heroku-production:sentryAlertTarget` is \"email:ops@example.com\"; allowed: team, team:<team-slug> or user:<numeric-sentry-user-id>; Sentry's email alert actions take a team or user id, not an address, and the provider's member lookup by address gives a membership id, not the user id the action needs. Fix: pulumi config set sentryAlertTarget team, or pulumi config set sentryAlertTarget user:<id> (the member's user.id in GET /api/0/organizations/<org>/members/)",
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
      "`heroku-production:webDynos` is not a key this program reads. Allowed: " + KEYS + ". Fix: pulumi config rm webDynos",
    ],
    [
      "a misspelt key",
      { postgresPlna: "premium-0" },
      "`heroku-production:postgresPlna` is not a key this program reads; did you mean `heroku-production:postgresPlan`?. Allowed: " + KEYS + ". Fix: pulumi config rm postgresPlna && pulumi config set postgresPlan <value>",
    ],
    [
      "a key of the first version",
      { webQuantity: "3" },
      "`heroku-production:webQuantity` is not a key this program reads; it was replaced by processes.web.quantity. Allowed: " + KEYS + ". Fix: pulumi config rm webQuantity && pulumi config set --path processes.web.quantity <value>",
    ],
    [
      "a key named __proto__",
      { __proto__x: "1" },
      "`heroku-production:__proto__x` is not a key this program reads. Allowed: " + KEYS + ". Fix: pulumi config rm __proto__x",
    ],
    [
      "a key named toString",
      { toString: "1" },
      "`heroku-production:toString` is not a key this program reads. Allowed: " + KEYS + ". Fix: pulumi config rm toString",
    ],
  ];

  it("a missing Sentry token", () => {
    expect(problems(raw({}, [], { sentryTokenSet: false }))).toEqual([
      "`sentry:token` is not set and SENTRY_AUTH_TOKEN and SENTRY_TOKEN are empty; allowed: a Sentry auth token with project:write, team:write and alerts:write, as a secret. Fix: pulumi config set --secret sentry:token <token>, or export SENTRY_AUTH_TOKEN",
    ]);
    expect(parseConfig(raw({}, [], { sentryTokenSet: false, env: { SENTRY_TOKEN: "t" } })).appName).toBe("acme-web");
    expect(parseConfig(raw({}, [], { sentryTokenSet: false, env: { SENTRY_AUTH_TOKEN: "t" } })).appName).toBe("acme-web");
  });


  it("a missing Heroku API key", () => {
    expect(problems(raw({}, [], { herokuApiKeySet: false }))).toEqual([
      "`heroku:apiKey` is not set, HEROKU_API_KEY is empty and ~/.netrc has no api.heroku.com entry; allowed: a Heroku API key, as a secret. Fix: pulumi config set --secret heroku:apiKey <key from heroku authorizations:create>, export HEROKU_API_KEY, or heroku login",
    ]);
    expect(parseConfig(raw({}, [], { herokuApiKeySet: false, herokuNetrcKeySet: true })).appName).toBe("acme-web");
  });

  it.each(cases)("%s", (_label, changes, message) => {
    expect(problems(raw(changes))).toEqual([message]);
  });

  it("lists every problem at once, in one error", () => {
    const err = (() => {
      try {
        parseConfig(raw({ appName: undefined, processes: '{"web":{"quantity":1}}', postgresPlan: "essential-0" }));
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
        processes: '{"web":{"size":"basic","quantity":1},"worker":{"size":"basic"}}',
        postgresPlan: "essential-0",
        errorPageUrl: "http://cdn.example.com/e.html",
        maintenancePageUrl: "http://cdn.example.com/m.html",
        logDrainUrl: "syslog://logs.example.net:514",
        hstsSeconds: "0",
      }),
    );
    expect(c.enforceChecklist).toBe(false);
    expect(c.processes).toEqual({ web: { size: "basic", quantity: 1 }, worker: { size: "basic", quantity: 1 } });
    expect(c.postgresPlan).toBe("essential-0");
    expect(c.errorPage.url).toBe("http://cdn.example.com/e.html");
    expect(c.logDrain?.url).toBe("syslog://logs.example.net:514");
    expect(c.hstsSeconds).toBe(0);
  });

  it("still refuses malformed values, saying what the relaxed mode allows", () => {
    expect(problems(relaxed({ processes: '{"web":{"size":"huge","quantity":0}}', postgresPlan: "premium-1", errorPageUrl: "ftp://x" })))
      .toEqual([
        '`heroku-production:processes.web.size` is "huge"; allowed: a dyno size: eco, basic, standard-1x, standard-2x, performance-m, performance-l, performance-l-ram, performance-xl, performance-2xl. Fix: ' + PROCESS_FIX,
        "`heroku-production:processes.web.quantity` is 0; allowed: a whole number from 1 to 100. Fix: " + PROCESS_FIX,
        '`heroku-production:postgresPlan` is "premium-1"; allowed: a Heroku Postgres plan: essential-0 to -2, standard-*, premium-*, private-* or shield-* (sizes 0, 2 to 10). Fix: pulumi config set postgresPlan premium-0',
        '`heroku-production:errorPageUrl` is "ftp://x"; allowed: an http:// or https:// URL of a page hosted outside the app. Fix: pulumi config set errorPageUrl https://<your-cdn>/error.html',
      ]);
  });

  it("still refuses what Heroku cannot run: eco or basic scaled out, or mixed with professional sizes", () => {
    expect(problems(relaxed({ processes: '{"web":{"size":"basic","quantity":2}}' }))).toEqual([
      "`heroku-production:processes.web.quantity` is 2; allowed: 0 or 1: basic dynos cannot scale out; use a professional size for more. Fix: " + PROCESS_FIX,
    ]);
    expect(problems(relaxed({ processes: '{"web":{"size":"basic","quantity":1},"worker":{"size":"standard-1x"}}' }))).toEqual([
      '`heroku-production:processes` is {"web":{"size":"basic","quantity":1},"worker":{"size":"standard-1x"}}; allowed: sizes of one tier for every process type (eco, basic, or professional), as Heroku requires; they mix basic, professional. Fix: ' + PROCESS_FIX,
    ]);
  });

  it("takes only true or false", () => {
    expect(problems(raw({ enforceChecklist: "yes" }))).toEqual([
      '`heroku-production:enforceChecklist` is "yes"; allowed: true or false. Fix: pulumi config set enforceChecklist true (false only for a non-production stack)',
    ]);
  });
});

// Reference data comes from an environment variable; a clone without it says so and skips.
const PROJECT_SCHEMA = process.env.PULUMI_PROJECT_SCHEMA;
if (!PROJECT_SCHEMA) {
  console.warn("Skipping the Pulumi.yaml schema test: PULUMI_PROJECT_SCHEMA is not set (see the README's Development section).");
}

describe("Pulumi.yaml", () => {
  const text = readFileSync(join(REPO, "Pulumi.yaml"), "utf8");
  const project = parse(text);

  it.skipIf(!PROJECT_SCHEMA)("is valid against Pulumi's project schema (PULUMI_PROJECT_SCHEMA)", () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    const validate = ajv.compile(JSON.parse(readFileSync(PROJECT_SCHEMA!, "utf8")));
    expect(validate(project), JSON.stringify(validate.errors)).toBe(true);
  });

  it("names the project and its runtime", () => {
    expect(project.name).toBe("heroku-production");
    expect(project.runtime).toEqual({ name: "nodejs", options: { typescript: true, packagemanager: "npm" } });
  });

  it("declares every key the program reads, each with a type and a description; object keys in a comment", () => {
    expect(Object.keys(project.config).sort()).toEqual(Object.keys(CONFIG_KEYS).filter((k) => !(OBJECT_KEYS as string[]).includes(k)).sort());
    for (const decl of Object.values(project.config) as { type: string; description: string }[]) {
      expect(["string", "integer", "boolean", "array"]).toContain(decl.type);
      expect(decl.description).toMatch(/^[A-Z].*\.$/);
    }
    for (const key of OBJECT_KEYS) expect(text).toMatch(new RegExp(`^  #   ${key} `, "m"));
  });

  it("declares the same defaults as the program", () => {
    const defaults = Object.fromEntries(Object.entries(project.config).map(([k, d]) => [k, (d as { default?: unknown }).default]));
    expect(defaults).toEqual({
      appName: undefined,
      region: undefined,
      team: "",
      appPath: DEFAULTS.appPath,
      dockerfile: "",
      djangoSettingsModule: "",
      postgresPlan: DEFAULTS.postgresPlan,
      addons: [],
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
      pipeline: "",
      pipelineStage: "production",
      promoteFrom: "",
      allowDestroy: false,
      maintenanceDuringRelease: false,
      releaseTimeoutMinutes: 20,
      releaseVersion: "",
    });
  });
});

describe("Pulumi.production.yaml", () => {
  it("holds no secure value and passes validation with the checklist's choices", () => {
    const stack = readStackConfig("production", REPO);
    expect(stack.secretKeys).toEqual([]);
    const { values, otherKeys, project: name } = splitNamespaces(stack);
    expect(values.releaseVersion).toBe("");
    const c = parseConfig({
      project: name,
      values: { ...values, appPath: SHOP },
      otherKeys,
      secretKeys: new Set(),
      env: { GITHUB_SHA: "feedfacecafe0000" },
      herokuApiKeySet: true,
      sentryTokenSet: true,
    });
    expect(c.releaseVersion).toBe("feedfacecafe");
    expect(c.processes).toEqual({ web: { size: "standard-2x", quantity: 2 } });
    expect(c.postgresPlan).toBe("premium-0");
    expect(c.domains).toEqual(["www.example.com", "example.com"]);
    expect(c.logDrain).toEqual({ url: "syslog+tls://logs.example.net:6514", sensitive: false });
  });

  it("reads a secure value as present and secret, at any depth, and what a --path key holds in plain text", () => {
    const dir = join(REPO, "test", "fixtures", "secure-stack");
    const stack = readStackConfig("staging", dir);
    expect(stack.project).toBe("heroku-production");
    expect(stack.secretKeys).toEqual(["heroku-production:logDrainUrl", "heroku-production:secretConfigVars"]);
    expect(stack.values["heroku-production:logDrainUrl"]).toBe(OFFLINE_SECRET);
    expect(JSON.parse(stack.values["heroku-production:processes"])).toEqual({ web: { size: "performance-m", quantity: 3 } });
    expect(JSON.parse(stack.values["heroku-production:secretConfigVars"])).toEqual({ STRIPE_API_KEY: OFFLINE_SECRET, LEAKED: "plain" });
    expect(stack.plainLeaves?.["heroku-production:secretConfigVars"]).toEqual(["LEAKED"]);
    expect(stack.bareKeys).toEqual(["webQuantity"]);
    expect(stack.values["heroku-production:domains"]).toBe('["staging.example.com"]');
  });
});

describe("namespaces", () => {
  it("refuses a key in a namespace nothing reads, with a did-you-mean", () => {
    expect(problems(raw({}, [], { otherKeys: ["heroku-prodution:postgresPlan"] }))).toEqual([
      '`heroku-prodution:postgresPlan` is in the namespace "heroku-prodution", which nothing here reads; allowed: heroku-production:, heroku:, sentry:, docker:, random:, pulumi:. Did you mean `heroku-production:postgresPlan`? Fix: pulumi config rm heroku-prodution:postgresPlan && pulumi config set postgresPlan <value>',
    ]);
    expect(problems(raw({}, [], { otherKeys: ["herku:apiKey"] }))).toEqual([
      '`herku:apiKey` is in the namespace "herku", which nothing here reads; allowed: heroku-production:, heroku:, sentry:, docker:, random:, pulumi:. Did you mean `heroku:apiKey`? Fix: pulumi config rm herku:apiKey && pulumi config set heroku:apiKey <value>',
    ]);
  });

  it("reads the project's own name: after a rename, the old namespace is refused", () => {
    expect(parseConfig(raw({}, [], { project: "acme-infra" })).project).toBe("acme-infra");
    expect(problems(raw({}, [], { project: "acme-infra", otherKeys: ["heroku-production:appName"] }))).toEqual([
      '`heroku-production:appName` is in the namespace "heroku-production", which nothing here reads; allowed: acme-infra:, heroku:, sentry:, docker:, random:, pulumi:. Did you mean `acme-infra:appName`? Fix: pulumi config rm heroku-production:appName && pulumi config set appName <value>',
    ]);
  });

  it("refuses a key without a namespace, and accepts the providers'", () => {
    expect(problems(raw({}, [], { otherKeys: ["webQuantity"] }))).toEqual([
      "`webQuantity` has no namespace; allowed: heroku-production:<key> or a provider's key (heroku:, sentry:, docker:, random:, pulumi:). Fix: pulumi config set webQuantity <value> (the CLI writes heroku-production:webQuantity) and remove the bare key",
    ]);
    expect(parseConfig(raw({}, [], { otherKeys: ["heroku:apiKey", "sentry:token", "pulumi:tags"] })).appName).toBe("acme-web");
  });
});

describe("credentials and secrets", () => {
  it("refuses a credential in a plain URL and accepts it set with --secret", () => {
    expect(problems(raw({ logDrainUrl: "https://user:hunter2@logs.example.net/drain" }))).toEqual([
      "`heroku-production:logDrainUrl` is in plain text and carries a credential (a URL with a user or password); allowed: a credential only with --secret. Fix: pulumi config set --secret logDrainUrl <url>, then rotate the credential",
    ]);
    expect(problems(raw({ errorPageUrl: "https://cdn.example.com/e.html?X-Amz-Signature=abc" }))[0]).toMatch(/errorPageUrl` is in plain text and carries a credential \(a URL with the query parameter "X-Amz-Signature"\)/);
    expect(problems(raw({ logDrainUrl: "https://user:hunter2@logs.example.net/drain" })).join("\n")).not.toContain("hunter2");
    expect(parseConfig(raw({ logDrainUrl: "https://user:hunter2@logs.example.net/drain" }, ["logDrainUrl"])).logDrain).toEqual({
      url: "https://user:hunter2@logs.example.net/drain",
      sensitive: true,
    });
  });

  it("keeps a page URL set with --secret sensitive", () => {
    expect(parseConfig(raw({ errorPageUrl: "https://cdn.example.com/e.html" }, ["errorPageUrl"])).errorPage).toEqual({
      url: "https://cdn.example.com/e.html",
      sensitive: true,
    });
  });

  it("takes secret config vars only when set with --secret, and never in plain text", () => {
    expect(parseConfig(raw({ secretConfigVars: '{"STRIPE_API_KEY":"sk"}' }, ["secretConfigVars"])).secretConfigVars).toEqual({ STRIPE_API_KEY: "sk" });
    expect(problems(raw({ secretConfigVars: '{"STRIPE_API_KEY":"sk"}' }))).toEqual([
      "`heroku-production:secretConfigVars` holds STRIPE_API_KEY in plain text; allowed: a map of config var names (letters, digits, _) to values, each set with --secret. Fix: pulumi config set --secret --path secretConfigVars.<NAME> <value> for each, then rotate the values",
    ]);
    expect(problems(raw({ secretConfigVars: '{"A":"x","B":"y"}' }, ["secretConfigVars"], { plainLeaves: { secretConfigVars: ["B"] } }))[0]).toMatch(/holds B in plain text/);
  });
});

describe("the app's source", () => {
  it("reads the settings module from manage.py, and takes one from config", () => {
    expect(parseConfig(raw()).app.settingsModule).toBe("shop.settings.production");
    expect(parseConfig(raw({ djangoSettingsModule: "shop.settings.naive" })).app.settingsModule).toBe("shop.settings.naive");
  });

  it("refuses a missing directory, a missing Dockerfile and a missing stage before anything is registered", () => {
    expect(problems(raw({ appPath: "nowhere" }))).toEqual([
      `\`heroku-production:appPath\` is "nowhere", and ${join(FIXTURES, "nowhere")} is not a directory; allowed: the Django project's directory (the one with manage.py), relative to Pulumi.yaml; it may be outside this repository, such as ... Fix: pulumi config set appPath <directory with manage.py>`,
    ]);
    expect(problems(raw({ dockerfile: "shop/Containerfile" }))).toEqual([
      '`heroku-production:dockerfile` is "shop/Containerfile", and shop/Containerfile cannot be read; allowed: the Dockerfile\'s path relative to Pulumi.yaml, with a stage per process type and a release stage. Fix: pulumi config set dockerfile <appPath>/Dockerfile, or pulumi config rm dockerfile for <appPath>/Dockerfile',
    ]);
    expect(problems(raw({ processes: '{"web":{},"clock":{}}' }))).toEqual([
      '`heroku-production:processes.clock`: shop/Dockerfile has no stage "clock" (it has base, release, worker, web); allowed: a Dockerfile with a stage per process type and a release stage for the release phase. Fix: add `FROM <base> AS clock` to shop/Dockerfile, or pulumi config rm --path processes.clock',
    ]);
    expect(parseConfig(raw({ processes: '{"web":{},"worker":{}}' })).processes.worker).toEqual({ size: "standard-2x", quantity: 1 });
  });

  it("accepts an app directory outside the project, as in a Django repo's infra/ folder", () => {
    const c = parseConfig(raw({ appPath: ".." }, [], { projectDir: join(SHOP, "shop") }));
    expect(c.app.dir).toBe(SHOP);
    expect(c.app.dockerfile).toBe("../Dockerfile");
  });
});

describe("withOfflineDefaults", () => {
  it("assumes the deploy credentials are present and tags with the given commit", () => {
    const c = withOfflineDefaults({ stack: "s", project: "heroku-production", values: { "heroku-production:appName": "a" }, secretKeys: [] }, "c0ffee");
    expect(c).toEqual({
      stack: "s",
      project: "heroku-production",
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
    expect(withOfflineDefaults({ stack: "s", project: "heroku-production", values, secretKeys: ["heroku:apiKey"] }, "c0ffee").values).toEqual(values);
  });
});

describe("netrcApiKey", () => {
  it("reads the api.heroku.com password from $NETRC, else $HOME/.netrc, as the providers do", () => {
    const home = mkdtempSync(join(tmpdir(), "netrc-"));
    writeFileSync(join(home, ".netrc"), "machine git.heroku.com\n  login a@b.c\n  password git-key\nmachine api.heroku.com\n  login a@b.c\n  password api-key\n");
    expect(netrcApiKey({ HOME: home })).toBe("api-key");
    expect(netrcApiKey({ NETRC: join(home, ".netrc"), HOME: "/nonexistent" })).toBe("api-key");
    expect(netrcApiKey({ NETRC: join(home, "missing") })).toBeUndefined();
    writeFileSync(join(home, "other"), "machine git.heroku.com password git-key\n");
    expect(netrcApiKey({ NETRC: join(home, "other") })).toBeUndefined();
  });
});

describe("readYamlFile", () => {
  it("parses each text once, gives every caller its own copy, and parses an edited file again", () => {
    const file = join(mkdtempSync(join(tmpdir(), "yaml-")), "Pulumi.yaml");
    writeFileSync(file, "name: shop\nconfig:\n  appPath: app\n");
    const first = readYamlFile(file) as { name: string; config: Record<string, string> };
    first.config.appPath = "changed by a caller";
    expect(readYamlFile(file)).toEqual({ name: "shop", config: { appPath: "app" } });
    writeFileSync(file, "name: shop\nconfig:\n  appPath: web\n");
    expect(readYamlFile(file)).toEqual({ name: "shop", config: { appPath: "web" } });
  });

  it("keeps a parse as JSON only when JSON gives the value back exactly", () => {
    for (const ok of [null, "a", 0, 1.5, -2, true, [], {}, { a: [1, { b: "c" }], d: null }]) expect(jsonExact(ok)).toBe(true);
    const bad = [-0, NaN, Infinity, Buffer.from("x"), new Date(0), new Map(), Object.create(null), [1, undefined], { a: undefined }, JSON.parse('{"__proto__": 1}')];
    for (const b of bad) expect(jsonExact(b)).toBe(false);
  });

  describe("kept across runs (HEROKU_PRODUCTION_YAML_CACHE)", () => {
    // Each run is a process of its own, as each check is: the module, built as the launcher builds it.
    const dir = mkdtempSync(join(tmpdir(), "yaml-kept-"));
    const built = join(dir, "yaml-file.js");
    for (const name of ["yaml-file", "kept-file"]) {
      writeFileSync(join(dir, `${name}.js`), transformSync(readFileSync(join(REPO, "lib", `${name}.ts`), "utf8"), { loader: "ts", format: "cjs" }).code);
    }
    const run = (file: string, cache?: string) => {
      const r = spawnSync(
        process.execPath,
        [
          "-e",
          `let value, error;
           try { value = require(${JSON.stringify(built)}).readYamlFile(${JSON.stringify(file)}); } catch (e) { error = e.message.split("\\n")[0]; }
           const yamlLoaded = Object.keys(require.cache).some((k) => k.includes("/node_modules/yaml/"));
           console.log(JSON.stringify({ value, error, yamlLoaded }, (k, v) => (v === Infinity ? "Infinity" : v)));`,
        ],
        { encoding: "utf8", env: { ...process.env, NODE_PATH: join(REPO, "node_modules"), HEROKU_PRODUCTION_YAML_CACHE: cache } },
      );
      return { ...(JSON.parse(r.stdout) as { value: unknown; error?: string; yamlLoaded: boolean }), stderr: r.stderr };
    };
    const yamlFile = (text: string) => {
      const file = join(mkdtempSync(join(dir, "project-")), "Pulumi.yaml");
      writeFileSync(file, text);
      return file;
    };

    it("parses a text once, then reads it back without loading the yaml library", () => {
      const cache = join(mkdtempSync(join(dir, "cache-")), "yaml");
      const file = yamlFile("name: shop\nconfig:\n  appPath:\n    default: app\n  ratio: 1.5\n");
      const value = { name: "shop", config: { appPath: { default: "app" }, ratio: 1.5 } };
      expect(run(file, cache)).toEqual({ value, yamlLoaded: true, stderr: "" });
      const kept = readdirSync(cache);
      expect(kept).toHaveLength(1);
      expect(JSON.parse(readFileSync(join(cache, kept[0]), "utf8"))).toEqual(value);
      expect(run(file, cache)).toEqual({ value, yamlLoaded: false, stderr: "" });
      // Another text is another entry.
      writeFileSync(file, "name: shop\n");
      expect(run(file, cache)).toEqual({ value: { name: "shop" }, yamlLoaded: true, stderr: "" });
      expect(readdirSync(cache)).toHaveLength(2);
    });

    it("keeps nothing for a text with an error, a warning or a value JSON cannot hold: each run says the same", () => {
      const cache = join(mkdtempSync(join(dir, "cache-")), "yaml");
      const twoDocs = yamlFile("a: 1\n---\nb: 2\n");
      const collectionKey = yamlFile("? [a]\n: 1\n");
      const infinite = yamlFile("k: .inf\n");
      for (let i = 0; i < 2; i++) {
        expect(run(twoDocs, cache)).toMatchObject({ error: "Source contains multiple documents; please use YAML.parseAllDocuments() at line 2, column 1:", yamlLoaded: true });
        const warned = run(collectionKey, cache);
        expect(warned).toMatchObject({ value: { "[ a ]": 1 }, yamlLoaded: true });
        expect(warned.stderr).toContain("Keys with collection values will be stringified");
        expect(run(infinite, cache)).toEqual({ value: { k: "Infinity" }, yamlLoaded: true, stderr: "" });
      }
      expect(existsSync(cache)).toBe(false);
    });

    it("keeps nothing without the variable (under the engine, in tests)", () => {
      const file = yamlFile("name: shop\n");
      expect(run(file)).toEqual({ value: { name: "shop" }, yamlLoaded: true, stderr: "" });
      expect(run(file)).toEqual({ value: { name: "shop" }, yamlLoaded: true, stderr: "" });
    });
  });
});
