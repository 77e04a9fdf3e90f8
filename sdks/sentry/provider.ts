import * as pulumi from "@pulumi/pulumi";
import { getPackage, hasPulumiType } from "./utilities";

/** The Sentry provider. It reads `token` from `sentry:token`, else `SENTRY_AUTH_TOKEN`, else `SENTRY_TOKEN`. */
export class Provider extends pulumi.ProviderResource {
    public static readonly __pulumiType = "sentry";

    public static isInstance(obj: unknown): obj is Provider {
        return hasPulumiType(obj, "pulumi:providers:" + Provider.__pulumiType);
    }

    declare public readonly baseUrl: pulumi.Output<string | undefined>;
    declare public readonly token: pulumi.Output<string | undefined>;

    constructor(name: string, args?: ProviderArgs, opts?: pulumi.ResourceOptions) {
        const inputs: pulumi.Inputs = {
            baseUrl: args?.baseUrl,
            token: args?.token === undefined ? undefined : pulumi.secret(args.token),
        };
        super(Provider.__pulumiType, name, inputs, pulumi.mergeOptions(opts, { additionalSecretOutputs: ["token"] }), false, getPackage());
    }
}

export interface ProviderArgs {
    /** `https://[hostname]/api/`; `SENTRY_BASE_URL`. @default `https://sentry.io/api/` */
    baseUrl?: pulumi.Input<string>;
    /** An auth token; keep it secret. */
    token?: pulumi.Input<string>;
}
