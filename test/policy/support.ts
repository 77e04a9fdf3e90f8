import type {
  PolicyResource,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import { unknownCheckingProxy } from "@pulumi/policy";
import { expect } from "vitest";
import { judgedResources, type JudgedResource } from "../../lib/policy-resources";
import { CHECKLIST, configDefaults, type ChecklistEntry, type Finding } from "../../policy/checklist";
import { productionConfig, runProgram } from "../support/program";

/** The custom resources of the production stack, as the policies see them. */
export async function productionResources(): Promise<JudgedResource[]> {
  return judgedResources(await runProgram(productionConfig()), "production");
}

export function entry(name: string): ChecklistEntry {
  const found = CHECKLIST.find((e) => e.policy.name === name);
  if (!found) throw new Error(`no policy ${name}`);
  return found;
}

type Mutable = { -readonly [K in keyof JudgedResource]: JudgedResource[K] } & {
  props: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  opts: { protect: boolean };
};

/** A deep copy of the resources with the one named `name` changed by `change`. */
export function changed(
  resources: readonly JudgedResource[],
  name: string,
  change: (resource: Mutable) => void,
): JudgedResource[] {
  const copy = structuredClone(resources) as Mutable[];
  const target = copy.find((r) => r.name === name);
  if (!target) throw new Error(`no resource named ${name}`);
  change(target);
  return copy;
}

export const without = (resources: readonly JudgedResource[], ...names: string[]): JudgedResource[] =>
  structuredClone(resources).filter((r) => !names.includes(r.name));

export function resource(
  type: string,
  name: string,
  props: Record<string, unknown>,
  protect = false,
): JudgedResource {
  return { type, name, urn: `urn:pulumi:production::heroku-production::${type}::${name}`, props, opts: { protect } };
}

export const get = (resources: readonly JudgedResource[], name: string): JudgedResource => {
  const found = resources.find((r) => r.name === name);
  if (!found) throw new Error(`no resource named ${name}`);
  return found;
};

// ---- the real @pulumi/policy objects, called the way the engine calls them ----

export class NotApplicable extends Error {
  constructor(readonly reason: string | undefined) {
    super(reason);
  }
}

const notApplicable = (reason?: string): never => {
  throw new NotApplicable(reason);
};

// isType/asType use their argument, as the engine's do: a class with `__pulumiType`, else `isInstance`.
function isTypeOf(type: string, cls: unknown): boolean {
  const c = cls as { __pulumiType?: string; isInstance?: (o: unknown) => boolean };
  return c.__pulumiType !== undefined ? c.__pulumiType === type : c.isInstance?.({ __pulumiType: type }) === true;
}

/** The options the engine reports for a resource; only `protect` varies here. */
const engineOpts = (r: JudgedResource) => ({
  protect: r.opts.protect,
  ignoreChanges: [],
  aliases: [],
  additionalSecretOutputs: [],
  customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
});

export function resourceArgs(r: JudgedResource, config: Record<string, unknown>): ResourceValidationArgs {
  const props = unknownCheckingProxy(r.props);
  return {
    type: r.type,
    props,
    urn: r.urn,
    name: r.name,
    opts: engineOpts(r),
    stackTags: new Map(),
    isType: (cls) => isTypeOf(r.type, cls),
    asType: (cls) => (isTypeOf(r.type, cls) ? props : undefined),
    getConfig: <T extends object>() => config as T,
    notApplicable,
  } as ResourceValidationArgs;
}

export function policyResource(r: JudgedResource, extra: Partial<PolicyResource> = {}): PolicyResource {
  const props = unknownCheckingProxy(r.props);
  return {
    type: r.type,
    props,
    urn: r.urn,
    name: r.name,
    opts: engineOpts(r),
    dependencies: [],
    propertyDependencies: {},
    isType: (cls) => isTypeOf(r.type, cls),
    asType: (cls) => (isTypeOf(r.type, cls) ? props : undefined),
    ...extra,
  } as PolicyResource;
}

export function stackArgs(resources: readonly PolicyResource[], config: Record<string, unknown>): StackValidationArgs {
  return {
    resources: [...resources],
    stackTags: new Map(),
    getConfig: <T extends object>() => config as T,
    notApplicable,
  };
}

export interface Violation {
  readonly message: string;
  readonly urn: string | undefined;
}

export interface EngineOutcome {
  readonly violations: Violation[];
  readonly notApplicable: (string | undefined)[];
}

const isStackPolicy = (p: ChecklistEntry["policy"]): p is StackValidationPolicy => "validateStack" in p;

/** Runs an entry's real policy over the resources: a stack policy once, a resource policy once per resource. */
export async function runPolicy(
  e: ChecklistEntry,
  resources: readonly JudgedResource[],
  config: Record<string, unknown>,
): Promise<EngineOutcome> {
  const violations: Violation[] = [];
  const skippedReasons: (string | undefined)[] = [];
  const report = (message: string, urn?: string) => violations.push({ message, urn });
  const run = async (validate: () => Promise<void> | void) => {
    try {
      await validate();
    } catch (error) {
      if (!(error instanceof NotApplicable)) throw error;
      skippedReasons.push(error.reason);
    }
  };
  const policy = e.policy;
  if (isStackPolicy(policy)) {
    await run(() => policy.validateStack(stackArgs(resources.map((r) => policyResource(r)), config), report));
  } else {
    const validations = [(policy as ResourceValidationPolicy).validateResource ?? []].flat();
    for (const r of resources) {
      for (const validate of validations) await run(() => validate(resourceArgs(r, config), report));
    }
  }
  return { violations, notApplicable: skippedReasons };
}

/**
 * Judges the resources with the entry's config (defaults under `config`), checks that the real policy reports
 * exactly the failed findings, each against its resource's URN, and returns the findings.
 */
export async function judge(
  name: string,
  resources: readonly JudgedResource[],
  config: Record<string, unknown> = {},
): Promise<Finding[]> {
  const e = entry(name);
  const withDefaults = { ...configDefaults(e.policy), ...config };
  const findings = e.judge(resources, withDefaults);
  const outcome = await runPolicy(e, resources, withDefaults);
  expect(outcome.violations).toEqual(
    findings
      .filter((f) => f.status === "failed")
      .map((f) => ({
        message: f.message,
        urn: f.resource === "stack" ? undefined : resources.find((r) => r.name === f.resource)?.urn,
      })),
  );
  const allSkipped = (fs: readonly Finding[]) => fs.every((f) => f.status === "skipped");
  if (isStackPolicy(e.policy)) {
    expect(outcome.notApplicable).toEqual(allSkipped(findings) ? [findings.map((f) => f.reason).join(" ")] : []);
  } else {
    // A resource policy does not apply to a resource of another type, nor to one its judge skips.
    expect(outcome.notApplicable).toHaveLength(resources.filter((r) => allSkipped(e.judge([r], withDefaults))).length);
  }
  return findings;
}

/** The failed findings' messages. */
export const messages = (findings: readonly Finding[]): (string | undefined)[] =>
  findings.filter((f) => f.status === "failed").map((f) => f.message);
