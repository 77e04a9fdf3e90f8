import { ProductionEnvironment } from "./components";
import { loadConfig } from "./lib/config";

const environment = new ProductionEnvironment("site", loadConfig());

export const appName = environment.appName;
export const webUrl = environment.webUrl;
export const dnsTargets = environment.dnsTargets;
export const monthlyCostUsd = environment.cost.totalUsdPerMonth;
