import * as pulumi from "@pulumi/pulumi";
import { hasPulumiType, prepareResource, type ResourceSchema } from "../utilities";

/** The dyno count and size of one process type of an app. */
export class Formation extends pulumi.CustomResource {
    public static readonly __pulumiType = "heroku:formation/formation:Formation";

    /** Looks up an existing formation by its ID, optionally seeding the known state. */
    public static get(name: string, id: pulumi.Input<pulumi.ID>, state?: FormationState, opts?: pulumi.CustomResourceOptions): Formation {
        // With `id` set the constructor reads `state`, not args.
        return new Formation(name, state as FormationArgs, { ...opts, id });
    }

    /** Whether `obj` is a Formation, even one created by another copy of this SDK. */
    public static isInstance(obj: unknown): obj is Formation {
        return hasPulumiType(obj, Formation.__pulumiType);
    }

    /** ID (not name) of the Heroku app. */
    declare public readonly appId: pulumi.Output<string>;
    /** Number of dynos running this process type. */
    declare public readonly quantity: pulumi.Output<number>;
    /** Dyno size, e.g. `standard-1X`. */
    declare public readonly size: pulumi.Output<string>;
    /** Process type from the Procfile, e.g. `web`. */
    declare public readonly type: pulumi.Output<string>;

    /** Scales a process type; `appId`, `quantity`, `size` and `type` are all required. */
    constructor(name: string, args: FormationArgs, opts?: pulumi.CustomResourceOptions);
    constructor(name: string, argsOrState?: FormationArgs | FormationState, opts?: pulumi.CustomResourceOptions) {
        const prepared = prepareResource(schema, argsOrState, opts);
        super(Formation.__pulumiType, name, prepared.inputs, prepared.opts);
    }
}

/** Arguments for managing a Formation. */
export interface FormationArgs {
    /** ID (not name) of the Heroku app; changing it replaces the resource. */
    appId: pulumi.Input<string>;
    /** Number of dynos to run for this process type. */
    quantity: pulumi.Input<number>;
    /** Dyno size, e.g. `standard-1X` (not case-sensitive). */
    size: pulumi.Input<string>;
    /** Process type from the Procfile, e.g. `web`. */
    type: pulumi.Input<string>;
}

/** Known state of an existing Formation, used when looking it up. */
export interface FormationState {
    /** ID (not name) of the Heroku app. */
    appId?: pulumi.Input<string>;
    /** Number of dynos running this process type. */
    quantity?: pulumi.Input<number>;
    /** Dyno size, e.g. `standard-1X`. */
    size?: pulumi.Input<string>;
    /** Process type from the Procfile, e.g. `web`. */
    type?: pulumi.Input<string>;
}

const schema: ResourceSchema<FormationArgs, FormationState> = {
    inputs: ["appId", "quantity", "size", "type"],
    requiredInputs: ["appId", "quantity", "size", "type"],
    outputs: ["appId", "quantity", "size", "type"],
    secrets: [],
};
