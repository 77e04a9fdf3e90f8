import * as pulumi from "@pulumi/pulumi";
import { estimateMonthlyCost, type CostEstimate } from "../lib/catalog";
import type { EnvironmentConfig } from "../lib/config";
import * as heroku from "../sdks/heroku";
import { HerokuApp } from "./app";
import { ContainerRelease } from "./container-release";
import { CustomDomains } from "./domains";
import { DjangoEnvironment } from "./django-environment";
import { DynoFormation } from "./formation";
import { AcmActivation } from "./acm";
import { Addons } from "./addons";
import { ImageCopy } from "./image-copy";
import { AppImages } from "./images";
import { LogDrain } from "./log-drain";
import { Monitoring } from "./monitoring";
import { Postgres } from "./postgres";

/** The validated stack config (see `lib/config.ts` for each field and its default), plus what is not config. */
export interface ProductionEnvironmentArgs extends EnvironmentConfig {
  /** The Heroku API key, used as the registry password. Keep it secret. */
  readonly apiKey: pulumi.Input<string>;
  /** Sentry's environment name, `SENTRY_ENVIRONMENT`. @default the stack name */
  readonly environment?: string;
}

/**
 * A production Heroku environment for a Django app: the app on professional dynos, highly available Postgres,
 * custom domains with ACM, error and maintenance pages, a log drain and Django's secure settings.
 */
