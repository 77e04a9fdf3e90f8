import * as pulumi from "@pulumi/pulumi";
import { getPackage, hasPulumiType, prepareResource, type ResourceSchema } from "./utilities";

/** A Sentry team (`sentry_team`). */
export class Team extends pulumi.CustomResource {
    public static readonly __pulumiType = "sentry:index/team:Team";

    public static get(name: string, id: pulumi.Input<pulumi.ID>, state?: TeamState, opts?: pulumi.CustomResourceOptions): Team {
        return new Team(name, state as TeamArgs, { ...opts, id });
    }

    public static isInstance(obj: unknown): obj is Team {
        return hasPulumiType(obj, Team.__pulumiType);
    }

    declare public readonly hasAccess: pulumi.Output<boolean>;
    /** The internal ID, which alerts address the team by. */
    declare public readonly internalId: pulumi.Output<string>;
    declare public readonly isMember: pulumi.Output<boolean>;
    declare public readonly isPending: pulumi.Output<boolean>;
    declare public readonly name: pulumi.Output<string>;
    declare public readonly organization: pulumi.Output<string>;
    declare public readonly slug: pulumi.Output<string>;
    /** @deprecated Use `internalId` instead. */
    declare public readonly teamId: pulumi.Output<string>;

    constructor(name: string, args: TeamArgs, opts?: pulumi.CustomResourceOptions);
    constructor(name: string, argsOrState?: TeamArgs | TeamState, opts?: pulumi.CustomResourceOptions) {
        const prepared = prepareResource(schema, argsOrState, opts);
        super(Team.__pulumiType, name, prepared.inputs, prepared.opts, false, getPackage());
    }
}

export interface TeamArgs {
    name: pulumi.Input<string>;
    /** The organization's slug. */
    organization: pulumi.Input<string>;
    slug?: pulumi.Input<string>;
}

export interface TeamState {
    hasAccess?: pulumi.Input<boolean>;
    internalId?: pulumi.Input<string>;
    isMember?: pulumi.Input<boolean>;
    isPending?: pulumi.Input<boolean>;
    name?: pulumi.Input<string>;
    organization?: pulumi.Input<string>;
    slug?: pulumi.Input<string>;
    teamId?: pulumi.Input<string>;
}

const schema: ResourceSchema<TeamArgs, TeamState> = {
    inputs: ["name", "organization", "slug"],
    requiredInputs: ["name", "organization"],
    outputs: ["hasAccess", "internalId", "isMember", "isPending", "name", "organization", "slug", "teamId"],
    secrets: [],
};
