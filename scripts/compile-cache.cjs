// A V8 code cache for the CommonJS modules a launched script loads. Compiling @pulumi/pulumi and its dependencies
// (about 1,000 files, 16 MB, TypeScript's compiler among them) is most of what loading the SDK costs. Node 22.1 and
// later have this built in (module.enableCompileCache), and it is used there. On Node 20 the hook below does the same:
// the v8-compile-cache packages would too, but they compile without a dynamic-import callback, so every `import()`
// in a module they load fails ("A dynamic import callback was not specified"), and they rewrite their whole store on
// every run.
"use strict";
const Module = require("node:module");
const { createHash } = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");
const v8 = require("node:v8");
const vm = require("node:vm");
const { Buffer } = require("node:buffer");

const FORMAT = "heroku-production-compile-cache-1";

function readStore(file) {
  try {
    const bytes = fs.readFileSync(file);
    const headerLength = bytes.readUInt32LE(0);
    const header = JSON.parse(bytes.subarray(4, 4 + headerLength).toString("utf8"));
    if (header.format !== FORMAT) return { entries: {}, data: Buffer.alloc(0) };
    return { entries: header.entries, data: bytes.subarray(4 + headerLength) };
  } catch {
    return { entries: {}, data: Buffer.alloc(0) };
  }
}

let writes = 0;

/**
 * Removes the temporary files of `file` that a process which is gone left behind: one killed while its store was
 * being written in the background (Ctrl-C during a provider's serialization) would otherwise leave its 5 MB there.
 */
function removeOrphans(file) {
  const prefix = `${path.basename(file)}.`;
  let names;
  try {
    names = fs.readdirSync(path.dirname(file));
  } catch {
    return;
  }
  for (const name of names) {
    const pid = name.startsWith(prefix) ? Number(/^(\d+)\.\d+\.tmp$/.exec(name.slice(prefix.length))?.[1]) : NaN;
    if (!Number.isInteger(pid)) continue;
    try {
      process.kill(pid, 0);
    } catch (error) {
      // EPERM: the process is there, under another user.
      if (error.code === "ESRCH") fs.rmSync(path.join(path.dirname(file), name), { force: true });
    }
  }
}

/**
 * Writes the store whole, to a temporary file renamed into place, so that a concurrent run reads one or the other,
 * and returns it as readStore would read it back. In the background, the file is written on libuv's threads while
 * this one goes on; the process does not exit before it is done.
 */
function writeStore(file, entries, background = false) {
  const index = {};
  const chunks = [];
  let offset = 0;
  for (const [filename, { hash, data }] of Object.entries(entries)) {
    // A length of -1: the module is left to Node (it calls import()).
    if (data === null) {
      index[filename] = [hash, 0, -1];
      continue;
    }
    index[filename] = [hash, offset, data.length];
    chunks.push(data);
    offset += data.length;
  }
  const header = Buffer.from(JSON.stringify({ format: FORMAT, entries: index }), "utf8");
  const length = Buffer.alloc(4);
  length.writeUInt32LE(header.length, 0);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  removeOrphans(file);
  const tmp = `${file}.${process.pid}.${++writes}.tmp`;
  const bytes = Buffer.concat([length, header, ...chunks]);
  if (background) {
    fs.writeFile(tmp, bytes, (error) => (error ? fs.rm(tmp, { force: true }, () => {}) : fs.rename(tmp, file, () => {})));
  } else {
    fs.writeFileSync(tmp, bytes);
    fs.renameSync(tmp, file);
  }
  return { entries: index, data: bytes.subarray(4 + header.length) };
}

const PIECE = 1 << 18;

/**
 * The module's SHA-1, from its text in pieces: hashed whole, a large text is first encoded into one buffer as large
 * as itself, which costs more than the hashing (TypeScript's compiler, 9 MB: 37 ms whole, 8 ms in pieces). No piece
 * ends inside a surrogate pair, so the bytes hashed, and the digest, are those of the whole text.
 */
function contentHash(content) {
  const hash = createHash("sha1");
  for (let start = 0; start < content.length; ) {
    let end = Math.min(start + PIECE, content.length);
    const last = content.charCodeAt(end - 1);
    if (end < content.length && last >= 0xd800 && last <= 0xdbff) end++;
    hash.update(content.slice(start, end));
    start = end;
  }
  return hash.digest("base64");
}

