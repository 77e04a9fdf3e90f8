import type * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import type { ConfigError } from "../lib/config";
import { isSecretValue, reveal } from "../lib/offline";
import { relative } from "node:path";
import { find, plainInputs, productionConfig, RELEASE, REPO, runProgram, SHOP, withConfig } from "./support/program";

describe("the program with Pulumi.production.yaml", () => {
  it("registers exactly the production environment", async () => {
    const run = await runProgram(productionConfig());
    expect(run.registrations.map((r) => [r.type, r.name, r.parent ?? null])).toEqual([
      ["heroku-production:index:ProductionEnvironment", "site", null],
      ["heroku-production:index:HerokuApp", "site-app", "site"],
      ["heroku:app/app:App", "site-app", "site-app"],
      ["heroku:app/feature:Feature", "site-app-preboot", "site-app"],
      ["heroku:app/feature:Feature", "site-app-runtime-dyno-metadata", "site-app"],
      ["heroku-production:index:Postgres", "site-db", "site"],
      ["heroku:addon/addon:Addon", "site-db", "site-db"],
      ["heroku-production:index:Addons", "site-addons", "site"],
      ["heroku-production:index:CustomDomains", "site-domains", "site"],
      ["heroku:domain/domain:Domain", "site-domains-www.example.com", "site-domains"],
      ["heroku:domain/domain:Domain", "site-domains-example.com", "site-domains"],
      ["heroku-production:index:DjangoEnvironment", "site-django", "site"],
      ["random:index/randomPassword:RandomPassword", "site-django-secret-key", "site-django"],
      ["heroku:app/configAssociation:ConfigAssociation", "site-django", "site-django"],
      ["heroku-production:index:LogDrain", "site-logs", "site"],
      ["heroku:drain/drain:Drain", "site-logs", "site-logs"],
      ["heroku-production:index:Monitoring", "site-monitoring", "site"],
      ["sentry:index/team:Team", "site-monitoring-team", "site-monitoring"],
      ["sentry:index/project:Project", "site-monitoring-project", "site-monitoring"],
      ["sentry:index/key:Key", "site-monitoring-key", "site-monitoring"],
      ["sentry:index/alert:Alert", "site-monitoring-new-issue-alert", "site-monitoring"],
      ["sentry:index/metricMonitor:MetricMonitor", "site-monitoring-error-monitor", "site-monitoring"],
      ["sentry:index/alert:Alert", "site-monitoring-error-spike-alert", "site-monitoring"],
      ["heroku:app/configAssociation:ConfigAssociation", "site-release-config", "site"],
      ["heroku-production:index:AppImages", "site-images", "site"],
      ["docker:index/image:Image", "site-images-web", "site-images"],
      ["docker:index/image:Image", "site-images-release", "site-images"],
      ["pulumi-nodejs:dynamic/heroku-production:ContainerRelease", "site-release", "site"],
      ["heroku-production:index:DynoFormation", "site-dynos", "site"],
      ["heroku:formation/formation:Formation", "site-dynos-web", "site-dynos"],
      ["pulumi-nodejs:dynamic/heroku-production:AcmActivation", "site-acm", "site"],
    ]);

    const app = find(run, "heroku:app/app:App", "site-app");
    expect(plainInputs(app)).toEqual({
      name: "acme-web-production",
      region: "eu",
      stack: "container",
      configVars: {
        ERROR_PAGE_URL: "https://static.example.com/heroku/error.html",
        MAINTENANCE_PAGE_URL: "https://static.example.com/heroku/maintenance.html",
      },
      sensitiveConfigVars: {},
    });
    const appId = app.state.uuid;
    expect(find(run, "heroku:addon/addon:Addon", "site-db").inputs).toEqual({
      appId,
      plan: "heroku-postgresql:premium-0",
    });
    expect(find(run, "heroku:drain/drain:Drain", "site-logs").inputs).toEqual({
      appId,
      url: "syslog+tls://logs.example.net:6514",
    });
    expect(find(run, "heroku:formation/formation:Formation", "site-dynos-web").inputs).toEqual({
      appId,
      type: "web",
      size: "standard-2x",
      quantity: 2,
    });
    const host = String(app.state.herokuHostname);
    expect(
      (find(run, "heroku:app/configAssociation:ConfigAssociation", "site-django").inputs.vars as Record<string, string>)
        .DJANGO_ALLOWED_HOSTS,
    ).toBe(`www.example.com,example.com,${host}`);

    expect(run.outputs).toEqual({
      appName: "acme-web-production",
      webUrl: `https://${host}/`,
      dnsTargets: {
        "www.example.com": find(run, "heroku:domain/domain:Domain", "site-domains-www.example.com").state.cname,
        "example.com": find(run, "heroku:domain/domain:Domain", "site-domains-example.com").state.cname,
      },
      monthlyCostUsd: 2 * 50 + 200,
      releaseVersion: RELEASE,
      herokuRelease: find(run, "pulumi-nodejs:dynamic/heroku-production:ContainerRelease", "site-release").state
        .releaseVersion,
      releasedImages: find(run, "pulumi-nodejs:dynamic/heroku-production:ContainerRelease", "site-release").state.digests,
      releasedImageRefs: {
        web: find(run, "docker:index/image:Image", "site-images-web").state.repoDigest,
        release: find(run, "docker:index/image:Image", "site-images-release").state.repoDigest,
      },
      releaseStatus: "succeeded",
      sentryProject: "acme-web-production",
    });
  });

  it("releases the pushed images by digest after the database and config, and scales after the release", async () => {
    const run = await runProgram(productionConfig());
    const release = find(run, "pulumi-nodejs:dynamic/heroku-production:ContainerRelease", "site-release");
    expect(release.inputs.appName).toBe("acme-web-production");
    expect(release.inputs.images).toEqual({
      web: find(run, "docker:index/image:Image", "site-images-web").state.repoDigest,
      release: find(run, "docker:index/image:Image", "site-images-release").state.repoDigest,
    });
    expect(String((release.inputs.images as Record<string, string>).web)).toMatch(
      /^registry\.heroku\.com\/acme-web-production\/web@sha256:[0-9a-f]{64}$/,
    );
    expect(release.opts.dependsOn).toEqual([
      "site-db",
      "site-addons",
      "site-django",
      "site-release-config",
      "site-app-preboot",
      "site-app-runtime-dyno-metadata",
    ]);
    expect(find(run, "heroku-production:index:DynoFormation", "site-dynos").opts.dependsOn).toEqual(["site-release"]);
    // ACM after the dynos run: Heroku refuses it on a personal app before.
    const acm = find(run, "pulumi-nodejs:dynamic/heroku-production:AcmActivation", "site-acm");
    expect(acm.opts.dependsOn).toEqual(["site-dynos", "site-domains"]);
    expect(acm.inputs.appName).toBe("acme-web-production");
    expect("acm" in find(run, "heroku:app/app:App", "site-app").inputs).toBe(false);
    // No key among the inputs: the provider reads it from the environment or stack config at run time.
    expect(Object.keys(release.inputs).sort()).toEqual(["__provider", "appName", "images", "timeoutSeconds"]);
    // releaseTimeoutMinutes, 20 by default.
    expect(release.inputs.timeoutSeconds).toBe(1200);
    const risky = await runProgram(withConfig(productionConfig(), { maintenanceDuringRelease: "true", releaseTimeoutMinutes: "45" }));
    const riskyRelease = find(risky, "pulumi-nodejs:dynamic/heroku-production:ContainerRelease", "site-release");
    expect([riskyRelease.inputs.maintenance, riskyRelease.inputs.timeoutSeconds]).toEqual([true, 2700]);
  });

  it("puts the Sentry key's DSN, the stack and the image tag on the app", async () => {
    const run = await runProgram(productionConfig());
    const key = find(run, "sentry:index/key:Key", "site-monitoring-key");
    expect(key.inputs).toEqual({
      organization: "acme",
      project: "acme-web-production",
      name: "Heroku production",
    });
    const release = find(run, "heroku:app/configAssociation:ConfigAssociation", "site-release-config");
    expect(release.inputs.appId).toBe(find(run, "heroku:app/app:App", "site-app").state.uuid);
    expect(release.inputs.vars).toEqual({ SENTRY_ENVIRONMENT: "production" });
    expect(isSecretValue(release.inputs.sensitiveVars)).toBe(true);
    expect(plainInputs(release).sensitiveVars).toEqual({ SENTRY_DSN: (reveal(key.state.dsn) as { public: string }).public });
    const images = run.registrations.filter((r) => r.type === "docker:index/image:Image");
    expect(images.map((r) => String(r.inputs.imageName).split(":").at(-1))).toEqual([RELEASE, RELEASE]);
    // The release goes into the images as a build argument that the Dockerfile turns into ENV.
    expect(images.map((r) => (r.inputs.build as { args?: unknown }).args)).toEqual([{ SENTRY_RELEASE: RELEASE }, { SENTRY_RELEASE: RELEASE }]);
  });

  it("changes no config var when only the commit changes, so a deploy makes one release", async () => {
    const varsOf = async (release: string) => {
      const run = await runProgram(withConfig(productionConfig(), { releaseVersion: release }));
      return run.registrations
        .filter((r) => r.type === "heroku:app/app:App" || r.type === "heroku:app/configAssociation:ConfigAssociation")
        .map((r) => {
          const p = plainInputs(r);
          return [r.name, p.configVars ?? p.vars, p.sensitiveConfigVars ?? p.sensitiveVars];
        });
    };
    const first = await varsOf("aaaaaaaaaaaa");
    const second = await varsOf("bbbbbbbbbbbb");
    expect(second).toEqual(first);
    expect(JSON.stringify(first)).not.toContain("aaaaaaaaaaaa");
  });

  it("builds each process type from its stage of the team's Dockerfile, in the team's app directory", async () => {
    const run = await runProgram(
      withConfig(productionConfig(), { processes: { web: { quantity: 2 }, worker: { size: "standard-1x" } } }),
    );
    const worker = find(run, "docker:index/image:Image", "site-images-worker");
    expect(worker.inputs.imageName).toBe(`registry.heroku.com/acme-web-production/worker:${RELEASE}`);
    expect(worker.inputs.build).toEqual({
      context: SHOP,
      dockerfile: relative(REPO, `${SHOP}/Dockerfile`),
      platform: "linux/amd64",
      target: "worker",
      args: { SENTRY_RELEASE: RELEASE },
    });
    expect(run.registrations.filter((r) => r.type === "docker:index/image:Image").map((r) => r.name)).toEqual([
      "site-images-web",
      "site-images-worker",
      "site-images-release",
    ]);
  });

  it("adds Redis and the Scheduler, protecting and retaining Redis, and prices them", async () => {
    const run = await runProgram(withConfig(productionConfig(), { addons: ["heroku-redis:premium-0", "scheduler:standard"] }));
    const redis = find(run, "heroku:addon/addon:Addon", "site-addons-heroku-redis");
    expect(redis.inputs).toEqual({ appId: find(run, "heroku:app/app:App", "site-app").state.uuid, plan: "heroku-redis:premium-0" });
    expect([redis.opts.protect, redis.opts.retainOnDelete]).toEqual([true, true]);
    expect(find(run, "heroku:addon/addon:Addon", "site-addons-scheduler").opts.protect).toBeUndefined();
    expect(run.outputs.monthlyCostUsd).toBe(2 * 50 + 200 + 15 + 0);
  });

  it("sets the team's plain and secret config vars, and the settings module", async () => {
    const run = await runProgram(
      withConfig(
        productionConfig(),
        { configVars: { WEB_CONCURRENCY: 4 }, secretConfigVars: { STRIPE_API_KEY: "sk_live_abc" }, djangoSettingsModule: "shop.settings.naive" },
        ["secretConfigVars"],
      ),
    );
    const app = find(run, "heroku:app/app:App", "site-app");
    expect((plainInputs(app).configVars as Record<string, string>).WEB_CONCURRENCY).toBe("4");
    expect(isSecretValue(app.inputs.sensitiveConfigVars)).toBe(true);
    expect(plainInputs(app).sensitiveConfigVars).toEqual({ STRIPE_API_KEY: "sk_live_abc" });
    const django = find(run, "heroku:app/configAssociation:ConfigAssociation", "site-django");
    expect((django.inputs.vars as Record<string, string>).DJANGO_SETTINGS_MODULE).toBe("shop.settings.naive");
  });

  it("protects the database and the app that owns it, and nothing else", async () => {
    const run = await runProgram(productionConfig());
    const db = find(run, "heroku:addon/addon:Addon", "site-db");
    expect([db.opts.protect, db.opts.retainOnDelete]).toEqual([true, true]);
    expect("config" in db.inputs).toBe(false);
    expect(run.registrations.filter((r) => r.opts.protect).map((r) => r.name)).toEqual(["site-app", "site-db"]);
    const app = find(run, "heroku:app/app:App", "site-app");
    expect([app.opts.protect, app.opts.retainOnDelete]).toEqual([true, true]);
  });

  it("keeps each config association's name and keys: moving a key between them is a deliberate change", async () => {
    // The provider's delete of an association strips its vars from the live app, after the new one set them.
    const run = await runProgram(productionConfig());
    const keys = (v: unknown) => Object.keys((v ?? {}) as Record<string, unknown>).sort();
    expect(
      run.registrations
        .filter((r) => r.type === "heroku:app/configAssociation:ConfigAssociation")
        .map((r) => [r.name, keys(plainInputs(r).vars), keys(plainInputs(r).sensitiveVars)]),
    ).toEqual([
      [
        "site-django",
        [
          "DJANGO_ALLOWED_HOSTS",
          "DJANGO_CSRF_COOKIE_SECURE",
          "DJANGO_CSRF_TRUSTED_ORIGINS",
          "DJANGO_DEBUG",
          "DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS",
          "DJANGO_SECURE_HSTS_PRELOAD",
          "DJANGO_SECURE_HSTS_SECONDS",
          "DJANGO_SECURE_SSL_REDIRECT",
          "DJANGO_SESSION_COOKIE_SECURE",
          "DJANGO_SETTINGS_MODULE",
        ],
        ["DJANGO_SECRET_KEY"],
      ],
      ["site-release-config", ["SENTRY_ENVIRONMENT"], ["SENTRY_DSN"]],
    ]);
  });

  it("keeps the Django secret key secret everywhere", async () => {
    const run = await runProgram(productionConfig());
    const key = String(reveal(find(run, "random:index/randomPassword:RandomPassword", "site-django-secret-key").state.result));
    expect(key).toHaveLength(64);
    const config = find(run, "heroku:app/configAssociation:ConfigAssociation", "site-django");
    expect(isSecretValue(config.inputs.sensitiveVars)).toBe(true);
    expect((plainInputs(config).sensitiveVars as Record<string, string>).DJANGO_SECRET_KEY).toBe(key);
    const blank = (v: unknown): unknown =>
      isSecretValue(v)
        ? "[secret]"
        : Array.isArray(v)
          ? v.map(blank)
          : v && typeof v === "object"
            ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, blank(x)]))
            : v;
    for (const r of run.registrations) expect(JSON.stringify(blank(r.inputs))).not.toContain(key);
    expect(JSON.stringify(run.outputs)).not.toContain(key);
  });

  it("sends a drain URL set as a secret as a secret sensitiveUrl", async () => {
    const run = await runProgram(
      withConfig(productionConfig(), { logDrainUrl: "syslog+tls://logs.example.net:6514" }, ["logDrainUrl"]),
    );
    const drain = find(run, "heroku:drain/drain:Drain", "site-logs");
    expect(Object.keys(drain.inputs).sort()).toEqual(["appId", "sensitiveUrl"]);
    expect(isSecretValue(drain.inputs.sensitiveUrl)).toBe(true);
  });

  it("declares no drain when none is configured", async () => {
    const run = await runProgram(withConfig(productionConfig(), { logDrainUrl: "" }));
    expect(run.registrations.some((r) => r.type === "heroku:drain/drain:Drain")).toBe(false);
  });

  it("adds worker dynos when a worker is configured, and counts them in the cost", async () => {
    const run = await runProgram(withConfig(productionConfig(), { processes: { web: {}, worker: { size: "standard-1x", quantity: 3 } } }));
    expect(find(run, "heroku:formation/formation:Formation", "site-dynos-worker").inputs).toEqual({
      appId: find(run, "heroku:app/app:App", "site-app").state.uuid,
      type: "worker",
      size: "standard-1x",
      quantity: 3,
    });
    expect(run.outputs.monthlyCostUsd).toBe(2 * 50 + 3 * 25 + 200);
  });
});

