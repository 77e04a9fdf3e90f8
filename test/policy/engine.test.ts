import { UnknownValueError, type ResourceValidationPolicy, type StackValidationPolicy } from "@pulumi/policy";
import { beforeAll, describe, expect, it } from "vitest";
import type { JudgedResource } from "../../lib/policy-resources";
import {
  changed,
  entry,
  get,
  NotApplicable,
  policyResource,
  productionResources,
  resource,
  resourceArgs,
  runPolicy,
  stackArgs,
  type Violation,
} from "./support";

/** What the engine passes for a value that is not known yet during a preview. */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

let rs: JudgedResource[];
let appId: string;
beforeAll(async () => {
  rs = await productionResources();
  appId = get(rs, "site-app-preboot").props.appId as string;
});

const stackPolicy = (name: string) => entry(name).policy as StackValidationPolicy;
const resourcePolicy = (name: string) => entry(name).policy as ResourceValidationPolicy;

async function validateStack(name: string, resources: Parameters<typeof policyResource>[0][], config = {}) {
  const violations: Violation[] = [];
  await stackPolicy(name).validateStack(
    stackArgs(resources.map((r) => policyResource(r)), config),
    (message, urn) => violations.push({ message, urn }),
  );
  return violations;
}

describe("during a preview", () => {
  it("judges DEBUG while the allowed hosts, derived from the new app's hostname, are still unknown", async () => {
    const preview = changed(rs, "site-django", (r) => (r.props.vars.DJANGO_ALLOWED_HOSTS = UNKNOWN));
    expect(await validateStack("django-debug-off", preview)).toEqual([]);
    const debugOn = changed(preview, "site-django", (r) => (r.props.vars.DJANGO_DEBUG = "True"));
    expect(await validateStack("django-debug-off", debugOn)).toEqual([
      { message: 'DJANGO_DEBUG must be "False" or unset; it is "True".', urn: get(rs, "site-django").urn },
    ]);
  });

  it("lets UnknownValueError through when a judged value is unknown, for the engine to report", async () => {
    const preview = changed(rs, "site-django", (r) => (r.props.vars.DJANGO_ALLOWED_HOSTS = UNKNOWN));
    await expect(validateStack("django-allowed-hosts", preview)).rejects.toBeInstanceOf(UnknownValueError);
    const noDsn = changed(rs, "site-release-config", (r) => (r.props.sensitiveVars.SENTRY_DSN = UNKNOWN));
    await expect(validateStack("heroku-app-monitoring", noDsn)).rejects.toBeInstanceOf(UnknownValueError);
    const digests = changed(rs, "site-release", (r) => (r.props.images.web = UNKNOWN));
    await expect(runPolicy(entry("heroku-images-by-digest"), digests, {})).rejects.toBeInstanceOf(UnknownValueError);
  });

  it("does not read app ids in a one-app stack, so a new app's unknown id blocks nothing", async () => {
    const fresh = structuredClone(rs).map((r) =>
      "appId" in r.props ? { ...r, props: { ...r.props, appId: UNKNOWN } } : r,
    );
    for (const name of ["heroku-web-dyno-redundancy", "heroku-postgres-production-tier", "heroku-log-drain", "heroku-preboot"]) {
      expect(await validateStack(name, fresh)).toEqual([]);
    }
  });
});

