// The offline production check: runs the program under Pulumi's mock runtime with a stack's config file, judges it
// with the policy pack's checklist, and prints a report. Exit 0 when no mandatory item fails, 1 when one does, 2
// when the config itself is malformed. Needs no credentials and no network.
import { parseArgs } from "node:util";
import { ConfigError } from "../lib/config";
import { formatJson, formatMarkdown, formatText, productionCheck } from "../lib/production-check";

const FORMATS = { text: formatText, markdown: formatMarkdown, json: formatJson } as const;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      stack: { type: "string", default: "production" },
      format: { type: "string", default: "text" },
      // Where Pulumi.yaml and Pulumi.<stack>.yaml are, and which --policy-pack-config file sets the levels.
      dir: { type: "string", default: process.cwd() },
      "policy-pack-config": { type: "string" },
    },
  });
  const format = values.format as keyof typeof FORMATS;
  if (!(format in FORMATS)) {
    console.error(`--format is "${values.format}"; allowed: text, markdown or json.`);
    return 2;
  }
  try {
    const report = await productionCheck(values.stack!, values.dir!, () => import("../index.js"), values["policy-pack-config"]);
    console.log(FORMATS[format](report));
    return report.passed ? 0 : 1;
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    return err instanceof ConfigError ? 2 : 3;
  }
}

main().then((code) => process.exit(code));
