import { beforeAll, describe, expect, it } from "vitest";
import type { JudgedResource } from "../../lib/policy-resources";
import { changed, get, judge, messages, productionResources } from "./support";

let rs: JudgedResource[];
let secret: string;
beforeAll(async () => {
  rs = await productionResources();
  secret = (get(rs, "site-django").props.sensitiveVars as Record<string, string>).DJANGO_SECRET_KEY;
});

/** The production resources with one Django var set (a string) or removed (undefined). */
const withVar = (name: string, value: string | undefined) =>
  changed(rs, "site-django", (r) => {
    if (value === undefined) delete r.props.vars[name];
    else r.props.vars[name] = value;
  });

describe("django-debug-off", () => {
  const name = "django-debug-off";

  it('passes DJANGO_DEBUG "False"', async () => {
    expect(await judge(name, rs)).toEqual([{ status: "passed", resource: "site-django", value: "DJANGO_DEBUG=False" }]);
  });

  it("passes DJANGO_DEBUG unset, which the app reads as False", async () => {
    expect(await judge(name, withVar("DJANGO_DEBUG", undefined))).toEqual([
      { status: "passed", resource: "site-app", value: "DJANGO_DEBUG unset (the app defaults DEBUG to False)" },
    ]);
  });

  it("reads the value as the app does: trimmed, in any case", async () => {
    expect(await judge(name, withVar("DJANGO_DEBUG", " false "))).toEqual([
      { status: "passed", resource: "site-django", value: "DJANGO_DEBUG= false " },
    ]);
  });

  it.each(["True", "true", "1", "no"])("fails DJANGO_DEBUG %j", async (value) => {
    expect(await judge(name, withVar("DJANGO_DEBUG", value))).toEqual([
      {
        status: "failed",
        resource: "site-django",
        value: `DJANGO_DEBUG=${value}`,
        message: `DJANGO_DEBUG must be "False" or unset; it is ${JSON.stringify(value)}.`,
      },
    ]);
  });

  it("never prints a value set among the sensitive vars", async () => {
    const hidden = changed(withVar("DJANGO_DEBUG", undefined), "site-django", (r) => (r.props.sensitiveVars.DJANGO_DEBUG = "True"));
    expect(await judge(name, hidden)).toEqual([
      {
        status: "failed",
        resource: "site-django",
        value: "DJANGO_DEBUG=[sensitive value]",
        message: 'DJANGO_DEBUG must be "False" or unset; it is [sensitive value].',
      },
    ]);
  });

  it("lets a config association's value win over the app's own", async () => {
    const both = changed(rs, "site-app", (r) => (r.props.configVars.DJANGO_DEBUG = "True"));
    expect(await judge(name, both)).toEqual([{ status: "passed", resource: "site-django", value: "DJANGO_DEBUG=False" }]);
    const onlyApp = changed(withVar("DJANGO_DEBUG", undefined), "site-app", (r) => (r.props.configVars.DJANGO_DEBUG = "True"));
    expect(messages(await judge(name, onlyApp))).toEqual(['DJANGO_DEBUG must be "False" or unset; it is "True".']);
  });
});

