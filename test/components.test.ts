import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import {
  Addons,
  AppImages,
  CustomDomains,
  DjangoEnvironment,
  DynoFormation,
  HerokuApp,
  LogDrain,
  Postgres,
  validateDomainArgs,
  validateFormationArgs,
  validateImagesArgs,
  validatePostgresArgs,
} from "../components";
import { isSecretValue } from "../lib/offline";
import { find, plainInputs, runComponent } from "./support/program";

const APP_ID = "00000000-0000-4000-a000-000000000001";

describe("HerokuApp", () => {
  it("creates a protected container app with the pages and the features, leaving ACM for later", async () => {
    const run = await runComponent(() => {
      const app = new HerokuApp("web", {
        appName: "acme-web",
        region: "eu",
        team: "acme",
        errorPage: { url: "https://cdn.example.com/e.html", sensitive: false },
        maintenancePage: { url: "https://cdn.example.com/m.html?sig=abc", sensitive: true },
        configVars: { PLAIN: "1" },
        sensitiveConfigVars: { TOKEN: "t0ken" },
      });
      return { name: app.name, host: app.herokuHostname, url: app.webUrl };
    });
    const app = find(run, "heroku:app/app:App", "web");
    expect(plainInputs(app)).toEqual({
      name: "acme-web",
      region: "eu",
      stack: "container",
      organization: { name: "acme" },
      configVars: {
        PLAIN: "1",
        ERROR_PAGE_URL: "https://cdn.example.com/e.html",
      },
      // A page URL set with --secret stays secret: it is a sensitive var.
      sensitiveConfigVars: { TOKEN: "t0ken", MAINTENANCE_PAGE_URL: "https://cdn.example.com/m.html?sig=abc" },
    });
    expect(isSecretValue(app.inputs.sensitiveConfigVars)).toBe(true);
    expect(isSecretValue(app.inputs.configVars)).toBe(false);
    expect(app.opts.protect).toBe(true);
    expect(app.parent).toBe("web");
    for (const feature of ["preboot", "runtime-dyno-metadata"]) {
      const f = find(run, "heroku:app/feature:Feature", `web-${feature}`);
      expect(f.inputs).toEqual({ appId: app.state.uuid, name: feature, enabled: true });
      expect(f.parent).toBe("web");
    }
    expect(run.outputs.name).toBe("acme-web");
    expect(run.outputs.host).toMatch(/^acme-web-[0-9a-f]{12}\.herokuapp\.com$/);
    expect(run.outputs.url).toBe(`https://${String(run.outputs.host)}/`);
  });

  it("makes a personal app when no team is given, and enables only the features asked for", async () => {
    const run = await runComponent(() => {
      new HerokuApp("web", {
        appName: "acme-web",
        region: "us",
        errorPage: { url: "https://cdn.example.com/e.html", sensitive: false },
        maintenancePage: { url: "https://cdn.example.com/m.html", sensitive: false },
        features: ["preboot"],
      });
      return {};
    });
    expect("organization" in find(run, "heroku:app/app:App", "web").inputs).toBe(false);
    expect(run.registrations.filter((r) => r.type === "heroku:app/feature:Feature").map((r) => r.name)).toEqual([
      "web-preboot",
    ]);
  });
});

