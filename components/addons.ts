import * as pulumi from "@pulumi/pulumi";
import { isDataAddon, splitAddonPlan } from "../lib/catalog";
import * as heroku from "../sdks/heroku";

export interface AddonsArgs {
  /** The app's id. Caution: a new app id would replace every add-on; data add-ons are protected against that. */
  readonly appId: pulumi.Input<string>;
  /**
   * Add-ons as `service:plan`, one per service, such as `heroku-redis:premium-0`. Changing a plan upgrades in place.
   * Caution: removing a data add-on (Postgres, Redis, Kafka) from the list is refused while it is protected.
   * @default `[]`
   */
  readonly addons: readonly string[];
  /** Protect data add-ons and retain them on delete. Only a throwaway stack turns it off. @default true */
  readonly protect?: boolean;
}

/**
 * The app's further add-ons. Data add-ons are protected and retained on delete, and none sets `config`, the input
 * the provider replaces an add-on for.
 */
export class Addons extends pulumi.ComponentResource {
  /** Service → add-on. */
  public readonly addons: Record<string, heroku.addon.Addon>;

  constructor(name: string, args: AddonsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("heroku-production:index:Addons", name, {}, opts);
    this.addons = Object.fromEntries(
      args.addons.map((id) => {
        const { service } = splitAddonPlan(id);
        const data = isDataAddon(service) && args.protect !== false;
        return [
          service,
          new heroku.addon.Addon(
            `${name}-${service}`,
            { appId: args.appId, plan: id },
            { parent: this, ...(data ? { protect: true, retainOnDelete: true } : {}) },
          ),
        ];
      }),
    );
    this.registerOutputs({});
  }
}
