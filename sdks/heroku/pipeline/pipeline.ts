import * as pulumi from "@pulumi/pulumi";
import type * as inputs from "../types/input";
import type * as outputs from "../types/output";
import { hasPulumiType, prepareResource, type ResourceSchema } from "../utilities";

/** A pipeline: apps coupled as review, development, staging and production stages. */
export class Pipeline extends pulumi.CustomResource {
    public static readonly __pulumiType = "heroku:pipeline/pipeline:Pipeline";

    /** Looks up an existing pipeline by its ID, optionally seeding the known state. */
    public static get(name: string, id: pulumi.Input<pulumi.ID>, state?: PipelineState, opts?: pulumi.CustomResourceOptions): Pipeline {
        return new Pipeline(name, state as PipelineArgs, { ...opts, id });
    }

    /** Whether `obj` is a Pipeline, even one created by another copy of this SDK. */
    public static isInstance(obj: unknown): obj is Pipeline {
        return hasPulumiType(obj, Pipeline.__pulumiType);
    }

    /** The pipeline's name. */
    declare public readonly name: pulumi.Output<string>;
    /** Who owns the pipeline: a user or a team. */
    declare public readonly owner: pulumi.Output<outputs.pipeline.PipelineOwner>;

    constructor(name: string, args?: PipelineArgs, opts?: pulumi.CustomResourceOptions);
    constructor(name: string, argsOrState?: PipelineArgs | PipelineState, opts?: pulumi.CustomResourceOptions) {
        const prepared = prepareResource(schema, argsOrState, opts);
        super(Pipeline.__pulumiType, name, prepared.inputs, prepared.opts);
    }
}

/** Arguments for creating a Pipeline. */
export interface PipelineArgs {
    /** The pipeline's name. */
    name?: pulumi.Input<string>;
    /** Who owns the pipeline; the API key's user when unset. Changing it replaces the pipeline. */
    owner?: pulumi.Input<inputs.pipeline.PipelineOwner>;
}

/** Known state of an existing Pipeline, used when looking it up. */
export interface PipelineState {
    /** The pipeline's name. */
    name?: pulumi.Input<string>;
    /** Who owns the pipeline. */
    owner?: pulumi.Input<inputs.pipeline.PipelineOwner>;
}

const schema: ResourceSchema<PipelineArgs, PipelineState> = {
    inputs: ["name", "owner"],
    requiredInputs: [],
    outputs: ["name", "owner"],
    secrets: [],
};