describe("DynoFormation", () => {
  it("registers one formation per process type, on the given sizes", async () => {
    const run = await runComponent(() => {
      new DynoFormation("dynos", {
        appId: APP_ID,
        processes: { web: { size: "standard-2x", quantity: 3 }, worker: { size: "standard-1x", quantity: 1 }, clock: { size: "standard-1x", quantity: 1 } },
      });
      return {};
    });
    expect(find(run, "heroku:formation/formation:Formation", "dynos-web").inputs).toEqual({
      appId: APP_ID,
      type: "web",
      size: "standard-2x",
      quantity: 3,
    });
    expect(find(run, "heroku:formation/formation:Formation", "dynos-worker").inputs).toEqual({
      appId: APP_ID,
      type: "worker",
      size: "standard-1x",
      quantity: 1,
    });
    expect(find(run, "heroku:formation/formation:Formation", "dynos-clock").inputs.type).toBe("clock");
  });

  it("has only the process types asked for", async () => {
    const run = await runComponent(() => {
      new DynoFormation("dynos", { appId: APP_ID, processes: { web: { size: "performance-m", quantity: 2 } } });
      return {};
    });
    expect(run.registrations.filter((r) => r.custom).map((r) => r.name)).toEqual(["dynos-web"]);
  });

  it("rejects hobby sizes and a single web dyno, naming the argument and the fix", () => {
    expect(validateFormationArgs({ processes: { web: { size: "basic", quantity: 1 }, worker: { size: "eco", quantity: -1 } } })).toEqual([
      '`processes.web.size` is "basic", which is not a professional dyno size. Use one of standard-1x, standard-2x, performance-m, performance-l, performance-l-ram, performance-xl, performance-2xl.',
      "`processes.web.quantity` is 1. Use a whole number of 2 or more.",
      '`processes.worker.size` is "eco", which is not a professional dyno size. Use one of standard-1x, standard-2x, performance-m, performance-l, performance-l-ram, performance-xl, performance-2xl.',
      "`processes.worker.quantity` is -1. Use a whole number of 0 or more.",
    ]);
    expect(validateFormationArgs({ processes: { web: { size: "standard-1x", quantity: 2 } } })).toEqual([]);
    expect(validateFormationArgs({ processes: { worker: { size: "standard-1x", quantity: 2 } } })).toEqual([
      "`processes` has no web. Add it: Heroku routes HTTP only to web dynos.",
    ]);
    expect(validateFormationArgs({ processes: { web: { size: "basic", quantity: 1 } }, enforceChecklist: false })).toEqual([]);
    expect(validateFormationArgs({ processes: { web: { size: "tiny", quantity: 0 } }, enforceChecklist: false })).toEqual([
      '`processes.web.size` is "tiny", which is not a dyno size. Use one of eco, basic, standard-1x, standard-2x, performance-m, performance-l, performance-l-ram, performance-xl, performance-2xl.',
      "`processes.web.quantity` is 0. Use a whole number of 1 or more.",
    ]);
    expect(() => new DynoFormation("bad", { appId: APP_ID, processes: { web: { size: "standard-1x", quantity: 1 } } })).toThrow(
      "DynoFormation bad: `processes.web.quantity` is 1. Use a whole number of 2 or more.",
    );
  });
});

describe("Postgres", () => {
  it("is an HA plan by default, protected, retained on delete, and sets no config", async () => {
    const run = await runComponent(() => {
      const db = new Postgres("db", { appId: APP_ID });
      return { addonName: db.addonName, plan: db.plan };
    });
    const addon = find(run, "heroku:addon/addon:Addon", "db");
    expect(addon.inputs).toEqual({ appId: APP_ID, plan: "heroku-postgresql:premium-0" });
    expect(addon.opts.protect).toBe(true);
    expect(addon.opts.retainOnDelete).toBe(true);
    expect(addon.parent).toBe("db");
    expect(run.outputs.plan).toBe("heroku-postgresql:premium-0");
    expect(run.outputs.addonName).toMatch(/^postgresql-[0-9a-f]{6}-\d+$/);
  });

  it("takes another plan", async () => {
    const run = await runComponent(() => {
      new Postgres("db", { appId: APP_ID, plan: "premium-4" });
      return {};
    });
    expect(find(run, "heroku:addon/addon:Addon", "db").inputs.plan).toBe("heroku-postgresql:premium-4");
  });

  it("refuses plans without a standby", () => {
    expect(validatePostgresArgs({ plan: "standard-2" })).toEqual([
      '`plan` is "standard-2", a standard plan without a standby. Use a premium, private or shield plan.',
    ]);
    expect(validatePostgresArgs({ plan: "hobby-dev" })).toEqual([
      '`plan` is "hobby-dev", which is not a Heroku Postgres plan. Use premium-0 or larger.',
    ]);
    expect(validatePostgresArgs({})).toEqual([]);
    expect(validatePostgresArgs({ plan: "standard-2", enforceChecklist: false })).toEqual([]);
    expect(validatePostgresArgs({ plan: "hobby-dev", enforceChecklist: false })).toHaveLength(1);
    expect(() => new Postgres("x", { appId: APP_ID, plan: "essential-0" })).toThrow(
      'Postgres x: `plan` is "essential-0", a essential plan without a standby. Use a premium, private or shield plan.',
    );
  });
});

describe("Addons", () => {
  it("protects and retains data add-ons, and only those", async () => {
    const run = await runComponent(() => {
      new Addons("addons", { appId: APP_ID, addons: ["heroku-redis:premium-0", "scheduler:standard", "heroku-kafka:basic-0"] });
      return {};
    });
    const opts = (name: string) => find(run, "heroku:addon/addon:Addon", name).opts;
    expect(find(run, "heroku:addon/addon:Addon", "addons-heroku-redis").inputs).toEqual({ appId: APP_ID, plan: "heroku-redis:premium-0" });
    expect([opts("addons-heroku-redis").protect, opts("addons-heroku-redis").retainOnDelete]).toEqual([true, true]);
    expect([opts("addons-heroku-kafka").protect, opts("addons-heroku-kafka").retainOnDelete]).toEqual([true, true]);
    expect([opts("addons-scheduler").protect, opts("addons-scheduler").retainOnDelete]).toEqual([undefined, undefined]);
  });
});