describe("django-secret-key", () => {
  const name = "django-secret-key";
  const W009 = "DJANGO_SECRET_KEY must have at least 50 characters, 5 of them distinct (Django's security.W009)";

  const withKey = (key: string) => changed(rs, "site-django", (r) => (r.props.sensitiveVars.DJANGO_SECRET_KEY = key));

  it("passes the generated 64-character key, printing only its shape", async () => {
    const findings = await judge(name, rs);
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    expect(findings).toEqual([{ status: "passed", resource: "site-django", value: "64 characters, 16 distinct" }]);
  });

  it("fails an app without a key, or with an empty one", async () => {
    const missing = changed(rs, "site-django", (r) => (r.props.sensitiveVars = {}));
    expect(await judge(name, missing)).toEqual([
      { status: "failed", resource: "site-app", value: "unset", message: "DJANGO_SECRET_KEY must be set, as a sensitive config var." },
    ]);
    expect(await judge(name, withKey(""))).toEqual([
      { status: "failed", resource: "site-django", value: "unset", message: "DJANGO_SECRET_KEY must be set, as a sensitive config var." },
    ]);
  });

  it("fails a key among the plain vars, without printing it", async () => {
    const plain = changed(rs, "site-django", (r) => {
      r.props.vars.DJANGO_SECRET_KEY = r.props.sensitiveVars.DJANGO_SECRET_KEY;
      r.props.sensitiveVars = {};
    });
    const findings = await judge(name, plain);
    expect(findings).toEqual([
      {
        status: "failed",
        resource: "site-django",
        value: "64 characters, 16 distinct, among plain vars",
        message: "DJANGO_SECRET_KEY must be a sensitive config var, not a plain one.",
      },
    ]);
    expect(JSON.stringify(findings)).not.toContain(secret);
  });

  it("fails a plain copy on the app even when the sensitive one is fine", async () => {
    const leaked = changed(rs, "site-app", (r) => (r.props.configVars.DJANGO_SECRET_KEY = secret));
    expect(await judge(name, leaked)).toEqual([
      {
        status: "failed",
        resource: "site-app",
        value: "64 characters, 16 distinct, among plain vars",
        message: "DJANGO_SECRET_KEY must be a sensitive config var, not a plain one.",
      },
    ]);
  });

  it("fails a key shorter than 50 characters", async () => {
    const short = "0123456789abcdef".repeat(3) + "0";
    const findings = await judge(name, withKey(short));
    expect(findings).toEqual([
      {
        status: "failed",
        resource: "site-django",
        value: "49 characters, 16 distinct",
        message: `${W009}; it has 49 characters, 16 distinct.`,
      },
    ]);
    expect(JSON.stringify(findings)).not.toContain(short);
  });

  it("passes exactly 50 characters and 5 distinct ones", async () => {
    expect(await judge(name, withKey("abcde".repeat(10)))).toEqual([
      { status: "passed", resource: "site-django", value: "50 characters, 5 distinct" },
    ]);
  });

  it("fails a key with fewer than 5 distinct characters", async () => {
    expect(messages(await judge(name, withKey("abcd".repeat(20))))).toEqual([`${W009}; it has 80 characters, 4 distinct.`]);
  });

  it("fails Django's development key prefix", async () => {
    expect(messages(await judge(name, withKey(`django-insecure-${secret}`)))).toEqual([
      `DJANGO_SECRET_KEY must not start with "django-insecure-" (Django's security.W009).`,
    ]);
  });
});

describe("django-allowed-hosts", () => {
  const name = "django-allowed-hosts";

  it("passes the custom domains and the herokuapp.com host", async () => {
    const [finding] = await judge(name, rs);
    expect(finding).toEqual({
      status: "passed",
      resource: "site-django",
      value: expect.stringMatching(
        /^DJANGO_ALLOWED_HOSTS=www\.example\.com,example\.com,acme-web-production-[0-9a-f]{12}\.herokuapp\.com$/,
      ),
    });
  });

  it.each(["*", "www.example.com,*", " * ,example.com"])("fails the wildcard in %j", async (hosts) => {
    expect(await judge(name, withVar("DJANGO_ALLOWED_HOSTS", hosts))).toEqual([
      {
        status: "failed",
        resource: "site-django",
        value: `DJANGO_ALLOWED_HOSTS=${hosts}`,
        message: 'DJANGO_ALLOWED_HOSTS must not contain "*"; it must list the hostnames the app serves.',
      },
    ]);
  });

  it("fails unset or empty hosts", async () => {
    expect(await judge(name, withVar("DJANGO_ALLOWED_HOSTS", undefined))).toEqual([
      {
        status: "failed",
        resource: "site-app",
        value: "DJANGO_ALLOWED_HOSTS unset",
        message: "DJANGO_ALLOWED_HOSTS must list the hostnames the app serves; it is unset.",
      },
    ]);
    expect(messages(await judge(name, withVar("DJANGO_ALLOWED_HOSTS", " , ")))).toEqual([
      'DJANGO_ALLOWED_HOSTS must list the hostnames the app serves; it is " , ".',
    ]);
  });
});

