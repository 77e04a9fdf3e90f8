// Runs one of this project's scripts from prebuilt JavaScript: `node scripts/launch.cjs production-check [args]`.
// The build (esbuild, one output file per source) is keyed by a hash of every source, tsconfig.json, package.json,
// this file, the esbuild version and Node's major version, so it is rebuilt only when one of them changes; it is
// written to a temporary directory and renamed into place, so that concurrent runs never see half a build.
"use strict";
const { createHash } = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");
const { enableCompileCache } = require("./compile-cache.cjs");
const { deferClosureSerializer } = require("./defer-closure.cjs");

const root = path.join(__dirname, "..");
// The build's target, so also part of its key.
const NODE_MAJOR = process.versions.node.split(".")[0];
const SOURCE_DIRS = ["check", "components", "lib", "policy", "scripts", "sdks"];
const ASSETS = [path.join("policy", "config")];
const BUILD_ROOT = path.join(root, ".build");
// Beside the builds: serialized providers (lib/provider-cache.ts), V8's code cache (compile-cache.cjs), the
// input of each stack's last Django check (check/django-early.ts) and parsed YAML files (lib/yaml-file.ts).
const KEPT = ["providers", "compile-cache", "django", "yaml"];

function sources() {
  const found = ["index.ts"];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "node_modules") walk(rel);
      } else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) {
        found.push(rel);
      }
    }
  };
  for (const dir of SOURCE_DIRS) walk(dir);
  return found.sort();
}

function buildKey(files) {
  const hash = createHash("sha256");
  const esbuildVersion = require("esbuild/package.json").version;
  hash.update(`esbuild ${esbuildVersion}\0node${NODE_MAJOR}\0`);
  for (const file of [...files, "tsconfig.json", "package.json", path.join("scripts", "launch.cjs")]) {
    hash.update(`${file}\0`);
    hash.update(fs.readFileSync(path.join(root, file)));
    hash.update("\0");
  }
  for (const asset of ASSETS) {
    for (const name of fs.readdirSync(path.join(root, asset)).sort()) {
      hash.update(`${asset}/${name}\0`);
      hash.update(fs.readFileSync(path.join(root, asset, name)));
    }
  }
  return hash.digest("hex").slice(0, 16);
}

/**
 * For each built module, a hash of its own output and of every project module it imports, directly or not. A
 * serialized dynamic provider captures only what its module reaches, so this is what its cached text depends on:
 * an edit elsewhere in the project leaves it valid (see lib/provider-cache.ts).
 */
function closureHashes(metafile, outDir) {
  const rel = (file) => path.relative(outDir, path.resolve(root, file)).split(path.sep).join("/");
  const imports = new Map();
  for (const [out, meta] of Object.entries(metafile.outputs)) {
    if (!out.endsWith(".js")) continue;
    const from = rel(out);
    const local = meta.imports
      .filter((i) => i.path.startsWith("./") || i.path.startsWith("../"))
      .map((i) => path.posix.normalize(path.posix.join(path.posix.dirname(from), i.path)));
    imports.set(from, local);
  }
  // An import names a file with or without ".js", or a directory's index.js.
  const output = (request) => [request, `${request}.js`, `${request}/index.js`].find((f) => imports.has(f));
  const texts = new Map();
  const text = (file) => texts.get(file) ?? texts.set(file, fs.readFileSync(path.join(outDir, file))).get(file);
  const hashes = {};
  for (const start of [...imports.keys()].sort()) {
    const reached = new Set([start]);
    for (const file of reached) {
      for (const next of imports.get(file).map(output)) if (next) reached.add(next);
    }
    const hash = createHash("sha256");
    for (const file of [...reached].sort()) hash.update(`${file}\0`).update(text(file)).update("\0");
    hashes[start] = hash.digest("hex").slice(0, 16);
  }
  return hashes;
}

/**
 * Builds into `outDir`. esbuild works in a process of its own, so `meanwhile` runs on this thread while it builds
 * (the launcher loads the modules the script will need there).
 */
async function build(files, outDir, meanwhile = () => {}) {
  const tmp = `${outDir}.tmp-${process.pid}-${Date.now()}`;
  const building = require("esbuild").build({
    entryPoints: files.map((f) => path.join(root, f)),
    outdir: tmp,
    outbase: root,
    // The metafile's paths are relative to this.
    absWorkingDir: root,
    format: "cjs",
    platform: "node",
    target: `node${NODE_MAJOR}`,
    logLevel: "error",
    metafile: true,
  });
  // With no plugins, build() has written the request to esbuild's process by the time it returns.
  meanwhile();
  const { metafile } = await building;
  fs.writeFileSync(path.join(tmp, "closures.json"), `${JSON.stringify(closureHashes(metafile, tmp), null, 2)}\n`);
  for (const asset of ASSETS) fs.cpSync(path.join(root, asset), path.join(tmp, asset), { recursive: true });
  try {
    fs.renameSync(tmp, outDir);
  } catch (error) {
    // Another run finished the same build first: its copy is identical.
    fs.rmSync(tmp, { recursive: true, force: true });
    if (!fs.existsSync(outDir)) throw error;
  }
  // Older builds are of no further use; the caches beside them are kept.
  for (const name of fs.readdirSync(path.dirname(outDir))) {
    const other = path.join(path.dirname(outDir), name);
    if (other !== outDir && !name.includes(".tmp-") && !KEPT.includes(name)) fs.rmSync(other, { recursive: true, force: true });
  }
}

// What each script loads anyway, and so can load while esbuild builds: the Pulumi SDK is most of a run's start.
const PRELOAD = { "production-check": ["@pulumi/pulumi"], "dry-run": ["@pulumi/pulumi"] };

async function main() {
  const [script, ...args] = process.argv.slice(2);
  if (!script || !/^[a-z][a-z-]*$/.test(script) || !fs.existsSync(path.join(root, "scripts", `${script}.ts`))) {
    console.error(`launch.cjs: no script scripts/${script ?? "<name>"}.ts`);
    process.exitCode = 2;
    return;
  }
  enableCompileCache(path.join(BUILD_ROOT, "compile-cache"), script, BUILD_ROOT);
  deferClosureSerializer(root);
  const files = sources();
  const key = buildKey(files);
  const outDir = path.join(BUILD_ROOT, key);
  if (!fs.existsSync(outDir)) {
    fs.mkdirSync(BUILD_ROOT, { recursive: true });
    await build(files, outDir, () => {
      try {
        for (const request of PRELOAD[script] ?? []) require(request);
      } catch {
        // Not loaded: the script's own require meets the same error and reports it.
      }
    });
  }
  // The offline run caches the serialized dynamic providers here (see lib/provider-cache.ts).
  process.env.HEROKU_PRODUCTION_BUILD = key;
  process.env.HEROKU_PRODUCTION_PROVIDER_CACHE = path.join(BUILD_ROOT, "providers");
  // Unless the caller keeps them elsewhere (a test, say).
  process.env.HEROKU_PRODUCTION_DJANGO_MEMORY ??= path.join(BUILD_ROOT, "django");
  process.env.HEROKU_PRODUCTION_YAML_CACHE ??= path.join(BUILD_ROOT, "yaml");
  process.argv = [process.argv[0], path.join(outDir, "scripts", `${script}.js`), ...args];
  require(path.join(outDir, "scripts", `${script}.js`));
}

if (require.main === module) {
  // As Node reports an uncaught error (esbuild has already printed a build error's details).
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}

module.exports = { buildKey, build, closureHashes, sources };