describe("CustomDomains", () => {
  it("creates one domain per hostname and exports each DNS target", async () => {
    const run = await runComponent(() => {
      const d = new CustomDomains("domains", { appId: APP_ID, hostnames: ["www.example.com", "example.com"] });
      return { dnsTargets: d.dnsTargets };
    });
    const www = find(run, "heroku:domain/domain:Domain", "domains-www.example.com");
    const apex = find(run, "heroku:domain/domain:Domain", "domains-example.com");
    expect(www.inputs).toEqual({ appId: APP_ID, hostname: "www.example.com" });
    expect(apex.inputs).toEqual({ appId: APP_ID, hostname: "example.com" });
    expect(run.outputs.dnsTargets).toEqual({ "www.example.com": www.state.cname, "example.com": apex.state.cname });
    expect(String(www.state.cname)).toMatch(/\.herokudns\.com$/);
  });

  it("never gives two hostnames one resource name", async () => {
    const run = await runComponent(() => {
      new CustomDomains("domains", { appId: APP_ID, hostnames: ["www.example.com", "www-example.com"] });
      return {};
    });
    expect(run.registrations.filter((r) => r.custom).map((r) => r.name)).toEqual([
      "domains-www.example.com",
      "domains-www-example.com",
    ]);
  });

  it("rejects a malformed hostname", () => {
    expect(validateDomainArgs({ hostnames: ["ok.example.com", "Bad Host"] })).toEqual([
      '`hostnames[1]` is "Bad Host", which is not a hostname. Use a lowercase name like www.example.com.',
    ]);
  });
});

describe("LogDrain", () => {
  it("sends a sensitive URL as a secret sensitiveUrl", async () => {
    const run = await runComponent(() => {
      const d = new LogDrain("logs", { appId: APP_ID, url: "https://u:p@logs.example.net/x" });
      return { token: d.token };
    });
    const drain = find(run, "heroku:drain/drain:Drain", "logs");
    expect(Object.keys(drain.inputs).sort()).toEqual(["appId", "sensitiveUrl"]);
    expect(isSecretValue(drain.inputs.sensitiveUrl)).toBe(true);
    expect(plainInputs(drain).sensitiveUrl).toBe("https://u:p@logs.example.net/x");
    expect(run.outputs.token).toMatch(/^d\.[0-9a-f-]{36}$/);
  });

  it("sends a URL without credentials as url", async () => {
    const run = await runComponent(() => {
      new LogDrain("logs", { appId: APP_ID, url: "syslog+tls://logs.example.net:6514", sensitive: false });
      return {};
    });
    expect(find(run, "heroku:drain/drain:Drain", "logs").inputs).toEqual({
      appId: APP_ID,
      url: "syslog+tls://logs.example.net:6514",
    });
  });
});

describe("DjangoEnvironment", () => {
  it("sets the secure settings as plain vars and a generated secret key as a sensitive var", async () => {
    const run = await runComponent(() => {
      const d = new DjangoEnvironment("django", {
        appId: APP_ID,
        allowedHosts: pulumi.output(["www.example.com", "acme.herokuapp.com"]),
        settingsModule: "shop.settings.production",
      });
      return { vars: d.vars, key: d.secretKey.result };
    });
    const pw = find(run, "random:index/randomPassword:RandomPassword", "django-secret-key");
    expect(pw.inputs).toEqual({ length: 64, special: true, overrideSpecial: "!#%*()-_=+[]{}:?" });
    const config = find(run, "heroku:app/configAssociation:ConfigAssociation", "django");
    expect(config.inputs.vars).toEqual({
      DJANGO_SETTINGS_MODULE: "shop.settings.production",
      DJANGO_DEBUG: "False",
      DJANGO_ALLOWED_HOSTS: "www.example.com,acme.herokuapp.com",
      DJANGO_CSRF_TRUSTED_ORIGINS: "https://www.example.com,https://acme.herokuapp.com",
      DJANGO_SECURE_SSL_REDIRECT: "True",
      DJANGO_SECURE_HSTS_SECONDS: "31536000",
      DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS: "True",
      DJANGO_SECURE_HSTS_PRELOAD: "True",
      DJANGO_SESSION_COOKIE_SECURE: "True",
      DJANGO_CSRF_COOKIE_SECURE: "True",
    });
    expect(isSecretValue(config.inputs.sensitiveVars)).toBe(true);
    const key = (plainInputs(config).sensitiveVars as Record<string, string>).DJANGO_SECRET_KEY;
    expect(key).toHaveLength(64);
    expect(key).toBe(run.outputs.key);
    expect(run.secretOutputs).toContain("key");
    expect(JSON.stringify(config.inputs.vars)).not.toContain(key);
  });
});

