import * as pulumi from "@pulumi/pulumi";
import { estimateMonthlyCost, type CostEstimate } from "../lib/catalog";
import type { EnvironmentConfig } from "../lib/config";
import { HerokuApp } from "./app";
import { CustomDomains } from "./domains";
import { DjangoEnvironment } from "./django-environment";
import { DynoFormation } from "./formation";
import { LogDrain } from "./log-drain";
import { Postgres } from "./postgres";

/** The validated stack config (see `lib/config.ts` for each field and its default). */
export type ProductionEnvironmentArgs = EnvironmentConfig;

/**
 * A production Heroku environment for a Django app: the app on professional dynos, highly available Postgres,
 * custom domains with ACM, error and maintenance pages, a log drain and Django's secure settings.
 */
export class ProductionEnvironment extends pulumi.ComponentResource {
  public readonly app: HerokuApp;
  public readonly database: Postgres;
  public readonly formation: DynoFormation;
  public readonly domains: CustomDomains;
  public readonly django: DjangoEnvironment;
  public readonly logDrain: LogDrain | undefined;
  public readonly appName: pulumi.Output<string>;
  public readonly webUrl: pulumi.Output<string>;
  /** Hostname → DNS target to create at your DNS host. */
  public readonly dnsTargets: pulumi.Output<Record<string, string>>;
  /** List prices for a full month, from `lib/catalog.ts`. */
  public readonly cost: CostEstimate;

  constructor(name: string, args: ProductionEnvironmentArgs, opts?: pulumi.ComponentResourceOptions) {
    super("heroku-production:index:ProductionEnvironment", name, {}, opts);
    const parent = { parent: this };

    this.app = new HerokuApp(
      `${name}-app`,
      {
        appName: args.appName,
        region: args.region,
        team: args.team,
        errorPageUrl: args.errorPageUrl,
        maintenancePageUrl: args.maintenancePageUrl,
      },
      parent,
    );
    const appId = this.app.appId;

    this.database = new Postgres(`${name}-db`, { appId, plan: args.postgresPlan }, parent);
    this.domains = new CustomDomains(`${name}-domains`, { appId, hostnames: args.domains }, parent);
    this.django = new DjangoEnvironment(
      `${name}-django`,
      {
        appId,
        allowedHosts: this.app.herokuHostname.apply((host) => [...args.domains, host]),
        hstsSeconds: args.hstsSeconds,
      },
      parent,
    );
    this.logDrain = args.logDrain
      ? new LogDrain(`${name}-logs`, { appId, url: args.logDrain.url, sensitive: args.logDrain.sensitive }, parent)
      : undefined;
    this.formation = new DynoFormation(`${name}-dynos`, { appId, web: args.web, worker: args.worker }, parent);

    this.cost = estimateMonthlyCost({
      formation: [
        { type: "web", ...args.web },
        ...(args.worker ? [{ type: "worker", ...args.worker }] : []),
      ],
      postgresPlan: args.postgresPlan,
    });
    this.appName = this.app.name;
    this.webUrl = this.app.webUrl;
    this.dnsTargets = this.domains.dnsTargets;
    this.registerOutputs({
      appName: this.appName,
      webUrl: this.webUrl,
      dnsTargets: this.dnsTargets,
      monthlyCostUsd: this.cost.totalUsdPerMonth,
    });
  }
}
