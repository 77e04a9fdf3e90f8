import * as pulumi from "@pulumi/pulumi";
import { hasPulumiType, prepareResource, type ResourceSchema } from "../utilities";

/** Config vars set on an app separately from its `App` resource, e.g. values that depend on the app's add-ons. */
export class ConfigAssociation extends pulumi.CustomResource {
    public static readonly __pulumiType = "heroku:app/configAssociation:ConfigAssociation";

    /** Looks up an existing config association by its ID, optionally seeding the known state. */
    public static get(name: string, id: pulumi.Input<pulumi.ID>, state?: ConfigAssociationState, opts?: pulumi.CustomResourceOptions): ConfigAssociation {
        // With `id` set the constructor reads `state`, not args.
        return new ConfigAssociation(name, state as ConfigAssociationArgs, { ...opts, id });
    }

    /** Whether `obj` is a ConfigAssociation, even one created by another copy of this SDK. */
    public static isInstance(obj: unknown): obj is ConfigAssociation {
        return hasPulumiType(obj, ConfigAssociation.__pulumiType);
    }

    /** ID (not name) of the Heroku app. */
    declare public readonly appId: pulumi.Output<string>;
    /** Config vars set here whose values are kept secret. */
    declare public readonly sensitiveVars: pulumi.Output<{[key: string]: string} | undefined>;
    /** Config vars set here whose values may be shown in plain text. */
    declare public readonly vars: pulumi.Output<{[key: string]: string} | undefined>;

    /** Sets config vars on an app; `args.appId` is required. */
    constructor(name: string, args: ConfigAssociationArgs, opts?: pulumi.CustomResourceOptions);
    constructor(name: string, argsOrState?: ConfigAssociationArgs | ConfigAssociationState, opts?: pulumi.CustomResourceOptions) {
        const prepared = prepareResource(schema, argsOrState, opts);
        super(ConfigAssociation.__pulumiType, name, prepared.inputs, prepared.opts);
    }
}

/** Arguments for creating a ConfigAssociation. */
export interface ConfigAssociationArgs {
    /** ID (not name) of the Heroku app. */
    appId: pulumi.Input<string>;
    /** Config vars to set whose values are kept secret. */
    sensitiveVars?: pulumi.Input<{[key: string]: pulumi.Input<string>}>;
    /** Config vars to set whose values may be shown in plain text. */
    vars?: pulumi.Input<{[key: string]: pulumi.Input<string>}>;
}

/** Known state of an existing ConfigAssociation, used when looking it up. */
export interface ConfigAssociationState {
    /** ID (not name) of the Heroku app. */
    appId?: pulumi.Input<string>;
    /** Config vars set here whose values are kept secret. */
    sensitiveVars?: pulumi.Input<{[key: string]: pulumi.Input<string>}>;
    /** Config vars set here whose values may be shown in plain text. */
    vars?: pulumi.Input<{[key: string]: pulumi.Input<string>}>;
}

const schema: ResourceSchema<ConfigAssociationArgs, ConfigAssociationState> = {
    inputs: ["appId", "sensitiveVars", "vars"],
    requiredInputs: ["appId"],
    outputs: ["appId", "sensitiveVars", "vars"],
    secrets: ["sensitiveVars"],
};
