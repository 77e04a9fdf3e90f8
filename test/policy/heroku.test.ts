import { beforeAll, describe, expect, it } from "vitest";
import type { JudgedResource } from "../../lib/policy-resources";
import { changed, get, judge, messages, productionResources, resource, without } from "./support";

const NO_APP = "The stack declares no Heroku app (heroku:app/app:App).";
const PROFESSIONAL =
  "standard-1x, standard-2x, performance-m, performance-l, performance-l-ram, performance-xl or performance-2xl";

let rs: JudgedResource[];
beforeAll(async () => {
  rs = await productionResources();
});

describe("heroku-app-supported-stack", () => {
  const name = "heroku-app-supported-stack";

  it("passes the production app on the container stack", async () => {
    expect(await judge(name, rs)).toEqual([{ status: "passed", resource: "site-app", value: "container" }]);
  });

  it.each(["heroku-24", "heroku-22"])("passes %s", async (stack) => {
    const findings = await judge(name, changed(rs, "site-app", (r) => (r.props.stack = stack)));
    expect(findings).toEqual([{ status: "passed", resource: "site-app", value: stack }]);
  });

  it("passes an unset stack as Heroku's default, heroku-24", async () => {
    const findings = await judge(name, changed(rs, "site-app", (r) => delete r.props.stack));
    expect(findings).toEqual([{ status: "passed", resource: "site-app", value: "heroku-24 (Heroku's default)" }]);
  });

  it.each(["heroku-20", "heroku-18", "cedar-14"])("fails %s", async (stack) => {
    const findings = await judge(name, changed(rs, "site-app", (r) => (r.props.stack = stack)));
    expect(findings).toEqual([
      {
        status: "failed",
        resource: "site-app",
        value: stack,
        message: `The app's stack must be one of heroku-24, heroku-22 or container; it is "${stack}".`,
      },
    ]);
  });

  it("skips a stack without an app", async () => {
    expect(await judge(name, without(rs, "site-app"))).toEqual([
      { status: "skipped", resource: "stack", value: "no Heroku app", reason: NO_APP },
    ]);
  });
});

describe("heroku-professional-dynos", () => {
  const name = "heroku-professional-dynos";

  it("passes the production web formation", async () => {
    expect(await judge(name, rs)).toEqual([{ status: "passed", resource: "site-dynos-web", value: "web: standard-2x" }]);
  });

  it("accepts the capitalised size Heroku reports", async () => {
    const findings = await judge(name, changed(rs, "site-dynos-web", (r) => (r.props.size = "Performance-L")));
    expect(findings).toEqual([{ status: "passed", resource: "site-dynos-web", value: "web: Performance-L" }]);
  });

  it.each(["basic", "eco", "free"])("fails the %s size", async (size) => {
    const findings = await judge(name, changed(rs, "site-dynos-web", (r) => (r.props.size = size)));
    expect(findings).toEqual([
      {
        status: "failed",
        resource: "site-dynos-web",
        value: `web: ${size}`,
        message: `The web formation must use a professional dyno size (${PROFESSIONAL}); it uses "${size}".`,
      },
    ]);
  });

  it("fails a formation without a size", async () => {
    const findings = await judge(name, changed(rs, "site-dynos-web", (r) => delete r.props.size));
    expect(messages(findings)).toEqual([
      `The web formation must use a professional dyno size (${PROFESSIONAL}); it sets no size.`,
    ]);
  });

  it("judges every formation, a basic worker included", async () => {
    const worker = resource("heroku:formation/formation:Formation", "site-dynos-worker", {
      appId: "app-id",
      type: "worker",
      size: "basic",
      quantity: 1,
    });
    expect(await judge(name, [...rs, worker])).toEqual([
      { status: "passed", resource: "site-dynos-web", value: "web: standard-2x" },
      {
        status: "failed",
        resource: "site-dynos-worker",
        value: "worker: basic",
        message: `The worker formation must use a professional dyno size (${PROFESSIONAL}); it uses "basic".`,
      },
    ]);
  });

  it("skips a stack without formations", async () => {
    expect(await judge(name, without(rs, "site-dynos-web"))).toEqual([
      { status: "skipped", resource: "stack", value: "no dyno formation", reason: "The stack declares no dyno formation." },
    ]);
  });
});

