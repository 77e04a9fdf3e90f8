import type * as pulumi from "@pulumi/pulumi";

/** Who owns a pipeline. */
export interface PipelineOwner {
    /** The owner's UUID; changing it replaces the pipeline. */
    id: pulumi.Input<string>;
    /** `user` or `team`; changing it replaces the pipeline. */
    type: pulumi.Input<string>;
}
