// The launcher's speed measures, each in processes of their own (vitest's workers defer the closure serializer
// themselves): V8's code cache, the deferred closure serializer, the import closures that key cached providers, and
// the build running beside the SDK's load.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { codeKey } from "../lib/provider-cache";
import { readStackConfig } from "../lib/stack-file";
import { contentHash } from "../scripts/compile-cache.cjs";
import { functionExports, SERIALIZER_FLAG } from "../scripts/defer-closure.cjs";
import { timedRunEnv, withBenchVar } from "../scripts/bench-production-check";
import { build, closureHashes } from "../scripts/launch.cjs";
import { REPO } from "./support/program";

const COMPILE_CACHE = join(REPO, "scripts", "compile-cache.cjs");
const DEFER = join(REPO, "scripts", "defer-closure.cjs");
const PULUMI = join(REPO, "node_modules", "@pulumi", "pulumi");

function node(script: string, cwd: string, env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, ["-e", script], { cwd, encoding: "utf8", env: { ...process.env, ...env } });
  if (r.status !== 0) throw new Error(`node exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop()!) as Record<string, unknown>;
}

/** The store's index: module file name to [content hash, offset, length], length -1 for a module left to Node. */
function storeIndex(file: string): Record<string, [string, number, number]> {
  const bytes = readFileSync(file);
  return (JSON.parse(bytes.subarray(4, 4 + bytes.readUInt32LE(0)).toString("utf8")) as { entries: Record<string, [string, number, number]> })
    .entries;
}

const cachedIn = (file: string) =>
  Object.entries(storeIndex(file))
    .filter(([, e]) => e[2] >= 0)
    .map(([name]) => name)
    .sort();
const leftToNodeIn = (file: string) =>
  Object.entries(storeIndex(file))
    .filter(([, e]) => e[2] < 0)
    .map(([name]) => name);

describe("V8's code cache (scripts/compile-cache.cjs)", () => {
  const project = () => {
    const dir = mkdtempSync(join(tmpdir(), "compile-cache-"));
    writeFileSync(join(dir, "m.cjs"), "module.exports = { v: 1 };\n");
    writeFileSync(join(dir, "d.cjs"), 'module.exports = () => import("./e.mjs");\n');
    writeFileSync(join(dir, "e.mjs"), "export const x = 42;\n");
    return dir;
  };
  const run = (dir: string, extra = "", env: NodeJS.ProcessEnv = {}) =>
    node(
      `const c = require(${JSON.stringify(COMPILE_CACHE)}).enableCompileCache(${JSON.stringify(join(dir, "cache"))}, "t");
       ${extra}
       const m = require("./m.cjs");
       require("./d.cjs")().then((e) => console.log(JSON.stringify({ mode: c.mode, v: m.v, x: e.x, ...c.stats() })));`,
      dir,
      env,
    );
  const store = (dir: string) => join(dir, "cache", `t-${process.version}-${process.arch}.bin`);

  it("compiles afresh once, then from the cache; a module that calls import() is left to Node, where it works", () => {
    const dir = project();
    expect(run(dir)).toEqual({ mode: "hook", v: 1, x: 42, hits: 0, misses: 1, rejected: 0, uncached: 1 });
    expect(cachedIn(store(dir))).toEqual([join(dir, "m.cjs")]);
    expect(leftToNodeIn(store(dir))).toEqual([join(dir, "d.cjs")]);
    const written = statSync(store(dir)).mtimeMs;
    expect(run(dir)).toEqual({ mode: "hook", v: 1, x: 42, hits: 1, misses: 0, rejected: 0, uncached: 1 });
    // A run that compiled nothing afresh leaves the store as it was.
    expect(statSync(store(dir)).mtimeMs).toBe(written);
  });

  it("keeps what an earlier write stored when it writes again in the same run", () => {
    const dir = project();
    writeFileSync(join(dir, "n.cjs"), "module.exports = { w: 2 };\n");
    // m.cjs is written at the first flush; n.cjs, compiled after it, at exit, beside the m.cjs entry kept in memory.
    const first = node(
      `const c = require(${JSON.stringify(COMPILE_CACHE)}).enableCompileCache(${JSON.stringify(join(dir, "cache"))}, "t");
       require("./m.cjs"); c.flush(); require("./n.cjs"); console.log(JSON.stringify(c.stats()));`,
      dir,
    );
    expect(first).toMatchObject({ hits: 0, misses: 2 });
    expect(cachedIn(store(dir))).toEqual([join(dir, "m.cjs"), join(dir, "n.cjs")]);
    const again = node(
      `const c = require(${JSON.stringify(COMPILE_CACHE)}).enableCompileCache(${JSON.stringify(join(dir, "cache"))}, "t");
       const { v } = require("./m.cjs"); const { w } = require("./n.cjs"); console.log(JSON.stringify({ v, w, ...c.stats() }));`,
      dir,
    );
    expect(again).toMatchObject({ v: 1, w: 2, hits: 2, misses: 0, rejected: 0 });
  });

  it("caches a module whose text has import( only in strings and comments, as TypeScript's compiler does", () => {
    const dir = project();
    writeFileSync(join(dir, "m.cjs"), 'module.exports = { v: 1, hint: "write import(x) instead" }; // or import("y")\n');
    expect(run(dir)).toMatchObject({ v: 1, hits: 0, misses: 1, uncached: 1 });
    expect(run(dir)).toMatchObject({ v: 1, hits: 1, misses: 0, uncached: 1 });
    expect(cachedIn(store(dir))).toEqual([join(dir, "m.cjs")]);
  });

  it("keys each module by its content, not its length, which is all V8 checks", () => {
    const dir = project();
    run(dir);
    writeFileSync(join(dir, "m.cjs"), "module.exports = { v: 2 };\n");
    expect(run(dir)).toEqual({ mode: "hook", v: 2, x: 42, hits: 0, misses: 1, rejected: 0, uncached: 1 });
    expect(run(dir)).toMatchObject({ v: 2, hits: 1, misses: 0 });
  });

  it("drops the entries of files that are gone, so the store does not grow with each build", () => {
    const dir = project();
    mkdirSync(join(dir, "old"));
    writeFileSync(join(dir, "old", "x.cjs"), "module.exports = 1;\n");
    run(dir, 'require("./old/x.cjs");');
    expect(cachedIn(store(dir))).toEqual([join(dir, "m.cjs"), join(dir, "old", "x.cjs")]);
    rmSync(join(dir, "old"), { recursive: true });
    writeFileSync(join(dir, "m.cjs"), "module.exports = { v: 3 };\n");
    run(dir);
    expect(cachedIn(store(dir))).toEqual([join(dir, "m.cjs")]);
  });

  it("makes each module's data under the flags it was compiled under: before a change, and after it at exit", () => {
    const dir = project();
    expect(run(dir)).toMatchObject({ misses: 1 });
    writeFileSync(join(dir, "m.cjs"), "module.exports = { v: 4 };\n");
    // A function that first runs after the serializer has set its flag a second time, as TypeScript's parser does.
    writeFileSync(join(dir, "after.cjs"), `module.exports = { f() { let a = 0; ${"a += 1; ".repeat(100)}return a; } };\n`);
    const serializing = (callF: boolean) =>
      `setImmediate(() => {
         const v8 = require("v8");
         v8.setFlagsFromString("--allow-natives-syntax");
         const { f } = require("./after.cjs");
         v8.setFlagsFromString("--allow-natives-syntax");
         ${callF ? "f();" : ""}
       });`;
    run(dir, serializing(false));
    expect(cachedIn(store(dir))).toEqual([join(dir, "after.cjs"), join(dir, "m.cjs")]);
    const withoutF = storeIndex(store(dir))[join(dir, "after.cjs")][2];
    rmSync(join(dir, "cache"), { recursive: true });
    run(dir, serializing(true));
    // after.cjs's data was made at exit, with f in it, not when the flag was set again.
    expect(storeIndex(store(dir))[join(dir, "after.cjs")][2]).toBeGreaterThan(withoutF);
    const again = node(
      `const c = require(${JSON.stringify(COMPILE_CACHE)}).enableCompileCache(${JSON.stringify(join(dir, "cache"))}, "t");
       const { v } = require("./m.cjs");
       require("v8").setFlagsFromString("--allow-natives-syntax");
       const { f } = require("./after.cjs");
       console.log(JSON.stringify({ v, a: f(), ...c.stats() }));`,
      dir,
    );
    expect(again).toEqual({ v: 4, a: 100, hits: 2, misses: 0, rejected: 0, uncached: 0 });
    // A run that never sets the flag compiles after.cjs under other flags: V8 refuses its data, and it is made anew.
    expect(run(dir, 'require("./after.cjs");')).toEqual({ mode: "hook", v: 4, x: 42, hits: 1, misses: 1, rejected: 1, uncached: 1 });
  });

  it("keeps a build's modules by their path inside it, in a store of their own, so a new build compiles only what changed", () => {
    const dir = project();
    const builds = join(dir, "builds");
    const write = (key: string, files: Record<string, string>) => {
      mkdirSync(join(builds, key, "lib"), { recursive: true });
      for (const [f, text] of Object.entries(files)) writeFileSync(join(builds, key, f), text);
    };
    const runBuild = (key: string, modules: string[]) =>
      node(
        `const c = require(${JSON.stringify(COMPILE_CACHE)}).enableCompileCache(${JSON.stringify(join(dir, "cache"))}, "t", ${JSON.stringify(builds)});
         const v = ${JSON.stringify(modules)}.map((m) => require(${JSON.stringify(join(builds, key))} + "/" + m).v);
         require("./m.cjs");
         console.log(JSON.stringify({ v, ...c.stats() }));`,
        dir,
      );
    const buildStore = join(dir, "cache", `t-build-${process.version}-${process.arch}.bin`);
    write("0123456789abcdef", { "a.cjs": "module.exports = { v: 1 };\n", "lib/b.cjs": "module.exports = { v: 2 };\n" });
    expect(runBuild("0123456789abcdef", ["a.cjs", "lib/b.cjs"])).toMatchObject({ v: [1, 2], hits: 0, misses: 3 });
    expect(cachedIn(buildStore)).toEqual(["a.cjs", "lib/b.cjs"]);
    // Modules outside the builds stay in the script's own store, by their file name.
    expect(cachedIn(store(dir))).toEqual([join(dir, "m.cjs")]);
    // The next build, with lib/b.cjs changed and the old build removed, as the launcher does.
    write("fedcba9876543210", { "a.cjs": "module.exports = { v: 1 };\n", "lib/b.cjs": "module.exports = { v: 3 };\n" });
    rmSync(join(builds, "0123456789abcdef"), { recursive: true });
    const scriptStore = statSync(store(dir)).mtimeMs;
    expect(runBuild("fedcba9876543210", ["a.cjs", "lib/b.cjs"])).toMatchObject({ v: [1, 3], hits: 2, misses: 1, rejected: 0 });
    // Only the build's store was written.
    expect(statSync(store(dir)).mtimeMs).toBe(scriptStore);
    expect(runBuild("fedcba9876543210", ["a.cjs", "lib/b.cjs"])).toMatchObject({ v: [1, 3], hits: 3, misses: 0 });
    // A module the build no longer has is dropped when the store is next written.
    write("00000000000000ff", { "a.cjs": "module.exports = { v: 4 };\n" });
    rmSync(join(builds, "fedcba9876543210"), { recursive: true });
    expect(runBuild("00000000000000ff", ["a.cjs"])).toMatchObject({ v: [4], hits: 1, misses: 1 });
    expect(cachedIn(buildStore)).toEqual(["a.cjs"]);
    // A directory under builds that is not a build's is not one.
    write("not-a-build-key!", { "a.cjs": "module.exports = { v: 5 };\n" });
    expect(runBuild("not-a-build-key!", ["a.cjs"])).toMatchObject({ v: [5], hits: 1, misses: 1 });
    expect(cachedIn(store(dir))).toEqual([join(builds, "not-a-build-key!", "a.cjs"), join(dir, "m.cjs")]);
  });

  it("removes the temporary files a process that is gone left, and no other", () => {
    const dir = project();
    mkdirSync(join(dir, "cache"));
    const gone = Number(spawnSync(process.execPath, ["-e", "console.log(process.pid)"], { encoding: "utf8" }).stdout.trim());
    const name = `t-${process.version}-${process.arch}.bin`;
    const left = [`${name}.${gone}.1.tmp`, `${name}.${process.pid}.1.tmp`, `other.bin.${gone}.1.tmp`, `${name}.${gone}.tmp`];
    for (const f of left) writeFileSync(join(dir, "cache", f), "partial");
    run(dir);
    expect(readdirSync(join(dir, "cache")).sort()).toEqual([name, ...left.slice(1)].sort());
  });

  it("reports a syntax error exactly as Node does without it", () => {
    const dir = project();
    writeFileSync(join(dir, "broken.cjs"), "module.exports = {;\n");
    const attempt = `try { require("./broken.cjs"); } catch (e) { console.log(JSON.stringify({ name: e.name, message: e.message, at: e.stack.split("\\n")[0] })); }`;
    const plain = node(attempt, dir);
    const cached = node(`require(${JSON.stringify(COMPILE_CACHE)}).enableCompileCache(${JSON.stringify(join(dir, "cache"))}, "t"); ${attempt}`, dir);
    expect(cached).toEqual(plain);
    expect(plain.name).toBe("SyntaxError");
  });

  it("is off with HEROKU_PRODUCTION_COMPILE_CACHE=0, and with --enable-source-maps, which only Node's own compiling honours", () => {
    const dir = project();
    const off = { mode: "off", v: 1, x: 42, hits: 0, misses: 0, rejected: 0, uncached: 0 };
    expect(run(dir, "", { HEROKU_PRODUCTION_COMPILE_CACHE: "0" })).toEqual(off);
    expect(run(dir, "", { NODE_OPTIONS: "--enable-source-maps" })).toEqual(off);
  });
});

describe("the deferred closure serializer (scripts/defer-closure.cjs)", () => {
  it("stands in only for modules that export nothing but functions they declare", () => {
    expect(functionExports(readFileSync(join(PULUMI, "runtime", "closure", "serializeClosure.js"), "utf8"))).toEqual([
      "serializeFunction",
      "serializeFunctionAsync",
    ]);
    expect(functionExports(readFileSync(join(PULUMI, "runtime", "closure", "codePaths.js"), "utf8"))).toEqual([
      "computeCodePaths",
      "findWorkspaceRoot",
    ]);
    const declared = "function f() {}\nexports.f = f;\n";
    expect(functionExports(declared)).toEqual(["f"]);
    expect(functionExports(`${declared}exports.limit = 3;\n`)).toBeUndefined();
    expect(functionExports(`${declared}exports.g = f;\n`)).toBeUndefined();
    expect(functionExports(`${declared}exports.h = h;\n`)).toBeUndefined();
    expect(functionExports(`${declared}__exportStar(require("./x"), exports);\n`)).toBeUndefined();
    expect(functionExports("module.exports = {};\n")).toBeUndefined();
  });

  it("loads the SDK without TypeScript or Arborist, and serializes exactly the same text when asked", () => {
    const serialize = (defer: boolean) =>
      node(
        `${defer ? `require(${JSON.stringify(DEFER)}).deferClosureSerializer(process.cwd());` : ""}
         const pulumi = require("@pulumi/pulumi");
         const loaded = () => Object.keys(require.cache).filter((k) => /typescript\\/lib\\/typescript\\.js$|@npmcli\\/arborist\\/lib\\/index\\.js$/.test(k)).length;
         const before = loaded();
         const limit = 3;
         const provider = { async create(inputs) { return { id: "x", outs: { ...inputs, limit } }; } };
         pulumi.runtime.serializeFunction(() => provider).then((f) => console.log(JSON.stringify({ before, after: loaded(), text: f.text })));`,
        REPO,
      );
    const deferred = serialize(true);
    const eager = serialize(false);
    expect(deferred.before).toBe(0);
    expect(eager.before).toBe(2);
    expect(deferred.after).toBe(1);
    expect(deferred.text).toBe(eager.text);
    expect(deferred.text).toContain("limit");
  });

  it("sets the serializer's V8 flag before TypeScript's compiler loads, so it compiles under the same flags every time", () => {
    const calls = node(
      `require(${JSON.stringify(DEFER)}).deferClosureSerializer(process.cwd());
       const v8 = require("v8");
       const set = v8.setFlagsFromString;
       const calls = [];
       const tsLoaded = () => Object.keys(require.cache).some((k) => /typescript\\/lib\\/typescript\\.js$/.test(k));
       v8.setFlagsFromString = (flags) => (calls.push({ flags, tsLoaded: tsLoaded() }), set(flags));
       const pulumi = require("@pulumi/pulumi");
       pulumi.runtime
         .serializeFunction(() => 1)
         .then(() => pulumi.runtime.serializeFunction(() => 2))
         .then(() => console.log(JSON.stringify({ calls })));`,
      REPO,
    ).calls as { flags: string; tsLoaded: boolean }[];
    // Once, before the serializer's own two (runtime/closure/v8.js and v8Hooks.js), however many serializations.
    expect(calls).toEqual([
      { flags: SERIALIZER_FLAG, tsLoaded: false },
      { flags: SERIALIZER_FLAG, tsLoaded: true },
      { flags: SERIALIZER_FLAG, tsLoaded: true },
    ]);
    expect(SERIALIZER_FLAG).toBe("--allow-natives-syntax");
  });
});

describe("import closures, which key the cached providers (scripts/launch.cjs)", () => {
  const outDir = () => {
    const dir = mkdtempSync(join(tmpdir(), "closures-"));
    mkdirSync(join(dir, "components"));
    mkdirSync(join(dir, "lib"));
    writeFileSync(join(dir, "components", "a.js"), 'require("../lib/b");\n');
    writeFileSync(join(dir, "lib", "b.js"), 'require("node:fs");\n');
    writeFileSync(join(dir, "lib", "c.js"), "exports.c = 1;\n");
    mkdirSync(join(dir, "lib", "d"));
    writeFileSync(join(dir, "lib", "d", "index.js"), "exports.d = 1;\n");
    return dir;
  };
  // The shape of esbuild's metafile for a build that bundles nothing: output paths from the project root.
  const metafile = (dir: string) => {
    const rel = (p: string) => relative(REPO, join(dir, p));
    return {
      outputs: {
        [rel("components/a.js")]: { imports: [{ path: "@pulumi/pulumi" }, { path: "../lib/b" }] },
        [rel("lib/b.js")]: { imports: [{ path: "node:fs" }, { path: "./d" }] },
        [rel("lib/d/index.js")]: { imports: [] },
        [rel("lib/c.js")]: { imports: [] },
        [rel("lib/c.js.map")]: { imports: [] },
      },
    };
  };

  it("changes a module's hash with an edit to it or to what it imports, and with nothing else", () => {
    const dir = outDir();
    const first = closureHashes(metafile(dir), dir);
    expect(Object.keys(first).sort()).toEqual(["components/a.js", "lib/b.js", "lib/c.js", "lib/d/index.js"]);
    writeFileSync(join(dir, "lib", "c.js"), "exports.c = 2;\n");
    const afterC = closureHashes(metafile(dir), dir);
    expect(afterC["components/a.js"]).toBe(first["components/a.js"]);
    expect(afterC["lib/b.js"]).toBe(first["lib/b.js"]);
    expect(afterC["lib/c.js"]).not.toBe(first["lib/c.js"]);
    writeFileSync(join(dir, "lib", "b.js"), 'require("node:path");\n');
    const afterB = closureHashes(metafile(dir), dir);
    expect(afterB["components/a.js"]).not.toBe(first["components/a.js"]);
    expect(afterB["lib/b.js"]).not.toBe(first["lib/b.js"]);
    expect(afterB["lib/c.js"]).toBe(afterC["lib/c.js"]);
    // A directory's index, reached through b.
    writeFileSync(join(dir, "lib", "d", "index.js"), "exports.d = 2;\n");
    const afterD = closureHashes(metafile(dir), dir);
    expect(afterD["components/a.js"]).not.toBe(afterB["components/a.js"]);
    expect(afterD["lib/c.js"]).toBe(afterB["lib/c.js"]);
  });

  it("falls back to the build's key outside a launcher build, where no closures.json is beside lib/", () => {
    expect(codeKey(join(REPO, "components", "container-release.ts"), "build-7")).toBe("build-7");
  });
});

describe("the build (scripts/launch.cjs)", () => {
  it("builds while the launcher loads what the script needs: esbuild writes its output during the callback", async () => {
    const parent = mkdtempSync(join(tmpdir(), "launch-build-"));
    const outDir = join(parent, "b1");
    const files = ["lib/catalog.ts", "lib/provider-support.ts"];
    let during: string[] = [];
    await build(files, outDir, () => {
      // Blocks this thread, as a synchronous require does: only esbuild's own process can write the output now.
      const until = Date.now() + 20_000;
      const written = () => readdirSync(parent).flatMap((d) => (d.startsWith("b1.tmp-") && existsSync(join(parent, d, "lib", "catalog.js")) ? [d] : []));
      while (Date.now() < until && written().length === 0);
      during = written();
      expect(existsSync(outDir)).toBe(false);
    });
    expect(during).toHaveLength(1);
    expect(readdirSync(join(outDir, "lib")).sort()).toEqual(["catalog.js", "provider-support.js"]);
    expect(Object.keys(JSON.parse(readFileSync(join(outDir, "closures.json"), "utf8")) as object).sort()).toEqual([
      "lib/catalog.js",
      "lib/provider-support.js",
    ]);
    expect(readdirSync(parent)).toEqual(["b1"]);
    rmSync(parent, { recursive: true, force: true });
  });
});

describe("the code cache's content hash (scripts/compile-cache.cjs)", () => {
  it("is the whole text's SHA-1, pieces and surrogate pairs across their ends included", () => {
    const whole = (s: string) => createHash("sha1").update(s).digest("base64");
    const piece = 1 << 18;
    const texts = [
      "",
      "module.exports = 1;\n",
      "x".repeat(piece - 1) + "😀" + "y".repeat(10),
      "x".repeat(piece - 1) + "\ud83d" + "z".repeat(piece),
      "é".repeat(3 * piece + 7) + "😀".repeat(piece),
      readFileSync(require.resolve("typescript"), "utf8"),
    ];
    for (const text of texts) expect([text.length, contentHash(text)]).toEqual([text.length, whole(text)]);
    // A lone surrogate and a pair split by a piece's end encode differently, so they must not hash alike.
    expect(contentHash("x".repeat(piece - 1) + "\ud83d\ude00")).not.toBe(contentHash("x".repeat(piece - 1) + "\ud83d\ufffd"));
  });
});

describe("the bench (scripts/bench-production-check.ts)", () => {
  it("times each run with the environment it would have, not what the launcher set for the bench itself", () => {
    const env = {
      PATH: "/usr/bin",
      NODE_OPTIONS: "--max-old-space-size=512",
      HEROKU_PRODUCTION_BUILD: "0123456789abcdef",
      HEROKU_PRODUCTION_PROVIDER_CACHE: "/checkout/.build/providers",
      HEROKU_PRODUCTION_DJANGO_MEMORY: "/checkout/.build/django",
      HEROKU_PRODUCTION_YAML_CACHE: "/checkout/.build/yaml",
      HEROKU_PRODUCTION_COMPILE_CACHE: "0",
    };
    expect(timedRunEnv(env, "/checkout/scripts/bench-rss.cjs")).toEqual({
      PATH: "/usr/bin",
      NODE_OPTIONS: "--max-old-space-size=512 --require /checkout/scripts/bench-rss.cjs",
      HEROKU_PRODUCTION_COMPILE_CACHE: "0",
    });
    expect(timedRunEnv({}, "/r.cjs")).toEqual({ NODE_OPTIONS: "--require /r.cjs" });
  });

  it("edits a config var in the stack file, keeping the rest, as a team's config edit does", () => {
    const dir = mkdtempSync(join(tmpdir(), "bench-edit-"));
    try {
      writeFileSync(join(dir, "Pulumi.yaml"), readFileSync(join(REPO, "Pulumi.yaml")));
      const original = readFileSync(join(REPO, "Pulumi.production.yaml"), "utf8");
      writeFileSync(join(dir, "Pulumi.production.yaml"), original);
      const before = readStackConfig("production", dir).values;
      const edited = withBenchVar(original, "heroku-production", 3);
      expect(edited.startsWith(original.split("\nconfig:")[0])).toBe(true);
      writeFileSync(join(dir, "Pulumi.production.yaml"), edited);
      expect(readStackConfig("production", dir).values).toEqual({ ...before, "heroku-production:configVars": '{"BENCH_EDIT":"3"}' });

      // A stack with config vars of its own keeps them; the next edit changes the value.
      const own = "config:\n  shop:configVars:\n    FEATURE: \"on\" # kept\n  shop:region: eu\n";
      const twice = withBenchVar(withBenchVar(own, "shop", 0), "shop", 1);
      expect(twice).toBe('config:\n  shop:configVars:\n    FEATURE: "on" # kept\n    BENCH_EDIT: "1"\n  shop:region: eu\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
