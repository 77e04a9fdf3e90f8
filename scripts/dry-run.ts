// Lists the resources a stack declares, offline: the program runs under Pulumi's mock runtime with the stack's
// config file, so no credentials or network are needed.
import { parseArgs } from "node:util";
import { ConfigError } from "../lib/config";
import { isSecretValue, maskComputed, runOffline, type Registration } from "../lib/offline";
import { readStackConfig, withOfflineDefaults } from "../lib/stack-file";

function show(v: unknown): string {
  if (isSecretValue(v)) return "[secret]";
  if (typeof v === "string") return v;
  if (Array.isArray(v)) return `[${v.map(show).join(", ")}]`;
  if (v !== null && typeof v === "object") {
    return `{${Object.entries(v).map(([k, x]) => `${k}: ${show(x)}`).join(", ")}}`;
  }
  return String(v);
}

function describe(r: Registration): string {
  const flags = [r.opts.protect ? "protect" : "", r.opts.retainOnDelete ? "retainOnDelete" : ""].filter(Boolean);
  const inputs = Object.entries(r.inputs)
    .filter(([k, v]) => v !== undefined && k !== "__provider")
    .map(([k, v]) => `      ${k}: ${show(v)}`);
  return [`  ${r.type}  ${r.name}${flags.length ? `  (${flags.join(", ")})` : ""}`, ...inputs].join("\n");
}

async function main() {
  const { values } = parseArgs({ options: { stack: { type: "string", default: "production" } } });
  const stack = values.stack!;
  const run = await runOffline(withOfflineDefaults(readStackConfig(stack)), () => import("../index.js"));
  const custom = run.registrations.filter((r) => r.custom);
  console.log(`Stack "${stack}" declares ${custom.length} resources (offline dry run, nothing was deployed):`);
  // Hostnames, DNS targets, digests and release numbers are made up offline: never shown as real.
  for (const r of custom) console.log(maskComputed(describe(r), run.computed));
  console.log("Outputs:");
  for (const [k, v] of Object.entries(run.outputs)) {
    // Pulumi leaves an undefined output out of the stack's outputs (staging's pipelineId, without a pipeline).
    if (v === undefined) continue;
    const shown = run.secretOutputs.includes(k)
      ? "[secret]"
      : typeof v === "number" && run.computed.has(String(v))
        ? "(known after deploy)"
        : maskComputed(JSON.stringify(v), run.computed);
    console.log(`  ${k}: ${shown}`);
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err instanceof Error ? err.message : String(err));
  process.exitCode = err instanceof ConfigError ? 2 : 1;
});
