import { DEFAULT_HSTS_SECONDS } from "../facts";
import { describeVar, perApp, showVar, type AppScope } from "../app-scope";
import { failed, passed, stackEntry, type ChecklistEntry, type Finding } from "../core";

// The settings are judged the way the app reads them (app/config/settings.py): values are trimmed, booleans are
// "True"/"False" in any case, and an empty value counts as unset, which means the app's default. DEBUG defaults
// to off, and SSL redirect and the secure cookies default to on while DEBUG is off; so an unset DJANGO_DEBUG
// passes. HSTS defaults to off, so its vars must be set.

const SECTION = "Django deployment checklist";

type Parsed = boolean | "unset" | "invalid";

function parseBool(raw: string | undefined): Parsed {
  const text = (raw ?? "").trim().toLowerCase();
  if (text === "") return "unset";
  if (text === "true") return true;
  if (text === "false") return false;
  return "invalid";
}

function debugIsOff(scope: AppScope): boolean {
  return [false, "unset"].includes(parseBool(scope.configVar("DJANGO_DEBUG")?.value));
}

export const debugOff = stackEntry({
  item: "DEBUG off",
  section: SECTION,
  name: "django-debug-off",
  description: "Checks that Django runs with DEBUG off, so that errors never show tracebacks and settings.",
  remediationSteps:
    'Set DJANGO_DEBUG to "False" (lib/django.ts does), or leave it unset: the app then defaults DEBUG to False.',
  severity: "critical",
  judge: (resources) =>
    perApp(resources, (scope) => {
      const debug = scope.configVar("DJANGO_DEBUG");
      const parsed = parseBool(debug?.value);
      const subject = debug?.resource ?? scope.app;
      if (parsed === "unset") return [passed(subject, "DJANGO_DEBUG unset (the app defaults DEBUG to False)")];
      if (parsed === false) return [passed(subject, showVar("DJANGO_DEBUG", debug))];
      return [
        failed(
          subject,
          showVar("DJANGO_DEBUG", debug),
          `DJANGO_DEBUG must be "False" or unset; it is ${describeVar(debug)}.`,
        ),
      ];
    }),
});

// Django's security.W009: shorter than 50 characters, fewer than 5 distinct ones, or Django's own generated
// development prefix.
const MIN_SECRET_KEY_LENGTH = 50;
const MIN_SECRET_KEY_DISTINCT = 5;
const INSECURE_PREFIX = "django-insecure-";

function keyShape(key: string): { length: number; distinct: number; text: string } {
  const chars = [...key];
  const distinct = new Set(chars).size;
  return { length: chars.length, distinct, text: `${chars.length} characters, ${distinct} distinct` };
}

export const secretKey = stackEntry({
  item: "Secret key",
  section: SECTION,
  name: "django-secret-key",
  description:
    "Checks that DJANGO_SECRET_KEY is a sensitive config var and strong enough for Django's security.W009 check.",
  remediationSteps:
    "Generate DJANGO_SECRET_KEY (a random.RandomPassword of 50 or more characters) and set it among the sensitive " +
    "vars (App `sensitiveConfigVars` or a ConfigAssociation's `sensitiveVars`), never among the plain ones.",
  severity: "critical",
  judge: (resources) =>
    perApp(resources, (scope) => {
      const definitions = scope.definitions("DJANGO_SECRET_KEY");
      const key = definitions.at(-1);
      if (key === undefined || key.value === "") {
        return [
          failed(key?.resource ?? scope.app, "unset", "DJANGO_SECRET_KEY must be set, as a sensitive config var."),
        ];
      }
      const shape = keyShape(key.value);
      const problems: Finding[] = definitions
        .filter((d) => !d.sensitive)
        .map((d) =>
          failed(
            d.resource,
            `${keyShape(d.value).text}, among plain vars`,
            "DJANGO_SECRET_KEY must be a sensitive config var, not a plain one.",
          ),
        );
      if (shape.length < MIN_SECRET_KEY_LENGTH || shape.distinct < MIN_SECRET_KEY_DISTINCT) {
        problems.push(
          failed(
            key.resource,
            shape.text,
            `DJANGO_SECRET_KEY must have at least ${MIN_SECRET_KEY_LENGTH} characters, ${MIN_SECRET_KEY_DISTINCT} of ` +
              `them distinct (Django's security.W009); it has ${shape.text}.`,
          ),
        );
      }
      if (key.value.startsWith(INSECURE_PREFIX)) {
        problems.push(
          failed(
            key.resource,
            shape.text,
            `DJANGO_SECRET_KEY must not start with "${INSECURE_PREFIX}" (Django's security.W009).`,
          ),
        );
      }
      return problems.length > 0 ? problems : [passed(key.resource, shape.text)];
    }),
});

