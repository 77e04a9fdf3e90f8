import { readFileSync, statSync } from "node:fs";
import { isAbsolute, relative, resolve } from "node:path";

/** What the program needs to know of the team's Django project before it registers anything. */
export interface AppSource {
  /** `appPath` resolved against the Pulumi project's directory. */
  readonly dir: string;
  readonly dirExists: boolean;
  /** The Dockerfile, resolved. */
  readonly dockerfile: string;
  /** Undefined when the file cannot be read. */
  readonly dockerfileText: string | undefined;
  /** The build stages the Dockerfile names (`FROM … AS <stage>`), lower case. */
  readonly stages: readonly string[];
  /** The settings module `manage.py` falls back to, if it names one. */
  readonly managePySettings: string | undefined;
  readonly managePyExists: boolean;
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** `FROM [--platform=…] image AS name` lines; Docker compares stage names case-insensitively. */
export function dockerStages(dockerfile: string): string[] {
  const stages: string[] = [];
  for (const match of dockerfile.matchAll(/^[ \t]*FROM[ \t]+(?:--\S+[ \t]+)*\S+[ \t]+AS[ \t]+([A-Za-z0-9][A-Za-z0-9._-]*)[ \t]*$/gim)) {
    stages.push(match[1].toLowerCase());
  }
  return stages;
}

/** The module in `os.environ.setdefault("DJANGO_SETTINGS_MODULE", "<module>")`, as `startproject` writes it. */
export function settingsModuleFromManagePy(managePy: string): string | undefined {
  return /DJANGO_SETTINGS_MODULE["']\s*,\s*["']([A-Za-z_][\w.]*)["']/.exec(managePy)?.[1];
}

/**
 * Reads the app's directory, Dockerfile and manage.py. `appPath` is relative to `projectDir` (or absolute); the
 * Dockerfile defaults to `<appPath>/Dockerfile` and is otherwise relative to `projectDir`.
 */
export function readAppSource(projectDir: string, appPath: string, dockerfile?: string): AppSource {
  const dir = resolve(projectDir, appPath);
  const file = resolve(projectDir, dockerfile ?? `${appPath}/Dockerfile`);
  const text = readText(file);
  const managePy = readText(resolve(dir, "manage.py"));
  return {
    dir,
    dirExists: isDirectory(dir),
    dockerfile: file,
    dockerfileText: text,
    stages: text === undefined ? [] : dockerStages(text),
    managePySettings: managePy === undefined ? undefined : settingsModuleFromManagePy(managePy),
    managePyExists: managePy !== undefined,
  };
}

/** A path as the user wrote it relative to the project, for messages. */
export function shownPath(projectDir: string, path: string): string {
  const rel = relative(projectDir, path);
  return rel === "" ? "." : isAbsolute(rel) ? path : rel;
}

// Shared across module instances: the offline runner re-imports the program, which must see the same directory.
const PROJECT_DIR = Symbol.for("heroku-production.projectDir");

/** Where Pulumi.yaml is: the engine runs the program there; the offline check may point elsewhere (`--dir`). */
export function projectDirectory(): string {
  return ((globalThis as Record<symbol, unknown>)[PROJECT_DIR] as string | undefined) ?? process.cwd();
}

export function setProjectDir(dir: string | undefined): void {
  (globalThis as Record<symbol, unknown>)[PROJECT_DIR] = dir;
}
