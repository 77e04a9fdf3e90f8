import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { OFFLINE_SECRET } from "./config";
import { readYamlFile } from "./yaml-file";

/** Stack config the way the engine hands it to the program: namespaced keys, string values, and the secret keys. */
export interface StackConfig {
  readonly stack: string;
  /** The project's name from Pulumi.yaml: the namespace of its keys. */
  readonly project: string;
  readonly values: Record<string, string>;
  readonly secretKeys: string[];
  /** Keys the stack file writes without a namespace, which the CLI would refuse. @default `[]` */
  readonly bareKeys?: string[];
  /** Per object-valued key, the entries that hold a plain (not `secure:`) value. @default `{}` */
  readonly plainLeaves?: Record<string, string[]>;
}

interface Declaration {
  readonly type?: string;
  readonly default?: unknown;
  readonly secret?: boolean;
}

function asConfigString(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

const isSecure = (v: unknown): boolean => v !== null && typeof v === "object" && !Array.isArray(v) && "secure" in v;

/** Replaces every `secure:` leaf with the offline placeholder; says whether there was one. */
function withoutCiphertext(value: unknown): { value: unknown; secret: boolean } {
  if (isSecure(value)) return { value: OFFLINE_SECRET, secret: true };
  if (Array.isArray(value)) {
    const items = value.map(withoutCiphertext);
    return { value: items.map((i) => i.value), secret: items.some((i) => i.secret) };
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).map(([k, v]) => [k, withoutCiphertext(v)] as const);
    return {
      value: Object.fromEntries(entries.map(([k, v]) => [k, v.value])),
      secret: entries.some(([, v]) => v.secret),
    };
  }
  return { value, secret: false };
}

/** The `name` in Pulumi.yaml in `dir`. */
export function projectName(dir = process.cwd()): string {
  const project = readYamlFile(join(dir, "Pulumi.yaml")) as { name?: unknown } | null;
  if (typeof project?.name !== "string" || project.name === "") {
    throw new Error(`${join(dir, "Pulumi.yaml")} has no name; Pulumi needs one (name: <project>).`);
  }
  return project.name;
}

/**
 * Reads `Pulumi.<stack>.yaml` beside `Pulumi.yaml` the way the CLI does: project defaults first, then the stack's
 * values. A `secure:` value cannot be decrypted here; it counts as present and secret, at any depth.
 */
export function readStackConfig(stack: string, dir = process.cwd()): StackConfig {
  const project = readYamlFile(join(dir, "Pulumi.yaml")) as {
    name?: string;
    config?: Record<string, Declaration | string | number | boolean>;
  };
  const name = projectName(dir);
  const file = join(dir, `Pulumi.${stack}.yaml`);
  let stackDoc: { config?: Record<string, unknown> } | null;
  try {
    stackDoc = readYamlFile(file) as { config?: Record<string, unknown> } | null;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") {
      throw new Error(
        `No config file for stack "${stack}": ${file} does not exist. Create it with pulumi stack init ${stack}.`,
        { cause: err },
      );
    }
    throw err;
  }

  const values: Record<string, string> = {};
  const secretKeys: string[] = [];
  const bareKeys: string[] = [];
  const plainLeaves: Record<string, string[]> = {};
  for (const [key, decl] of Object.entries(project.config ?? {})) {
    const value = typeof decl === "object" && decl !== null ? decl.default : decl;
    if (value !== undefined) values[key.includes(":") ? key : `${name}:${key}`] = asConfigString(value);
  }
  for (const [key, raw] of Object.entries(stackDoc?.config ?? {})) {
    if (!key.includes(":")) {
      bareKeys.push(key);
      continue;
    }
    const { value, secret } = withoutCiphertext(raw);
    values[key] = asConfigString(value);
    if (secret) secretKeys.push(key);
    if (raw !== null && typeof raw === "object" && !Array.isArray(raw) && !isSecure(raw)) {
      plainLeaves[key] = Object.entries(raw).filter(([, v]) => !withoutCiphertext(v).secret).map(([k]) => k);
    }
  }
  return { stack, project: name, values, secretKeys, bareKeys, plainLeaves };
}

/** The project's keys without their namespace, and everything else, as {@link parseConfig} takes them. */
export function splitNamespaces(config: StackConfig) {
  const prefix = `${config.project}:`;
  const values: Record<string, string> = {};
  const otherKeys: string[] = [...(config.bareKeys ?? [])];
  for (const [k, v] of Object.entries(config.values)) {
    if (k.startsWith(prefix)) values[k.slice(prefix.length)] = v;
    else otherKeys.push(k);
  }
  const strip = (k: string) => (k.startsWith(prefix) ? k.slice(prefix.length) : k);
  return {
    project: config.project,
    values,
    otherKeys,
    secretKeys: new Set(config.secretKeys.filter((k) => k.startsWith(prefix)).map(strip)),
    plainLeaves: Object.fromEntries(
      Object.entries(config.plainLeaves ?? {}).filter(([k]) => k.startsWith(prefix)).map(([k, v]) => [strip(k), v]),
    ),
  };
}

const commits = new Map<string, string | undefined>();

/**
 * The commit checked out in `dir`, 12 characters, or undefined outside a git checkout. Asked of git once per
 * directory and process: a check is one run, and a process that runs the program many times (the tests) would
 * otherwise start git each time.
 */
export function gitVersion(dir = process.cwd()): string | undefined {
  if (commits.has(dir)) return commits.get(dir);
  let commit: string | undefined;
  try {
    commit = execFileSync("git", ["rev-parse", "--short=12", "HEAD"], { cwd: dir, encoding: "utf8", stdio: "pipe" }).trim();
  } catch {
    commit = undefined;
  }
  commits.set(dir, commit);
  return commit;
}

/**
 * What an offline run assumes of a deploy: its credentials are present (as secrets it cannot read), and without a
 * configured `releaseVersion` the images are tagged with the checked-out commit.
 */
export function withOfflineDefaults(config: StackConfig, version = gitVersion() ?? "offline"): StackConfig {
  const values = { ...config.values };
  const secretKeys = [...config.secretKeys];
  for (const key of ["heroku:apiKey", "sentry:token"]) {
    if (!values[key]) {
      values[key] = OFFLINE_SECRET;
      secretKeys.push(key);
    }
  }
  if (!values[`${config.project}:releaseVersion`]) values[`${config.project}:releaseVersion`] = version;
  return { ...config, values, secretKeys };
}