export const allowedHosts = stackEntry({
  item: "Allowed hosts",
  section: SECTION,
  name: "django-allowed-hosts",
  description: "Checks that DJANGO_ALLOWED_HOSTS names the hosts the app serves, without a wildcard.",
  remediationSteps:
    'Set DJANGO_ALLOWED_HOSTS to the comma-separated custom domains and the app\'s herokuapp.com host, never "*" ' +
    "(the DjangoEnvironment component builds it from `domains`).",
  severity: "high",
  judge: (resources) =>
    perApp(resources, (scope) => {
      const hosts = scope.configVar("DJANGO_ALLOWED_HOSTS");
      const list = (hosts?.value ?? "")
        .split(",")
        .map((h) => h.trim())
        .filter((h) => h !== "");
      if (hosts === undefined || list.length === 0) {
        return [
          failed(
            hosts?.resource ?? scope.app,
            showVar("DJANGO_ALLOWED_HOSTS", hosts),
            `DJANGO_ALLOWED_HOSTS must list the hostnames the app serves; it is ${describeVar(hosts)}.`,
          ),
        ];
      }
      if (list.includes("*")) {
        return [
          failed(
            hosts.resource,
            showVar("DJANGO_ALLOWED_HOSTS", hosts),
            'DJANGO_ALLOWED_HOSTS must not contain "*"; it must list the hostnames the app serves.',
          ),
        ];
      }
      return [passed(hosts.resource, showVar("DJANGO_ALLOWED_HOSTS", hosts))];
    }),
});

/** A boolean the app turns on by default while DEBUG is off. */
function onUnlessDebug(scope: AppScope, name: string): Finding {
  const v = scope.configVar(name);
  const parsed = parseBool(v?.value);
  const subject = v?.resource ?? scope.app;
  if (parsed === true) return passed(subject, showVar(name, v));
  if (parsed === "unset" && debugIsOff(scope)) return passed(subject, `${name} unset (on, since DEBUG is off)`);
  if (parsed === "unset") {
    return failed(
      subject,
      showVar(name, v),
      `${name} must be "True"; it is ${describeVar(v)}, and the app turns it on by default only while DEBUG is off.`,
    );
  }
  return failed(subject, showVar(name, v), `${name} must be "True"; it is ${describeVar(v)}.`);
}

/** A boolean the app leaves off unless it is set. */
function setTrue(scope: AppScope, name: string): Finding {
  const v = scope.configVar(name);
  const subject = v?.resource ?? scope.app;
  return parseBool(v?.value) === true
    ? passed(subject, showVar(name, v))
    : failed(subject, showVar(name, v), `${name} must be "True"; it is ${describeVar(v)}.`);
}

export const sslRedirect = stackEntry({
  item: "SSL redirect",
  section: SECTION,
  name: "django-ssl-redirect",
  description: "Checks that Django redirects every plain http request to https.",
  remediationSteps: 'Set DJANGO_SECURE_SSL_REDIRECT to "True" (lib/django.ts does).',
  severity: "high",
  judge: (resources) => perApp(resources, (scope) => [onUnlessDebug(scope, "DJANGO_SECURE_SSL_REDIRECT")]),
});

export const hsts = stackEntry({
  item: "HSTS",
  section: SECTION,
  name: "django-hsts",
  description: "Checks that Django sends a long-lived HSTS header that covers subdomains and allows preloading.",
  remediationSteps:
    "Set DJANGO_SECURE_HSTS_SECONDS to at least `minHstsSeconds` (the `hstsSeconds` config key; one year by " +
    'default) and DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS and DJANGO_SECURE_HSTS_PRELOAD to "True".',
  severity: "medium",
  configSchema: {
    properties: {
      minHstsSeconds: {
        type: "integer",
        minimum: 0,
        default: DEFAULT_HSTS_SECONDS,
        description: "The shortest HSTS max-age allowed, in seconds.",
      },
    },
  },
  judge: (resources, config) => {
    const min = Number(config.minHstsSeconds);
    return perApp(resources, (scope) => {
      const seconds = scope.configVar("DJANGO_SECURE_HSTS_SECONDS");
      const raw = (seconds?.value ?? "").trim();
      const ok = /^\d+$/.test(raw) && Number(raw) >= min;
      const subject = seconds?.resource ?? scope.app;
      const shown = showVar("DJANGO_SECURE_HSTS_SECONDS", seconds);
      const maxAge =
        ok
          ? passed(subject, shown)
          : failed(
              subject,
              shown,
              `DJANGO_SECURE_HSTS_SECONDS must be at least ${min}; it is ${describeVar(seconds)}` +
                (raw === "" ? ", which turns HSTS off." : "."),
            );
      return [
        maxAge,
        setTrue(scope, "DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS"),
        setTrue(scope, "DJANGO_SECURE_HSTS_PRELOAD"),
      ];
    });
  },
});

export const secureCookies = stackEntry({
  item: "Secure cookies",
  section: SECTION,
  name: "django-secure-cookies",
  description:
    "Checks that Django marks its session and CSRF cookies secure, so that browsers send them only over https.",
  remediationSteps: 'Set DJANGO_SESSION_COOKIE_SECURE and DJANGO_CSRF_COOKIE_SECURE to "True" (lib/django.ts does).',
  severity: "high",
  judge: (resources) =>
    perApp(resources, (scope) => [
      onUnlessDebug(scope, "DJANGO_SESSION_COOKIE_SECURE"),
      onUnlessDebug(scope, "DJANGO_CSRF_COOKIE_SECURE"),
    ]),
});

export const DJANGO_CHECKS: readonly ChecklistEntry[] = [
  debugOff,
  secretKey,
  allowedHosts,
  sslRedirect,
  hsts,
  secureCookies,
];
