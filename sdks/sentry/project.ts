import * as pulumi from "@pulumi/pulumi";
import type * as inputs from "./types/input";
import type * as outputs from "./types/output";
import { getPackage, hasPulumiType, prepareResource, type ResourceSchema } from "./utilities";

/** A Sentry project (`sentry_project`). */
export class Project extends pulumi.CustomResource {
    public static readonly __pulumiType = "sentry:index/project:Project";

    public static get(name: string, id: pulumi.Input<pulumi.ID>, state?: ProjectState, opts?: pulumi.CustomResourceOptions): Project {
        return new Project(name, state as ProjectArgs, { ...opts, id });
    }

    public static isInstance(obj: unknown): obj is Project {
        return hasPulumiType(obj, Project.__pulumiType);
    }

    declare public readonly clientSecurity: pulumi.Output<outputs.ProjectClientSecurity>;
    declare public readonly defaultKey: pulumi.Output<boolean | undefined>;
    declare public readonly defaultRules: pulumi.Output<boolean | undefined>;
    declare public readonly digestsMaxDelay: pulumi.Output<number>;
    declare public readonly digestsMinDelay: pulumi.Output<number>;
    declare public readonly features: pulumi.Output<string[]>;
    declare public readonly filters: pulumi.Output<outputs.ProjectFilters>;
    declare public readonly fingerprintingRules: pulumi.Output<string>;
    declare public readonly groupingEnhancements: pulumi.Output<string>;
    declare public readonly highlightTags: pulumi.Output<string[]>;
    declare public readonly internalId: pulumi.Output<string>;
    declare public readonly name: pulumi.Output<string>;
    declare public readonly organization: pulumi.Output<string>;
    declare public readonly platform: pulumi.Output<string | undefined>;
    declare public readonly resolveAge: pulumi.Output<number>;
    declare public readonly slug: pulumi.Output<string>;
    declare public readonly teams: pulumi.Output<string[]>;

    constructor(name: string, args: ProjectArgs, opts?: pulumi.CustomResourceOptions);
    constructor(name: string, argsOrState?: ProjectArgs | ProjectState, opts?: pulumi.CustomResourceOptions) {
        const prepared = prepareResource(schema, argsOrState, opts);
        super(Project.__pulumiType, name, prepared.inputs, prepared.opts, false, getPackage());
    }
}

export interface ProjectArgs {
    clientSecurity?: pulumi.Input<inputs.ProjectClientSecurity>;
    /** Create a default client key with the project; only read at creation. @default true */
    defaultKey?: pulumi.Input<boolean>;
    /** Create a default alert with the project. @default true */
    defaultRules?: pulumi.Input<boolean>;
    digestsMaxDelay?: pulumi.Input<number>;
    digestsMinDelay?: pulumi.Input<number>;
    filters?: pulumi.Input<inputs.ProjectFilters>;
    fingerprintingRules?: pulumi.Input<string>;
    groupingEnhancements?: pulumi.Input<string>;
    highlightTags?: pulumi.Input<pulumi.Input<string>[]>;
    name: pulumi.Input<string>;
    organization: pulumi.Input<string>;
    /** Such as `python-django`. */
    platform?: pulumi.Input<string>;
    resolveAge?: pulumi.Input<number>;
    slug?: pulumi.Input<string>;
    /** The slugs of the teams the project belongs to. */
    teams: pulumi.Input<pulumi.Input<string>[]>;
}

export interface ProjectState extends Partial<ProjectArgs> {
    features?: pulumi.Input<pulumi.Input<string>[]>;
    internalId?: pulumi.Input<string>;
}

const schema: ResourceSchema<ProjectArgs, ProjectState> = {
    inputs: [
        "clientSecurity", "defaultKey", "defaultRules", "digestsMaxDelay", "digestsMinDelay", "filters",
        "fingerprintingRules", "groupingEnhancements", "highlightTags", "name", "organization", "platform",
        "resolveAge", "slug", "teams",
    ],
    requiredInputs: ["name", "organization", "teams"],
    outputs: [
        "clientSecurity", "defaultKey", "defaultRules", "digestsMaxDelay", "digestsMinDelay", "features", "filters",
        "fingerprintingRules", "groupingEnhancements", "highlightTags", "internalId", "name", "organization",
        "platform", "resolveAge", "slug", "teams",
    ],
    secrets: [],
};
