import { beforeAll, describe, expect, it } from "vitest";
import type { JudgedResource } from "../../lib/policy-resources";
import { changed, get, judge, messages, productionResources, resource, without } from "./support";

let rs: JudgedResource[];
beforeAll(async () => {
  rs = await productionResources();
});

describe("heroku-no-plain-secret-config-vars", () => {
  const name = "heroku-no-plain-secret-config-vars";
  const clean = [
    { status: "passed", resource: "site-app", value: "2 plain vars, none secret-looking" },
    { status: "passed", resource: "site-django", value: "10 plain vars, none secret-looking" },
    { status: "passed", resource: "site-release-config", value: "1 plain var, none secret-looking" },
  ];
  const addPlain = (holder: string, key: string, value: string) =>
    changed(rs, holder, (r) => {
      r.props[r.type === "heroku:app/app:App" ? "configVars" : "vars"][key] = value;
    });

  it("passes the production config vars", async () => {
    expect(await judge(name, rs)).toEqual(clean);
  });

  it.each([
    "API_KEY",
    "STRIPE_SECRET_KEY",
    "AWS_SECRET_ACCESS_KEY",
    "GITHUB_TOKEN",
    "DB_PASSWORD",
    "SMTP_PASSWD",
    "SENTRY_DSN",
    "DATABASE_URL",
    "HEROKU_POSTGRESQL_RED_DATABASE_URL",
    "secret",
  ])("fails %s among the app's plain vars, printing only its name", async (key) => {
    const findings = await judge(name, addPlain("site-app", key, "s3cr3t-value"));
    expect(findings).toEqual([
      {
        status: "failed",
        resource: "site-app",
        value: key,
        message: `${key} looks like a secret (by its name) and must be a sensitive config var, not a plain one.`,
      },
      clean[1],
      clean[2],
    ]);
    expect(JSON.stringify(findings)).not.toContain("s3cr3t-value");
  });

  it("fails a URL with a password among a config association's vars", async () => {
    const findings = await judge(name, addPlain("site-release-config", "BACKUP_TARGET", "postgres://u:hunter2@db.example.net/x"));
    expect(findings).toEqual([
      clean[0],
      clean[1],
      {
        status: "failed",
        resource: "site-release-config",
        value: "BACKUP_TARGET",
        message: "BACKUP_TARGET looks like a secret (a URL with a password) and must be a sensitive config var, not a plain one.",
      },
    ]);
    expect(JSON.stringify(findings)).not.toContain("hunter2");
  });

  it("fails a private key", async () => {
    const pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----";
    expect(messages(await judge(name, addPlain("site-django", "TLS_PEM", pem)))).toEqual([
      "TLS_PEM looks like a secret (a private key) and must be a sensitive config var, not a plain one.",
    ]);
  });

  it("fails the Django secret key moved to the plain vars", async () => {
    const key = (get(rs, "site-django").props.sensitiveVars as Record<string, string>).DJANGO_SECRET_KEY;
    const findings = await judge(name, addPlain("site-django", "DJANGO_SECRET_KEY", key));
    expect(messages(findings)).toEqual([
      "DJANGO_SECRET_KEY looks like a secret (by its name) and must be a sensitive config var, not a plain one.",
    ]);
    expect(JSON.stringify(findings)).not.toContain(key);
  });

  it.each([
    ["MONKEY", "banana"],
    ["KEYBOARD_LAYOUT", "dvorak"],
    ["PUBLIC_URL", "https://user@cdn.example.com/a"],
    ["DOCS_URL", "https://example.com/a:b@c"],
  ])("passes %s=%s", async (key, value) => {
    const findings = await judge(name, addPlain("site-app", key, value));
    expect(findings[0]).toEqual({ status: "passed", resource: "site-app", value: "3 plain vars, none secret-looking" });
  });

  it("judges nothing where no app or config association is declared", async () => {
    const none = rs.filter((r) => !["site-app", "site-django", "site-release-config"].includes(r.name));
    expect(await judge(name, none)).toEqual([
      {
        status: "skipped",
        resource: "stack",
        value: "no config vars",
        reason: "The stack declares no Heroku app or config association.",
      },
    ]);
  });
});