describe("django-ssl-redirect", () => {
  const name = "django-ssl-redirect";

  it('passes "True"', async () => {
    expect(await judge(name, rs)).toEqual([
      { status: "passed", resource: "site-django", value: "DJANGO_SECURE_SSL_REDIRECT=True" },
    ]);
  });

  it.each(["False", "yes"])("fails %j", async (value) => {
    expect(await judge(name, withVar("DJANGO_SECURE_SSL_REDIRECT", value))).toEqual([
      {
        status: "failed",
        resource: "site-django",
        value: `DJANGO_SECURE_SSL_REDIRECT=${value}`,
        message: `DJANGO_SECURE_SSL_REDIRECT must be "True"; it is ${JSON.stringify(value)}.`,
      },
    ]);
  });

  it("passes unset while DEBUG is off, since the app then turns it on", async () => {
    expect(await judge(name, withVar("DJANGO_SECURE_SSL_REDIRECT", undefined))).toEqual([
      { status: "passed", resource: "site-app", value: "DJANGO_SECURE_SSL_REDIRECT unset (on, since DEBUG is off)" },
    ]);
  });

  it("fails unset while DEBUG is on", async () => {
    const debug = changed(withVar("DJANGO_SECURE_SSL_REDIRECT", undefined), "site-django", (r) => (r.props.vars.DJANGO_DEBUG = "True"));
    expect(await judge(name, debug)).toEqual([
      {
        status: "failed",
        resource: "site-app",
        value: "DJANGO_SECURE_SSL_REDIRECT unset",
        message:
          'DJANGO_SECURE_SSL_REDIRECT must be "True"; it is unset, and the app turns it on by default only while DEBUG is off.',
      },
    ]);
  });
});

describe("django-hsts", () => {
  const name = "django-hsts";
  const all = [
    { status: "passed", resource: "site-django", value: "DJANGO_SECURE_HSTS_SECONDS=31536000" },
    { status: "passed", resource: "site-django", value: "DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS=True" },
    { status: "passed", resource: "site-django", value: "DJANGO_SECURE_HSTS_PRELOAD=True" },
  ];

  it("passes one year, subdomains and preload", async () => {
    expect(await judge(name, rs)).toEqual(all);
  });

  it("fails a max-age under minHstsSeconds", async () => {
    expect(await judge(name, withVar("DJANGO_SECURE_HSTS_SECONDS", "3600"))).toEqual([
      {
        status: "failed",
        resource: "site-django",
        value: "DJANGO_SECURE_HSTS_SECONDS=3600",
        message: 'DJANGO_SECURE_HSTS_SECONDS must be at least 31536000; it is "3600".',
      },
      all[1],
      all[2],
    ]);
  });

  it("reads minHstsSeconds from the config", async () => {
    const hour = withVar("DJANGO_SECURE_HSTS_SECONDS", "3600");
    expect((await judge(name, hour, { minHstsSeconds: 3600 }))[0]).toEqual({
      status: "passed",
      resource: "site-django",
      value: "DJANGO_SECURE_HSTS_SECONDS=3600",
    });
    expect(messages(await judge(name, rs, { minHstsSeconds: 63072000 }))).toEqual([
      'DJANGO_SECURE_HSTS_SECONDS must be at least 63072000; it is "31536000".',
    ]);
  });

  it("fails an unset or malformed max-age", async () => {
    expect((await judge(name, withVar("DJANGO_SECURE_HSTS_SECONDS", undefined)))[0]).toEqual({
      status: "failed",
      resource: "site-app",
      value: "DJANGO_SECURE_HSTS_SECONDS unset",
      message: "DJANGO_SECURE_HSTS_SECONDS must be at least 31536000; it is unset, which turns HSTS off.",
    });
    expect(messages(await judge(name, withVar("DJANGO_SECURE_HSTS_SECONDS", "1 year")))).toEqual([
      'DJANGO_SECURE_HSTS_SECONDS must be at least 31536000; it is "1 year".',
    ]);
  });

  it("fails includeSubDomains off and preload unset", async () => {
    const weak = changed(rs, "site-django", (r) => {
      r.props.vars.DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS = "False";
      delete r.props.vars.DJANGO_SECURE_HSTS_PRELOAD;
    });
    expect(await judge(name, weak)).toEqual([
      all[0],
      {
        status: "failed",
        resource: "site-django",
        value: "DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS=False",
        message: 'DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS must be "True"; it is "False".',
      },
      {
        status: "failed",
        resource: "site-app",
        value: "DJANGO_SECURE_HSTS_PRELOAD unset",
        message: 'DJANGO_SECURE_HSTS_PRELOAD must be "True"; it is unset.',
      },
    ]);
  });
});

