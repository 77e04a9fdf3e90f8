import * as pulumi from "@pulumi/pulumi";
import { hasPulumiType, prepareResource, type ResourceSchema } from "../utilities";

/** An app feature (Heroku Labs flag such as `runtime-dyno-metadata`), switched on or off. */
export class Feature extends pulumi.CustomResource {
    public static readonly __pulumiType = "heroku:app/feature:Feature";

    /** Looks up an existing app feature by its ID, optionally seeding the known state. */
    public static get(name: string, id: pulumi.Input<pulumi.ID>, state?: FeatureState, opts?: pulumi.CustomResourceOptions): Feature {
        // With `id` set the constructor reads `state`, not args.
        return new Feature(name, state as FeatureArgs, { ...opts, id });
    }

    /** Whether `obj` is a Feature, even one created by another copy of this SDK. */
    public static isInstance(obj: unknown): obj is Feature {
        return hasPulumiType(obj, Feature.__pulumiType);
    }

    /** ID (not name) of the Heroku app. */
    declare public readonly appId: pulumi.Output<string>;
    /** Whether the feature is on. */
    declare public readonly enabled: pulumi.Output<boolean | undefined>;
    /** Name of the app feature. */
    declare public readonly name: pulumi.Output<string>;

    /** Manages an app feature; `args.appId` is required. */
    constructor(name: string, args: FeatureArgs, opts?: pulumi.CustomResourceOptions);
    constructor(name: string, argsOrState?: FeatureArgs | FeatureState, opts?: pulumi.CustomResourceOptions) {
        const prepared = prepareResource(schema, argsOrState, opts);
        super(Feature.__pulumiType, name, prepared.inputs, prepared.opts);
    }
}

/** Arguments for managing a Feature. */
export interface FeatureArgs {
    /** ID (not name) of the Heroku app; changing it replaces the resource. */
    appId: pulumi.Input<string>;
    /** Whether to turn the feature on; the provider defaults to true. */
    enabled?: pulumi.Input<boolean>;
    /** Name of the app feature (see `heroku labs`); changing it replaces the resource. */
    name?: pulumi.Input<string>;
}

/** Known state of an existing Feature, used when looking it up. */
export interface FeatureState {
    /** ID (not name) of the Heroku app. */
    appId?: pulumi.Input<string>;
    /** Whether the feature is on. */
    enabled?: pulumi.Input<boolean>;
    /** Name of the app feature. */
    name?: pulumi.Input<string>;
}

const schema: ResourceSchema<FeatureArgs, FeatureState> = {
    inputs: ["appId", "enabled", "name"],
    requiredInputs: ["appId"],
    outputs: ["appId", "enabled", "name"],
    secrets: [],
};