describe("heroku-web-dyno-redundancy", () => {
  const name = "heroku-web-dyno-redundancy";

  it("passes two web dynos", async () => {
    expect(await judge(name, rs)).toEqual([{ status: "passed", resource: "site-dynos-web", value: "2 web dynos" }]);
  });

  it("fails a single web dyno", async () => {
    const findings = await judge(name, changed(rs, "site-dynos-web", (r) => (r.props.quantity = 1)));
    expect(findings).toEqual([
      {
        status: "failed",
        resource: "site-dynos-web",
        value: "1 web dynos",
        message: "The web formation must run at least 2 dynos; it runs 1.",
      },
    ]);
  });

  it("reads minWebQuantity from the config", async () => {
    expect(messages(await judge(name, rs, { minWebQuantity: 3 }))).toEqual([
      "The web formation must run at least 3 dynos; it runs 2.",
    ]);
    const single = changed(rs, "site-dynos-web", (r) => (r.props.quantity = 1));
    expect(await judge(name, single, { minWebQuantity: 1 })).toEqual([
      { status: "passed", resource: "site-dynos-web", value: "1 web dynos" },
    ]);
  });

  it("fails an app without a web formation", async () => {
    const expected = [
      {
        status: "failed",
        resource: "site-app",
        value: "no web formation",
        message: "The app must have a web formation running at least 2 dynos.",
      },
    ];
    expect(await judge(name, without(rs, "site-dynos-web"))).toEqual(expected);
    expect(await judge(name, changed(rs, "site-dynos-web", (r) => (r.props.type = "worker")))).toEqual(expected);
  });

  it("skips a stack without an app", async () => {
    expect(await judge(name, without(rs, "site-app"))).toEqual([
      { status: "skipped", resource: "stack", value: "no Heroku app", reason: NO_APP },
    ]);
  });
});

describe("heroku-postgres-production-tier", () => {
  const name = "heroku-postgres-production-tier";
  const TIERS = "standard, premium, private or shield";

  it("passes premium-0", async () => {
    expect(await judge(name, rs)).toEqual([
      { status: "passed", resource: "site-db", value: "heroku-postgresql:premium-0 (premium tier)" },
    ]);
  });

  it("passes standard-0, a production tier without a standby", async () => {
    const findings = await judge(name, changed(rs, "site-db", (r) => (r.props.plan = "heroku-postgresql:standard-0")));
    expect(findings).toEqual([
      { status: "passed", resource: "site-db", value: "heroku-postgresql:standard-0 (standard tier)" },
    ]);
  });

  it.each([
    ["heroku-postgresql:essential-0", `"essential-0" is essential tier.`],
    ["heroku-postgresql:hobby-dev", `"hobby-dev" is not a Heroku Postgres plan.`],
    ["heroku-postgresql", "it names no plan."],
  ])("fails %s", async (plan, why) => {
    const findings = await judge(name, changed(rs, "site-db", (r) => (r.props.plan = plan)));
    expect(findings).toEqual([
      {
        status: "failed",
        resource: "site-db",
        value: plan,
        message: `The Heroku Postgres add-on must be on a production tier (${TIERS}); ${why}`,
      },
    ]);
  });

  it("fails an app without Heroku Postgres, another add-on notwithstanding", async () => {
    const expected = [
      {
        status: "failed",
        resource: "site-app",
        value: "no Heroku Postgres add-on",
        message: `The app must have a Heroku Postgres add-on on a production tier (${TIERS}).`,
      },
    ];
    expect(await judge(name, without(rs, "site-db"))).toEqual(expected);
    expect(await judge(name, changed(rs, "site-db", (r) => (r.props.plan = "papertrail:choklad")))).toEqual(expected);
  });
});