describe("django-secure-cookies", () => {
  const name = "django-secure-cookies";

  it("passes secure session and CSRF cookies", async () => {
    expect(await judge(name, rs)).toEqual([
      { status: "passed", resource: "site-django", value: "DJANGO_SESSION_COOKIE_SECURE=True" },
      { status: "passed", resource: "site-django", value: "DJANGO_CSRF_COOKIE_SECURE=True" },
    ]);
  });

  it("fails each cookie that is not secure", async () => {
    expect(messages(await judge(name, withVar("DJANGO_SESSION_COOKIE_SECURE", "False")))).toEqual([
      'DJANGO_SESSION_COOKIE_SECURE must be "True"; it is "False".',
    ]);
    expect(messages(await judge(name, withVar("DJANGO_CSRF_COOKIE_SECURE", "False")))).toEqual([
      'DJANGO_CSRF_COOKIE_SECURE must be "True"; it is "False".',
    ]);
  });

  it("passes both unset while DEBUG is off, and fails both while it is on", async () => {
    const unset = changed(rs, "site-django", (r) => {
      delete r.props.vars.DJANGO_SESSION_COOKIE_SECURE;
      delete r.props.vars.DJANGO_CSRF_COOKIE_SECURE;
    });
    expect(await judge(name, unset)).toEqual([
      { status: "passed", resource: "site-app", value: "DJANGO_SESSION_COOKIE_SECURE unset (on, since DEBUG is off)" },
      { status: "passed", resource: "site-app", value: "DJANGO_CSRF_COOKIE_SECURE unset (on, since DEBUG is off)" },
    ]);
    const debug = changed(unset, "site-django", (r) => (r.props.vars.DJANGO_DEBUG = "True"));
    expect(messages(await judge(name, debug))).toEqual([
      'DJANGO_SESSION_COOKIE_SECURE must be "True"; it is unset, and the app turns it on by default only while DEBUG is off.',
      'DJANGO_CSRF_COOKIE_SECURE must be "True"; it is unset, and the app turns it on by default only while DEBUG is off.',
    ]);
  });
});

describe("the Django policies on a stack without an app", () => {
  it.each(["django-debug-off", "django-secret-key", "django-allowed-hosts", "django-ssl-redirect", "django-hsts", "django-secure-cookies"])(
    "%s skips",
    async (name) => {
      expect(await judge(name, rs.filter((r) => r.name !== "site-app"))).toEqual([
        {
          status: "skipped",
          resource: "stack",
          value: "no Heroku app",
          reason: "The stack declares no Heroku app (heroku:app/app:App).",
        },
      ]);
    },
  );
});
