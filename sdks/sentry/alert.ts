import * as pulumi from "@pulumi/pulumi";
import type * as inputs from "./types/input";
import type * as outputs from "./types/output";
import { getPackage, hasPulumiType, prepareResource, type ResourceSchema } from "./utilities";

/** An alert (`sentry_alert`): a workflow that acts when one of its monitors opens or changes an issue. */
export class Alert extends pulumi.CustomResource {
    public static readonly __pulumiType = "sentry:index/alert:Alert";

    public static get(name: string, id: pulumi.Input<pulumi.ID>, state?: AlertState, opts?: pulumi.CustomResourceOptions): Alert {
        return new Alert(name, state as AlertArgs, { ...opts, id });
    }

    public static isInstance(obj: unknown): obj is Alert {
        return hasPulumiType(obj, Alert.__pulumiType);
    }

    declare public readonly actionFilters: pulumi.Output<outputs.AlertActionFilter[]>;
    declare public readonly enabled: pulumi.Output<boolean>;
    declare public readonly environment: pulumi.Output<string | undefined>;
    declare public readonly frequencyMinutes: pulumi.Output<number>;
    declare public readonly legacyTriggerConditions: pulumi.Output<string[] | undefined>;
    declare public readonly monitorIds: pulumi.Output<string[]>;
    declare public readonly name: pulumi.Output<string>;
    declare public readonly organization: pulumi.Output<string>;
    declare public readonly triggerConditions: pulumi.Output<outputs.AlertTriggerCondition[] | undefined>;

    constructor(name: string, args: AlertArgs, opts?: pulumi.CustomResourceOptions);
    constructor(name: string, argsOrState?: AlertArgs | AlertState, opts?: pulumi.CustomResourceOptions) {
        const prepared = prepareResource(schema, argsOrState, opts);
        super(Alert.__pulumiType, name, prepared.inputs, prepared.opts, false, getPackage());
    }
}

export interface AlertArgs {
    /** Filters to run before the actions fire, and the actions. */
    actionFilters: pulumi.Input<pulumi.Input<inputs.AlertActionFilter>[]>;
    enabled?: pulumi.Input<boolean>;
    /** Only issues in this environment; omit for all. */
    environment?: pulumi.Input<string>;
    /** How often the alert may fire for one issue, in minutes. */
    frequencyMinutes: pulumi.Input<number>;
    legacyTriggerConditions?: pulumi.Input<pulumi.Input<string>[]>;
    /** The monitors (detectors) whose issues this alert acts on. */
    monitorIds: pulumi.Input<pulumi.Input<string>[]>;
    name: pulumi.Input<string>;
    /** The organization's slug or internal ID. */
    organization: pulumi.Input<string>;
    triggerConditions?: pulumi.Input<pulumi.Input<inputs.AlertTriggerCondition>[]>;
}

export type AlertState = Partial<AlertArgs>;

const schema: ResourceSchema<AlertArgs, AlertState> = {
    inputs: [
        "actionFilters", "enabled", "environment", "frequencyMinutes", "legacyTriggerConditions", "monitorIds", "name",
        "organization", "triggerConditions",
    ],
    requiredInputs: ["actionFilters", "frequencyMinutes", "monitorIds", "name", "organization"],
    outputs: [
        "actionFilters", "enabled", "environment", "frequencyMinutes", "legacyTriggerConditions", "monitorIds", "name",
        "organization", "triggerConditions",
    ],
    secrets: [],
};
