import * as pulumi from "@pulumi/pulumi";
import * as sentry from "../sdks/sentry";
import { MONITORING_DEFAULTS, type AlertTarget } from "../lib/sentry";

/** Sentry's platform id for a Django project. */
export const SENTRY_PLATFORM = "python-django";

/** A metric detector's condition results: the priority of the issue it opens, or 0 to resolve it. */
const HIGH_PRIORITY = 75;
const RESOLVED = 0;

export interface MonitoringArgs {
  /** Slug of the existing Sentry organization. Caution: the provider cannot move resources to another organization. @default none (required) */
  readonly organization: pulumi.Input<string>;
  /** Slug of an existing team that owns the project; setting it later deletes the created team. @default a new team whose slug is the project slug */
  readonly team?: pulumi.Input<string>;
  /** Project slug, usually the Heroku app name. Caution: a new value renames the project (and a created team) in place. @default none (required) */
  readonly project: pulumi.Input<string>;
  /** Who the alerts email (see `parseAlertTarget` in lib/sentry.ts); a `team:<slug>` team is added to the project. @default `{ kind: "team" }` */
  readonly alertTarget?: AlertTarget;
  /** The Sentry environment the alerts watch; give the SDK the same value, usually the stack name. @default none (required) */
  readonly environment: pulumi.Input<string>;
  /** Scope both alerts to `environment`; Sentry rejects the scope until the organization has an event in it. @default false */
  readonly scopeAlertsToEnvironment?: boolean;
  /** Errors (error and default events) per window above which the error-rate alert is critical. @default 50 */
  readonly errorThreshold?: pulumi.Input<number>;
  /** Window of the error-rate alert in minutes, one of `ERROR_WINDOW_CHOICES` in lib/sentry.ts. @default 10 */
  readonly errorWindowMinutes?: pulumi.Input<number>;
  /** Minutes before the new-issue alert may email again about the same issue, 5 to 43200. @default 30 */
  readonly newIssueFrequencyMinutes?: pulumi.Input<number>;
}

/** Sentry caps alert names at 64 characters. */
const alertName = (prefix: string, environment: pulumi.Input<string>) =>
  pulumi.output(environment).apply((env) => `${prefix} (${env})`.slice(0, 64));

/**
 * A Sentry project for the Django app with its client key (DSN), and two alerts in Sentry's Monitors and Alerts:
 * an email on every new issue (the project's issue-stream monitor) and an email when the error count in a window
 * crosses a threshold (a metric monitor). The project is created without Sentry's default alert and key, so
 * nothing emails twice and there is one DSN. The provider authenticates with `sentry:token`, else
 * `SENTRY_AUTH_TOKEN`, else `SENTRY_TOKEN`; pass `providers` in `opts` for another account. Caution: renaming the
 * component replaces the project and key (a new DSN, and a slug clash with the old project); use `aliases`.
 */
export class Monitoring extends pulumi.ComponentResource {
  /** The key's public DSN, as a secret: it goes among the app's sensitive config vars. */
  public readonly dsn: pulumi.Output<string>;
  public readonly projectSlug: pulumi.Output<string>;
  public readonly teamSlug: pulumi.Output<string>;
  public readonly organization: pulumi.Output<string>;