let lexer;
// While the lexer itself loads, the hook stands aside: it is not one of the script's modules.
let loadingLexer = false;
/**
 * Whether a module's source calls import(). Text like "import(" is common in strings and comments (TypeScript's
 * compiler has it in messages), so a match is confirmed with es-module-lexer; without the lexer, or when it cannot
 * read the source, the answer is yes.
 */
function callsImport(source) {
  if (!/\bimport\s*\(/.test(source)) return false;
  try {
    if (lexer === undefined) {
      lexer = null;
      loadingLexer = true;
      try {
        const loaded = require("es-module-lexer");
        loaded.initSync();
        lexer = loaded;
      } finally {
        loadingLexer = false;
      }
    }
    if (!lexer) return true;
    // For a dynamic import, d is where it starts; a static import has -1, import.meta -2.
    return lexer.parse(source)[0].some((i) => i.d > -1);
  } catch {
    return true;
  }
}

/** The `require` Node gives a module (lib/internal/modules/helpers.js makeRequireFunction, without policy redirects). */
function makeRequire(mod) {
  const require = (id) => mod.require(id);
  const resolve = (request, options) => Module._resolveFilename(request, mod, false, options);
  resolve.paths = (request) => Module._resolveLookupPaths(request, mod);
  require.resolve = resolve;
  require.main = process.mainModule;
  require.extensions = Module._extensions;
  require.cache = Module._cache;
  return require;
}

/**
 * Turns the code cache on for the rest of this process, kept under `dir` in a store named `name` (one per script, so
 * that scripts which load different modules do not evict each other). Its mode is "node" (Node's own cache),
 * "hook", or "off" (HEROKU_PRODUCTION_COMPILE_CACHE=0; on Node 20 also --enable-source-maps). What was compiled
 * afresh is written at exit, or by flush(). With `builds`, a directory of builds named by their 16-digit key (the
 * launcher's .build/), a module in one of them is kept by its path inside the build, in a store of its own: a new
 * build then compiles afresh only the modules whose text changed, and writes only that small store.
 */
function enableCompileCache(dir, name, builds) {
  const counts = { hits: 0, misses: 0, rejected: 0, uncached: 0 };
  const inert = (mode) => ({ mode, stats: () => ({ ...counts }), flush() {} });
  if (process.env.HEROKU_PRODUCTION_COMPILE_CACHE === "0") return inert("off");
  if (typeof Module.enableCompileCache === "function") {
    Module.enableCompileCache(path.join(dir, "node"));
    return { mode: "node", stats: () => ({ ...counts }), flush: () => Module.flushCompileCache?.() };
  }
  // Node maps stack traces through source maps only for the modules it compiles itself.
  if (process.sourceMapsEnabled) return inert("off");
  const loader = vm.constants && vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER;
  if (!loader) return inert("off");

  // V8 refuses cached data made under other flags than those in force when the data is used, and Pulumi's closure
  // serialization sets one (--allow-natives-syntax) when it first runs. So a module's data is made under the flags
  // it was compiled under: what was compiled before a change is written just before it, what was compiled after,
  // at exit. The check compiles another source of the same length (all V8 compares of a source), since compiling
  // the same one again would be answered from V8's in-memory cache without looking at the data.
  let changes = 0;
  const probeFor = (n) => new vm.Script(`"${FORMAT}:a${n}"`).createCachedData();
  let probe = probeFor(changes);
  const flagsUnchanged = () => !new vm.Script(`"${FORMAT}:b${changes}"`, { cachedData: probe }).cachedDataRejected;
  const open = (file, exists) => ({ file, exists, stored: readStore(file), used: {}, fresh: [], verdicts: {} });
  const stores = [open(path.join(dir, `${name}-${process.version}-${process.arch}.bin`), (key) => fs.existsSync(key))];
  // The build this run loads from, once a module of one is compiled; an entry kept for a file it lacks is dropped.
  let build;
  const buildsPrefix = builds ? path.resolve(builds) + path.sep : undefined;
  if (buildsPrefix) {
    const exists = (key) => build !== undefined && fs.existsSync(path.join(build, ...key.split("/")));
    stores.push(open(path.join(dir, `${name}-build-${process.version}-${process.arch}.bin`), exists));
  }
  /** The store a module goes to, and its key there. */
  const place = (filename) => {
    const rest = buildsPrefix && filename.startsWith(buildsPrefix) ? filename.slice(buildsPrefix.length) : "";
    if (rest[16] !== path.sep || !/^[0-9a-f]{16}$/.test(rest.slice(0, 16))) return [stores[0], filename];
    build ??= buildsPrefix + rest.slice(0, 16);
    return [stores[1], rest.slice(17).split(path.sep).join("/")];
  };
  const original = Module.prototype._compile;

  Module.prototype._compile = function compile(content, filename, format) {
    if (loadingLexer) return original.call(this, content, filename, format);
    // ES modules loaded through require() keep Node's own path.
    if (format === "module" || !/\.c?js$/.test(filename)) {
      counts.uncached++;
      return original.call(this, content, filename, format);
    }
    const [store, key] = place(filename);
    const hash = contentHash(content);
    const entry = store.stored.entries[key];
    const known = entry && entry[0] === hash ? entry : undefined;
    // So do modules that call import(): on Node 20 a script compiled from cached data loses its dynamic-import
    // callback (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING). The verdict is kept with the module's hash.
    if (known ? known[2] < 0 : callsImport(content)) {
      counts.uncached++;
      if (known) store.used[key] = { hash, data: null };
      else store.verdicts[key] = { hash, data: null };
      return original.call(this, content, filename, format);
    }
    const cachedData = known ? store.stored.data.subarray(known[1], known[1] + known[2]) : undefined;
    let script;
    try {
      // A hashbang is only valid at the very start of a script, not inside the module wrapper.
      const source = content.startsWith("#!") ? content.replace(/^#!.*/, "") : content;
      script = new vm.Script(Module.wrap(source), { filename, cachedData, importModuleDynamically: loader });
    } catch {
      // Let Node compile it, so that a syntax error reads exactly as it would without the cache.
      return original.call(this, content, filename, format);
    }
    if (cachedData && !script.cachedDataRejected) {
      counts.hits++;
      store.used[key] = { hash, data: cachedData };
    } else {
      counts.misses++;
      if (cachedData) counts.rejected++;
      store.fresh.push({ key, hash, script });
    }
    const wrapper = script.runInThisContext({ displayErrors: true });
    return Reflect.apply(wrapper, this.exports, [this.exports, makeRequire(this), this, filename, path.dirname(filename)]);
  };

  const dirty = (store) => store.fresh.length > 0 || Object.keys(store.verdicts).length > 0;
  const flush = (background = false) => {
    if (!stores.some(dirty) || !flagsUnchanged()) return;
    for (const store of stores.filter(dirty)) {
      try {
        // Made now, after the run, the cached data also holds the functions V8 compiled lazily while it ran.
        const entries = {};
        for (const [key, [hash, offset, length]] of Object.entries(store.stored.entries)) {
          // Entries for files that are gone (an older build) are dropped, so the store does not grow with each edit.
          if (!store.exists(key)) continue;
          entries[key] = { hash, data: length < 0 ? null : store.stored.data.subarray(offset, offset + length) };
        }
        Object.assign(entries, store.used, store.verdicts);
        for (const { key, hash, script } of store.fresh) entries[key] = { hash, data: script.createCachedData() };
        // What was just written, without reading it back.
        store.stored = writeStore(store.file, entries, background);
        store.used = {};
        store.fresh = [];
        store.verdicts = {};
      } catch {
        // A cache that cannot be written only costs the next run its speed.
      }
    }
  };
  const setFlagsFromString = v8.setFlagsFromString;
  // Setting again what was just set changes nothing (the serializer sets its flag twice, and defer-closure.cjs once
  // before it); writing then would make TypeScript's data before its parser has run.
  let lastSet;
  v8.setFlagsFromString = function flushFirst(flags) {
    if (flags === lastSet) return setFlagsFromString.call(this, flags);
    // The data must be made now, under the flags it was compiled under; the file is written while the run goes on.
    flush(true);
    const result = setFlagsFromString.call(this, flags);
    lastSet = flags;
    if (!flagsUnchanged()) probe = probeFor(++changes);
    return result;
  };
  process.once("exit", () => {
    Module.prototype._compile = original;
    flush();
  });
  return { mode: "hook", stats: () => ({ ...counts }), flush: () => flush() };
}

module.exports = { contentHash, enableCompileCache };
