// Each test file runs in a fresh process, and loading @pulumi/pulumi there was most of a small file's cost, mostly
// for its closure serializer (TypeScript's compiler and npm's Arborist). As in the launcher, that loads only when a
// provider is serialized (scripts/defer-closure.cjs; its own suite runs it in processes without this).
import { createRequire } from "node:module";
import { join } from "node:path";

const { deferClosureSerializer } = createRequire(__filename)("../../scripts/defer-closure.cjs") as typeof import("../../scripts/defer-closure.cjs");
deferClosureSerializer(join(__dirname, "..", ".."));

// Pulumi captures a stack for every promise it makes (runtime/debuggable.js) and an unbounded one for every resource
// (Resource.callsites), and vitest maps each frame of each through its source maps: a fifth of a program run here.
// Those captures, and only those, are formatted as Node formats them; every other stack is still mapped.
const PULUMI_CAPTURES = new Set(["debuggablePromise", "callsites"]);
const mapped = Error.prepareStackTrace;
if (mapped) {
  Error.prepareStackTrace = (error, frames) =>
    PULUMI_CAPTURES.has(frames[0]?.getFunctionName() ?? "")
      ? `${String(error)}\n${frames.map((f) => `    at ${String(f)}`).join("\n")}`
      : mapped(error, frames);
}
