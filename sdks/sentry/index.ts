// A local SDK for jianyuan/sentry through Pulumi's terraform-provider bridge, in the shape `pulumi package add
// terraform-provider jianyuan/sentry 0.15.5` generates; written by hand.
export * from "./alert";
export * from "./getProjectIssueStreamMonitor";
export * from "./getTeam";
export * from "./key";
export * from "./metricMonitor";
export * from "./project";
export * from "./provider";
export * from "./team";
export { PACKAGE_REGISTRATION, TERRAFORM_PROVIDER } from "./utilities";

export * as types from "./types";