describe("heroku-postgres-high-availability", () => {
  const name = "heroku-postgres-high-availability";
  const HA = "premium, private or shield";

  it("passes premium-0", async () => {
    expect(await judge(name, rs)).toEqual([
      { status: "passed", resource: "site-db", value: "heroku-postgresql:premium-0 (premium tier, with a standby)" },
    ]);
  });

  it.each(["private-0", "shield-2"])("passes %s", async (plan) => {
    const findings = await judge(name, changed(rs, "site-db", (r) => (r.props.plan = `heroku-postgresql:${plan}`)));
    expect(findings.map((f) => f.status)).toEqual(["passed"]);
  });

  it.each([
    ["heroku-postgresql:standard-0", `"standard-0" has none.`],
    ["heroku-postgresql:essential-1", `"essential-1" has none.`],
    ["heroku-postgresql:premium-1", `"premium-1" is not a Heroku Postgres plan.`],
    ["heroku-postgresql", "it names no plan."],
  ])("fails %s", async (plan, why) => {
    const findings = await judge(name, changed(rs, "site-db", (r) => (r.props.plan = plan)));
    expect(findings).toEqual([
      {
        status: "failed",
        resource: "site-db",
        value: plan,
        message: `The Heroku Postgres add-on must be on a plan with a high-availability standby (${HA}); ${why}`,
      },
    ]);
  });

  it("skips a stack without Heroku Postgres, and other add-ons", async () => {
    const expected = [
      {
        status: "skipped",
        resource: "stack",
        value: "no Heroku Postgres add-on",
        reason: "The stack declares no Heroku Postgres add-on.",
      },
    ];
    expect(await judge(name, without(rs, "site-db"))).toEqual(expected);
    expect(await judge(name, changed(rs, "site-db", (r) => (r.props.plan = "papertrail:choklad")))).toEqual(expected);
  });
});

describe("heroku-app-monitoring", () => {
  const name = "heroku-app-monitoring";
  const UNSET = "The app must set SENTRY_DSN, as a sensitive config var, so that its errors reach Sentry.";

  it("passes the DSN among the release config's sensitive vars", async () => {
    expect(await judge(name, rs)).toEqual([
      { status: "passed", resource: "site-release-config", value: "SENTRY_DSN set (sensitive); 2 alerts email" },
    ]);
  });

  it("fails without an alert that emails someone", async () => {
    const silent = rs.map((r) =>
      r.type === "sentry:index/alert:Alert" ? { ...r, props: { ...r.props, actionFilters: [{ logicType: "any", actions: [] }] } } : r,
    );
    expect(await judge(name, silent)).toEqual([
      {
        status: "failed",
        resource: "site-app",
        value: "no alert that emails",
        message: "The app's errors must reach someone: declare a Sentry alert (sentry:index/alert:Alert) with an email action.",
      },
    ]);
  });

  it("passes the DSN among the app's sensitive config vars", async () => {
    const dsn = get(rs, "site-release-config").props.sensitiveVars as Record<string, string>;
    const moved = changed(
      changed(rs, "site-release-config", (r) => (r.props.sensitiveVars = {})),
      "site-app",
      (r) => (r.props.sensitiveConfigVars = { SENTRY_DSN: dsn.SENTRY_DSN }),
    );
    expect(await judge(name, moved)).toEqual([
      { status: "passed", resource: "site-app", value: "SENTRY_DSN set (sensitive); 2 alerts email" },
    ]);
  });

  it("fails an app without SENTRY_DSN, or with an empty one", async () => {
    const missing = changed(rs, "site-release-config", (r) => (r.props.sensitiveVars = {}));
    expect(await judge(name, missing)).toEqual([
      { status: "failed", resource: "site-app", value: "SENTRY_DSN unset", message: UNSET },
    ]);
    const empty = changed(rs, "site-release-config", (r) => (r.props.sensitiveVars.SENTRY_DSN = ""));
    expect(await judge(name, empty)).toEqual([
      { status: "failed", resource: "site-release-config", value: "SENTRY_DSN unset", message: UNSET },
    ]);
  });

  it("fails a DSN among the plain vars", async () => {
    const plain = changed(rs, "site-release-config", (r) => {
      r.props.vars.SENTRY_DSN = r.props.sensitiveVars.SENTRY_DSN;
      r.props.sensitiveVars = {};
    });
    expect(await judge(name, plain)).toEqual([
      {
        status: "failed",
        resource: "site-release-config",
        value: "SENTRY_DSN among plain vars",
        message: "SENTRY_DSN must be a sensitive config var, not a plain one.",
      },
    ]);
  });

  it.each(["not-a-dsn", "http://abc@o1.ingest.sentry.io/1", "https://o1.ingest.sentry.io/1"])(
    "fails the malformed DSN %s",
    async (dsn) => {
      const findings = await judge(name, changed(rs, "site-release-config", (r) => (r.props.sensitiveVars.SENTRY_DSN = dsn)));
      expect(findings).toEqual([
        {
          status: "failed",
          resource: "site-release-config",
          value: "SENTRY_DSN set, not a DSN",
          message: "SENTRY_DSN must be a Sentry DSN (https://<key>@<host>/<project id>).",
        },
      ]);
    },
  );
});

