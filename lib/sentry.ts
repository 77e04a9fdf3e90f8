/** Sentry facts the config and the monitoring component share. */

// Sentry reads an all-digit slug as an id; 50 is the team slug limit, and a created team reuses the project slug.
export const SENTRY_SLUG = /^(?![0-9]+$)[a-z0-9_-]{1,50}$/;
export const SENTRY_SLUG_RULE = 'a slug of 1 to 50 lowercase letters, digits, "-" or "_", not only digits';

/** Metric alert windows in minutes: the choices Sentry offers (its API takes any whole number from 1 to 1440). */
export const ERROR_WINDOW_CHOICES = [1, 5, 10, 15, 30, 60, 120, 240, 1440] as const;

// One project per Heroku app, so the project already isolates the stack: scoping alerts to an environment adds
// nothing, and Sentry refuses the scope until the organization has seen an event in that environment.
export const MONITORING_DEFAULTS = {
  alertTarget: "team",
  errorThreshold: 50,
  errorWindowMinutes: 10,
  newIssueFrequencyMinutes: 30,
  scopeAlertsToEnvironment: false,
} as const;

/** Who the two alerts email. Sentry's email actions address a team or a user by numeric id, never an address. */
export type AlertTarget =
  | { readonly kind: "team"; readonly slug?: string }
  | { readonly kind: "user"; readonly userId: string };

/** The config syntax {@link parseAlertTarget} accepts. */
export const ALERT_TARGET_SYNTAX = "team, team:<team-slug> or user:<numeric-sentry-user-id>";

export type AlertTargetParse =
  | { readonly ok: true; readonly target: AlertTarget }
  | { readonly ok: false; readonly reason: string };

/**
 * Parses the `sentryAlertTarget` config value: `team` (default: the project's team), `team:<slug>` (another existing
 * team, added to the project) or `user:<id>` (by numeric Sentry user id; Sentry requires the user to be in one of the
 * project's teams).
 */
export function parseAlertTarget(value: string | undefined): AlertTargetParse {
  if (value === undefined || value === "team") return { ok: true, target: { kind: "team" } };
  if (value.startsWith("team:")) {
    const slug = value.slice("team:".length);
    return SENTRY_SLUG.test(slug)
      ? { ok: true, target: { kind: "team", slug } }
      : { ok: false, reason: `team:<team-slug>, where the team slug is ${SENTRY_SLUG_RULE}` };
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
        "and the provider's member lookup by address gives a membership id, not the user id the action needs",
    };
  }
  return { ok: false, reason: ALERT_TARGET_SYNTAX };
}
