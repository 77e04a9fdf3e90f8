import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DJANGO_SUPPORT, PYTHON_SUPPORT, SUPPORT_WARNING_DAYS, type SupportWindow } from "../lib/catalog";

/** A version read from one of the app's files. `version` is undefined when the file names the package unpinned. */
export interface FoundVersion {
  readonly file: string;
  readonly version: string | undefined;
  /** How the file states it, for the report. */
  readonly spec: string;
}

function read(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

/** Django as a lock file pins it (poetry.lock, uv.lock, Pipfile.lock), else as requirements.txt states it. */
export function djangoVersion(appDir: string): FoundVersion | undefined {
  for (const file of ["uv.lock", "poetry.lock"]) {
    const text = read(join(appDir, file));
    if (text === undefined) continue;
    const m = /\[\[package\]\]\s*\nname\s*=\s*"django"\s*\nversion\s*=\s*"([^"]+)"/i.exec(text);
    return { file, version: m?.[1], spec: m ? `version = "${m[1]}"` : "no django package" };
  }
  const pipfile = read(join(appDir, "Pipfile.lock"));
  if (pipfile !== undefined) {
    let version: string | undefined;
    try {
      const spec = (JSON.parse(pipfile) as { default?: Record<string, { version?: string }> }).default?.django?.version;
      version = spec?.replace(/^==/, "");
    } catch {
      version = undefined;
    }
    return { file: "Pipfile.lock", version, spec: version ? `==${version}` : "no django package" };
  }
  const requirements = read(join(appDir, "requirements.txt"));
  if (requirements === undefined) return undefined;
  for (const line of requirements.split("\n")) {
    const text = line.replace(/#.*/, "").trim();
    const m = /^django(?:\[[^\]]*\])?\s*(.*)$/i.exec(text);
    if (!m || /^[\w.-]/.test(m[1])) continue;
    const pinned = /^===?\s*(\d+(?:\.\d+)*)\s*(?:;.*)?$/.exec(m[1]);
    return { file: "requirements.txt", version: pinned?.[1], spec: text };
  }
  return { file: "requirements.txt", version: undefined, spec: "no Django line" };
}

/** Python as each of `.python-version`, `runtime.txt` and the Dockerfile's `FROM python:X.Y` states it. */
export function pythonVersions(appDir: string, dockerfile: string): FoundVersion[] {
  const found: FoundVersion[] = [];
  const pv = read(join(appDir, ".python-version"));
  if (pv !== undefined) {
    const line = pv.split("\n").map((l) => l.trim()).find((l) => l && !l.startsWith("#")) ?? "";
    found.push({ file: ".python-version", version: /^(\d+\.\d+)/.exec(line)?.[1], spec: line });
  }
  const runtime = read(join(appDir, "runtime.txt"));
  if (runtime !== undefined) {
    const line = runtime.trim();
    found.push({ file: "runtime.txt", version: /^python-(\d+\.\d+)/.exec(line)?.[1], spec: line });
  }
  const docker = read(dockerfile);
  const from = docker === undefined ? undefined : /^[ \t]*FROM[ \t]+(?:--\S+[ \t]+)*(?:docker\.io\/)?(?:library\/)?python:(\S+)/im.exec(docker);
  if (from) found.push({ file: "Dockerfile", version: /^(\d+\.\d+)/.exec(from[1])?.[1], spec: `FROM python:${from[1]}` });
  return found;
}

export interface VersionJudgement {
  readonly status: "passed" | "failed" | "skipped";
  readonly value: string;
  readonly message?: string;
  readonly reason?: string;
  readonly warning?: string;
}

const DAY = 24 * 60 * 60 * 1000;

/** Judges a version against a support table on the day `now`. */
export function judgeVersion(
  name: "Django" | "Python",
  found: FoundVersion,
  table: readonly SupportWindow[],
  now: Date,
): VersionJudgement {
  const value = `${found.file}: ${found.spec}`;
  if (found.version === undefined) {
    return {
      status: "failed",
      value,
      message: `${name} must be pinned to one release in ${found.file}, so that what was checked is what ships; pin it (for example ${name === "Django" ? "Django==5.2.x" : "3.12"}).`,
    };
  }
  const line = found.version.split(".").slice(0, 2).join(".");
  const window = table.find((w) => w.version === line);
  if (window === undefined) {
    return {
      status: "skipped",
      value,
      reason: `${name} ${line} is not in the support table (lib/catalog.ts); check its end of security support by hand and add it.`,
    };
  }
  const ends = new Date(`${window.securityEnds}T23:59:59Z`);
  const days = Math.ceil((ends.getTime() - now.getTime()) / DAY);
  if (days < 0) {
    return {
      status: "failed",
      value,
      message: `${name} ${line} must still have security support; it ended on ${window.securityEnds} (${window.source}). Upgrade to a supported release.`,
    };
  }
  return {
    status: "passed",
    value: `${value} (security support until ${window.securityEnds})`,
    ...(days <= SUPPORT_WARNING_DAYS
      ? { warning: `${name} ${line} loses security support on ${window.securityEnds}, in ${days} days (${window.source}); plan the upgrade.` }
      : {}),
  };
}

export { DJANGO_SUPPORT, PYTHON_SUPPORT };