describe("a stack with two apps", () => {
  // A second app whose only web formation runs one dyno and which has no drain.
  const other = (otherAppId: string) => [
    resource("heroku:app/app:App", "other-app", { name: "acme-other", uuid: otherAppId, stack: "heroku-24" }),
    resource("heroku:formation/formation:Formation", "other-dynos-web", {
      appId: otherAppId,
      type: "web",
      size: "standard-1x",
      quantity: 1,
    }),
  ];

  it("matches resources to apps by the app's uuid, as in the engine's outputs", async () => {
    const stack = [...changed(rs, "site-app", (r) => (r.props.uuid = appId)), ...other("uuid-other")];
    expect(entry("heroku-web-dyno-redundancy").judge(stack, { minWebQuantity: 2 })).toEqual([
      { status: "passed", resource: "site-dynos-web", value: "2 web dynos" },
      {
        status: "failed",
        resource: "other-dynos-web",
        value: "1 web dynos",
        message: "The web formation must run at least 2 dynos; it runs 1.",
      },
    ]);
    expect(entry("heroku-log-drain").judge(stack, {}).map((f) => [f.status, f.resource])).toEqual([
      ["passed", "site-logs"],
      ["failed", "other-app"],
    ]);
  });

  it("matches by the engine's property dependencies on appId, without reading unknown ids", async () => {
    const site = policyResource(get(rs, "site-app"));
    const [otherApp, otherWeb] = other(UNKNOWN);
    const second = policyResource(otherApp);
    const resources = [
      ...rs.map((r) =>
        "appId" in r.props
          ? policyResource({ ...r, props: { ...r.props, appId: UNKNOWN } }, { propertyDependencies: { appId: [site] } })
          : r.name === "site-app"
            ? site
            : policyResource(r),
      ),
      second,
      policyResource(otherWeb, { propertyDependencies: { appId: [second] } }),
    ];
    const violations: Violation[] = [];
    await stackPolicy("heroku-web-dyno-redundancy").validateStack(stackArgs(resources, { minWebQuantity: 2 }), (m, u) =>
      violations.push({ message: m, urn: u }),
    );
    expect(violations).toEqual([{ message: "The web formation must run at least 2 dynos; it runs 1.", urn: otherWeb.urn }]);
  });
});

describe("the real policy objects", () => {
  it("apply the schema defaults when the engine hands over no config", async () => {
    const single = changed(rs, "site-dynos-web", (r) => (r.props.quantity = 1));
    expect(await validateStack("heroku-web-dyno-redundancy", single, {})).toEqual([
      { message: "The web formation must run at least 2 dynos; it runs 1.", urn: get(rs, "site-dynos-web").urn },
    ]);
  });

  it("let configured values override the defaults", async () => {
    const single = changed(rs, "site-dynos-web", (r) => (r.props.quantity = 1));
    expect(await validateStack("heroku-web-dyno-redundancy", single, { minWebQuantity: 1 })).toEqual([]);
  });

  it("mark a resource policy not applicable to other types", () => {
    const policy = resourcePolicy("heroku-app-supported-stack");
    const validate = [policy.validateResource].flat()[0]!;
    let caught: unknown;
    try {
      validate(resourceArgs(get(rs, "site-db"), {}), () => undefined);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(NotApplicable);
    expect((caught as NotApplicable).reason).toBe("Policy only applies to resources of type 'heroku:app/app:App'");
  });

  it("mark a resource policy not applicable to an add-on that is not Postgres", () => {
    const validate = [resourcePolicy("heroku-postgres-high-availability").validateResource].flat()[0]!;
    const papertrail = resource("heroku:addon/addon:Addon", "logs", { appId, plan: "papertrail:choklad" });
    expect(() => validate(resourceArgs(papertrail, {}), () => undefined)).toThrow(
      new NotApplicable("The stack declares no Heroku Postgres add-on."),
    );
  });

  it("report a resource policy's violation against the resource", async () => {
    const basic = changed(rs, "site-dynos-web", (r) => (r.props.size = "basic"));
    expect((await runPolicy(entry("heroku-professional-dynos"), basic, {})).violations).toEqual([
      {
        message:
          "The web formation must use a professional dyno size (standard-1x, standard-2x, performance-m, " +
          'performance-l, performance-l-ram, performance-xl or performance-2xl); it uses "basic".',
        urn: "urn:pulumi:production::heroku-production::heroku:formation/formation:Formation::site-dynos-web",
      },
    ]);
  });

  it("mark a stack policy not applicable when its judge only skips", async () => {
    const noDomains = rs.filter((r) => r.type !== "heroku:domain/domain:Domain");
    const outcome = await runPolicy(entry("heroku-ssl-custom-domains"), noDomains, {});
    expect(outcome).toEqual({
      violations: [],
      notApplicable: ["The app has no custom domains; its herokuapp.com host is served with Heroku's certificate."],
    });
  });
});
