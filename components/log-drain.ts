import * as pulumi from "@pulumi/pulumi";
import * as heroku from "../sdks/heroku";

export interface LogDrainArgs {
  /** The app's id. Caution: changing it replaces the drain. */
  readonly appId: pulumi.Input<string>;
  /** Where logs go: `syslog+tls://host:port` or `https://…`. Caution: changing it replaces the drain. */
  readonly url: pulumi.Input<string>;
  /** Send the URL as `sensitiveUrl`, kept secret in state. Use it when the URL holds credentials. @default `true` */
  readonly sensitive?: boolean;
}

/** A log drain, so that logs outlive Heroku's 1,500-line buffer and can be searched and alerted on. */
export class LogDrain extends pulumi.ComponentResource {
  public readonly drain: heroku.drain.Drain;
  /** The drain token (`d.<uuid>`) Heroku stamps on each message. */
  public readonly token: pulumi.Output<string>;

  constructor(name: string, args: LogDrainArgs, opts?: pulumi.ComponentResourceOptions) {
    super("heroku-production:index:LogDrain", name, {}, opts);
    const sensitive = args.sensitive ?? true;
    this.drain = new heroku.drain.Drain(
      name,
      sensitive ? { appId: args.appId, sensitiveUrl: pulumi.secret(args.url) } : { appId: args.appId, url: args.url },
      { parent: this },
    );
    this.token = this.drain.token;
    this.registerOutputs({ token: this.token });
  }
}
