import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join, sep } from "node:path";
import * as grpc from "@grpc/grpc-js";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as proto from "@pulumi/pulumi/proto/analyzer_pb";
import * as pulumi from "@pulumi/pulumi";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JudgedResource } from "../../lib/policy-resources";
import { CHECKLIST, configDefaults } from "../../policy/checklist";
import { sources } from "../../scripts/launch.cjs";
import { REPO } from "../support/program";
import { tsNodeCacheDir } from "../support/ts-node-cache";
import { changed, productionResources } from "./support";

// The pack as the Pulumi CLI runs it: @pulumi/pulumi's run-policy-pack host, from policy/, compiling the
// TypeScript with Pulumi's ts-node and policy/tsconfig.json (type-checked), then served over gRPC. The tests
// talk to it as the engine does.

const POLICY_DIR = join(REPO, "policy");
/** What ts-node's type check of the pack reads: its sources (the launcher's list), its config and the lockfiles. */
const PACK_INPUTS = [
  ...sources().filter((f) => f.startsWith(`policy${sep}`)),
  ...["tsconfig.json", "package.json", "package-lock.json"].map((f) => join("policy", f)),
  "package-lock.json",
];
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const LEVEL = { advisory: proto.EnforcementLevel.ADVISORY, mandatory: proto.EnforcementLevel.MANDATORY } as const;

let pack: ChildProcess;
let client: AnalyzerClient;
let rs: JudgedResource[];

function serve(): Promise<number> {
  const pulumiDir = dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [POLICY_DIR] }));
  pack = spawn(process.execPath, [join(pulumiDir, "cmd/run-policy-pack/index.js"), "127.0.0.1:0", "."], {
    cwd: POLICY_DIR,
    // ts-node keeps what it compiled only while the pack and its packages are unchanged (see tsNodeCacheDir).
    env: { ...process.env, TS_NODE_CACHE_DIRECTORY: tsNodeCacheDir("policy-pack", REPO, PACK_INPUTS) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    pack.stdout!.on("data", (d) => {
      out += d;
      const port = /^(\d+)\s*$/m.exec(out)?.[1];
      if (port) resolve(Number(port));
    });
    pack.stderr!.on("data", (d) => (err += d));
    pack.on("exit", (code) => reject(new Error(`policy pack exited with ${code}: ${err}`)));
  });
}

const call = <Req, Res>(method: (req: Req, cb: (e: grpc.ServiceError | null, r: Res) => void) => unknown, req: Req) =>
  new Promise<Res>((resolve, reject) => method.call(client, req, (e, r) => (e ? reject(e) : resolve(r))));

