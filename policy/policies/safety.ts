import { ofType, perApp, plainVarsOf, stringProp } from "../app-scope";
import { failed, passed, resourceEntry, skipped, stackEntry, type ChecklistEntry, type Finding } from "../core";
import { ADDON, APP, CONFIG_ASSOCIATION, CONTAINER_RELEASE, FEATURE, FORMATION } from "../tokens";
import { NO_POSTGRES, postgresAddons } from "./heroku";

const SECTION = "Safety";

const SENSITIVE = "a sensitive config var, not a plain one";
const SECRET_NAME = /(?:^|_)(?:KEY|SECRET|TOKEN|DSN)$|(?:^|_)SECRET_|PASSWORD|PASSWD|(?:^|_)DATABASE_URL$/i;
// scheme://user:password@ (the user may be empty, as in redis://:password@host).
const URL_WITH_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^\s/?#@:]*:[^\s/?#@]+@/i;
const PRIVATE_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;

/** Why a plain config var looks like a secret, or undefined. Judges the name first, then the value. */
export function secretLooking(name: string, value: string): string | undefined {
  if (SECRET_NAME.test(name)) return "by its name";
  if (URL_WITH_PASSWORD.test(value.trim())) return "a URL with a password";
  if (PRIVATE_KEY.test(value)) return "a private key";
  return undefined;
}

export const noPlainSecrets = resourceEntry({
  item: "No secrets in plain config vars",
  section: SECTION,
  name: "heroku-no-plain-secret-config-vars",
  description:
    "Checks that no plain config var holds what looks like a secret, since plain vars show in previews and state.",
  remediationSteps:
    "Move the var to the sensitive ones (App `sensitiveConfigVars` or a ConfigAssociation's `sensitiveVars`), " +
    "feed it from `pulumi config set --secret`, and rotate the value if it was ever deployed as a plain var.",
  severity: "critical",
  types: [APP, CONFIG_ASSOCIATION],
  judge: (resources) => {
    const holders = resources.filter((r) => r.type === APP || r.type === CONFIG_ASSOCIATION);
    if (holders.length === 0) {
      return [skipped("stack", "no config vars", "The stack declares no Heroku app or config association.")];
    }
    return holders.flatMap((r): Finding[] => {
      const vars = plainVarsOf(r);
      const problems = vars.flatMap(([name, value]) => {
        const why = secretLooking(name, String(value));
        return why === undefined
          ? []
          : [failed(r, name, `${name} looks like a secret (${why}) and must be ${SENSITIVE}.`)];
      });
      const count = `${vars.length} plain var${vars.length === 1 ? "" : "s"}`;
      return problems.length > 0 ? problems : [passed(r, `${count}, none secret-looking`)];
    });
  },
});

export const databaseProtected = resourceEntry({
  item: "Database protected",
  section: SECTION,
  name: "heroku-postgres-protected",
  description:
    "Checks that each data add-on (Heroku Postgres, Redis or Kafka) is protected, so that no update or destroy can delete its data.",
  remediationSteps:
    "Give the add-on the `protect: true` resource option (and `retainOnDelete: true`); remove protection only on " +
    "purpose, after a backup, with `pulumi state unprotect`.",
  severity: "critical",
  types: [ADDON],
  judge: (resources) => {
    const dbs = postgresAddons(resources).map((d) => d.addon);
    const others = ofType(resources, ADDON).filter((a) => /^heroku-(redis|kafka):/.test(stringProp(a.props, "plan") ?? ""));
    if (dbs.length === 0 && others.length === 0) return [skipped("stack", "no Heroku Postgres add-on", NO_POSTGRES)];
    return [...dbs, ...others].map((addon) => {
      const service = (stringProp(addon.props, "plan") ?? "").split(":")[0];
      const what = service === "heroku-postgresql" ? "Heroku Postgres" : service;
      return addon.opts.protect
        ? passed(addon, "protect: true")
        : failed(addon, "protect: false", `The ${what} add-on must be protected (protect: true).`);
    });
  },
});

const BY_DIGEST = /@sha256:[0-9a-f]{64}$/;

export const imagesByDigest = resourceEntry({
  item: "Images released by digest",
  section: SECTION,
  name: "heroku-images-by-digest",
  description: "Checks that the container release names every image by its sha256 digest, never by a movable tag.",
  remediationSteps:
    "Pass each image's `repoDigest` (`<registry>/<app>/<process>@sha256:…`) to the ContainerRelease, as AppImages' " +
    "`references` does, instead of `imageName`.",
  severity: "medium",
  types: [CONTAINER_RELEASE],
  judge: (resources) => {
    const releases = ofType(resources, CONTAINER_RELEASE);
    if (releases.length === 0) {
      const reason = "The stack releases no container images (no ContainerRelease).";
      return [skipped("stack", "no container release", reason)];
    }
    return releases.flatMap((release): Finding[] => {
      const images = release.props.images;
      const entries =
        typeof images === "object" && images !== null ? Object.entries(images as Record<string, unknown>) : [];
      if (entries.length === 0) {
        return [failed(release, "no images", "The container release must list its images, each by digest.")];
      }
      return entries
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([process, ref]) => {
          const value = `${process}: ${String(ref)}`;
          return typeof ref === "string" && BY_DIGEST.test(ref)
            ? passed(release, value)
            : failed(
                release,
                value,
                `The ${process} image must be released by digest (…@sha256:<64 hex digits>), ` +
                  `not ${JSON.stringify(ref)}.`,
              );
        });
    });
  },
});

export const preboot = stackEntry({
  item: "Preboot",
  section: SECTION,
  name: "heroku-preboot",
  description:
    "Checks that the app has preboot on, so that deploys and restarts start new web dynos before stopping old ones.",
  remediationSteps:
    'Enable the app feature "preboot" (a heroku.app.Feature; the HerokuApp component does by default).',
  severity: "medium",
  judge: (resources) =>
    perApp(resources, (scope) => {
      // Heroku offers preboot only to apps on professional dynos.
      const web = scope.ofType(FORMATION).filter((f) => stringProp(f.props, "type") === "web");
      const size = web.map((f) => (stringProp(f.props, "size") ?? "").toLowerCase()).find((s) => s !== "");
      if (size === "eco" || size === "basic") {
        return [skipped(scope.app, `web on ${size}`, `Preboot is not applicable: Heroku offers it only on professional dynos, and web runs on ${size}.`)];
      }
      const features = scope.ofType(FEATURE).filter((f) => stringProp(f.props, "name") === "preboot");
      if (features.length === 0) {
        return [failed(scope.app, "no preboot feature", 'The app must enable the "preboot" feature.')];
      }
      return features.map((f) => {
        // The provider turns a feature on when `enabled` is unset.
        const enabled = f.props.enabled;
        if (enabled === false) return failed(f, "disabled", 'The "preboot" feature must be enabled (enabled: true).');
        return passed(f, enabled === undefined ? "enabled (the provider's default)" : "enabled");
      });
    }),
});

export const SAFETY_CHECKS: readonly ChecklistEntry[] = [noPlainSecrets, databaseProtected, imagesByDigest, preboot];
