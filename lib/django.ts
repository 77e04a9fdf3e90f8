/**
 * The environment contract between this program and the Django app (`app/`): the names and values of the plain
 * config vars that make `manage.py check --deploy` pass. `DJANGO_SECRET_KEY` is not here: it is a sensitive var.
 */
export interface DjangoSettingsInput {
  /** Hostnames Django serves: the custom domains and the app's herokuapp.com host. */
  readonly allowedHosts: readonly string[];
  /** `Strict-Transport-Security` max-age, in seconds. */
  readonly hstsSeconds: number;
}

/** One year, the value hstspreload.org asks for. */
export const DEFAULT_HSTS_SECONDS = 31_536_000;

/** Django's own minimum for HSTS to be useful; below it `check --deploy` still passes but the header is weak. */
export const MIN_HSTS_SECONDS = 3_600;

export function djangoConfigVars(input: DjangoSettingsInput): Record<string, string> {
  const hosts = [...new Set(input.allowedHosts)];
  return {
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
