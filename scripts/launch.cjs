// Runs one of this project's scripts from prebuilt JavaScript: `node scripts/launch.cjs production-check [args]`.
// The build (esbuild, one output file per source) is keyed by a hash of every source, tsconfig.json, package.json and
// the esbuild version, so it is rebuilt only when one of them changes; it is written to a temporary directory and
// renamed into place, so that concurrent runs never see half a build.
"use strict";
const { createHash } = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");

const root = path.join(__dirname, "..");
const SOURCE_DIRS = ["check", "components", "lib", "policy", "scripts", "sdks"];
const ASSETS = [path.join("policy", "config")];

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
  hash.update(`esbuild ${esbuildVersion}\0`);
  for (const file of [...files, "tsconfig.json", "package.json"]) {
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

function build(files, outDir) {
  const tmp = `${outDir}.tmp-${process.pid}-${Date.now()}`;
  require("esbuild").buildSync({
    entryPoints: files.map((f) => path.join(root, f)),
    outdir: tmp,
    outbase: root,
    format: "cjs",
    platform: "node",
    target: `node${process.versions.node.split(".")[0]}`,
    logLevel: "error",
  });
  for (const asset of ASSETS) fs.cpSync(path.join(root, asset), path.join(tmp, asset), { recursive: true });
  try {
    fs.renameSync(tmp, outDir);
  } catch (error) {
    // Another run finished the same build first: its copy is identical.
    fs.rmSync(tmp, { recursive: true, force: true });
    if (!fs.existsSync(outDir)) throw error;
  }
  // Older builds are of no further use.
  for (const name of fs.readdirSync(path.dirname(outDir))) {
    const other = path.join(path.dirname(outDir), name);
    if (other !== outDir && !name.includes(".tmp-") && name !== "providers") fs.rmSync(other, { recursive: true, force: true });
  }
}

function main() {
  const [script, ...args] = process.argv.slice(2);
  if (!script || !/^[a-z][a-z-]*$/.test(script) || !fs.existsSync(path.join(root, "scripts", `${script}.ts`))) {
    console.error(`launch.cjs: no script scripts/${script ?? "<name>"}.ts`);
    process.exitCode = 2;
    return;
  }
  const files = sources();
  const key = buildKey(files);
  const buildRoot = path.join(root, ".build");
  const outDir = path.join(buildRoot, key);
  if (!fs.existsSync(outDir)) {
    fs.mkdirSync(buildRoot, { recursive: true });
    build(files, outDir);
  }
  // The offline run caches the serialized dynamic providers under this key (see lib/provider-cache.ts).
  process.env.HEROKU_PRODUCTION_BUILD = key;
  process.env.HEROKU_PRODUCTION_PROVIDER_CACHE = path.join(buildRoot, "providers");
  process.argv = [process.argv[0], path.join(outDir, "scripts", `${script}.js`), ...args];
  require(path.join(outDir, "scripts", `${script}.js`));
}

main();
