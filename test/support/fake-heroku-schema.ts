import { readFileSync } from "node:fs";
import { Ajv, type ValidateFunction } from "ajv";

// Validators built from the Heroku Platform API hyper-schema, so the fake's replies and the provider's request
// bodies are checked against what Heroku documents rather than against the test's own idea of it.

/** The Platform API hyper-schema (heroku-go publishes it as schema.json); the tests that need it skip without it. */
export const SCHEMA_PATH = process.env.HEROKU_PLATFORM_API_SCHEMA;

if (!SCHEMA_PATH) {
  console.warn(
    "Skipping the Platform API schema checks: HEROKU_PLATFORM_API_SCHEMA is not set (see the README's Development section).",
  );
}

interface HyperSchema {
  definitions: Record<string, { links?: { title: string; method: string; href: string }[] }>;
}

type Json = unknown;

function load(): { ajv: Ajv; schema: HyperSchema } {
  if (!SCHEMA_PATH) throw new Error("HEROKU_PLATFORM_API_SCHEMA is not set");
  const schema = JSON.parse(readFileSync(SCHEMA_PATH, "utf8")) as HyperSchema;
  const ajv = new Ajv({ strict: false, allErrors: true, logger: false, validateSchema: false });
  ajv.addFormat("uuid", /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
  ajv.addFormat("date-time", /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
  ajv.addFormat("email", /^[^@\s]+@[^@\s]+$/);
  ajv.addFormat("uri", /^[a-z][a-z0-9+.-]*:\S+$/i);
  return { ajv, schema };
}

let cached: { ajv: Ajv; schema: HyperSchema } | undefined;

function herokuSchema() {
  cached ??= load();
  return cached;
}

function segments(pointer: string): string[] {
  return pointer
    .replace(/^#\/?/, "")
    .split("/")
    .filter((s) => s !== "")
    .map((s) => decodeURIComponent(s).replace(/~1/g, "/").replace(/~0/g, "~"));
}

function resolvePointer(doc: Json, pointer: string): Json {
  let node = doc;
  for (const key of segments(pointer)) {
    if (typeof node !== "object" || node === null || !(key in node)) {
      throw new Error(`${pointer} not in ${SCHEMA_PATH}`);
    }
    node = (node as Record<string, Json>)[key];
  }
  return node;
}

function refsIn(node: Json, found: string[]): string[] {
  if (Array.isArray(node)) node.forEach((n) => refsIn(n, found));
  else if (typeof node === "object" && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      if (key === "$ref" && typeof value === "string") found.push(value);
      // Not validation keywords: Ajv ignores them, and some of their refs dangle
      // (formation's dyno_size `identity` points at #/definitions/dyno_size).
      else if (!["example", "identity", "links"].includes(key)) refsIn(value, found);
    }
  }
  return found;
}

/**
 * A schema for `pointer` holding only the definitions it reaches through `$ref`s, at their original paths so the
 * `#/definitions/...` refs resolve. Compiling the whole 570 KB hyper-schema takes seconds; this takes milliseconds.
 * The interagent hyper-schema meta-schema is one Ajv does not know, but the keywords of the parts validated here
 * (type arrays, properties, required, additionalProperties, pattern, enum, items, $ref) mean the same in draft-07.
 */
function compilePointer(pointer: string): ValidateFunction {
  const { ajv, schema } = herokuSchema();
  const root: Record<string, Json> = {};
  const queue = [pointer];
  const seen = new Set<string>();
  while (queue.length > 0) {
    const current = queue.pop()!;
    if (seen.has(current)) continue;
    seen.add(current);
    const value = resolvePointer(schema, current);
    const keys = segments(current);
    let node = root;
    for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Record<string, Json>;
    node[keys[keys.length - 1]] = value;
    queue.push(...refsIn(value, []).filter((ref) => ref.startsWith("#/")));
  }
  return ajv.compile({ ...root, $ref: pointer });
}

/** Validator for `definitions/<name>` (for example `release`). */
export function definitionValidator(name: string): ValidateFunction {
  return compilePointer(`#/definitions/${name}`);
}

/** Validator for the request body (`schema`) of the link titled `title` on `definitions/<name>`. */
export function linkBodyValidator(name: string, title: string): ValidateFunction {
  const { schema } = herokuSchema();
  const index = (schema.definitions[name]?.links ?? []).findIndex((l) => l.title === title);
  if (index < 0) throw new Error(`no link "${title}" on ${name} in ${SCHEMA_PATH}`);
  return compilePointer(`#/definitions/${name}/links/${index}/schema`);
}

/** The link itself (method and href), to check that the provider calls what the schema documents. */
export function link(name: string, title: string): { method: string; href: string } {
  const found = herokuSchema().schema.definitions[name]?.links?.find((l) => l.title === title);
  if (!found) throw new Error(`no link "${title}" on ${name} in ${SCHEMA_PATH}`);
  return { method: found.method, href: found.href };
}

/** The link's href template (`/apps/{(...)}/formation`) as a pattern for concrete paths. */
export function hrefPattern(href: string): RegExp {
  const parts = href.split(/\{\([^)]*\)\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${parts.join("[^/]+")}$`);
}

/** Ajv's errors as one readable line, for assertion messages. */
export function errorsOf(validate: ValidateFunction): string {
  return (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}`).join("; ");
}