export class ProductionEnvironment extends pulumi.ComponentResource {
  public readonly app: HerokuApp;
  public readonly database: Postgres;
  /** Further add-ons (`addons`): Redis, Kafka, the Scheduler… */
  public readonly addons: Addons;
  public readonly formation: DynoFormation;
  public readonly domains: CustomDomains;
  public readonly django: DjangoEnvironment;
  public readonly logDrain: LogDrain | undefined;
  public readonly monitoring: Monitoring;
  /** The images built here; undefined when the stack promotes another's. */
  public readonly images: AppImages | undefined;
  /** The source stack's images copied here by digest, when the stack promotes (`promoteFrom`). */
  public readonly promoted: ImageCopy | undefined;
  /** The pipeline coupling, when `pipeline` is set. */
  public readonly coupling: heroku.pipeline.Coupling | undefined;
  /** Process type → the image released, by manifest digest: what a stack that promotes from this one copies. */
  public readonly releasedImageRefs: pulumi.Output<Record<string, string>>;
  /** SENTRY_DSN and SENTRY_ENVIRONMENT on the app; SENTRY_RELEASE is a build argument of the images. */
  public readonly releaseConfig: heroku.app.ConfigAssociation;
  /** Turns on ACM once the dynos run; undefined without custom domains. */
  public readonly acm: AcmActivation | undefined;
  /** Releases the pushed images; the release image runs as Heroku's release phase (migrations). */
  public readonly release: ContainerRelease;
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
        errorPage: args.errorPage,
        maintenancePage: args.maintenancePage,
        configVars: args.configVars,
        sensitiveConfigVars: pulumi.secret(args.secretConfigVars),
        protect: !args.allowDestroy,
      },
      parent,
    );
    const appId = this.app.appId;

    this.database = new Postgres(
      `${name}-db`,
      { appId, plan: args.postgresPlan, enforceChecklist: args.enforceChecklist, protect: !args.allowDestroy },
      parent,
    );
    this.addons = new Addons(`${name}-addons`, { appId, addons: args.addons, protect: !args.allowDestroy }, parent);
    if (args.pipeline !== undefined) {
      // A name creates the pipeline (the production stack); an id joins one another stack created.
      const pipelineId =
        args.pipeline.id ?? new heroku.pipeline.Pipeline(`${name}-pipeline`, { name: args.pipeline.name }, parent).id;
      this.coupling = new heroku.pipeline.Coupling(`${name}-coupling`, { appId, pipeline: pipelineId, stage: args.pipeline.stage }, parent);
    }
    this.domains = new CustomDomains(`${name}-domains`, { appId, hostnames: args.domains }, parent);
    this.django = new DjangoEnvironment(
      `${name}-django`,
      {
        appId,
        allowedHosts: this.app.herokuHostname.apply((host) => [...args.domains, host]),
        hstsSeconds: args.hstsSeconds,
        settingsModule: args.app.settingsModule,
      },
      parent,
    );
    this.logDrain = args.logDrain
      ? new LogDrain(`${name}-logs`, { appId, url: args.logDrain.url, sensitive: args.logDrain.sensitive }, parent)
      : undefined;
    const environment = args.environment ?? pulumi.getStack();
    this.monitoring = new Monitoring(
      `${name}-monitoring`,
      {
        organization: args.sentry.organization,
        team: args.sentry.team,
        project: args.sentry.project,
        alertTarget: args.sentry.alertTarget,
        environment,
        errorThreshold: args.sentry.errorThreshold,
        errorWindowMinutes: args.sentry.errorWindowMinutes,
        newIssueFrequencyMinutes: args.sentry.newIssueFrequencyMinutes,
      },
      parent,
    );
    this.releaseConfig = new heroku.app.ConfigAssociation(
      `${name}-release-config`,
      {
        appId,
        // SENTRY_RELEASE is baked into the images (a build argument): a config var that changed with every commit
        // would make a config release first, restarting every dyno and running the old image's release phase.
        vars: { SENTRY_ENVIRONMENT: environment },
        sensitiveVars: { SENTRY_DSN: this.monitoring.dsn },
      },
      parent,
    );
    let references: pulumi.Output<{ web: string } & Record<string, string>>;
    if (args.promoteFrom !== undefined) {
      // What was tested is what ships: the source stack's released images, copied by digest, never rebuilt.
      const sourceName = args.promoteFrom.includes("/")
        ? args.promoteFrom
        : `${pulumi.getOrganization()}/${pulumi.getProject()}/${args.promoteFrom}`;
      const source = new pulumi.StackReference(`${name}-source`, { name: sourceName }, parent);
      this.promoted = new ImageCopy(
        `${name}-promoted-images`,
        {
          appName: this.app.name,
          images: source.requireOutput("releasedImageRefs") as pulumi.Output<Record<string, string>>,
          sourceStatus: source.requireOutput("releaseStatus") as pulumi.Output<string>,
        },
        { parent: this, dependsOn: [this.app] },
      );
      references = this.promoted.references as pulumi.Output<{ web: string } & Record<string, string>>;
    } else {
      this.images = new AppImages(
        `${name}-images`,
        {
          appName: this.app.name,
          version: args.releaseVersion,
          processes: [...Object.keys(args.processes), "release"],
          context: args.app.path,
          dockerfile: args.app.dockerfile,
          buildArgs: { SENTRY_RELEASE: args.releaseVersion },
          apiKey: args.apiKey,
        },
        parent,
      );
      references = this.images.references;
    }

    // The release phase migrates the database, so the release waits for it and for every config var; the formation
    // waits for the release, since Heroku cannot scale a process type that no release defines yet.
    this.release = new ContainerRelease(
      `${name}-release`,
      {
        appName: this.app.name,
        images: references,
        timeoutSeconds: args.releaseTimeoutMinutes * 60,
        ...(args.maintenanceDuringRelease ? { maintenance: true } : {}),
      },
      {
        parent: this,
        dependsOn: [this.database, this.addons, this.django, this.releaseConfig, ...this.app.features],
      },
    );
    this.formation = new DynoFormation(
      `${name}-dynos`,
      { appId, processes: args.processes, enforceChecklist: args.enforceChecklist },
      { parent: this, dependsOn: [this.release] },
    );
    // After the formation: Heroku refuses ACM on a personal app until it runs paid dynos.
    this.acm =
      args.domains.length > 0
        ? new AcmActivation(
            `${name}-acm`,
            { appName: this.app.name },
            { parent: this, dependsOn: [this.formation, this.domains] },
          )
        : undefined;

    this.cost = estimateMonthlyCost({
      formation: Object.entries(args.processes).map(([type, p]) => ({ type, ...p })),
      postgresPlan: args.postgresPlan,
      addons: args.addons,
    });
    this.releasedImageRefs = pulumi.all([references, this.release.id]).apply(([refs]) => refs);
    this.appName = this.app.name;
    this.webUrl = this.app.webUrl;
    this.dnsTargets = this.domains.dnsTargets;
    this.registerOutputs({
      appName: this.appName,
      webUrl: this.webUrl,
      dnsTargets: this.dnsTargets,
      monthlyCostUsd: this.cost.totalUsdPerMonth,
      releaseVersion: this.release.releaseVersion,
    });
  }
}
