import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { DEFAULT_HSTS_SECONDS, djangoConfigVars } from "../lib/django";
import * as heroku from "../sdks/heroku";

/** Django's `check --deploy` asks for 50 or more characters; more costs nothing. */
export const SECRET_KEY_LENGTH = 64;

export interface DjangoEnvironmentArgs {
  /** The app's id. */
  readonly appId: pulumi.Input<string>;
  /** Hostnames Django serves: the custom domains and the app's herokuapp.com host. */
  readonly allowedHosts: pulumi.Input<pulumi.Input<string>[]>;
  /** HSTS max-age in seconds. @default `31536000` (one year) */
  readonly hstsSeconds?: pulumi.Input<number>;
  /** `DJANGO_SETTINGS_MODULE`: the team's settings module. */
  readonly settingsModule: string;
}

/**
 * The config vars the Django app reads (see `lib/django.ts`): DEBUG off, allowed hosts, SSL redirect, HSTS and
 * secure cookies as plain vars, and a generated `DJANGO_SECRET_KEY` as a sensitive var. They live in a config
 * association because the allowed hosts include the app's own hostname, which exists only once the app does.
 */
export class DjangoEnvironment extends pulumi.ComponentResource {
  public readonly secretKey: random.RandomPassword;
  public readonly config: heroku.app.ConfigAssociation;
  /** The plain vars. */
  public readonly vars: pulumi.Output<Record<string, string>>;

  constructor(name: string, args: DjangoEnvironmentArgs, opts?: pulumi.ComponentResourceOptions) {
    super("heroku-production:index:DjangoEnvironment", name, {}, opts);

    // Replacing the key logs every user out, so nothing in its inputs may change with a deploy.
    this.secretKey = new random.RandomPassword(
      `${name}-secret-key`,
      { length: SECRET_KEY_LENGTH, special: true, overrideSpecial: "!#%*()-_=+[]{}:?" },
      { parent: this },
    );
    // Built key by key so that only the host-derived values are unknown during a preview of a new app, and
    // policies can judge the rest.
    const hstsSeconds = args.hstsSeconds ?? DEFAULT_HSTS_SECONDS;
    const fixed = djangoConfigVars({ allowedHosts: [], hstsSeconds: 0, settingsModule: args.settingsModule });
    const fromHosts = pulumi
      .all([args.allowedHosts, hstsSeconds])
      .apply(([allowedHosts, seconds]) => djangoConfigVars({ allowedHosts, hstsSeconds: seconds, settingsModule: args.settingsModule }));
    const perKey: Record<string, pulumi.Input<string>> = Object.fromEntries(
      Object.entries(fixed).map(([key, value]) =>
        ["DJANGO_ALLOWED_HOSTS", "DJANGO_CSRF_TRUSTED_ORIGINS", "DJANGO_SECURE_HSTS_SECONDS"].includes(key)
          ? [key, fromHosts.apply((vars) => vars[key])]
          : [key, value],
      ),
    );
    this.vars = pulumi.output(perKey);
    this.config = new heroku.app.ConfigAssociation(
      name,
      {
        appId: args.appId,
        vars: perKey,
        sensitiveVars: { DJANGO_SECRET_KEY: pulumi.secret(this.secretKey.result) },
      },
      { parent: this },
    );
    this.registerOutputs({ vars: this.vars });
  }
}