describe("the program on a non-production stack", () => {
  it("declares what the checklist would refuse when enforceChecklist is false", async () => {
    const run = await runProgram(
      withConfig(productionConfig(), { enforceChecklist: "false", processes: { web: { size: "basic", quantity: 1 } }, postgresPlan: "essential-0" }),
    );
    expect(find(run, "heroku:formation/formation:Formation", "site-dynos-web").inputs).toMatchObject({
      size: "basic",
      quantity: 1,
    });
    expect(find(run, "heroku:addon/addon:Addon", "site-db").inputs.plan).toBe("heroku-postgresql:essential-0");
    expect(run.outputs.monthlyCostUsd).toBe(7 + 5);
  });
});

describe("the program with bad config", () => {
  it("refuses a key in a namespace nothing reads, as the engine hands it over", async () => {
    const config = productionConfig();
    const typo = { ...config, values: { ...config.values, "heroku-prodution:postgresPlan": "premium-2" } };
    const error = await runProgram(typo).catch((e: unknown) => e);
    expect((error as Error).name).toBe("ConfigError");
    expect((error as ConfigError).problems[0]).toContain("Did you mean `heroku-production:postgresPlan`?");
  });

  it("fails with every problem before registering any resource", async () => {
    const observed: pulumi.runtime.MockResourceArgs[] = [];
    const bad = withConfig(productionConfig(), { processes: { web: { quantity: 1 } }, postgresPlan: "standard-0", domains: ["bad..host"] });
    const error = await runProgram(bad, observed).catch((e: unknown) => e);
    // The program's ConfigError class comes from a fresh module graph, so compare by name.
    expect((error as Error).name).toBe("ConfigError");
    expect((error as ConfigError).problems.map((p) => p.split(";")[0])).toEqual([
      "`heroku-production:processes.web.quantity` is 1",
      '`heroku-production:postgresPlan` is "standard-0"',
      '`heroku-production:domains[0]` is "bad..host"',
    ]);
    expect(observed.filter((a) => a.type !== "pulumi:pulumi:Stack")).toEqual([]);
  });
});
