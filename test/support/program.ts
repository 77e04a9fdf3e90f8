import { resolve } from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import { PROJECT } from "../../lib/config";
import { reveal, runOffline, type OfflineRun, type Registration } from "../../lib/offline";
import { readStackConfig, withOfflineDefaults, type StackConfig } from "../../lib/stack-file";

export const REPO = resolve(__dirname, "../..");

export const RELEASE = "0123456789ab";

/** A Django project of another shape than app/: its own settings package, a worker stage, Redis. */
export const SHOP = resolve(__dirname, "../fixtures/shop");

/**
 * The production stack's config (Pulumi.yaml's defaults, then Pulumi.production.yaml), as an offline run sees it,
 * pointed at the test fixture rather than app/: a team that replaces app/ keeps the tests green.
 */
export const productionConfig = (): StackConfig =>
  withConfig(withOfflineDefaults(readStackConfig("production", REPO), RELEASE), {
    appPath: SHOP,
    // The shipped stack promotes from staging; these tests exercise the stack that builds (promotion.test.ts has the other).
    promoteFrom: undefined,
    pipeline: undefined,
  });

/** A copy of a stack config with some project keys changed (`undefined` removes a key). */
export function withConfig(base: StackConfig, changes: Record<string, unknown>, secretKeys: string[] = []): StackConfig {
  const values = { ...base.values };
  for (const [k, v] of Object.entries(changes)) {
    const key = `${PROJECT}:${k}`;
    if (v === undefined) delete values[key];
    else values[key] = typeof v === "string" ? v : JSON.stringify(v);
  }
  return { ...base, values, secretKeys: [...base.secretKeys, ...secretKeys.map((k) => `${PROJECT}:${k}`)] };
}

let runs = 0;
/**
 * Evaluates `index.ts` afresh, so that the program runs again against the mocks set now. Only the program's own
 * module is new each time (a query makes it another module to vitest); the modules it imports are evaluated once per
 * file, as in a real run, where the engine loads the program once.
 */
export const loadProgram = (): Promise<Record<string, unknown>> => import(/* @vite-ignore */ `../../index.ts?run=${++runs}`);

/** Runs `index.ts` afresh under mocks. `observed` collects every registration, even when the run fails. */
export async function runProgram(
  config: StackConfig,
  observed: pulumi.runtime.MockResourceArgs[] = [],
  stackOutputs: Record<string, Record<string, unknown>> = {},
): Promise<OfflineRun> {
  return runOffline(config, loadProgram, (a) => observed.push(a), { stackOutputs });
}

/** Runs a function that builds resources (a component, say) under mocks and returns what it exports. */
export function runComponent(build: () => Record<string, unknown>, stack = "test"): Promise<OfflineRun> {
  return runOffline({ stack, project: PROJECT, values: {}, secretKeys: [] }, async () => build());
}

export function find(run: OfflineRun, type: string, name: string): Registration {
  const r = run.registrations.find((x) => x.type === type && x.name === name);
  if (!r) {
    throw new Error(`no ${type} named ${name}; got ${run.registrations.map((x) => `${x.type}::${x.name}`).join(", ")}`);
  }
  return r;
}

/** Inputs with secrets revealed, for exact comparisons. */
export const plainInputs = (r: Registration) => reveal(r.inputs) as Record<string, unknown>;
