import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_POSTGRES_PLAN, POSTGRES_PLANS } from "../lib/catalog";
import * as heroku from "../sdks/heroku";

export interface PostgresArgs {
  /** The app's id. Caution: a new app id would replace the database; `protect` stops that. */
  readonly appId: pulumi.Input<string>;
  /**
   * The Heroku Postgres plan, without the `heroku-postgresql:` prefix. Changing it upgrades the database in place
   * (Heroku's `addons:upgrade`), except from an essential plan, which needs `pg:copy`. @default `"premium-0"`
   */
  readonly plan?: string;
  /** Refuse plans without a high-availability standby (Heroku's production checklist). @default true */
  readonly enforceChecklist?: boolean;
  /** Protect the database and retain it on delete. Only a throwaway stack turns it off. @default true */
  readonly protect?: boolean;
}

/** Checks the plan; returns one message per problem, naming the argument and the fix. */
export function validatePostgresArgs(args: Pick<PostgresArgs, "plan" | "enforceChecklist">): string[] {
  const plan = args.plan ?? DEFAULT_POSTGRES_PLAN;
  const known = POSTGRES_PLANS[plan];
  if (!known) return [`\`plan\` is "${plan}", which is not a Heroku Postgres plan. Use premium-0 or larger.`];
  if (!known.highAvailability && (args.enforceChecklist ?? true)) {
    return [`\`plan\` is "${plan}", a ${known.tier} plan without a standby. Use a premium, private or shield plan.`];
  }
  return [];
}

/**
 * A highly available Heroku Postgres database, attached as `DATABASE_URL`. It is protected and retained on delete,
 * and sets no add-on `config`: the provider replaces the database when `config` or the app id change.
 */
export class Postgres extends pulumi.ComponentResource {
  public readonly addon: heroku.addon.Addon;
  public readonly addonName: pulumi.Output<string>;
  public readonly plan: pulumi.Output<string>;

  constructor(name: string, args: PostgresArgs, opts?: pulumi.ComponentResourceOptions) {
    // Validate before super(): a bad argument must not register anything.
    const problems = validatePostgresArgs(args);
    if (problems.length > 0) throw new Error(`Postgres ${name}: ${problems.join(" ")}`);
    super("heroku-production:index:Postgres", name, {}, opts);

    this.addon = new heroku.addon.Addon(
      name,
      { appId: args.appId, plan: `heroku-postgresql:${args.plan ?? DEFAULT_POSTGRES_PLAN}` },
      { parent: this, ...(args.protect === false ? {} : { protect: true, retainOnDelete: true }) },
    );
    this.addonName = this.addon.name;
    this.plan = this.addon.plan;
    this.registerOutputs({ addonName: this.addonName, plan: this.plan });
  }
}
