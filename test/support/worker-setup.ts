// Each test file runs in a fresh process, and loading @pulumi/pulumi there was most of a small file's cost, mostly
// for its closure serializer (TypeScript's compiler and npm's Arborist). As in the launcher, that loads only when a
// provider is serialized (scripts/defer-closure.cjs; its own suite runs it in processes without this).
import { createRequire } from "node:module";
import { join } from "node:path";

const { deferClosureSerializer } = createRequire(__filename)("../../scripts/defer-closure.cjs") as typeof import("../../scripts/defer-closure.cjs");
deferClosureSerializer(join(__dirname, "..", ".."));
