import * as pulumi from "@pulumi/pulumi";
import { getPackage } from "./utilities";

/** Looks up a team (`data.sentry_team`) by slug. */
export function getTeam(args: GetTeamArgs, opts?: pulumi.InvokeOptions): Promise<GetTeamResult> {
    return pulumi.runtime.invoke("sentry:index/getTeam:getTeam", { organization: args.organization, slug: args.slug }, opts, getPackage());
}

export function getTeamOutput(args: GetTeamOutputArgs, opts?: pulumi.InvokeOutputOptions): pulumi.Output<GetTeamResult> {
    return pulumi.runtime.invokeOutput("sentry:index/getTeam:getTeam", { organization: args.organization, slug: args.slug }, opts, getPackage());
}

export interface GetTeamArgs {
    organization: string;
    slug: string;
}

export interface GetTeamOutputArgs {
    organization: pulumi.Input<string>;
    slug: pulumi.Input<string>;
}

export interface GetTeamResult {
    readonly hasAccess: boolean;
    readonly id: string;
    readonly internalId: string;
    readonly isMember: boolean;
    readonly isPending: boolean;
    readonly name: string;
    readonly organization: string;
    readonly slug: string;
}
