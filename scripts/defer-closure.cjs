// @pulumi/pulumi loads its closure serializer when it starts, and with it TypeScript's compiler and npm's Arborist:
// about 60% of what loading the SDK costs. Only serializing a dynamic provider uses it, and the offline check reads
// its serialized providers from a cache (lib/provider-cache.ts). So the launcher defers the two modules the SDK's
// runtime index takes them from until one of their functions is first called; then the real module loads and runs.
"use strict";
const Module = require("node:module");
const fs = require("node:fs");
const path = require("node:path");
const v8 = require("node:v8");

// What runtime/closure/v8.js sets when it loads.
const SERIALIZER_FLAG = "--allow-natives-syntax";
const DEFERRED = { "./closure/serializeClosure": "serializeClosure.js", "./closure/codePaths": "codePaths.js" };

/**
 * The names a module exports, when it exports nothing but functions it declares (`exports.f = f;` for a top-level
 * `function f` or `async function f`), else undefined: only such a module can stand in as forwarding functions.
 */
function functionExports(source) {
  const names = [...source.matchAll(/^exports\.(\w+) = (\w+);$/gm)].map((m) => (m[1] === m[2] ? m[1] : undefined));
  const declared = new Set([...source.matchAll(/^(?:async )?function (\w+)\(/gm)].map((m) => m[1]));
  // Top-level statements that export anything else, in the forms TypeScript's CommonJS output uses.
  const otherExports = source
    .split("\n")
    .filter((line) => /^(?:module\.exports|exports\.|Object\.defineProperty\(exports|__exportStar\(|__export\()/.test(line))
    .filter((line) => !/^exports\.(\w+) = \1;$/.test(line) && line !== 'Object.defineProperty(exports, "__esModule", { value: true });');
  if (names.length === 0 || names.some((n) => n === undefined || !declared.has(n)) || otherExports.length > 0) return undefined;
  return names;
}

/** Installs the deferral for the @pulumi/pulumi that `from` resolves. Returns the deferred files. */
function deferClosureSerializer(from) {
  const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [from] }));
  const runtimeIndex = path.join(pulumiDir, "runtime", "index.js");
  const facades = new Map();
  let flagSet = false;
  for (const [request, file] of Object.entries(DEFERRED)) {
    const filename = path.join(pulumiDir, "runtime", "closure", file);
    let names;
    try {
      names = functionExports(fs.readFileSync(filename, "utf8"));
    } catch {
      names = undefined;
    }
    if (!names) continue;
    const facade = Object.defineProperty({}, "__esModule", { value: true });
    for (const name of names) {
      facade[name] = function deferred(...args) {
        // The serializer sets this flag once its modules have loaded. Set first, they (TypeScript's compiler among
        // them) compile under the same flags in every run that serializes, so the code V8 caches at the end of one
        // (scripts/compile-cache.cjs) is accepted by the next, TypeScript's with the parser it compiled lazily.
        if (!flagSet) v8.setFlagsFromString(SERIALIZER_FLAG);
        flagSet = true;
        return require(filename)[name].apply(this, args);
      };
    }
    facades.set(request, { filename, facade });
  }
  const load = Module._load;
  Module._load = function deferringLoad(request, parent, isMain) {
    const deferred = parent && parent.filename === runtimeIndex ? facades.get(request) : undefined;
    return deferred ? deferred.facade : load.call(this, request, parent, isMain);
  };
  return [...facades.values()].map((f) => f.filename);
}

module.exports = { deferClosureSerializer, functionExports, SERIALIZER_FLAG };
