import type * as pulumi from "@pulumi/pulumi";

export interface ProjectClientSecurity {
    allowedDomains?: pulumi.Input<pulumi.Input<string>[]>;
    scrapeJavascript?: pulumi.Input<boolean>;
    securityToken?: pulumi.Input<string>;
    securityTokenHeader?: pulumi.Input<string>;
    verifyTlsSsl?: pulumi.Input<boolean>;
}

export interface ProjectFilters {
    blacklistedIps?: pulumi.Input<pulumi.Input<string>[]>;
    errorMessages?: pulumi.Input<pulumi.Input<string>[]>;
    releases?: pulumi.Input<pulumi.Input<string>[]>;
}

export interface KeyJavascriptLoaderScript {
    browserSdkVersion?: pulumi.Input<string>;
    debugEnabled?: pulumi.Input<boolean>;
    performanceMonitoringEnabled?: pulumi.Input<boolean>;
    sessionReplayEnabled?: pulumi.Input<boolean>;
}

/** One of the alert's trigger conditions; each is an empty object that names the event. */
export interface AlertTriggerCondition {
    firstSeenEvent?: pulumi.Input<Record<string, never>>;
    issueResolvedTrigger?: pulumi.Input<Record<string, never>>;
    reappearedEvent?: pulumi.Input<Record<string, never>>;
    regressionEvent?: pulumi.Input<Record<string, never>>;
}

export interface AlertActionFilter {
    actions: pulumi.Input<pulumi.Input<AlertActionFilterAction>[]>;
    /** Free-form conditions, one key per condition type as the provider names them. */
    conditions?: pulumi.Input<pulumi.Input<Record<string, unknown>>[]>;
    /** `any`, `any-short`, `all` or `none`. */
    logicType: pulumi.Input<string>;
}

/** One action; set exactly one kind. Only `email` is typed here; the other kinds are passed as given. */
export interface AlertActionFilterAction {
    email?: pulumi.Input<AlertActionFilterActionEmail>;
    [kind: string]: pulumi.Input<unknown> | undefined;
}

export interface AlertActionFilterActionEmail {
    /** `AllMembers`, `ActiveMembers` or `NoOne`, with `issue_owners`. */
    fallthroughType?: pulumi.Input<string>;
    /** The user's or team's internal ID. */
    targetId?: pulumi.Input<string>;
    /** `issue_owners`, `team` or `user`. */
    targetType: pulumi.Input<string>;
}

export interface MetricMonitorConditionGroup {
    conditions: pulumi.Input<pulumi.Input<MetricMonitorConditionGroupCondition>[]>;
    logicType?: pulumi.Input<string>;
}

export interface MetricMonitorConditionGroupCondition {
    comparison?: pulumi.Input<number>;
    comparisonSensitivity?: pulumi.Input<string>;
    comparisonThresholdType?: pulumi.Input<string>;
    /** The issue priority when the condition holds: 75 high, 50 medium, 0 resolved. */
    conditionResult: pulumi.Input<number>;
    /** Such as `gt` or `lte`. */
    type: pulumi.Input<string>;
}

export interface MetricMonitorIssueDetection {
    comparisonDelta?: pulumi.Input<number>;
    /** `static`, `percent` or `dynamic`. */
    type: pulumi.Input<string>;
}

export interface MetricMonitorOwner {
    teamId?: pulumi.Input<string>;
    userId?: pulumi.Input<string>;
}
