import * as pulumi from "@pulumi/pulumi";
import { ProductionEnvironment } from "./components";
import { herokuApiKey, loadConfig } from "./lib/config";

const config = loadConfig();
const environment = new ProductionEnvironment("site", {
  ...config,
  apiKey: herokuApiKey(),
  environment: pulumi.getStack(),
});

export const appName = environment.appName;
export const webUrl = environment.webUrl;
export const dnsTargets = environment.dnsTargets;
export const monthlyCostUsd = environment.cost.totalUsdPerMonth;
export const releaseVersion = config.releaseVersion;
export const herokuRelease = environment.release.releaseVersion;
export const sentryProject = environment.monitoring.projectSlug;
