import * as pulumi from "@pulumi/pulumi";
import type * as inputs from "./types/input";
import type * as outputs from "./types/output";
import { getPackage, hasPulumiType, prepareResource, type ResourceSchema } from "./utilities";

/** A metric monitor (`sentry_metric_monitor`): a detector that opens an issue when a query crosses a threshold. */
export class MetricMonitor extends pulumi.CustomResource {
    public static readonly __pulumiType = "sentry:index/metricMonitor:MetricMonitor";

    public static get(name: string, id: pulumi.Input<pulumi.ID>, state?: MetricMonitorState, opts?: pulumi.CustomResourceOptions): MetricMonitor {
        return new MetricMonitor(name, state as MetricMonitorArgs, { ...opts, id });
    }

    public static isInstance(obj: unknown): obj is MetricMonitor {
        return hasPulumiType(obj, MetricMonitor.__pulumiType);
    }

    declare public readonly aggregate: pulumi.Output<string>;
    declare public readonly conditionGroup: pulumi.Output<outputs.MetricMonitorConditionGroup>;
    declare public readonly dataset: pulumi.Output<string>;
    declare public readonly description: pulumi.Output<string | undefined>;
    declare public readonly enabled: pulumi.Output<boolean>;
    declare public readonly environment: pulumi.Output<string | undefined>;
    declare public readonly eventTypes: pulumi.Output<string[]>;
    declare public readonly extrapolationMode: pulumi.Output<string | undefined>;
    declare public readonly issueDetection: pulumi.Output<outputs.MetricMonitorIssueDetection>;
    declare public readonly name: pulumi.Output<string>;
    declare public readonly organization: pulumi.Output<string>;
    declare public readonly owner: pulumi.Output<outputs.MetricMonitorOwner | undefined>;
    declare public readonly project: pulumi.Output<string>;
    declare public readonly query: pulumi.Output<string | undefined>;
    declare public readonly queryType: pulumi.Output<string>;
    declare public readonly timeWindowSeconds: pulumi.Output<number>;

    constructor(name: string, args: MetricMonitorArgs, opts?: pulumi.CustomResourceOptions);
    constructor(name: string, argsOrState?: MetricMonitorArgs | MetricMonitorState, opts?: pulumi.CustomResourceOptions) {
        const prepared = prepareResource(schema, argsOrState, opts);
        super(MetricMonitor.__pulumiType, name, prepared.inputs, prepared.opts, false, getPackage());
    }
}

export interface MetricMonitorArgs {
    /** Such as `count()`. */
    aggregate: pulumi.Input<string>;
    conditionGroup: pulumi.Input<inputs.MetricMonitorConditionGroup>;
    /** Such as `events`. */
    dataset: pulumi.Input<string>;
    description?: pulumi.Input<string>;
    enabled?: pulumi.Input<boolean>;
    environment?: pulumi.Input<string>;
    /** Such as `error` and `default`. */
    eventTypes: pulumi.Input<pulumi.Input<string>[]>;
    extrapolationMode?: pulumi.Input<string>;
    issueDetection: pulumi.Input<inputs.MetricMonitorIssueDetection>;
    name: pulumi.Input<string>;
    organization: pulumi.Input<string>;
    /** Who new issues are assigned to. */
    owner?: pulumi.Input<inputs.MetricMonitorOwner>;
    project: pulumi.Input<string>;
    query?: pulumi.Input<string>;
    /** `error`, `performance` or `crash_rate`. */
    queryType?: pulumi.Input<string>;
    /** The query's window, in seconds. */
    timeWindowSeconds?: pulumi.Input<number>;
}

export type MetricMonitorState = Partial<MetricMonitorArgs>;

const schema: ResourceSchema<MetricMonitorArgs, MetricMonitorState> = {
    inputs: [
        "aggregate", "conditionGroup", "dataset", "description", "enabled", "environment", "eventTypes",
        "extrapolationMode", "issueDetection", "name", "organization", "owner", "project", "query", "queryType",
        "timeWindowSeconds",
    ],
    requiredInputs: ["aggregate", "conditionGroup", "dataset", "eventTypes", "issueDetection", "name", "organization", "project"],
    outputs: [
        "aggregate", "conditionGroup", "dataset", "description", "enabled", "environment", "eventTypes",
        "extrapolationMode", "issueDetection", "name", "organization", "owner", "project", "query", "queryType",
        "timeWindowSeconds",
    ],
    secrets: [],
};
