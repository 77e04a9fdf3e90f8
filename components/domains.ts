import * as pulumi from "@pulumi/pulumi";
import { isHostname } from "../lib/config";
import * as heroku from "../sdks/heroku";

export interface CustomDomainsArgs {
  /** The app's id. Caution: changing it replaces every domain. */
  readonly appId: pulumi.Input<string>;
  /** Hostnames to serve, such as `www.example.com`. Caution: renaming one replaces its domain. @default `[]` */
  readonly hostnames: readonly string[];
}

/** Checks the hostnames; returns one message per problem, naming the argument and the fix. */
export function validateDomainArgs(args: Pick<CustomDomainsArgs, "hostnames">): string[] {
  return args.hostnames
    .map((h, i) =>
      isHostname(h) ? "" : `\`hostnames[${i}]\` is "${h}", which is not a hostname. Use a lowercase name like www.example.com.`,
    )
    .filter(Boolean);
}

/**
 * The app's custom domains. ACM issues their certificates once DNS points each hostname at its `dnsTargets` entry
 * (a CNAME, or an ALIAS/ANAME at the apex).
 */
export class CustomDomains extends pulumi.ComponentResource {
  public readonly domains: heroku.domain.Domain[];
  /** Hostname → the DNS target (`*.herokudns.com`) to point it at. */
  public readonly dnsTargets: pulumi.Output<Record<string, string>>;

  constructor(name: string, args: CustomDomainsArgs, opts?: pulumi.ComponentResourceOptions) {
    // Validate before super(): a bad argument must not register anything.
    const problems = validateDomainArgs(args);
    if (problems.length > 0) throw new Error(`CustomDomains ${name}: ${problems.join(" ")}`);
    super("heroku-production:index:CustomDomains", name, {}, opts);

    // The hostname itself names the resource: two hostnames can never share a name. The first version replaced
    // dots with dashes, which let www.example.com and www-example.com collide; its names stay as aliases where
    // they are unambiguous, so that an existing domain (and its DNS target) is kept.
    const legacy = (hostname: string) => `${name}-${hostname.replaceAll(".", "-")}`;
    const legacyCount = new Map<string, number>();
    for (const h of args.hostnames) legacyCount.set(legacy(h), (legacyCount.get(legacy(h)) ?? 0) + 1);
    this.domains = args.hostnames.map(
      (hostname) =>
        new heroku.domain.Domain(
          `${name}-${hostname}`,
          { appId: args.appId, hostname },
          {
            parent: this,
            ...(legacyCount.get(legacy(hostname)) === 1 && legacy(hostname) !== `${name}-${hostname}`
              ? { aliases: [{ name: legacy(hostname) }] }
              : {}),
          },
        ),
    );
    this.dnsTargets = pulumi
      .all(this.domains.map((d) => pulumi.all([d.hostname, d.cname])))
      .apply((pairs) => Object.fromEntries(pairs));
    this.registerOutputs({ dnsTargets: this.dnsTargets });
  }
}
