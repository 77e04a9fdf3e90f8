import type {
  PolicyConfigSchema,
  ReportViolation,
  ResourceValidationPolicy,
  Severity,
  StackValidationPolicy,
} from "@pulumi/policy";
import type { JudgedResource } from "./facts";

export type Status = "passed" | "failed" | "skipped";

export interface Finding {
  readonly status: Status;
  /** The judged resource's name (e.g. "site-app"), or "stack" when none applies. */
  readonly resource: string;
  /** What was judged, printable. Never a secret value. */
  readonly value: string;
  /** When failed: the violation message, saying what must be true. */
  readonly message?: string;
  /** When skipped: why. */
  readonly reason?: string;
}

export type Section = "Heroku production check" | "Django deployment checklist" | "Safety";

export type Judge = (resources: readonly JudgedResource[], config: Record<string, unknown>) => Finding[];

export interface ChecklistEntry {
  /** Short title, e.g. "Dyno redundancy". */
  readonly item: string;
  readonly section: Section;
  readonly policy: ResourceValidationPolicy | StackValidationPolicy;
  /**
   * Pure: judges the whole stack's resources with the policy's config (defaults applied). The policy's own
   * validateResource/validateStack is built on this same function, so the engine and the offline check agree.
   */
  readonly judge: Judge;
}

/** The `default` of every property in a policy's config schema. */
export function configDefaults(policy: {
  configSchema?: { properties?: Record<string, { default?: unknown }> };
}): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(policy.configSchema?.properties ?? {})
      .filter(([, schema]) => schema.default !== undefined)
      .map(([key, schema]) => [key, schema.default]),
  );
}

/** A judged resource, or the stack as a whole when no resource applies. */
export type Subject = JudgedResource | "stack";

// The URN a violation is reported against. Kept beside the findings rather than on them: the Finding shape is the
// offline check's contract, and resource names alone are not unique across types.
const urns = new WeakMap<Finding, string>();

function finding(status: Status, subject: Subject, value: string, extra: Partial<Finding>): Finding {
  const result: Finding = { status, resource: subject === "stack" ? "stack" : subject.name, value, ...extra };
  if (subject !== "stack") urns.set(result, subject.urn);
  return result;
}

export const passed = (subject: Subject, value: string): Finding => finding("passed", subject, value, {});
export const failed = (subject: Subject, value: string, message: string): Finding =>
  finding("failed", subject, value, { message });
export const skipped = (subject: Subject, value: string, reason: string): Finding =>
  finding("skipped", subject, value, { reason });

/** Reports each failed finding; when every finding is a skip, the policy did not apply. */
function report(findings: readonly Finding[], notApplicable: (reason?: string) => never, violation: ReportViolation) {
  for (const f of findings) {
    if (f.status === "failed") violation(f.message ?? f.value, urns.get(f));
  }
  if (findings.length > 0 && findings.every((f) => f.status === "skipped")) {
    notApplicable(findings.map((f) => f.reason).join(" "));
  }
}

interface EntrySpec {
  readonly item: string;
  readonly section: Section;
  readonly name: string;
  readonly description: string;
  readonly remediationSteps: string;
  readonly severity: Severity;
  readonly configSchema?: PolicyConfigSchema;
  /** Receives the config with the schema's defaults under whatever was configured. */
  readonly judge: Judge;
}

function withDefaults(spec: EntrySpec): Judge {
  const defaults = configDefaults(spec);
  return (resources, config) => spec.judge(resources, { ...defaults, ...config });
}

function metadata(spec: EntrySpec) {
  return {
    name: spec.name,
    displayName: spec.item,
    description: spec.description,
    remediationSteps: spec.remediationSteps,
    severity: spec.severity,
    ...(spec.configSchema ? { configSchema: spec.configSchema } : {}),
  };
}

/** A rule across the stack's resources (absence included): a stack policy. */
export function stackEntry(spec: EntrySpec): ChecklistEntry {
  const judge = withDefaults(spec);
  const policy: StackValidationPolicy = {
    ...metadata(spec),
    validateStack: (args, violation) =>
      report(judge(args.resources, args.getConfig<Record<string, unknown>>()), args.notApplicable, violation),
  };
  return { item: spec.item, section: spec.section, policy, judge };
}

/**
 * A rule about single resources of the given types: a resource policy. Its judge must return only skips when no
 * such resource exists, since the engine never calls a resource policy for a resource that is not there.
 */
export function resourceEntry(spec: EntrySpec & { readonly types: readonly string[] }): ChecklistEntry {
  const judge = withDefaults(spec);
  const policy: ResourceValidationPolicy = {
    ...metadata(spec),
    validateResource: (args, violation) => {
      if (!spec.types.includes(args.type)) {
        args.notApplicable(`Policy only applies to resources of type ${spec.types.map((t) => `'${t}'`).join(" or ")}`);
      }
      const resource: JudgedResource = {
        type: args.type,
        name: args.name,
        urn: args.urn,
        props: args.props,
        opts: { protect: args.opts.protect },
      };
      report(judge([resource], args.getConfig<Record<string, unknown>>()), args.notApplicable, violation);
    },
  };
  return { item: spec.item, section: spec.section, policy, judge };
}
