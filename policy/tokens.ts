/**
 * Type tokens of the resources the checklist judges. Matched as strings so that the pack needs neither the Heroku
 * SDK nor the program's components; `test/policy/tokens.test.ts` holds them to the SDK's `__pulumiType`s.
 */
export const APP = "heroku:app/app:App";
export const CONFIG_ASSOCIATION = "heroku:app/configAssociation:ConfigAssociation";
export const FEATURE = "heroku:app/feature:Feature";
export const ADDON = "heroku:addon/addon:Addon";
export const DOMAIN = "heroku:domain/domain:Domain";
export const DRAIN = "heroku:drain/drain:Drain";
export const FORMATION = "heroku:formation/formation:Formation";
export const SSL = "heroku:ssl/ssl:Ssl";
export const CONTAINER_RELEASE = "pulumi-nodejs:dynamic/heroku-production:ContainerRelease";
export const ACM_ACTIVATION = "pulumi-nodejs:dynamic/heroku-production:AcmActivation";
/** Sentry's Monitors and Alerts: an alert (workflow), through the jianyuan/sentry provider. */
export const SENTRY_ALERT = "sentry:index/alert:Alert";
