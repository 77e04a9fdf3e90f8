import * as pulumi from "@pulumi/pulumi";
import type * as outputs from "./types/output";
import { getPackage } from "./utilities";

const TOKEN = "sentry:index/getProjectIssueStreamMonitor:getProjectIssueStreamMonitor";

/** The project's issue-stream monitor (`data.sentry_project_issue_stream_monitor`): every new issue of the project. */
export function getProjectIssueStreamMonitor(
    args: GetProjectIssueStreamMonitorArgs,
    opts?: pulumi.InvokeOptions,
): Promise<GetProjectIssueStreamMonitorResult> {
    return pulumi.runtime.invoke(TOKEN, { first: args.first, organization: args.organization, project: args.project }, opts, getPackage());
}

export function getProjectIssueStreamMonitorOutput(
    args: GetProjectIssueStreamMonitorOutputArgs,
    opts?: pulumi.InvokeOutputOptions,
): pulumi.Output<GetProjectIssueStreamMonitorResult> {
    return pulumi.runtime.invokeOutput(TOKEN, { first: args.first, organization: args.organization, project: args.project }, opts, getPackage());
}

export interface GetProjectIssueStreamMonitorArgs {
    first?: boolean;
    organization: string;
    project: string;
}

export interface GetProjectIssueStreamMonitorOutputArgs {
    first?: pulumi.Input<boolean>;
    organization: pulumi.Input<string>;
    project: pulumi.Input<string>;
}

export interface GetProjectIssueStreamMonitorResult {
    readonly description: string;
    readonly enabled: boolean;
    readonly first?: boolean;
    /** The monitor's internal ID, for an alert's `monitorIds`. */
    readonly id: string;
    readonly name: string;
    readonly organization: string;
    readonly owner: outputs.GetProjectIssueStreamMonitorOwner;
    readonly project: string;
}