describe("heroku-postgres-protected", () => {
  const name = "heroku-postgres-protected";

  it("passes the protected database", async () => {
    expect(await judge(name, rs)).toEqual([{ status: "passed", resource: "site-db", value: "protect: true" }]);
  });

  it("fails an unprotected database", async () => {
    expect(await judge(name, changed(rs, "site-db", (r) => (r.opts.protect = false)))).toEqual([
      {
        status: "failed",
        resource: "site-db",
        value: "protect: false",
        message: "The Heroku Postgres add-on must be protected (protect: true).",
      },
    ]);
  });

  it("leaves other add-ons alone", async () => {
    const papertrail = resource("heroku:addon/addon:Addon", "site-papertrail", { appId: "app-id", plan: "papertrail:choklad" });
    expect(await judge(name, [...rs, papertrail])).toEqual([
      { status: "passed", resource: "site-db", value: "protect: true" },
    ]);
    expect(await judge(name, [...without(rs, "site-db"), papertrail])).toEqual([
      {
        status: "skipped",
        resource: "stack",
        value: "no Heroku Postgres add-on",
        reason: "The stack declares no Heroku Postgres add-on.",
      },
    ]);
  });
});

describe("heroku-images-by-digest", () => {
  const name = "heroku-images-by-digest";
  let images: Record<string, string>;
  beforeAll(() => {
    images = get(rs, "site-release").props.images as Record<string, string>;
  });

  it("passes the release's web and release images, both pinned", async () => {
    expect(images.web).toMatch(/^registry\.heroku\.com\/acme-web-production\/web@sha256:[0-9a-f]{64}$/);
    expect(images.release).toMatch(/^registry\.heroku\.com\/acme-web-production\/release@sha256:[0-9a-f]{64}$/);
    expect(await judge(name, rs)).toEqual([
      { status: "passed", resource: "site-release", value: `release: ${images.release}` },
      { status: "passed", resource: "site-release", value: `web: ${images.web}` },
    ]);
  });

  it.each([
    "registry.heroku.com/acme-web-production/web:0123456789ab",
    "registry.heroku.com/acme-web-production/web:latest",
    "registry.heroku.com/acme-web-production/web@sha256:abc123",
  ])("fails the web image %s", async (ref) => {
    const findings = await judge(name, changed(rs, "site-release", (r) => (r.props.images.web = ref)));
    expect(findings).toEqual([
      { status: "passed", resource: "site-release", value: `release: ${images.release}` },
      {
        status: "failed",
        resource: "site-release",
        value: `web: ${ref}`,
        message: `The web image must be released by digest (…@sha256:<64 hex digits>), not "${ref}".`,
      },
    ]);
  });

  it("fails a release without images", async () => {
    expect(await judge(name, changed(rs, "site-release", (r) => (r.props.images = {})))).toEqual([
      {
        status: "failed",
        resource: "site-release",
        value: "no images",
        message: "The container release must list its images, each by digest.",
      },
    ]);
  });

  it("skips a stack without a container release", async () => {
    expect(await judge(name, without(rs, "site-release"))).toEqual([
      {
        status: "skipped",
        resource: "stack",
        value: "no container release",
        reason: "The stack releases no container images (no ContainerRelease).",
      },
    ]);
  });
});

describe("heroku-preboot", () => {
  const name = "heroku-preboot";

  it("passes the enabled preboot feature", async () => {
    expect(await judge(name, rs)).toEqual([{ status: "passed", resource: "site-app-preboot", value: "enabled" }]);
  });

  it("passes preboot with enabled unset, which the provider turns on", async () => {
    expect(await judge(name, changed(rs, "site-app-preboot", (r) => delete r.props.enabled))).toEqual([
      { status: "passed", resource: "site-app-preboot", value: "enabled (the provider's default)" },
    ]);
  });

  it("fails preboot disabled", async () => {
    expect(await judge(name, changed(rs, "site-app-preboot", (r) => (r.props.enabled = false)))).toEqual([
      {
        status: "failed",
        resource: "site-app-preboot",
        value: "disabled",
        message: 'The "preboot" feature must be enabled (enabled: true).',
      },
    ]);
  });

  it("fails an app without preboot, other features notwithstanding", async () => {
    expect(await judge(name, without(rs, "site-app-preboot"))).toEqual([
      {
        status: "failed",
        resource: "site-app",
        value: "no preboot feature",
        message: 'The app must enable the "preboot" feature.',
      },
    ]);
  });
});
