import * as pulumi from "@pulumi/pulumi";
import type * as inputs from "./types/input";
import { hasPulumiType, withPackageDefaults } from "./utilities";

/** An explicitly configured instance of the Heroku provider, e.g. to use a second account. */
export class Provider extends pulumi.ProviderResource {
    /** Package name; the engine types provider resources `pulumi:providers:heroku`. */
    public static readonly __pulumiType = "heroku";

    /** Whether `obj` is a Heroku Provider, even one created by another copy of this SDK. */
    public static isInstance(obj: unknown): obj is Provider {
        return hasPulumiType(obj, "pulumi:providers:" + Provider.__pulumiType);
    }

    // Only the string-typed settings are outputs: the others are sent JSON-encoded, so they would not come back as their declared type.
    /** Heroku API key. */
    declare public readonly apiKey: pulumi.Output<string | undefined>;
    /** Email of the Heroku account. */
    declare public readonly email: pulumi.Output<string | undefined>;
    /** Extra HTTP headers sent with each API request. */
    declare public readonly headers: pulumi.Output<string | undefined>;
    /** Base URL of the Heroku Platform API. */
    declare public readonly url: pulumi.Output<string | undefined>;

    /** Creates a provider instance; every argument is optional. */
    constructor(name: string, args?: ProviderArgs, opts?: pulumi.ResourceOptions) {
        const props: pulumi.Inputs = {
            // The schema does not flag it, but it is an API token.
            apiKey: args?.apiKey === undefined ? undefined : pulumi.secret(args.apiKey),
            // Provider configuration travels as strings, so structured values go as JSON.
            customizations: pulumi.output(args?.customizations).apply(JSON.stringify),
            delays: pulumi.output(args?.delays).apply(JSON.stringify),
            email: args?.email,
            headers: args?.headers,
            timeouts: pulumi.output(args?.timeouts).apply(JSON.stringify),
            url: args?.url,
        };
        super(Provider.__pulumiType, name, props, withPackageDefaults(opts, ["apiKey"]));
    }
}

/** Arguments for creating a Provider. */
export interface ProviderArgs {
    /** Heroku API key; sent as a secret. */
    apiKey?: pulumi.Input<string>;
    /** Switches for what the provider stores in state. */
    customizations?: pulumi.Input<pulumi.Input<inputs.ProviderCustomization>[]>;
    /** Pauses after creating apps, domains or spaces. */
    delays?: pulumi.Input<inputs.ProviderDelays>;
    /** Email of the Heroku account. */
    email?: pulumi.Input<string>;
    /** Extra HTTP headers to send with each API request. */
    headers?: pulumi.Input<string>;
    /** Limits on how long to wait for slow operations. */
    timeouts?: pulumi.Input<inputs.ProviderTimeouts>;
    /** Base URL of the Heroku Platform API. */
    url?: pulumi.Input<string>;
}
