import * as pulumi from "@pulumi/pulumi";
import { hasPulumiType, prepareResource, type ResourceSchema } from "../utilities";

/** A log drain that forwards an app's logs to a syslog or HTTPS endpoint. */
export class Drain extends pulumi.CustomResource {
    public static readonly __pulumiType = "heroku:drain/drain:Drain";

    /** Looks up an existing drain by its ID, optionally seeding the known state. */
    public static get(name: string, id: pulumi.Input<pulumi.ID>, state?: DrainState, opts?: pulumi.CustomResourceOptions): Drain {
        // With `id` set the constructor reads `state`, not args.
        return new Drain(name, state as DrainArgs, { ...opts, id });
    }

    /** Whether `obj` is a Drain, even one created by another copy of this SDK. */
    public static isInstance(obj: unknown): obj is Drain {
        return hasPulumiType(obj, Drain.__pulumiType);
    }

    /** ID (not name) of the Heroku app. */
    declare public readonly appId: pulumi.Output<string>;
    /** Drain URL kept secret, for URLs that embed credentials. */
    declare public readonly sensitiveUrl: pulumi.Output<string | undefined>;
    /** Token Heroku assigned to the drain. */
    declare public readonly token: pulumi.Output<string>;
    /** Drain URL shown in plain text. */
    declare public readonly url: pulumi.Output<string | undefined>;

    /** Adds a log drain; `args.appId` is required, plus one of `url` or `sensitiveUrl`. */
    constructor(name: string, args: DrainArgs, opts?: pulumi.CustomResourceOptions);
    constructor(name: string, argsOrState?: DrainArgs | DrainState, opts?: pulumi.CustomResourceOptions) {
        const prepared = prepareResource(schema, argsOrState, opts);
        super(Drain.__pulumiType, name, prepared.inputs, prepared.opts);
    }
}

/** Arguments for creating a Drain. */
export interface DrainArgs {
    /** ID (not name) of the Heroku app; changing it replaces the drain. */
    appId: pulumi.Input<string>;
    /** Drain URL to keep secret (set this or `url`); changing it replaces the drain. */
    sensitiveUrl?: pulumi.Input<string>;
    /** Drain URL that may be shown in plain text (set this or `sensitiveUrl`); changing it replaces the drain. */
    url?: pulumi.Input<string>;
}

/** Known state of an existing Drain, used when looking it up. */
export interface DrainState {
    /** ID (not name) of the Heroku app. */
    appId?: pulumi.Input<string>;
    /** Drain URL kept secret, for URLs that embed credentials. */
    sensitiveUrl?: pulumi.Input<string>;
    /** Token Heroku assigned to the drain. */
    token?: pulumi.Input<string>;
    /** Drain URL shown in plain text. */
    url?: pulumi.Input<string>;
}

const schema: ResourceSchema<DrainArgs, DrainState> = {
    inputs: ["appId", "sensitiveUrl", "url"],
    requiredInputs: ["appId"],
    outputs: ["appId", "sensitiveUrl", "token", "url"],
    secrets: ["sensitiveUrl"],
};
