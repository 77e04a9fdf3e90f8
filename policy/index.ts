import { PolicyPack } from "@pulumi/policy";
import { CHECKLIST } from "./checklist";

new PolicyPack("heroku-production", {
  policies: CHECKLIST.map((e) => e.policy),
  enforcementLevel: "advisory",
});
