import * as pulumi from "@pulumi/pulumi";
import type { UrlConfig } from "../lib/config";
import * as heroku from "../sdks/heroku";

/** App features every production app gets: zero-downtime deploys and dyno metadata for error reports. */
export const DEFAULT_APP_FEATURES = ["preboot", "runtime-dyno-metadata"] as const;

export interface HerokuAppArgs {
  /** The app's name on Heroku, unique across Heroku. Renaming is done in place. */
  readonly appName: pulumi.Input<string>;
  /** `us` or `eu`. Caution: changing it replaces the app, and Heroku deletes an app's add-ons with it. */
  readonly region: pulumi.Input<string>;
  /** The Heroku Team that owns the app. @default a personal app. Caution: changing it replaces the app. */
  readonly team?: pulumi.Input<string>;
  /** The app's stack. @default `"container"`: the program releases Docker images. */
  readonly stack?: pulumi.Input<string>;
  /** The page Heroku's router shows for platform errors (H10, H12…). Must be https. A sensitive URL stays secret. */
  readonly errorPage: UrlConfig;
  /** The page Heroku's router shows while the app is in maintenance mode. Must be https. */
  readonly maintenancePage: UrlConfig;
  /** Plain config vars. @default `{}` */
  readonly configVars?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** Config vars kept secret in state and in the preview. @default `{}` */
  readonly sensitiveConfigVars?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** App features to enable. @default `["preboot", "runtime-dyno-metadata"]` */
  readonly features?: readonly string[];
  /** Protect the app and retain it on delete. Only a throwaway stack turns it off. @default true */
  readonly protect?: boolean;
}

/**
 * A Heroku app on the container stack with custom error and maintenance pages (ACM comes later: AcmActivation),
 * and preboot. The app is protected and retained on delete: deleting it would delete its database with it.
 */
export class HerokuApp extends pulumi.ComponentResource {
  public readonly app: heroku.app.App;
  public readonly features: heroku.app.Feature[];
  public readonly appId: pulumi.Output<string>;
  public readonly name: pulumi.Output<string>;
  public readonly herokuHostname: pulumi.Output<string>;
  public readonly webUrl: pulumi.Output<string>;

  constructor(name: string, args: HerokuAppArgs, opts?: pulumi.ComponentResourceOptions) {
    super("heroku-production:index:HerokuApp", name, {}, opts);
    // A page URL set with --secret is a sensitive var: it may carry a signed query or a token.
    const pages = (sensitive: boolean) =>
      Object.fromEntries(
        (
          [
            ["ERROR_PAGE_URL", args.errorPage],
            ["MAINTENANCE_PAGE_URL", args.maintenancePage],
          ] as const
        )
          .filter(([, page]) => page.sensitive === sensitive)
          .map(([name, page]) => [name, page.url]),
      );

    this.app = new heroku.app.App(
      name,
      {
        name: args.appName,
        region: args.region,
        stack: args.stack ?? "container",
        // No `acm` here: Heroku refuses ACM on a personal app before it runs paid dynos, and the provider applies
        // the flag at creation. AcmActivation turns it on after the formation; `acm` being Optional+Computed in
        // the provider, leaving it out never turns it off.
        organization: args.team === undefined ? undefined : { name: args.team },
        configVars: pulumi.output(args.configVars ?? {}).apply((vars) => ({ ...vars, ...pages(false) })),
        sensitiveConfigVars: pulumi
          .secret(args.sensitiveConfigVars ?? {})
          .apply((vars) => ({ ...vars, ...pages(true) })),
      },
      // Heroku deletes an app's add-ons with the app: neither a delete nor a replacement may reach it.
      { parent: this, ...(args.protect === false ? {} : { protect: true, retainOnDelete: true }) },
    );

    this.features = (args.features ?? DEFAULT_APP_FEATURES).map(
      (feature) =>
        new heroku.app.Feature(
          `${name}-${feature}`,
          { appId: this.app.id, name: feature, enabled: true },
          { parent: this },
        ),
    );

    this.appId = this.app.id;
    this.name = this.app.name;
    this.herokuHostname = this.app.herokuHostname;
    this.webUrl = this.app.webUrl;
    this.registerOutputs({
      appId: this.appId,
      name: this.name,
      herokuHostname: this.herokuHostname,
      webUrl: this.webUrl,
    });
  }
}