  constructor(name: string, args: MonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
    super("heroku-production:index:Monitoring", name, {}, opts);
    const organization = args.organization;
    const lookupTeamId = (slug: pulumi.Input<string>) =>
      sentry.getTeamOutput({ organization, slug }, { parent: this }).internalId;

    let ownerSlug: pulumi.Output<string>;
    let ownerId: pulumi.Output<string>;
    if (args.team === undefined) {
      const team = new sentry.Team(`${name}-team`, { organization, name: args.project, slug: args.project }, { parent: this });
      ownerSlug = team.slug;
      ownerId = team.internalId;
    } else {
      ownerSlug = pulumi.output(args.team);
      ownerId = lookupTeamId(args.team);
    }

    const target = args.alertTarget ?? { kind: "team" };
    const targetSlug = target.kind === "team" ? target.slug : undefined;
    const project = new sentry.Project(
      `${name}-project`,
      {
        organization,
        name: args.project,
        slug: args.project,
        platform: SENTRY_PLATFORM,
        teams: ownerSlug.apply((owner) => (targetSlug === undefined || targetSlug === owner ? [owner] : [owner, targetSlug])),
        // Sentry would otherwise add an alert for every new issue and a key of its own beside the ones below.
        defaultRules: false,
        defaultKey: false,
      },
      { parent: this },
    );

    const key = new sentry.Key(
      `${name}-key`,
      { organization, project: project.slug, name: pulumi.interpolate`Heroku ${args.environment}` },
      { parent: this },
    );

    const email: sentry.types.input.AlertActionFilterActionEmail =
      target.kind === "user"
        ? { targetType: "user", targetId: target.userId }
        : {
            targetType: "team",
            targetId:
              targetSlug === undefined
                ? ownerId
                : ownerSlug.apply((owner) => (owner === targetSlug ? ownerId : lookupTeamId(targetSlug))),
          };
    const actionFilters = [{ logicType: "any", actions: [{ email }] }];
    const environment =
      args.scopeAlertsToEnvironment ?? MONITORING_DEFAULTS.scopeAlertsToEnvironment ? args.environment : undefined;

    // Every new issue of the project: the issue-stream monitor Sentry makes with each project.
    const issueStream = sentry.getProjectIssueStreamMonitorOutput({ organization, project: project.slug }, { parent: this });
    new sentry.Alert(
      `${name}-new-issue-alert`,
      {
        organization,
        name: alertName("New issue", args.environment),
        environment,
        monitorIds: [issueStream.id],
        frequencyMinutes: args.newIssueFrequencyMinutes ?? MONITORING_DEFAULTS.newIssueFrequencyMinutes,
        triggerConditions: [{ firstSeenEvent: {} }],
        actionFilters,
      },
      { parent: this },
    );

    // Sentry's "Number of Errors": count() of error and default (logged error) events in the window, as a metric
    // detector that opens a high-priority issue above the threshold and resolves it at or below.
    const threshold = args.errorThreshold ?? MONITORING_DEFAULTS.errorThreshold;
    const windowMinutes = pulumi.output(args.errorWindowMinutes ?? MONITORING_DEFAULTS.errorWindowMinutes);
    const errors = new sentry.MetricMonitor(
      `${name}-error-monitor`,
      {
        organization,
        project: project.slug,
        name: alertName("Error spike", args.environment),
        environment,
        dataset: "events",
        eventTypes: ["error", "default"],
        query: "",
        queryType: "error",
        aggregate: "count()",
        timeWindowSeconds: windowMinutes.apply((m) => m * 60),
        issueDetection: { type: "static" },
        conditionGroup: {
          conditions: [
            { type: "gt", comparison: threshold, conditionResult: HIGH_PRIORITY },
            { type: "lte", comparison: threshold, conditionResult: RESOLVED },
          ],
        },
        owner: { teamId: ownerId },
      },
      { parent: this },
    );
    new sentry.Alert(
      `${name}-error-spike-alert`,
      {
        organization,
        name: alertName("Error spike", args.environment),
        environment,
        monitorIds: [errors.id],
        frequencyMinutes: windowMinutes,
        // A spike opens an issue; one that comes back after it resolved reopens it.
        triggerConditions: [{ firstSeenEvent: {} }, { regressionEvent: {} }],
        actionFilters,
      },
      { parent: this },
    );

    // `dsn` is the provider's map; `dsnPublic` its deprecated twin, for a provider that leaves the map empty.
    this.dsn = pulumi.secret(pulumi.all([key.dsn, key.dsnPublic]).apply(([dsn, dsnPublic]) => dsn?.public ?? dsnPublic));
    this.projectSlug = project.slug;
    this.teamSlug = ownerSlug;
    this.organization = pulumi.output(organization);
    this.registerOutputs({
      dsn: this.dsn,
      projectSlug: this.projectSlug,
      teamSlug: this.teamSlug,
      organization: this.organization,
    });
  }
}
