import * as pulumi from "@pulumi/pulumi";
import * as sentry from "@pulumiverse/sentry";

/** Sentry's platform id for a Django project. */
export const SENTRY_PLATFORM = "python-django";

/** Sentry reads a numeric slug as an id, hence "not only digits"; 50 is the team slug limit and the created team reuses the project slug. */
const SLUG = /^(?![0-9]+$)[a-z0-9_-]{1,50}$/;
const SLUG_RULE = 'a slug of 1 to 50 lowercase letters, digits, "-" or "_", not only digits';

const NOTIFY_EMAIL = "sentry.mail.actions.NotifyEmailAction";
/** Sentry's AlertRuleThresholdType.ABOVE. */
const ABOVE = 0;

/** Minutes a Sentry metric alert can aggregate over (the values the API documents for `timeWindow`). */
export const ERROR_WINDOW_CHOICES = [1, 5, 10, 15, 30, 60, 120, 240, 1440] as const;

export const MONITORING_DEFAULTS = {
  alertTarget: "team",
  errorThreshold: 50,
  errorWindowMinutes: 10,
  newIssueFrequencyMinutes: 30,
  scopeAlertsToEnvironment: true,
} as const;

/** Who the two alerts email. Sentry's email actions address a team or a user by numeric id, never an address. */
export type AlertTarget =
  | { readonly kind: "team"; readonly slug?: string }
  | { readonly kind: "user"; readonly userId: string };

/** The config syntax {@link parseAlertTarget} accepts. */
export const ALERT_TARGET_SYNTAX = "team, team:<team-slug> or user:<numeric-sentry-user-id>";

export type AlertTargetParse = { readonly ok: true; readonly target: AlertTarget } | { readonly ok: false; readonly reason: string };

/**
 * Parses the `sentryAlertTarget` config value: `team` (default: the project's team), `team:<slug>` (another existing
 * team, added to the project) or `user:<id>` (a member, by numeric Sentry user id).
 */
export function parseAlertTarget(value: string | undefined): AlertTargetParse {
  if (value === undefined || value === "team") return { ok: true, target: { kind: "team" } };
  if (value.startsWith("team:")) {
    const slug = value.slice("team:".length);
    return SLUG.test(slug)
      ? { ok: true, target: { kind: "team", slug } }
      : { ok: false, reason: `team:<team-slug>, where the team slug is ${SLUG_RULE}` };
  }
  if (value.startsWith("user:")) {
    const userId = value.slice("user:".length);
    return /^[1-9][0-9]*$/.test(userId)
      ? { ok: true, target: { kind: "user", userId } }
      : { ok: false, reason: "user:<id>, where the id is the member's numeric Sentry user id" };
  }
  if (value.startsWith("email:") || value.includes("@")) {
    return {
      ok: false,
      reason:
        `${ALERT_TARGET_SYNTAX}; Sentry's email alert actions take a team or user id, not an address, ` +
        "and @pulumiverse/sentry 0.0.9 cannot look a user up by address",
    };
  }
  return { ok: false, reason: ALERT_TARGET_SYNTAX };
}

/** Per config key: what is allowed, in words, and the command that fixes a bad value. */
export const MONITORING_CONFIG_KEYS = {
  sentryOrganization: {
    allowed: `the slug of an existing Sentry organization, ${SLUG_RULE}`,
    fix: "pulumi config set sentryOrganization <your-org-slug>",
  },
  sentryTeam: {
    allowed: `the slug of an existing Sentry team, ${SLUG_RULE}`,
    fix: "pulumi config set sentryTeam <existing-team-slug>, or pulumi config rm sentryTeam to create a team",
  },
  sentryProject: {
    allowed: `a Sentry project slug, ${SLUG_RULE}`,
    fix: "pulumi config set sentryProject <project-slug>, or pulumi config rm sentryProject to use the app name",
  },
  sentryAlertTarget: {
    allowed: ALERT_TARGET_SYNTAX,
    fix: "pulumi config set sentryAlertTarget team, or pulumi config set sentryAlertTarget user:<id> (the member's user.id in GET /api/0/organizations/<org>/members/)",
  },
  sentryEnvironment: {
    allowed: 'a Sentry environment name: 1 to 64 characters without "/" or line breaks',
    fix: "pulumi config set sentryEnvironment production, or pulumi config rm sentryEnvironment to use the stack name",
  },
  sentryErrorThreshold: {
    allowed: "a whole number of errors per window, at least 1",
    fix: `pulumi config set sentryErrorThreshold ${MONITORING_DEFAULTS.errorThreshold}`,
  },
  sentryErrorWarningThreshold: {
    allowed: "a whole number of errors per window, at least 1 and below sentryErrorThreshold",
    fix: "pulumi config set sentryErrorWarningThreshold <n>, or pulumi config rm sentryErrorWarningThreshold",
  },
  sentryErrorWindowMinutes: {
    allowed: `one of ${ERROR_WINDOW_CHOICES.join(", ")} (minutes)`,
    fix: `pulumi config set sentryErrorWindowMinutes ${MONITORING_DEFAULTS.errorWindowMinutes}`,
  },
  sentryNewIssueFrequencyMinutes: {
    allowed: "a whole number of minutes from 5 to 43200",
    fix: `pulumi config set sentryNewIssueFrequencyMinutes ${MONITORING_DEFAULTS.newIssueFrequencyMinutes}`,
  },
} as const satisfies Record<string, { allowed: string; fix: string }>;

