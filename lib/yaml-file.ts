import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type * as Yaml from "yaml";
import { writeKept } from "./kept-file";

// One check reads Pulumi.yaml three times (the early probe, the project's name, the stack's config), and the yaml
// library takes 15 to 35 ms for each. Parsed once per text: an edited file is parsed again. The launcher's runs also
// keep what a text parsed to on disk (HEROKU_PRODUCTION_YAML_CACHE), so that a run whose files have not changed does
// not load the library at all (about 25 ms) nor parse with it cold (about 20 ms).
const parsed = new Map<string, unknown>();

let yaml: typeof Yaml | undefined;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const library = () => (yaml ??= require("yaml") as typeof Yaml);

/** Whether JSON gives `value` back exactly: only then can its parse be kept as JSON. */
export function jsonExact(value: unknown): boolean {
  if (value === null || typeof value === "string" || typeof value === "boolean") return true;
  if (typeof value === "number") return Number.isFinite(value) && !Object.is(value, -0);
  if (Array.isArray(value)) return value.every(jsonExact);
  if (typeof value !== "object" || Object.getPrototypeOf(value) !== Object.prototype) return false;
  // "__proto__" as a key reads back from JSON as an own property, but an object built by assignment would differ.
  return Object.entries(value).every(([k, v]) => k !== "__proto__" && jsonExact(v));
}

let version: string | undefined;
function keptFile(dir: string, text: string): string {
  version ??= (JSON.parse(readFileSync(require.resolve("yaml/package.json"), "utf8")) as { version: string }).version;
  return join(dir, `${createHash("sha256").update(`yaml ${version}\0${text}`).digest("hex").slice(0, 32)}.json`);
}

/**
 * What the yaml library's `parse` gives for `text`, from the kept copy when there is one. A text is kept only when
 * it parses with no error and no warning (so that a later run prints the same) and JSON gives its value back exactly.
 */
function parseKept(text: string, dir: string | undefined): unknown {
  const file = dir ? keptFile(dir, text) : undefined;
  if (file) {
    try {
      return JSON.parse(readFileSync(file, "utf8"));
    } catch {
      // Not kept yet, or unreadable: parse it.
    }
  }
  const doc = library().parseDocument(text);
  if (doc.errors.length > 0 || doc.warnings.length > 0) return library().parse(text);
  // Building the value can warn too (a key that is a collection, say).
  let warned = false;
  const emitWarning = process.emitWarning;
  process.emitWarning = ((...args: unknown[]) => {
    warned = true;
    return (emitWarning as (...a: unknown[]) => void).apply(process, args);
  }) as typeof process.emitWarning;
  let value: unknown;
  try {
    value = doc.toJS();
  } finally {
    process.emitWarning = emitWarning;
  }
  if (file && !warned && jsonExact(value)) writeKept(file, JSON.stringify(value));
  return value;
}

/** A YAML file, parsed; a copy each call, so that no caller sees another's changes. */
export function readYamlFile(file: string): unknown {
  const text = readFileSync(file, "utf8");
  if (!parsed.has(text)) parsed.set(text, parseKept(text, process.env.HEROKU_PRODUCTION_YAML_CACHE));
  return structuredClone(parsed.get(text));
}