/** Props as the engine sends them: sensitive values as secrets. */
function wireProps(r: JudgedResource): Struct {
  const props = structuredClone(r.props) as Record<string, unknown>;
  for (const key of ["sensitiveVars", "sensitiveConfigVars", "sensitiveUrl"]) {
    if (props[key] !== undefined) {
      props[key] = { [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig, value: props[key] };
    }
  }
  return Struct.fromJavaScript(props as Parameters<typeof Struct.fromJavaScript>[0]);
}

const options = (r: JudgedResource) => new proto.AnalyzerResourceOptions().setProtect(r.opts.protect);

interface Diagnostic {
  policy: string;
  message: string;
  urn: string;
  level: proto.EnforcementLevel;
}

const toDiagnostics = (res: proto.AnalyzeResponse): Diagnostic[] =>
  res.getDiagnosticsList().map((d) => ({
    policy: d.getPolicyname(),
    message: d.getMessage(),
    urn: d.getUrn(),
    level: d.getEnforcementlevel(),
  }));

/** Every policy's diagnostics: the resource policies per resource, then the stack policies once. */
async function analyze(resources: readonly JudgedResource[]): Promise<Diagnostic[]> {
  const perResource: Diagnostic[] = [];
  for (const r of resources) {
    const req = new proto.AnalyzeRequest()
      .setType(r.type)
      .setName(r.name)
      .setUrn(r.urn)
      .setProperties(wireProps(r))
      .setOptions(options(r));
    perResource.push(...toDiagnostics(await call(client.analyze, req)));
  }
  const stack = new proto.AnalyzeStackRequest().setResourcesList(
    resources.map((r) =>
      new proto.AnalyzerResource()
        .setType(r.type)
        .setName(r.name)
        .setUrn(r.urn)
        .setProperties(wireProps(r))
        .setOptions(options(r)),
    ),
  );
  return [...perResource, ...toDiagnostics(await call(client.analyzeStack, stack))];
}

/** What the CLI sends after reconciling a --policy-pack-config file with the schema defaults. */
async function configure(file: string) {
  const given = JSON.parse(readFileSync(join(POLICY_DIR, "config", file), "utf8")) as Record<string, unknown>;
  const req = new proto.ConfigureAnalyzerRequest();
  for (const { policy } of CHECKLIST) {
    const own = (given[policy.name] ?? {}) as Record<string, unknown>;
    const { enforcementLevel, ...settings } = typeof own === "string" ? { enforcementLevel: own } : own;
    const level = (enforcementLevel ?? given.all ?? "advisory") as keyof typeof LEVEL;
    req.getPolicyconfigMap().set(
      policy.name,
      new proto.PolicyConfig()
        .setEnforcementlevel(LEVEL[level])
        .setProperties(Struct.fromJavaScript({ ...configDefaults(policy), ...settings } as Parameters<typeof Struct.fromJavaScript>[0])),
    );
  }
  await call(client.configure, req);
}

/** The judges' failures, as the served pack should report them. */
function expected(resources: readonly JudgedResource[], level: proto.EnforcementLevel, config: Record<string, Record<string, unknown>> = {}) {
  const urn = (name: string) => resources.find((r) => r.name === name)?.urn ?? "";
  const sorted = (ds: Diagnostic[]) => ds.sort((a, b) => (a.policy + a.message < b.policy + b.message ? -1 : 1));
  return sorted(
    CHECKLIST.flatMap((e) =>
      e
        .judge(resources, { ...configDefaults(e.policy), ...config[e.policy.name] })
        .filter((f) => f.status === "failed")
        // The SDK puts the policy's description above the violation message, as the CLI prints it.
        .map((f) => ({ policy: e.policy.name, message: `${e.policy.description}\n${f.message}`, urn: urn(f.resource), level })),
    ),
  );
}
const sortedDiagnostics = async (resources: readonly JudgedResource[]) =>
  (await analyze(resources)).sort((a, b) => (a.policy + a.message < b.policy + b.message ? -1 : 1));

beforeAll(async () => {
  const [port, resources] = await Promise.all([serve(), productionResources()]);
  rs = resources;
  client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
}, 120_000);

afterAll(() => {
  client?.close();
  pack?.removeAllListeners("exit");
  pack?.kill();
});

describe("the pack served the way the Pulumi CLI runs it", () => {
  it("describes the whole checklist, advisory by default", async () => {
    const info = await call<Empty, proto.AnalyzerInfo>(client.getAnalyzerInfo, new Empty());
    expect([info.getName(), info.getVersion(), info.getSupportsconfig()]).toEqual(["heroku-production", "0.1.0", true]);
    expect(
      info.getPoliciesList().map((p) => [p.getName(), p.getDisplayname(), p.getEnforcementlevel(), p.getRemediationSteps()]),
    ).toEqual(
      CHECKLIST.map((e) => [e.policy.name, e.item, proto.EnforcementLevel.ADVISORY, e.policy.remediationSteps]),
    );
    const schemas = info
      .getPoliciesList()
      .filter((p) => p.hasConfigschema())
      .map((p) => [p.getName(), p.getConfigschema()!.getProperties()!.toJavaScript()]);
    expect(schemas).toEqual([
      ["heroku-web-dyno-redundancy", CHECKLIST[2].policy.configSchema!.properties],
      ["django-hsts", CHECKLIST[14].policy.configSchema!.properties],
    ]);
  });

  it("reports nothing on the production stack under production.json", async () => {
    await configure("production.json");
    expect(await analyze(rs)).toEqual([]);
  });

  it("reports exactly the judges' failures, as mandatory, under production.json", async () => {
    await configure("production.json");
    const broken = changed(
      changed(
        changed(changed(rs, "site-dynos-web", (r) => (r.props.quantity = 1)), "site-db", (r) => (r.opts.protect = false)),
        "site-django",
        (r) => {
          r.props.vars.DJANGO_DEBUG = "True";
          r.props.sensitiveVars.DJANGO_SECRET_KEY = "short";
        },
      ),
      "site-app",
      (r) => (r.props.stack = "heroku-20"),
    );
    const diagnostics = await sortedDiagnostics(broken);
    expect(diagnostics.map((d) => d.policy)).toEqual([
      "django-debug-off",
      "django-secret-key",
      "heroku-app-supported-stack",
      "heroku-postgres-protected",
      "heroku-web-dyno-redundancy",
    ]);
    expect(diagnostics).toEqual(expected(broken, proto.EnforcementLevel.MANDATORY));
  });

  it("relaxes the thresholds and enforcement under staging.json", async () => {
    await configure("staging.json");
    const staging = changed(
      changed(rs, "site-dynos-web", (r) => (r.props.quantity = 1)),
      "site-django",
      (r) => (r.props.vars.DJANGO_SECURE_HSTS_SECONDS = "3600"),
    );
    expect(await analyze(staging)).toEqual([]);
    const debug = changed(staging, "site-django", (r) => (r.props.vars.DJANGO_DEBUG = "True"));
    expect(await sortedDiagnostics(debug)).toEqual(
      expected(debug, proto.EnforcementLevel.ADVISORY, {
        "heroku-web-dyno-redundancy": { minWebQuantity: 1 },
        "django-hsts": { minHstsSeconds: 3600 },
      }),
    );
    expect((await analyze(debug)).map((d) => d.message)).toEqual([
      'Checks that Django runs with DEBUG off, so that errors never show tracebacks and settings.\n' +
        'DJANGO_DEBUG must be "False" or unset; it is "True".',
    ]);
  });

  it("reports the policies it cannot run during a preview as advisory, and runs the rest", async () => {
    await configure("production.json");
    const preview = changed(rs, "site-django", (r) => (r.props.vars.DJANGO_ALLOWED_HOSTS = UNKNOWN));
    const cannotRun = (policy: string) => ({
      policy,
      message:
        `can't run policy '${policy}' from policy pack 'heroku-production@v0.1.0' during preview: ` +
        "string value at .vars.DJANGO_ALLOWED_HOSTS can't be known during preview",
      urn: "",
      level: proto.EnforcementLevel.ADVISORY,
    });
    expect(await analyze(preview)).toEqual([
      cannotRun("heroku-no-plain-secret-config-vars"),
      cannotRun("django-allowed-hosts"),
    ]);
  });
});