describe("heroku-log-drain", () => {
  const name = "heroku-log-drain";

  it("passes the syslog+tls drain", async () => {
    expect(await judge(name, rs)).toEqual([
      { status: "passed", resource: "site-logs", value: "syslog+tls://logs.example.net:6514" },
    ]);
  });

  it("passes a sensitive https drain without printing it", async () => {
    const sensitive = changed(rs, "site-logs", (r) => {
      delete r.props.url;
      r.props.sensitiveUrl = "https://user:hunter2@logs.example.net/drain/tok3n";
    });
    const findings = await judge(name, sensitive);
    expect(findings).toEqual([{ status: "passed", resource: "site-logs", value: "https:// (sensitiveUrl)" }]);
  });

  it.each([
    ["syslog://logs.example.net:514", 'it starts with "syslog://".'],
    ["http://logs.example.net/drain", 'it starts with "http://".'],
    ["user:hunter2@logs.example.net:6514", "it is not a URL."],
  ])("fails the drain URL %s", async (url, why) => {
    const findings = await judge(name, changed(rs, "site-logs", (r) => (r.props.url = url)));
    expect(messages(findings)).toEqual([`The log drain URL must start with syslog+tls:// or https://; ${why}`]);
    expect(JSON.stringify(findings)).not.toContain("hunter2");
  });

  it("fails a sensitive drain URL on the wrong scheme, printing only the scheme", async () => {
    const sensitive = changed(rs, "site-logs", (r) => {
      delete r.props.url;
      r.props.sensitiveUrl = "http://user:hunter2@logs.example.net/drain";
    });
    expect(await judge(name, sensitive)).toEqual([
      {
        status: "failed",
        resource: "site-logs",
        value: "http:// (sensitiveUrl)",
        message: 'The log drain URL must start with syslog+tls:// or https://; it starts with "http://".',
      },
    ]);
  });

  it("fails credentials in a plain url, without printing them", async () => {
    const findings = await judge(
      name,
      changed(rs, "site-logs", (r) => (r.props.url = "https://user:hunter2@logs.example.net/drain")),
    );
    expect(findings).toEqual([
      {
        status: "failed",
        resource: "site-logs",
        value: "https://logs.example.net/drain",
        message: "The log drain URL carries credentials, so it must be a sensitiveUrl, not a url.",
      },
    ]);
  });

  it("fails a drain without a URL", async () => {
    const findings = await judge(name, changed(rs, "site-logs", (r) => delete r.props.url));
    expect(findings).toEqual([
      { status: "failed", resource: "site-logs", value: "no URL", message: "The log drain must have a url or a sensitiveUrl." },
    ]);
  });

  it("fails an app without a drain", async () => {
    expect(await judge(name, without(rs, "site-logs"))).toEqual([
      {
        status: "failed",
        resource: "site-app",
        value: "no log drain",
        message:
          "The app must have a log drain (syslog+tls:// or https://) so that its logs outlive Heroku's 1,500-line buffer.",
      },
    ]);
  });
});

