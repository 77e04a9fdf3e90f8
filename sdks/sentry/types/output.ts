export interface ProjectClientSecurity {
    allowedDomains: string[];
    scrapeJavascript: boolean;
    securityToken: string;
    securityTokenHeader: string;
    verifyTlsSsl: boolean;
}

export interface ProjectFilters {
    blacklistedIps: string[];
    errorMessages: string[];
    releases: string[];
}

export interface KeyJavascriptLoaderScript {
    browserSdkVersion: string;
    debugEnabled: boolean;
    performanceMonitoringEnabled: boolean;
    sessionReplayEnabled: boolean;
}

export interface AlertTriggerCondition {
    firstSeenEvent?: Record<string, never>;
    issueResolvedTrigger?: Record<string, never>;
    reappearedEvent?: Record<string, never>;
    regressionEvent?: Record<string, never>;
}

export interface AlertActionFilter {
    actions: AlertActionFilterAction[];
    conditions?: Record<string, unknown>[];
    logicType: string;
}

export interface AlertActionFilterAction {
    email?: { fallthroughType?: string; targetId?: string; targetType: string };
    [kind: string]: unknown;
}

export interface MetricMonitorConditionGroup {
    conditions: { comparison?: number; comparisonSensitivity?: string; comparisonThresholdType?: string; conditionResult: number; type: string }[];
    logicType: string;
}

export interface MetricMonitorIssueDetection {
    comparisonDelta?: number;
    type: string;
}

export interface MetricMonitorOwner {
    teamId?: string;
    userId?: string;
}

export interface GetProjectIssueStreamMonitorOwner {
    teamId: string;
    userId: string;
}
