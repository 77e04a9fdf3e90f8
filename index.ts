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
/** Process type → config digest of the images the last release made live: what a live check or a promotion reads. */
export const releasedImages = environment.release.digests;
/** Process type → the released image by manifest digest, and the release's status: what promotion reads. */
export const releasedImageRefs = environment.releasedImageRefs;
export const releaseStatus = environment.release.status;
/** The pipeline the app is coupled to, for a staging stack to join. */
export const pipelineId = environment.coupling?.pipeline;
export const sentryProject = environment.monitoring.projectSlug;
