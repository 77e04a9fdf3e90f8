import * as pulumi from "@pulumi/pulumi";
import { hasPulumiType, prepareResource, type ResourceSchema } from "../utilities";

/** An SNI endpoint: a certificate chain and private key uploaded to an app. */
export class Ssl extends pulumi.CustomResource {
    public static readonly __pulumiType = "heroku:ssl/ssl:Ssl";

    /** Looks up an existing SNI endpoint by its ID, optionally seeding the known state. */
    public static get(name: string, id: pulumi.Input<pulumi.ID>, state?: SslState, opts?: pulumi.CustomResourceOptions): Ssl {
        // With `id` set the constructor reads `state`, not args.
        return new Ssl(name, state as SslArgs, { ...opts, id });
    }

    /** Whether `obj` is an Ssl, even one created by another copy of this SDK. */
    public static isInstance(obj: unknown): obj is Ssl {
        return hasPulumiType(obj, Ssl.__pulumiType);
    }

    /** ID (not name) of the Heroku app. */
    declare public readonly appId: pulumi.Output<string>;
    /** The installed PEM certificate chain. */
    declare public readonly certificateChain: pulumi.Output<string>;
    /** Name Heroku gave the certificate. */
    declare public readonly name: pulumi.Output<string>;
    /** PEM private key of the certificate. */
    declare public readonly privateKey: pulumi.Output<string | undefined>;

    /** Uploads a certificate; `args.appId` and `args.certificateChain` are required. */
    constructor(name: string, args: SslArgs, opts?: pulumi.CustomResourceOptions);
    constructor(name: string, argsOrState?: SslArgs | SslState, opts?: pulumi.CustomResourceOptions) {
        const prepared = prepareResource(schema, argsOrState, opts);
        super(Ssl.__pulumiType, name, prepared.inputs, prepared.opts);
    }
}

/** Arguments for creating an Ssl. */
export interface SslArgs {
    /** ID (not name) of the Heroku app; changing it replaces the endpoint. */
    appId: pulumi.Input<string>;
    /** PEM certificate chain to install. */
    certificateChain: pulumi.Input<string>;
    /** PEM private key of the chain; needed to create or update, leave unset when importing. */
    privateKey?: pulumi.Input<string>;
}

/** Known state of an existing Ssl, used when looking it up. */
export interface SslState {
    /** ID (not name) of the Heroku app. */
    appId?: pulumi.Input<string>;
    /** The installed PEM certificate chain. */
    certificateChain?: pulumi.Input<string>;
    /** Name Heroku gave the certificate. */
    name?: pulumi.Input<string>;
    /** PEM private key of the certificate. */
    privateKey?: pulumi.Input<string>;
}

const schema: ResourceSchema<SslArgs, SslState> = {
    inputs: ["appId", "certificateChain", "privateKey"],
    requiredInputs: ["appId", "certificateChain"],
    outputs: ["appId", "certificateChain", "name", "privateKey"],
    secrets: ["privateKey"],
};
