import * as pulumi from "@pulumi/pulumi";
import * as sentry from "@pulumiverse/sentry";
import { MONITORING_DEFAULTS, type AlertTarget } from "../lib/sentry";

/** Sentry's platform id for a Django project. */
export const SENTRY_PLATFORM = "python-django";

const NOTIFY_EMAIL = "sentry.mail.actions.NotifyEmailAction";
/** Sentry's AlertRuleThresholdType.ABOVE. */
const ABOVE = 0;

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
  /** Errors per window above which the error-rate alert warns; must be below `errorThreshold`. @default no warning */
  readonly errorWarningThreshold?: pulumi.Input<number>;
  /** Window of the error-rate alert in minutes, one of `ERROR_WINDOW_CHOICES` in lib/sentry.ts. @default 10 */
  readonly errorWindowMinutes?: pulumi.Input<number>;
  /** Minutes before the new-issue alert may email again about the same issue, 5 to 43200. @default 30 */
  readonly newIssueFrequencyMinutes?: pulumi.Input<number>;
}

/** Sentry caps alert rule names at 64 characters. */
const alertName = (prefix: string, environment: pulumi.Input<string>) =>
  pulumi.output(environment).apply((env) => `${prefix} (${env})`.slice(0, 64));

/**
 * A Sentry project for the Django app with its client key (DSN), an email on every new issue and an email when the
 * error count in a window spikes. The provider authenticates with the `sentry:token` secret or `SENTRY_TOKEN`;
 * pass `providers` in `opts` for another account. Caution: renaming the component replaces the project and key (a
 * new DSN, and a slug clash with the old project); use `aliases`.
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
      sentry.getSentryTeamOutput({ organization, slug }, { parent: this }).internalId;

    let ownerSlug: pulumi.Output<string>;
    let ownerId: pulumi.Output<string>;
    if (args.team === undefined) {
      const team = new sentry.SentryTeam(
        `${name}-team`,
        { organization, name: args.project, slug: args.project },
        { parent: this },
      );
      ownerSlug = team.slug;
      ownerId = team.internalId;
    } else {
      ownerSlug = pulumi.output(args.team);
      ownerId = lookupTeamId(args.team);
    }

    const target = args.alertTarget ?? { kind: "team" };
    const targetSlug = target.kind === "team" ? target.slug : undefined;
    const projectTeams = ownerSlug.apply((owner) =>
      targetSlug === undefined || targetSlug === owner ? [owner] : [owner, targetSlug],
    );
    // The provider reads a one-team project back into `team` and clears `teams`: one team in `teams` would never
    // stop diffing. The casts carry an undefined that the engine drops from the inputs.
    const project = new sentry.SentryProject(
      `${name}-project`,
      {
        organization,
        name: args.project,
        slug: args.project,
        platform: SENTRY_PLATFORM,
        team: projectTeams.apply((t) => (t.length === 1 ? t[0] : undefined)) as pulumi.Output<string>,
        teams: projectTeams.apply((t) => (t.length > 1 ? t : undefined)) as pulumi.Output<string[]>,
      },
      { parent: this },
    );

    const key = new sentry.SentryKey(
      `${name}-key`,
      { organization, project: project.slug, name: pulumi.interpolate`Heroku ${args.environment}` },
      { parent: this },
    );

    let issueAction: pulumi.Input<Record<string, pulumi.Input<string>>>;
    let metricAction: sentry.types.input.SentryMetricAlertTriggerAction;
    if (target.kind === "user") {
      issueAction = { id: NOTIFY_EMAIL, targetType: "Member", targetIdentifier: target.userId };
      metricAction = { type: "email", targetType: "user", targetIdentifier: target.userId };
    } else {
      const teamId =
        targetSlug === undefined
          ? ownerId
          : ownerSlug.apply((owner) => (owner === targetSlug ? ownerId : lookupTeamId(targetSlug)));
      issueAction = { id: NOTIFY_EMAIL, targetType: "Team", targetIdentifier: teamId };
      metricAction = { type: "email", targetType: "team", targetIdentifier: teamId };
    }
    const environment =
      args.scopeAlertsToEnvironment ?? MONITORING_DEFAULTS.scopeAlertsToEnvironment ? args.environment : undefined;

    new sentry.SentryIssueAlert(
      `${name}-new-issue-alert`,
      {
        organization,
        project: project.slug,
        name: alertName("New issue", args.environment),
        environment,
        actionMatch: "any",
        filterMatch: "all",
        frequency: args.newIssueFrequencyMinutes ?? MONITORING_DEFAULTS.newIssueFrequencyMinutes,
        conditions: [{ id: "sentry.rules.conditions.first_seen_event.FirstSeenEventCondition" }],
        actions: [issueAction],
      },
      { parent: this },
    );

    const triggers: sentry.types.input.SentryMetricAlertTrigger[] = [
      {
        label: "critical",
        thresholdType: ABOVE,
        alertThreshold: args.errorThreshold ?? MONITORING_DEFAULTS.errorThreshold,
        actions: [metricAction],
      },
    ];
    if (args.errorWarningThreshold !== undefined) {
      triggers.push({
        label: "warning",
        thresholdType: ABOVE,
        alertThreshold: args.errorWarningThreshold,
        actions: [metricAction],
      });
    }
    // Sentry's "Number of Errors" alert type: count() of error and default (logged error) events. failure_rate() would
    // need performance transactions, which the app may not send.
    new sentry.SentryMetricAlert(
      `${name}-error-rate-alert`,
      {
        organization,
        project: project.slug,
        name: alertName("Error spike", args.environment),
        environment,
        dataset: "events",
        eventTypes: ["error", "default"],
        query: "",
        aggregate: "count()",
        timeWindow: args.errorWindowMinutes ?? MONITORING_DEFAULTS.errorWindowMinutes,
        thresholdType: ABOVE,
        triggers,
      },
      { parent: this },
    );

    this.dsn = pulumi.secret(key.dsnPublic);
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
