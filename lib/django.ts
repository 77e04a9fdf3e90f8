/**
 * The environment contract between this program and the Django app (`app/`): the names and values of the plain
 * config vars that make `manage.py check --deploy` pass. `DJANGO_SECRET_KEY` is not here: it is a sensitive var.
 */
export interface DjangoSettingsInput {
  /** Hostnames Django serves: the custom domains and the app's herokuapp.com host. */
  readonly allowedHosts: readonly string[];
  /** `Strict-Transport-Security` max-age, in seconds. */
  readonly hstsSeconds: number;
  /** `DJANGO_SETTINGS_MODULE`, the team's settings. */
  readonly settingsModule: string;
}

export { DEFAULT_HSTS_SECONDS } from "../policy/facts";

/** Django's own minimum for HSTS to be useful; below it `check --deploy` still passes but the header is weak. */
export const MIN_HSTS_SECONDS = 3_600;

export function djangoConfigVars(input: DjangoSettingsInput): Record<string, string> {
  const hosts = [...new Set(input.allowedHosts)];
  return {
    DJANGO_SETTINGS_MODULE: input.settingsModule,
    DJANGO_DEBUG: "False",
    DJANGO_ALLOWED_HOSTS: hosts.join(","),
    DJANGO_CSRF_TRUSTED_ORIGINS: hosts.map((h) => `https://${h}`).join(","),
    DJANGO_SECURE_SSL_REDIRECT: "True",
    DJANGO_SECURE_HSTS_SECONDS: String(input.hstsSeconds),
    DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS: "True",
    DJANGO_SECURE_HSTS_PRELOAD: "True",
    DJANGO_SESSION_COOKIE_SECURE: "True",
    DJANGO_CSRF_COOKIE_SECURE: "True",
  };
}

/** Config vars the program sets itself; the team's `configVars` and `secretConfigVars` may not name them. */
export const PROGRAM_CONFIG_VARS: readonly string[] = [
  ...Object.keys(djangoConfigVars({ allowedHosts: [], hstsSeconds: 0, settingsModule: "x" })),
  "DJANGO_SECRET_KEY",
  "SENTRY_DSN",
  "SENTRY_ENVIRONMENT",
  "SENTRY_RELEASE",
  "ERROR_PAGE_URL",
  "MAINTENANCE_PAGE_URL",
  "PORT",
];
