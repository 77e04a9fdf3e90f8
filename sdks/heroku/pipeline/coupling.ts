import * as pulumi from "@pulumi/pulumi";
import { hasPulumiType, prepareResource, type ResourceSchema } from "../utilities";

/** Couples an app to a pipeline at a stage. */
export class Coupling extends pulumi.CustomResource {
    public static readonly __pulumiType = "heroku:pipeline/coupling:Coupling";

    /** Looks up an existing coupling by its ID, optionally seeding the known state. */
    public static get(name: string, id: pulumi.Input<pulumi.ID>, state?: CouplingState, opts?: pulumi.CustomResourceOptions): Coupling {
        return new Coupling(name, state as CouplingArgs, { ...opts, id });
    }

    /** Whether `obj` is a Coupling, even one created by another copy of this SDK. */
    public static isInstance(obj: unknown): obj is Coupling {
        return hasPulumiType(obj, Coupling.__pulumiType);
    }

    /** ID (not name) of the Heroku app. */
    declare public readonly appId: pulumi.Output<string>;
    /** ID of the pipeline. */
    declare public readonly pipeline: pulumi.Output<string>;
    /** `review`, `development`, `staging` or `production`. */
    declare public readonly stage: pulumi.Output<string>;

    /** Couples an app; `args.appId`, `args.pipeline` and `args.stage` are required. */
    constructor(name: string, args: CouplingArgs, opts?: pulumi.CustomResourceOptions);
    constructor(name: string, argsOrState?: CouplingArgs | CouplingState, opts?: pulumi.CustomResourceOptions) {
        const prepared = prepareResource(schema, argsOrState, opts);
        super(Coupling.__pulumiType, name, prepared.inputs, prepared.opts);
    }
}

/** Arguments for creating a Coupling. */
export interface CouplingArgs {
    /** ID (not name) of the Heroku app; changing it replaces the coupling. */
    appId: pulumi.Input<string>;
    /** ID of the pipeline; changing it replaces the coupling. */
    pipeline: pulumi.Input<string>;
    /** `review`, `development`, `staging` or `production`. */
    stage: pulumi.Input<string>;
}

/** Known state of an existing Coupling, used when looking it up. */
export interface CouplingState {
    /** ID (not name) of the Heroku app. */
    appId?: pulumi.Input<string>;
    /** ID of the pipeline. */
    pipeline?: pulumi.Input<string>;
    /** The stage. */
    stage?: pulumi.Input<string>;
}

const schema: ResourceSchema<CouplingArgs, CouplingState> = {
    inputs: ["appId", "pipeline", "stage"],
    requiredInputs: ["appId", "pipeline", "stage"],
    outputs: ["appId", "pipeline", "stage"],
    secrets: [],
};