export type MonitoringConfigKey = keyof typeof MONITORING_CONFIG_KEYS;

/** The monitoring part of the stack config, as plain values (numbers may still be the strings the engine hands over). */
export type RawMonitoringConfig = {
  readonly sentryOrganization?: string;
  readonly sentryTeam?: string;
  readonly sentryProject?: string;
  readonly sentryAlertTarget?: string;
  readonly sentryEnvironment?: string;
  readonly sentryErrorThreshold?: string | number;
  readonly sentryErrorWarningThreshold?: string | number;
  readonly sentryErrorWindowMinutes?: string | number;
  readonly sentryNewIssueFrequencyMinutes?: string | number;
};

function wholeNumber(value: string | number): number | undefined {
  const n = typeof value === "number" ? value : /^\s*-?\d+\s*$/.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(n) ? n : undefined;
}

/**
 * Checks the monitoring config without touching Pulumi; returns one message per problem, each naming the config key,
 * the value, what is allowed and the command that fixes it.
 */
export function validateMonitoringArgs(raw: RawMonitoringConfig): string[] {
  const problems: string[] = [];
  const report = (key: MonitoringConfigKey, value: unknown, allowed: string = MONITORING_CONFIG_KEYS[key].allowed) =>
    problems.push(
      `\`heroku-production:${key}\` is ${value === undefined ? "not set" : JSON.stringify(value)}; ` +
        `allowed: ${allowed}. Fix: ${MONITORING_CONFIG_KEYS[key].fix}`,
    );

  if (raw.sentryOrganization === undefined || !SLUG.test(raw.sentryOrganization)) {
    report("sentryOrganization", raw.sentryOrganization);
  }
  for (const key of ["sentryTeam", "sentryProject"] as const) {
    const value = raw[key];
    if (value !== undefined && !SLUG.test(value)) report(key, value);
  }
  const target = parseAlertTarget(raw.sentryAlertTarget);
  if (!target.ok) report("sentryAlertTarget", raw.sentryAlertTarget, target.reason);

  const env = raw.sentryEnvironment;
  if (env !== undefined && (env.length < 1 || env.length > 64 || /[/\n\r\f]/.test(env))) {
    report("sentryEnvironment", env);
  }

  const number = (key: MonitoringConfigKey, ok: (n: number) => boolean): number | undefined => {
    const value = raw[key as keyof RawMonitoringConfig];
    if (value === undefined) return undefined;
    const n = wholeNumber(value);
    if (n === undefined || !ok(n)) {
      report(key, value);
      return undefined;
    }
    return n;
  };
  const critical =
    raw.sentryErrorThreshold === undefined
      ? MONITORING_DEFAULTS.errorThreshold
      : number("sentryErrorThreshold", (n) => n >= 1);
  // With an invalid critical threshold already reported, only the warning's own range is checked.
  number("sentryErrorWarningThreshold", (n) => n >= 1);
  number("sentryErrorWindowMinutes", (n) => (ERROR_WINDOW_CHOICES as readonly number[]).includes(n));
  number("sentryNewIssueFrequencyMinutes", (n) => n >= 5 && n <= 43200);
  return problems;
}

export interface MonitoringArgs {
  /** Slug of the existing Sentry organization. Caution: the provider cannot move resources to another organization. @default none (required) */
  readonly organization: pulumi.Input<string>;
  /** Slug of an existing team that owns the project; setting it later deletes the created team. @default a new team whose slug is the project slug */
  readonly team?: pulumi.Input<string>;
  /** Project slug, usually the Heroku app name. Caution: a new value renames the project (and a created team) in place. @default none (required) */
  readonly project: pulumi.Input<string>;
  /** Who the alerts email (see {@link parseAlertTarget}); a `team:<slug>` team is added to the project. @default `{ kind: "team" }` */
  readonly alertTarget?: AlertTarget;
  /** The Sentry environment the alerts watch; give the SDK the same value, usually the stack name. @default none (required) */
  readonly environment: pulumi.Input<string>;
  /** Scope both alerts to `environment`; Sentry rejects the scope until the organization has an event in it. @default true */
  readonly scopeAlertsToEnvironment?: boolean;
  /** Errors (error and default events) per window above which the error-rate alert is critical. @default 50 */
  readonly errorThreshold?: pulumi.Input<number>;
  /** Errors per window above which the error-rate alert warns; must be below `errorThreshold`. @default no warning */
  readonly errorWarningThreshold?: pulumi.Input<number>;
  /** Window of the error-rate alert in minutes, one of {@link ERROR_WINDOW_CHOICES}. @default 10 */
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
    // v0.11.2 reads a one-team project back into `team` and clears `teams`, so one team must go in `team` to avoid a perpetual diff.
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
      triggers.push({ label: "warning", thresholdType: ABOVE, alertThreshold: args.errorWarningThreshold, actions: [metricAction] });
    }
    // Sentry's "Number of Errors" alert: count() over error and default (logged error) events; failure_rate() would need transactions.
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
