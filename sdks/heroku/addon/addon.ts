import * as pulumi from "@pulumi/pulumi";
import { hasPulumiType, prepareResource, type ResourceSchema } from "../utilities";

/** An add-on (e.g. Heroku Postgres) provisioned for an app. */
export class Addon extends pulumi.CustomResource {
    public static readonly __pulumiType = "heroku:addon/addon:Addon";

    /** Looks up an existing add-on by its ID, optionally seeding the known state. */
    public static get(name: string, id: pulumi.Input<pulumi.ID>, state?: AddonState, opts?: pulumi.CustomResourceOptions): Addon {
        // With `id` set the constructor reads `state`, not args.
        return new Addon(name, state as AddonArgs, { ...opts, id });
    }

    /** Whether `obj` is an Addon, even one created by another copy of this SDK. */
    public static isInstance(obj: unknown): obj is Addon {
        return hasPulumiType(obj, Addon.__pulumiType);
    }

    /** ID (not name) of the app the add-on belongs to. */
    declare public readonly appId: pulumi.Output<string>;
    /** Plan configuration options. */
    declare public readonly config: pulumi.Output<{[key: string]: string} | undefined>;
    /** Values of the config vars the add-on sets on the app. */
    declare public readonly configVarValues: pulumi.Output<{[key: string]: string}>;
    /** Names of the config vars the add-on sets on the app. */
    declare public readonly configVars: pulumi.Output<string[]>;
    /** Globally unique name of the add-on. */
    declare public readonly name: pulumi.Output<string>;
    /** Add-on service and plan, e.g. `heroku-postgresql:standard-0`. */
    declare public readonly plan: pulumi.Output<string>;
    /** ID of the add-on at the service that provides it. */
    declare public readonly providerId: pulumi.Output<string>;

    /** Provisions an add-on; `args.appId` and `args.plan` are required. */
    constructor(name: string, args: AddonArgs, opts?: pulumi.CustomResourceOptions);
    constructor(name: string, argsOrState?: AddonArgs | AddonState, opts?: pulumi.CustomResourceOptions) {
        const prepared = prepareResource(schema, argsOrState, opts);
        super(Addon.__pulumiType, name, prepared.inputs, prepared.opts);
    }
}

/** Arguments for creating an Addon. */
export interface AddonArgs {
    /** ID (not name) of the app to attach the add-on to; changing it replaces the add-on. */
    appId: pulumi.Input<string>;
    /** Plan configuration options; changing them replaces the add-on. */
    config?: pulumi.Input<{[key: string]: pulumi.Input<string>}>;
    /** Globally unique name for the add-on. */
    name?: pulumi.Input<string>;
    /** Add-on service and plan, e.g. `heroku-postgresql:standard-0`. */
    plan: pulumi.Input<string>;
}

/** Known state of an existing Addon, used when looking it up. */
export interface AddonState {
    /** ID (not name) of the app the add-on belongs to. */
    appId?: pulumi.Input<string>;
    /** Plan configuration options. */
    config?: pulumi.Input<{[key: string]: pulumi.Input<string>}>;
    /** Values of the config vars the add-on sets on the app. */
    configVarValues?: pulumi.Input<{[key: string]: pulumi.Input<string>}>;
    /** Names of the config vars the add-on sets on the app. */
    configVars?: pulumi.Input<pulumi.Input<string>[]>;
    /** Globally unique name of the add-on. */
    name?: pulumi.Input<string>;
    /** Add-on service and plan, e.g. `heroku-postgresql:standard-0`. */
    plan?: pulumi.Input<string>;
    /** ID of the add-on at the service that provides it. */
    providerId?: pulumi.Input<string>;
}

const schema: ResourceSchema<AddonArgs, AddonState> = {
    inputs: ["appId", "config", "name", "plan"],
    requiredInputs: ["appId", "plan"],
    outputs: ["appId", "config", "configVarValues", "configVars", "name", "plan", "providerId"],
    secrets: ["configVarValues"],
};
