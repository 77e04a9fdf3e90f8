import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { OFFLINE_SECRET, PROJECT } from "./config";

/** Stack config the way the engine hands it to the program: namespaced keys, string values, and the secret keys. */
export interface StackConfig {
  readonly stack: string;
  readonly values: Record<string, string>;
  readonly secretKeys: string[];
}

interface Declaration {
  readonly type?: string;
  readonly default?: unknown;
  readonly secret?: boolean;
}

function asConfigString(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

function namespaced(key: string): string {
  return key.includes(":") ? key : `${PROJECT}:${key}`;
}

/**
 * Reads `Pulumi.<stack>.yaml` beside `Pulumi.yaml` the way the CLI does: project defaults first, then the stack's
 * values. A `secure:` value cannot be decrypted here; it counts as present and secret.
 */
export function readStackConfig(stack: string, dir = process.cwd()): StackConfig {
  const project = parse(readFileSync(join(dir, "Pulumi.yaml"), "utf8")) as {
    config?: Record<string, Declaration | string | number | boolean>;
  };
  const file = join(dir, `Pulumi.${stack}.yaml`);
  let stackDoc: { config?: Record<string, unknown> } | null;
  try {
    stackDoc = parse(readFileSync(file, "utf8")) as { config?: Record<string, unknown> } | null;
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
  for (const [key, decl] of Object.entries(project.config ?? {})) {
    const value = typeof decl === "object" && decl !== null ? decl.default : decl;
    if (value !== undefined) values[namespaced(key)] = asConfigString(value);
  }
  for (const [key, value] of Object.entries(stackDoc?.config ?? {})) {
    const name = namespaced(key);
    if (value !== null && typeof value === "object" && "secure" in value) {
      values[name] = OFFLINE_SECRET;
      secretKeys.push(name);
    } else {
      values[name] = asConfigString(value);
    }
  }
  return { stack, values, secretKeys };
}

/** The commit checked out in `dir`, 12 characters, or undefined outside a git checkout. */
export function gitVersion(dir = process.cwd()): string | undefined {
  try {
    return execFileSync("git", ["rev-parse", "--short=12", "HEAD"], { cwd: dir, encoding: "utf8", stdio: "pipe" }).trim();
  } catch {
    return undefined;
  }
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
  if (!values[`${PROJECT}:releaseVersion`]) values[`${PROJECT}:releaseVersion`] = version;
  return { ...config, values, secretKeys };
}