describe("every component", () => {
  it("names its children after itself and parents them to itself", async () => {
    const run = await runComponent(() => {
      new HerokuApp("c1", {
        appName: "acme-web",
        region: "us",
        errorPage: { url: "https://a.example.com/e", sensitive: false },
        maintenancePage: { url: "https://a.example.com/m", sensitive: false },
      });
      new DynoFormation("c2", { appId: APP_ID, processes: { web: { size: "standard-1x", quantity: 2 }, worker: { size: "standard-1x", quantity: 1 } } });
      new Postgres("c3", { appId: APP_ID });
      new CustomDomains("c4", { appId: APP_ID, hostnames: ["a.example.com"] });
      new LogDrain("c5", { appId: APP_ID, url: "syslog+tls://l.example.net:1" });
      new DjangoEnvironment("c6", { appId: APP_ID, allowedHosts: ["a.example.com"], settingsModule: "config.settings" });
      new Addons("c7", { appId: APP_ID, addons: ["heroku-redis:premium-0", "scheduler:standard"] });
      return {};
    });
    const children = run.registrations.filter((r) => r.custom);
    expect(children).toHaveLength(12);
    for (const child of children) {
      expect(child.parent).toMatch(/^c[1-7]$/);
      expect(child.name.startsWith(child.parent!)).toBe(true);
    }
  });
});

describe("AppImages", () => {
  it("builds web and release for linux/amd64 and pushes them to Heroku's registry, tagged with the version", async () => {
    const run = await runComponent(() => {
      const images = new AppImages("img", {
        appName: "acme-web",
        version: "0123456789ab",
        apiKey: pulumi.secret("hk-secret-key"),
      });
      return { references: images.references };
    });
    for (const process of ["web", "release"]) {
      const image = find(run, "docker:index/image:Image", `img-${process}`);
      expect(plainInputs(image)).toEqual({
        imageName: `registry.heroku.com/acme-web/${process}:0123456789ab`,
        build: { context: "app", dockerfile: "app/Dockerfile", platform: "linux/amd64", target: process },
        registry: { server: "registry.heroku.com", username: "_", password: "hk-secret-key" },
        buildOnPreview: false,
        skipPush: false,
      });
      // A secret nested in an input object makes the whole object secret on the wire.
      expect(isSecretValue(image.inputs.registry)).toBe(true);
      expect(image.parent).toBe("img");
    }
    expect(run.outputs.references).toEqual({
      web: find(run, "docker:index/image:Image", "img-web").state.repoDigest,
      release: find(run, "docker:index/image:Image", "img-release").state.repoDigest,
    });
    expect(String((run.outputs.references as Record<string, string>).web)).toMatch(
      /^registry\.heroku\.com\/acme-web\/web@sha256:[0-9a-f]{64}$/,
    );
  });

  it("marks a plain API key secret anyway", async () => {
    const run = await runComponent(() => {
      new AppImages("img", { appName: "a-b-c", version: "v1", apiKey: "plain-key", processes: ["web"] });
      return {};
    });
    const image = find(run, "docker:index/image:Image", "img-web");
    expect(isSecretValue(image.inputs.registry)).toBe(true);
    expect(run.registrations.filter((r) => r.custom).map((r) => r.name)).toEqual(["img-web"]);
  });

  it("refuses latest, malformed tags and a missing web process", () => {
    expect(validateImagesArgs({ version: "latest" })).toEqual([
      '`version` is "latest". Use an immutable Docker tag such as the commit SHA; "latest" is refused.',
    ]);
    expect(validateImagesArgs({ version: "has space" })).toHaveLength(1);
    expect(validateImagesArgs({ version: "v1", processes: ["release"] })).toEqual([
      '`processes` has no "web". Add it: Heroku routes HTTP to web.',
    ]);
    expect(validateImagesArgs({ version: "abc123" })).toEqual([]);
    expect(() => new AppImages("x", { appName: "a", version: "LATEST", apiKey: "k" })).toThrow(
      'AppImages x: `version` is "LATEST". Use an immutable Docker tag such as the commit SHA; "latest" is refused.',
    );
  });
});
