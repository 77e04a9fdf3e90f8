import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import Ajv from "ajv";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { CHECKLIST, configDefaults } from "../../policy/checklist";
import * as tokens from "../../policy/tokens";
import * as heroku from "../../sdks/heroku";
import * as sentry from "../../sdks/sentry";
import { REPO } from "../support/program";

const POLICY_DIR = join(REPO, "policy");
const LEVELS = ["advisory", "mandatory", "remediate", "disabled"];
const NAMES = CHECKLIST.map((e) => e.policy.name);
const kind = (e: (typeof CHECKLIST)[number]) => ("validateStack" in e.policy ? "stack" : "resource");

describe("the checklist", () => {
  it("holds these entries, in report order", () => {
    expect(CHECKLIST.map((e) => [e.section, e.item, e.policy.name, kind(e), configDefaults(e.policy)])).toEqual([
      ["Heroku production check", "Supported stack", "heroku-app-supported-stack", "resource", {}],
      ["Heroku production check", "Professional dynos", "heroku-professional-dynos", "resource", {}],
      ["Heroku production check", "Dyno redundancy", "heroku-web-dyno-redundancy", "stack", { minWebQuantity: 2 }],
      ["Heroku production check", "Production-tier Postgres", "heroku-postgres-production-tier", "stack", {}],
      ["Heroku production check", "Postgres high availability", "heroku-postgres-high-availability", "resource", {}],
      ["Heroku production check", "Redis high availability", "heroku-redis-high-availability", "resource", {}],
      ["Heroku production check", "App monitoring", "heroku-app-monitoring", "stack", {}],
      ["Heroku production check", "Log monitoring", "heroku-log-drain", "stack", {}],
      ["Heroku production check", "Custom maintenance and error pages", "heroku-custom-error-pages", "stack", {}],
      ["Heroku production check", "SSL on custom domains", "heroku-ssl-custom-domains", "stack", {}],
      ["Django deployment checklist", "DEBUG off", "django-debug-off", "stack", {}],
      ["Django deployment checklist", "Secret key", "django-secret-key", "stack", {}],
      ["Django deployment checklist", "Allowed hosts", "django-allowed-hosts", "stack", {}],
      ["Django deployment checklist", "SSL redirect", "django-ssl-redirect", "stack", {}],
      ["Django deployment checklist", "HSTS", "django-hsts", "stack", { minHstsSeconds: 31536000 }],
      ["Django deployment checklist", "Secure cookies", "django-secure-cookies", "stack", {}],
      ["Safety", "No secrets in plain config vars", "heroku-no-plain-secret-config-vars", "resource", {}],
      ["Safety", "Database protected", "heroku-postgres-protected", "resource", {}],
      ["Safety", "Images released by digest", "heroku-images-by-digest", "resource", {}],
      ["Safety", "Preboot", "heroku-preboot", "stack", {}],
    ]);
  });

  it("names every policy in kebab case, heroku- or django-, once", () => {
    for (const name of NAMES) expect(name).toMatch(/^(heroku|django)-[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(new Set(NAMES).size).toBe(NAMES.length);
  });

  it("describes every policy in one full sentence", () => {
    for (const { policy } of CHECKLIST) {
      expect(policy.description, policy.name).toMatch(/^[A-Z][^\n]{20,}[a-z0-9)]\.$/);
      expect(policy.description.split(/\.\s/), policy.name).toHaveLength(1);
    }
  });

  it("gives every policy remediation steps, a severity and a display name, and leaves enforcement to the pack", () => {
    for (const e of CHECKLIST) {
      expect(e.policy.remediationSteps, e.policy.name).toMatch(/^[A-Z][\s\S]{20,}\.$/);
      expect(["low", "medium", "high", "critical"], e.policy.name).toContain(e.policy.severity);
      expect(e.policy.displayName, e.policy.name).toBe(e.item);
      expect(e.policy.enforcementLevel, e.policy.name).toBeUndefined();
    }
  });

  it("gives every config property a type, a description and a default that the schema accepts", () => {
    const ajv = new Ajv({ strict: false });
    for (const { policy } of CHECKLIST) {
      const properties = policy.configSchema?.properties ?? {};
      expect(Object.keys(properties), policy.name).not.toContain("enforcementLevel");
      for (const [key, schema] of Object.entries(properties)) {
        expect(schema.type, `${policy.name}.${key}`).toBeDefined();
        expect(schema.description, `${policy.name}.${key}`).toMatch(/\.$/);
        expect(ajv.validate(schema, schema.default), `${policy.name}.${key}`).toBe(true);
      }
    }
  });

  it("takes configDefaults from the schema's properties that have one", () => {
    expect(configDefaults({ configSchema: { properties: { a: { default: 1 }, b: {}, c: { default: false } } } })).toEqual({
      a: 1,
      c: false,
    });
    expect(configDefaults({})).toEqual({});
  });
});

describe("the type tokens", () => {
  it("are the Heroku SDK's", () => {
    expect(Object.fromEntries(Object.entries(tokens))).toEqual({
      APP: heroku.app.App.__pulumiType,
      CONFIG_ASSOCIATION: heroku.app.ConfigAssociation.__pulumiType,
      FEATURE: heroku.app.Feature.__pulumiType,
      ADDON: heroku.addon.Addon.__pulumiType,
      DOMAIN: heroku.domain.Domain.__pulumiType,
      DRAIN: heroku.drain.Drain.__pulumiType,
      FORMATION: heroku.formation.Formation.__pulumiType,
      SSL: heroku.ssl.Ssl.__pulumiType,
      CONTAINER_RELEASE: "pulumi-nodejs:dynamic/heroku-production:ContainerRelease",
      ACM_ACTIVATION: "pulumi-nodejs:dynamic/heroku-production:AcmActivation",
      SENTRY_ALERT: sentry.Alert.__pulumiType,
    });
  });
});

/** TypeScript and JavaScript sources of the repository, outside node_modules. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    if (d.name === "node_modules" || d.name.startsWith(".")) return [];
    const path = join(dir, d.name);
    if (d.isDirectory()) return sources(path);
    return /\.(c|m)?(t|j)s$/.test(d.name) ? [path] : [];
  });
}

const read = (path: string) => readFileSync(join(POLICY_DIR, path), "utf8");

describe("the policy pack", () => {
  it("is built in policy/index.ts and nowhere else", () => {
    const builders = sources(REPO).filter((f) => /new\s+PolicyPack\s*\(/.test(readFileSync(f, "utf8")));
    expect(builders.map((f) => relative(REPO, f))).toEqual(["policy/index.ts"]);
  });

  it("serves the whole checklist, advisory unless a stack's config says otherwise", () => {
    const index = read("index.ts");
    expect(index).toMatch(/new PolicyPack\("heroku-production", \{\s*policies: CHECKLIST\.map\(\(e\) => e\.policy\),\s*enforcementLevel: "advisory",\s*\}\);/);
    expect(index).not.toMatch(/\bexport\b/);
  });

  it("is self-contained: its modules import only each other and @pulumi/policy", () => {
    const modules = sources(POLICY_DIR).filter((f) => !f.endsWith("index.ts"));
    expect(modules.map((f) => relative(POLICY_DIR, f)).sort()).toEqual([
      "app-scope.ts",
      "checklist.ts",
      "core.ts",
      "facts.ts",
      "offline-secret.ts",
      "policies/django.ts",
      "policies/heroku.ts",
      "policies/safety.ts",
      "tokens.ts",
    ]);
    for (const f of modules) {
      const imports = [...readFileSync(f, "utf8").matchAll(/^import [\s\S]*? from "([^"]+)";/gm)].map((m) => m[1]);
      for (const spec of imports) {
        // Self-contained, so that `pulumi policy publish` can ship policy/ alone: nothing outside it.
        if (spec === "@pulumi/policy") continue;
        expect(spec, relative(REPO, f)).toMatch(/^\.\.?\//);
        expect(resolve(dirname(f), spec).startsWith(POLICY_DIR + sep), `${relative(REPO, f)} imports ${spec}`).toBe(true);
      }
    }
  });

  it("declares its runtime, package and TypeScript settings", () => {
    expect(parse(read("PulumiPolicy.yaml"))).toEqual({ runtime: "nodejs", description: expect.stringMatching(/\.$/) });
    const pkg = JSON.parse(read("package.json"));
    expect(pkg).toMatchObject({
      name: "heroku-production-policy",
      version: expect.stringMatching(/^\d+\.\d+\.\d+$/),
      main: "index.ts",
      dependencies: { "@pulumi/policy": "^1.21.0", "@pulumi/pulumi": "~3.248.0" },
      devDependencies: { typescript: "^6.0.3" },
    });
    const lock = JSON.parse(read("package-lock.json"));
    expect(lock.name).toBe("heroku-production-policy");
    expect(lock.packages[""].dependencies).toEqual(pkg.dependencies);
    expect(lock.packages["node_modules/@pulumi/pulumi"].version).toMatch(/^3\.248\.\d+$/);
    const tsconfig = JSON.parse(read("tsconfig.json"));
    expect(tsconfig.compilerOptions).toMatchObject({ module: "nodenext", moduleResolution: "nodenext", strict: true });
  });
});

describe("the per-stack policy config", () => {
  const files = readdirSync(join(POLICY_DIR, "config")).sort();
  const configs = Object.fromEntries(files.map((f) => [f, JSON.parse(read(`config/${f}`))])) as Record<
    string,
    Record<string, unknown>
  >;

  it("exists for production and staging", () => {
    expect(files).toEqual(["production.json", "staging.json"]);
  });

  it("makes every policy mandatory in production, and keeps staging advisory with lower thresholds", () => {
    expect(configs["production.json"]).toEqual({ all: "mandatory" });
    expect(configs["staging.json"]).toEqual({
      all: "advisory",
      "heroku-web-dyno-redundancy": { minWebQuantity: 1 },
      "django-hsts": { minHstsSeconds: 3600 },
    });
  });

  it.each(files)("%s names only existing policies, valid levels and config the schemas accept", (file) => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    for (const [key, value] of Object.entries(configs[file])) {
      if (typeof value === "string") {
        expect(LEVELS, `${file}: ${key}`).toContain(value);
        expect(["all", ...NAMES], file).toContain(key);
        continue;
      }
      expect(NAMES, file).toContain(key);
      const { enforcementLevel, ...settings } = value as Record<string, unknown>;
      if (enforcementLevel !== undefined) expect(LEVELS, `${file}: ${key}`).toContain(enforcementLevel);
      const schema = CHECKLIST.find((e) => e.policy.name === key)!.policy.configSchema;
      expect(Object.keys(settings).every((k) => k in (schema?.properties ?? {})), `${file}: ${key}`).toBe(true);
      const valid = ajv.validate({ type: "object", properties: schema?.properties ?? {} }, settings);
      expect(ajv.errors ?? [], `${file}: ${key}`).toEqual([]);
      expect(valid).toBe(true);
    }
  });
});
