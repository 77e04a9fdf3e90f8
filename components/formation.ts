import * as pulumi from "@pulumi/pulumi";
import { DYNO_SIZES, PROFESSIONAL_DYNO_SIZES } from "../lib/catalog";
import * as heroku from "../sdks/heroku";

export interface ProcessArgs {
  /** A dyno size, such as `standard-2x`. */
  readonly size: string;
  /** How many dynos run this process type. */
  readonly quantity: number;
}

export interface DynoFormationArgs {
  /** The app's id. Caution: changing it replaces every formation. */
  readonly appId: pulumi.Input<string>;
  /** Process type → size and quantity. `web` is required. @default none */
  readonly processes: Readonly<Record<string, ProcessArgs>>;
  /** Refuse hobby sizes and a single web dyno (Heroku's production checklist). @default true */
  readonly enforceChecklist?: boolean;
}

/** Checks sizes and quantities; returns one message per problem, naming the argument and the fix. */
export function validateFormationArgs(args: Pick<DynoFormationArgs, "processes" | "enforceChecklist">): string[] {
  const problems: string[] = [];
  const enforce = args.enforceChecklist ?? true;
  if (!Object.prototype.hasOwnProperty.call(args.processes, "web")) {
    problems.push("`processes` has no web. Add it: Heroku routes HTTP only to web dynos.");
  }
  for (const [type, proc] of Object.entries(args.processes)) {
    const min = type === "web" ? (enforce ? 2 : 1) : 0;
    if (!Object.prototype.hasOwnProperty.call(DYNO_SIZES, proc.size)) {
      problems.push(`\`processes.${type}.size\` is "${proc.size}", which is not a dyno size. Use one of ${Object.keys(DYNO_SIZES).join(", ")}.`);
    } else if (enforce && !DYNO_SIZES[proc.size].professional) {
      problems.push(
        `\`processes.${type}.size\` is "${proc.size}", which is not a professional dyno size. Use one of ${PROFESSIONAL_DYNO_SIZES.join(", ")}.`,
      );
    }
    if (!Number.isInteger(proc.quantity) || proc.quantity < min) {
      problems.push(`\`processes.${type}.quantity\` is ${proc.quantity}. Use a whole number of ${min} or more.`);
    }
  }
  return problems;
}

/** The app's dyno formation: one Formation per process type. */
export class DynoFormation extends pulumi.ComponentResource {
  public readonly formations: Record<string, heroku.formation.Formation>;

  constructor(name: string, args: DynoFormationArgs, opts?: pulumi.ComponentResourceOptions) {
    // Validate before super(): a bad argument must not register anything.
    const problems = validateFormationArgs(args);
    if (problems.length > 0) throw new Error(`DynoFormation ${name}: ${problems.join(" ")}`);
    super("heroku-production:index:DynoFormation", name, {}, opts);

    this.formations = Object.fromEntries(
      Object.entries(args.processes).map(([type, proc]) => [
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
