import * as pulumi from "@pulumi/pulumi";
import { DYNO_SIZES, PROFESSIONAL_DYNO_SIZES } from "../lib/catalog";
import * as heroku from "../sdks/heroku";

export interface ProcessArgs {
  /** A professional dyno size, such as `standard-2x`. */
  readonly size: string;
  /** How many dynos run this process type. */
  readonly quantity: number;
}

export interface DynoFormationArgs {
  /** The app's id. Caution: changing it replaces every formation. */
  readonly appId: pulumi.Input<string>;
  /** Web dynos. @default none: `web` is required, with a quantity of 2 or more. */
  readonly web: ProcessArgs;
  /** Worker dynos. @default no worker */
  readonly worker?: ProcessArgs;
  /** Refuse hobby sizes and a single web dyno (Heroku's production checklist). @default true */
  readonly enforceChecklist?: boolean;
}

/** Checks sizes and quantities; returns one message per problem, naming the argument and the fix. */
export function validateFormationArgs(args: Pick<DynoFormationArgs, "web" | "worker" | "enforceChecklist">): string[] {
  const problems: string[] = [];
  const enforce = args.enforceChecklist ?? true;
  const processes: [string, ProcessArgs | undefined, number][] = [
    ["web", args.web, enforce ? 2 : 1],
    ["worker", args.worker, 1],
  ];
  for (const [type, proc, min] of processes) {
    if (!proc) continue;
    if (!enforce && !DYNO_SIZES[proc.size]) {
      problems.push(
        `\`${type}.size\` is "${proc.size}", which is not a dyno size. Use one of ${Object.keys(DYNO_SIZES).join(", ")}.`,
      );
    } else if (enforce && !DYNO_SIZES[proc.size]?.professional) {
      problems.push(
        `\`${type}.size\` is "${proc.size}", which is not a professional dyno size. ` +
          `Use one of ${PROFESSIONAL_DYNO_SIZES.join(", ")}.`,
      );
    }
    if (!Number.isInteger(proc.quantity) || proc.quantity < min) {
      problems.push(`\`${type}.quantity\` is ${proc.quantity}. Use a whole number of ${min} or more.`);
    }
  }
  return problems;
}

/** The app's dyno formation: web, and optionally worker, on professional dynos. */
export class DynoFormation extends pulumi.ComponentResource {
  public readonly formations: Record<string, heroku.formation.Formation>;

  constructor(name: string, args: DynoFormationArgs, opts?: pulumi.ComponentResourceOptions) {
    // Validate before super(): a bad argument must not register anything.
    const problems = validateFormationArgs(args);
    if (problems.length > 0) throw new Error(`DynoFormation ${name}: ${problems.join(" ")}`);
    super("heroku-production:index:DynoFormation", name, {}, opts);

    const processes: Record<string, ProcessArgs> = { web: args.web, ...(args.worker ? { worker: args.worker } : {}) };
    this.formations = Object.fromEntries(
      Object.entries(processes).map(([type, proc]) => [
        type,
        new heroku.formation.Formation(
          `${name}-${type}`,
          { appId: args.appId, type, size: proc.size, quantity: proc.quantity },
          { parent: this },
        ),
      ]),
    );
    this.registerOutputs({ formations: this.formations });
  }
}