describe("heroku-custom-error-pages", () => {
  const name = "heroku-custom-error-pages";
  const pages = [
    { status: "passed", resource: "site-app", value: "ERROR_PAGE_URL=https://static.example.com/heroku/error.html" },
    {
      status: "passed",
      resource: "site-app",
      value: "MAINTENANCE_PAGE_URL=https://static.example.com/heroku/maintenance.html",
    },
  ];

  it("passes both https pages", async () => {
    expect(await judge(name, rs)).toEqual(pages);
  });

  it("fails each page that is unset", async () => {
    const findings = await judge(name, changed(rs, "site-app", (r) => (r.props.configVars = {})));
    expect(findings).toEqual([
      {
        status: "failed",
        resource: "site-app",
        value: "ERROR_PAGE_URL unset",
        message: "ERROR_PAGE_URL must be set to the https:// URL of the page Heroku shows for platform errors.",
      },
      {
        status: "failed",
        resource: "site-app",
        value: "MAINTENANCE_PAGE_URL unset",
        message: "MAINTENANCE_PAGE_URL must be set to the https:// URL of the page Heroku shows in maintenance mode.",
      },
    ]);
  });

  it("fails a page that is not https", async () => {
    const http = changed(rs, "site-app", (r) => (r.props.configVars.MAINTENANCE_PAGE_URL = "http://static.example.com/m.html"));
    expect(await judge(name, http)).toEqual([
      pages[0],
      {
        status: "failed",
        resource: "site-app",
        value: "MAINTENANCE_PAGE_URL=http://static.example.com/m.html",
        message: 'MAINTENANCE_PAGE_URL must be an https:// URL, not "http://static.example.com/m.html".',
      },
    ]);
  });

  it("fails a page URL with credentials that is not https, without printing them", async () => {
    const http = changed(rs, "site-app", (r) => (r.props.configVars.ERROR_PAGE_URL = "http://u:hunter2@static.example.com/e"));
    const findings = await judge(name, http);
    expect(findings[0]).toEqual({
      status: "failed",
      resource: "site-app",
      value: "ERROR_PAGE_URL=http://static.example.com/e",
      message: 'ERROR_PAGE_URL must be an https:// URL, not "http://static.example.com/e".',
    });
    expect(JSON.stringify(findings)).not.toContain("hunter2");
  });

  it("fails a sensitive page URL that is not https without printing it", async () => {
    const hidden = changed(rs, "site-app", (r) => {
      delete r.props.configVars.ERROR_PAGE_URL;
      r.props.sensitiveConfigVars = { ERROR_PAGE_URL: "ftp://secret-host/e.html" };
    });
    expect((await judge(name, hidden))[0]).toEqual({
      status: "failed",
      resource: "site-app",
      value: "ERROR_PAGE_URL=[sensitive value]",
      message: "ERROR_PAGE_URL must be an https:// URL, not [sensitive value].",
    });
  });

  it("takes a page set by a config association", async () => {
    const moved = changed(
      changed(rs, "site-app", (r) => delete r.props.configVars.ERROR_PAGE_URL),
      "site-release-config",
      (r) => (r.props.vars.ERROR_PAGE_URL = "https://pages.example.org/error"),
    );
    expect(await judge(name, moved)).toEqual([
      { status: "passed", resource: "site-release-config", value: "ERROR_PAGE_URL=https://pages.example.org/error" },
      pages[1],
    ]);
  });
});

describe("heroku-ssl-custom-domains", () => {
  const name = "heroku-ssl-custom-domains";
  const hosts = "www.example.com, example.com";

  it("passes custom domains with ACM turned on after the formation", async () => {
    expect(await judge(name, rs)).toEqual([
      { status: "passed", resource: "site-acm", value: `ACM for ${hosts}, turned on after the formation` },
    ]);
  });

  it("passes acm: true on the app itself (a Teams app)", async () => {
    const findings = await judge(name, changed(without(rs, "site-acm"), "site-app", (r) => (r.props.acm = true)));
    expect(findings).toEqual([{ status: "passed", resource: "site-app", value: `ACM for ${hosts}` }]);
  });

  it("fails custom domains without ACM or a certificate", async () => {
    const findings = await judge(name, without(rs, "site-acm"));
    expect(findings).toEqual([
      {
        status: "failed",
        resource: "site-app",
        value: `no certificate for ${hosts}`,
        message: `The app must have Automated Certificate Management on (an AcmActivation, or acm: true) or an SSL certificate, because it serves custom domains (${hosts}).`,
      },
    ]);
  });

  it("passes an uploaded certificate instead of ACM", async () => {
    const cert = resource("heroku:ssl/ssl:Ssl", "site-cert", { appId: "app-id", certificateChain: "PEM" });
    const findings = await judge(name, [...without(rs, "site-acm"), cert]);
    expect(findings).toEqual([{ status: "passed", resource: "site-cert", value: `certificate site-cert for ${hosts}` }]);
  });

  it("skips an app without custom domains", async () => {
    const findings = await judge(
      name,
      without(rs, "site-domains-www.example.com", "site-domains-example.com", "site-acm").map((r) =>
        r.name === "site-app" ? { ...r, props: { ...r.props, acm: false } } : r,
      ),
    );
    expect(findings).toEqual([
      {
        status: "skipped",
        resource: "site-app",
        value: "no custom domains",
        reason: "The app has no custom domains; its herokuapp.com host is served with Heroku's certificate.",
      },
    ]);
  });
});
