import { reveal, type OfflineRun } from "./offline";

/**
 * The part of `@pulumi/policy`'s `PolicyResource` the checklist judges. Props are the resource's inputs with secrets
 * unwrapped, as the engine hands them to a policy pack.
 */
export interface JudgedResource {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  readonly props: Record<string, unknown>;
  readonly opts: { readonly protect: boolean };
}

/** The custom resources of an offline run, shaped as a policy pack sees them. */
export function judgedResources(run: OfflineRun, stack: string): JudgedResource[] {
  return run.registrations
    .filter((r) => r.custom)
    .map((r) => ({
      type: r.type,
      name: r.name,
      urn: `urn:pulumi:${stack}::${run.project}::${r.type}::${r.name}`,
      props: reveal(r.inputs) as Record<string, unknown>,
      opts: { protect: r.opts.protect ?? false },
    }));
}
