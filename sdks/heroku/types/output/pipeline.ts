/** Who owns a pipeline. */
export interface PipelineOwner {
    /** The owner's UUID. */
    id: string;
    /** `user` or `team`. */
    type: string;
}
