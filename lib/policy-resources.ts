import { reveal, type OfflineRun } from "./offline";

import type { JudgedResource } from "../policy/facts";

export type { JudgedResource };

/** The custom resources of an offline run, shaped as a policy pack sees them. */
export function judgedResources(run: Pick<OfflineRun, "project" | "registrations">, stack: string): JudgedResource[] {
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
