import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { parse, stringify } from "yaml";

// The GitHub Actions workflows, checked two ways:
//  1. schema validation by a real validator, @action-validator/cli (a Rust validator compiled to WASM; offline);
//  2. what they do, read from the parsed YAML: which job runs on which event (job `if:` expressions are evaluated
//     by a small evaluator of GitHub's expression syntax below), the policy pack on preview and up, the job
//     summary, the secrets, the permissions, the pinned actions.

const REPO_ROOT = path.resolve(__dirname, "..");
const WORKFLOW_DIR = path.join(REPO_ROOT, ".github", "workflows");
const VALIDATOR_PACKAGE = "@action-validator/cli";
const INSTALL_HINT = "npm install --save-dev --save-exact @action-validator/cli@0.6.0 @action-validator/core@0.6.0";

/** The secrets the workflows may read; docs/ci.md documents each. */
const EXPECTED_SECRETS = [
  "HEROKU_API_KEY",
  "PULUMI_ACCESS_TOKEN",
  "PULUMI_BACKEND_URL",
  "PULUMI_CONFIG_PASSPHRASE",
  "SENTRY_TOKEN",
];
const POLICY_PACK = "policy";
const POLICY_PACK_CONFIG = "policy/config/production.json";
const STACK = "production";

// ---------------------------------------------------------------------------------------------------------------
// The workflows as data

type Scalar = string | number | boolean | null;
type Permissions = string | Record<string, string>;
type Concurrency = string | { group: string; "cancel-in-progress"?: Scalar };

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  shell?: string;
  if?: string | boolean;
  with?: Record<string, Scalar>;
  env?: Record<string, Scalar>;
  "continue-on-error"?: Scalar;
}

interface Job {
  name?: string;
  needs?: string | string[];
  if?: string | boolean;
  permissions?: Permissions;
  environment?: string | { name: string };
  concurrency?: Concurrency;
  env?: Record<string, Scalar>;
  uses?: string;
  steps?: Step[];
}

interface Workflow {
  file: string;
  text: string;
  on: unknown;
  permissions?: Permissions;
  concurrency?: Concurrency;
  env?: Record<string, Scalar>;
  jobs: Record<string, Job>;
}

// The shipped workflow only: a team's own workflow files beside it are theirs to judge.
const SHIPPED = "ci.yml";
const workflowFiles = readdirSync(WORKFLOW_DIR).filter((f) => f === SHIPPED);

const workflows: Workflow[] = workflowFiles.map((file) => {
  const text = readFileSync(path.join(WORKFLOW_DIR, file), "utf8");
  return { ...(parse(text) as Omit<Workflow, "file" | "text">), file, text };
});

interface Located {
  workflow: Workflow;
  id: string;
  job: Job;
}

const allJobs: Located[] = workflows.flatMap((workflow) =>
  Object.entries(workflow.jobs).map(([id, job]) => ({ workflow, id, job })),
);

const steps = (job: Job): Step[] => job.steps ?? [];
const runs = (job: Job): string[] => steps(job).flatMap((s) => (s.run === undefined ? [] : [s.run]));
const asList = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** The one job, across all workflows, that has a step matching `predicate`. */
function theJobWith(what: string, predicate: (step: Step) => boolean): Located & { step: Step } {
  const found = allJobs.flatMap((j) => steps(j.job).filter(predicate).map((step) => ({ ...j, step })));
  expect(found.map((f) => `${f.workflow.file}: ${f.id}`), `exactly one job ${what}`).toHaveLength(1);
  return found[0];
}

const isPulumi = (command: string) => (s: Step) =>
  (s.uses ?? "").startsWith("pulumi/actions@") && s.with?.command === command;

const preview = () =>
  theJobWith("comments a pulumi preview on pull requests", (s) => isPulumi("preview")(s) && s.with?.["comment-on-pr"] === true);
const deploy = () =>
  theJobWith("runs pulumi up on production", (s) => isPulumi("up")(s) && s.with?.["stack-name"] === "production");
const staging = () => theJobWith("runs pulumi up on staging", (s) => isPulumi("up")(s) && s.with?.["stack-name"] === "staging");
const checks = () => theJobWith("runs npm test", (s) => /^npm test\b/m.test(s.run ?? ""));

// ---------------------------------------------------------------------------------------------------------------
// A small evaluator of GitHub Actions expressions: literals, context property access, ! == != && || and
// parentheses, and the functions the workflows use. As on GitHub, strings compare case-insensitively and && / ||
// yield one of their operands.

interface EvalContext {
  contexts: Record<string, unknown>;
  /** The status the status functions report: a job's needs, or the steps before a step. */
  status: "success" | "failure" | "cancelled";
}

function tokenize(source: string): string[] {
  const token = /\s*(?:('(?:[^']|'')*')|(==|!=|&&|\|\||[!().,])|([A-Za-z_][A-Za-z0-9_-]*)|(\d+(?:\.\d+)?))/y;
  const tokens: string[] = [];
  let at = 0;
  while (source.slice(at).trim() !== "") {
    token.lastIndex = at;
    const m = token.exec(source);
    if (!m) throw new Error(`cannot read the expression at: ${source.slice(at)}`);
    tokens.push(m[1] ?? m[2] ?? m[3] ?? m[4]);
    at = token.lastIndex;
  }
  return tokens;
}

function truthy(v: unknown): boolean {
  return !(v === false || v === null || v === undefined || v === "" || v === 0 || Number.isNaN(v));
}

function toNumber(v: unknown): number {
  if (v === null || v === undefined) return 0;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "number") return v;
  if (typeof v === "string") return v.trim() === "" ? 0 : Number(v);
  return NaN;
}

function looseEquals(a: unknown, b: unknown): boolean {
  if (typeof a === "string" && typeof b === "string") return a.toLowerCase() === b.toLowerCase();
  if (typeof a === typeof b || typeof a === "object" || typeof b === "object") return a === b;
  return toNumber(a) === toNumber(b);
}

function evaluate(expression: string | boolean, ctx: EvalContext): unknown {
  if (typeof expression === "boolean") return expression;
  const tokens = tokenize(expression.trim().replace(/^\$\{\{([\s\S]*)\}\}$/, "$1"));
  let pos = 0;
  const peek = () => tokens[pos];
  const take = () => {
    if (pos >= tokens.length) throw new Error(`unexpected end of: ${expression}`);
    return tokens[pos++];
  };
  const expectToken = (t: string) => {
    if (take() !== t) throw new Error(`expected ${t} in: ${expression}`);
  };
  const text = (v: unknown) => (v === null || v === undefined ? "" : String(v)).toLowerCase();
  const functions: Record<string, (args: unknown[]) => unknown> = {
    success: () => ctx.status === "success",
    failure: () => ctx.status === "failure",
    cancelled: () => ctx.status === "cancelled",
    always: () => true,
    startsWith: ([s, p]) => text(s).startsWith(text(p)),
    endsWith: ([s, p]) => text(s).endsWith(text(p)),
    contains: ([s, p]) => (Array.isArray(s) ? s.some((x) => looseEquals(x, p)) : text(s).includes(text(p))),
  };

  const or = (): unknown => {
    let v = and();
    while (peek() === "||") {
      take();
      const right = and();
      v = truthy(v) ? v : right;
    }
    return v;
  };
  const and = (): unknown => {
    let v = comparison();
    while (peek() === "&&") {
      take();
      const right = comparison();
      v = truthy(v) ? right : v;
    }
    return v;
  };
  const comparison = (): unknown => {
    const left = unary();
    if (peek() !== "==" && peek() !== "!=") return left;
    const op = take();
    const equal = looseEquals(left, unary());
    return op === "==" ? equal : !equal;
  };
  const unary = (): unknown => {
    if (peek() !== "!") return primary();
    take();
    return !truthy(unary());
  };
  const primary = (): unknown => {
    const t = take();
    if (t === "(") {
      const v = or();
      expectToken(")");
      return v;
    }
    if (t.startsWith("'")) return t.slice(1, -1).replace(/''/g, "'");
    if (/^\d/.test(t)) return Number(t);
    if (t === "true" || t === "false") return t === "true";
    if (t === "null") return null;
    if (!/^[A-Za-z_]/.test(t)) throw new Error(`unexpected ${t} in: ${expression}`);
    if (peek() === "(") {
      take();
      const args: unknown[] = [];
      while (peek() !== ")") {
        args.push(or());
        if (peek() === ",") take();
      }
      take();
      const fn = functions[t];
      if (!fn) throw new Error(`the test's evaluator has no function ${t}(): extend it`);
      return fn(args);
    }
    if (!(t in ctx.contexts)) throw new Error(`unknown context ${t} in: ${expression}`);
    let v: unknown = ctx.contexts[t];
    while (peek() === ".") {
      take();
      const key = take();
      v = v !== null && typeof v === "object" ? ((v as Record<string, unknown>)[key] ?? null) : null;
    }
    return v ?? null;
  };

  const value = or();
  if (pos !== tokens.length) throw new Error(`unexpected ${tokens[pos]} in: ${expression}`);
  return value;
}

/** A string with `${{ }}` interpolations, as in `concurrency.group`. */
function interpolate(template: string, ctx: EvalContext): string {
  return template.replace(/\$\{\{([\s\S]*?)\}\}/g, (_, e: string) => {
    const v = evaluate(e, ctx);
    return v === null || v === undefined ? "" : String(v);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Which jobs run for an event

const REPOSITORY = "acme/heroku-production";

interface GitHubContext {
  event_name: string;
  ref: string;
  sha: string;
  run_id: string;
  repository: string;
  workflow: string;
  base_ref: string;
  head_ref: string;
  event: Record<string, unknown>;
}

function push(ref: string, runId = "1001"): GitHubContext {
  return {
    event_name: "push",
    ref,
    sha: "0123456789abcdef0123456789abcdef01234567",
    run_id: runId,
    repository: REPOSITORY,
    workflow: "CI",
    base_ref: "",
    head_ref: "",
    event: { ref },
  };
}

function pullRequest(headRepository: string, runId = "2001", number = 7): GitHubContext {
  return {
    event_name: "pull_request",
    ref: `refs/pull/${number}/merge`,
    sha: "89abcdef0123456789abcdef0123456789abcdef",
    run_id: runId,
    repository: REPOSITORY,
    workflow: "CI",
    base_ref: "main",
    head_ref: "feature/login",
    event: { number, pull_request: { number, head: { repo: { full_name: headRepository } } } },
  };
}

const contextsFor = (github: GitHubContext, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  github,
  needs: {},
  vars: {},
  secrets: {},
  inputs: {},
  env: {},
  steps: {},
  ...extra,
});

function globMatches(patterns: string[], name: string): boolean {
  let matched = false;
  for (const pattern of patterns) {
    const negated = pattern.startsWith("!");
    const glob = negated ? pattern.slice(1) : pattern;
    const source = glob
      .split(/(\*\*|\*)/)
      .map((part) => (part === "**" ? ".*" : part === "*" ? "[^/]*" : part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")))
      .join("");
    if (new RegExp(`^${source}$`).test(name)) matched = !negated;
  }
  return matched;
}

/** Whether the workflow's `on:` starts a run for this event (branch and tag filters; path filters count as met). */
function triggers(workflow: Workflow, github: GitHubContext): boolean {
  const on = workflow.on;
  const events: Record<string, unknown> =
    typeof on === "string"
      ? { [on]: null }
      : Array.isArray(on)
        ? Object.fromEntries(on.map((e: string) => [e, null]))
        : (on as Record<string, unknown>);
  if (!(github.event_name in events)) return false;
  const filter = (events[github.event_name] ?? {}) as Record<string, string[] | undefined>;
  const [kind, name] =
    github.event_name === "pull_request"
      ? ["branches", github.base_ref]
      : github.ref.startsWith("refs/tags/")
        ? ["tags", github.ref.slice("refs/tags/".length)]
        : ["branches", github.ref.slice("refs/heads/".length)];
  const include = filter[kind];
  const exclude = filter[`${kind}-ignore`];
  const other = kind === "tags" ? "branches" : "tags";
  const onlyOtherKind =
    include === undefined && exclude === undefined && (filter[other] ?? filter[`${other}-ignore`]) !== undefined;
  if (onlyOtherKind) return false;
  if (include !== undefined) return globMatches(include, name);
  if (exclude !== undefined) return !globMatches(exclude, name);
  return true;
}

/** Whether a job runs when everything it needs succeeds (the status functions see success). */
function jobRuns(workflow: Workflow, jobId: string, github: GitHubContext): boolean {
  if (!triggers(workflow, github)) return false;
  const job = workflow.jobs[jobId];
  if (!asList(job.needs).every((need) => jobRuns(workflow, need, github))) return false;
  if (job.if === undefined) return true;
  return truthy(evaluate(job.if, { contexts: contextsFor(github), status: "success" }));
}

// ---------------------------------------------------------------------------------------------------------------
// The validator

function validatorCli(): string {
  let manifest: string;
  try {
    manifest = createRequire(path.join(REPO_ROOT, "package.json")).resolve(`${VALIDATOR_PACKAGE}/package.json`);
  } catch {
    throw new Error(`${VALIDATOR_PACKAGE} is not installed. Add it: ${INSTALL_HINT}`);
  }
  const { bin } = JSON.parse(readFileSync(manifest, "utf8")) as { bin: string | Record<string, string> };
  return path.join(path.dirname(manifest), typeof bin === "string" ? bin : bin["action-validator"]);
}

/** Runs `action-validator <file>`: exit 0 when valid, 1 with the errors as JSON on stderr when not. */
function validate(file: string): { status: number | null; output: string } {
  const r = spawnSync(process.execPath, [validatorCli(), file], {
    encoding: "utf8",
    timeout: 60_000,
    env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1" },
  });
  if (r.error) throw r.error;
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

const scratch = mkdtempSync(path.join(tmpdir(), "workflows-test-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function scratchFile(name: string, text: string): string {
  const file = path.join(scratch, name);
  writeFileSync(file, text);
  return file;
}

/** A workflow of one job on ubuntu-latest, with the job's other lines as given. */
function oneJobWorkflow(on: string, jobLines: string[]): string {
  const job = ["runs-on: ubuntu-latest", ...jobLines].map((line) => `    ${line}`);
  return [`on: ${on}`, "jobs:", "  build:", ...job, ""].join("\n");
}

describe("action-validator", () => {
  test("the shipped workflow is there to validate", () => {
    expect(workflowFiles).toEqual(["ci.yml"]);
  });

  test.each(workflowFiles)("%s is a valid workflow", (file) => {
    const { status, output } = validate(path.join(WORKFLOW_DIR, file));
    expect(output).toBe("");
    expect(status).toBe(0);
  });

  test("rejects a job with a misspelt key", () => {
    const file = scratchFile("misspelt-key.yml", oneJobWorkflow("push", ["stepz:", "  - run: echo"]));
    const { status, output } = validate(file);
    expect(status).toBe(1);
    expect(output).toContain("Additional property 'stepz' is not allowed");
  });

  test("rejects an unknown event", () => {
    const file = scratchFile("unknown-event.yml", oneJobWorkflow("[pushh]", ["steps:", "  - run: echo"]));
    const { status, output } = validate(file);
    expect(status).toBe(1);
    expect(output).toContain('"path": "/on');
  });

  test("rejects ci.yml with a permission level that does not exist", () => {
    const broken = parse(readFileSync(path.join(WORKFLOW_DIR, "ci.yml"), "utf8")) as Workflow;
    const job = Object.values(broken.jobs).find((j) => typeof j.permissions === "object");
    expect(job, "a job of ci.yml with its own permissions").toBeDefined();
    (job!.permissions as Record<string, string>)["pull-requests"] = "admin";
    const { status, output } = validate(scratchFile("ci-admin.yml", stringify(broken)));
    expect(status).toBe(1);
    expect(output).toContain("permissions");
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe("when each job runs", () => {
  const onlyChecks = { checks: true, preview: false, deploy: false };
  const cases: [string, GitHubContext, { checks: boolean; preview: boolean; deploy: boolean }][] = [
    ["a push to main", push("refs/heads/main"), { checks: true, preview: false, deploy: true }],
    ["a push to another branch", push("refs/heads/feature/login"), onlyChecks],
    ["a push to a branch named like main", push("refs/heads/release/main"), onlyChecks],
    ["a pushed tag", push("refs/tags/v1.0.0"), onlyChecks],
    ["a pull request from this repository", pullRequest(REPOSITORY), { checks: true, preview: true, deploy: false }],
    ["a pull request from a fork", pullRequest("someone/heroku-production"), onlyChecks],
  ];

  test.each(cases)("on %s", (_, github, expected) => {
    const ran = (j: Located) => jobRuns(j.workflow, j.id, github);
    expect({ checks: ran(checks()), preview: ran(preview()), deploy: ran(deploy()) }).toEqual(expected);
  });

  test("the deploy and the preview wait for the checks of the same run", () => {
    const check = checks();
    for (const j of [preview(), deploy()]) {
      expect(j.workflow.file).toBe(check.workflow.file);
      expect(asList(j.job.needs)).toContain(check.id);
    }
  });
});

describe("checks (every push and pull request)", () => {
  test("Node 20 with the npm cache, then npm ci, typecheck, lint and test", () => {
    const { job } = checks();
    const setupNode = steps(job).find((s) => (s.uses ?? "").startsWith("actions/setup-node@"));
    expect(String(setupNode?.with?.["node-version"])).toMatch(/^20(\.|$)/);
    expect(setupNode?.with?.cache).toBe("npm");
    const commands = runs(job).join("\n");
    for (const command of [/^npm ci\b/m, /^npm run typecheck$/m, /^npm run lint$/m, /^npm test$/m]) {
      expect(commands).toMatch(command);
    }
  });

  test("installs the Debian packages .ci/run installs, before the tests", () => {
    const ciRun = readFileSync(path.join(REPO_ROOT, ".ci", "run"), "utf8");
    const listed = /DEBIAN_PACKAGES=\(([^)]*)\)/.exec(ciRun);
    expect(listed, "DEBIAN_PACKAGES=(…) in .ci/run").not.toBeNull();
    const packages = listed![1].trim().split(/\s+/);
    const { job } = checks();
    const all = steps(job);
    const aptIndex = all.findIndex((s) => /apt-get install/.test(s.run ?? ""));
    const testIndex = all.findIndex((s) => /^npm test\b/m.test(s.run ?? ""));
    expect(aptIndex).toBeGreaterThanOrEqual(0);
    expect(aptIndex).toBeLessThan(testIndex);
    const apt = all[aptIndex].run!.replace(/\\\n/g, " ");
    expect(apt).toMatch(/sudo .*apt-get install -y --no-install-recommends/);
    expect(apt).toMatch(/apt-get update/);
    const installed = apt.slice(apt.indexOf("--no-install-recommends")).split(/\s+/).slice(1);
    expect(installed.filter(Boolean).sort()).toEqual([...packages].sort());
  });

  test("the SDK schema test is left to skip: nothing sets HEROKU_PROVIDER_SCHEMA", () => {
    for (const w of workflows) {
      const { text: _text, ...parsed } = w;
      expect(JSON.stringify(parsed), w.file).not.toContain("HEROKU_PROVIDER_SCHEMA");
    }
  });

  test("the offline production check writes its markdown to the job summary and can fail the job", () => {
    const { job } = checks();
    const step = steps(job).find((s) => /production-check/.test(s.run ?? ""));
    expect(step, "a step running npm run production-check").toBeDefined();
    const run = step!.run!;
    expect(run).toMatch(/npm run (--silent|-s) production-check -- --stack production --format markdown/);
    expect(run).toMatch(/"\$GITHUB_STEP_SUMMARY"/);
    // The script's exit status must survive the pipe into tee.
    if (/\|/.test(run)) expect(run).toMatch(/set -o pipefail|set -[a-z]*o pipefail/);
    expect(step!["continue-on-error"] ?? false).toBe(false);
  });

  test("the production check still runs after a failed test, but not without dependencies", () => {
    const { job } = checks();
    const step = steps(job).find((s) => /production-check/.test(s.run ?? ""))!;
    const installId = steps(job).find((s) => /^npm ci\b/m.test(s.run ?? ""))?.id;
    const runsWith = (status: EvalContext["status"], depsOutcome: string) => {
      if (step.if === undefined) return status === "success";
      const stepsContext = installId ? { [installId]: { outcome: depsOutcome, conclusion: depsOutcome } } : {};
      const contexts = contextsFor(push("refs/heads/main"), { steps: stepsContext });
      return truthy(evaluate(step.if, { contexts, status }));
    };
    expect(runsWith("success", "success")).toBe(true);
    expect(runsWith("failure", "success")).toBe(true);
    expect(runsWith("failure", "failure")).toBe(false);
    expect(runsWith("cancelled", "success")).toBe(false);
  });

  test("reads no secrets", () => {
    expect(JSON.stringify(checks().job)).not.toMatch(/secrets/);
  });
});

describe("preview (pull requests)", () => {
  test("runs pulumi preview on the production stack with the policy pack and its config, commenting on the PR", () => {
    const { step } = preview();
    expect(step.uses).toMatch(/^pulumi\/actions@v6\b/);
    expect(step.with).toMatchObject({
      command: "preview",
      "stack-name": STACK,
      policyPacks: POLICY_PACK,
      policyPackConfigs: POLICY_PACK_CONFIG,
    });
    expect(String(step.with?.["comment-on-pr"])).toBe("true");
  });

  test("installs the policy pack's dependencies first", () => {
    const { job, step } = preview();
    const all = steps(job);
    const install = all.findIndex((s) => /npm ci\b.*--prefix policy\b/.test(s.run ?? ""));
    expect(install).toBeGreaterThanOrEqual(0);
    expect(install).toBeLessThan(all.indexOf(step));
  });

  test("may write pull request comments and nothing else", () => {
    expect(preview().job.permissions).toEqual({ contents: "read", "pull-requests": "write" });
  });
});

describe("deploy (main)", () => {
  test("runs pulumi up on the production stack with the policy pack and its config", () => {
    const { step } = deploy();
    expect(step.uses).toMatch(/^pulumi\/actions@v6\b/);
    expect(step.with).toMatchObject({
      command: "up",
      "stack-name": STACK,
      policyPacks: POLICY_PACK,
      policyPackConfigs: POLICY_PACK_CONFIG,
    });
  });

  test("sets up Docker Buildx and the policy pack before the build (staging's up)", () => {
    const { job, step } = staging();
    const all = steps(job);
    const buildx = all.findIndex((s) => (s.uses ?? "").startsWith("docker/setup-buildx-action@"));
    const policy = all.findIndex((s) => /npm ci\b.*--prefix policy\b/.test(s.run ?? ""));
    expect(buildx).toBeGreaterThanOrEqual(0);
    expect(policy).toBeGreaterThanOrEqual(0);
    expect(Math.max(buildx, policy)).toBeLessThan(all.indexOf(step));
  });

  test("cannot run up before a blocking policy preview and the offline check, in the same job", () => {
    const { job, step } = deploy();
    const all = steps(job);
    const up = all.indexOf(step);
    const gate = all.findIndex((s) => isPulumi("preview")(s));
    const check = all.findIndex((s) => /npm run production-check -- --stack production\b/.test(s.run ?? ""));
    expect(gate).toBeGreaterThanOrEqual(0);
    expect(check).toBeGreaterThanOrEqual(0);
    expect(Math.max(gate, check)).toBeLessThan(up);
    for (const s of [all[gate], all[check]]) {
      // Blocking: neither may be skipped or allowed to fail.
      expect(s["continue-on-error"]).toBeUndefined();
      expect(s.if).toBeUndefined();
    }
    expect(all[gate].with).toMatchObject({ "stack-name": STACK, policyPacks: POLICY_PACK, policyPackConfigs: POLICY_PACK_CONFIG });
    expect(all[gate].with?.["comment-on-pr"]).toBeUndefined();
  });

  test("orders staging up, its live check and a smoke request, then the approved promotion", () => {
    const st = staging();
    const all = steps(st.job);
    const up = all.indexOf(st.step);
    const live = all.findIndex((s) => /production-check -- --stack staging --live/.test(s.run ?? ""));
    const smoke = all.findIndex((s) => /curl --fail .*"\$\{WEB_URL\}healthz"/.test(s.run ?? ""));
    expect([up < live, live < smoke]).toEqual([true, true]);
    expect(all[smoke].env).toEqual({ WEB_URL: `\${{ steps.${st.step.id}.outputs.webUrl }}` });
    expect(st.step.with).toMatchObject({ policyPacks: POLICY_PACK, policyPackConfigs: "policy/config/staging.json" });
    const prod = deploy();
    expect(asList(prod.job.needs)).toEqual(["check", "staging"]);
    const environment = typeof prod.job.environment === "string" ? prod.job.environment : prod.job.environment?.name;
    expect(environment).toBe("production");
    // Production builds nothing: no Docker in its job.
    expect(steps(prod.job).some((s) => (s.uses ?? "").startsWith("docker/"))).toBe(false);
  });

  test("runs the live check after up, read-only, into the job summary", () => {
    const { job, step } = deploy();
    const all = steps(job);
    const live = all.findIndex((s) => /production-check -- --stack production --live --format markdown/.test(s.run ?? ""));
    expect(live).toBeGreaterThan(all.indexOf(step));
    expect(all[live].run).toMatch(/set -o pipefail[\s\S]*\| tee -a "\$GITHUB_STEP_SUMMARY"/);
    expect(Object.keys(all[live].env ?? {})).toEqual(["HEROKU_API_KEY"]);
  });

  test("checks the runner's Docker image store before up builds (staging)", () => {
    const { job, step } = staging();
    const all = steps(job);
    const store = all.findIndex((s) => /docker info --format '\{\{\.Driver\}\}'/.test(s.run ?? ""));
    expect(store).toBeGreaterThanOrEqual(0);
    expect(store).toBeLessThan(all.indexOf(step));
    expect(all[store].run).toMatch(/overlayfs\|stargz\|\*containerd\*\)[\s\S]*exit 1/);
  });

  test("uses the production environment, read-only permissions and the release version from GITHUB_SHA", () => {
    const { job, step } = deploy();
    const environment = typeof job.environment === "string" ? job.environment : job.environment?.name;
    expect(environment).toBe("production");
    expect(job.permissions).toEqual({ contents: "read" });
    // releaseVersion comes from GITHUB_SHA: nothing may override it with a config value or an env var.
    expect(JSON.stringify(step)).not.toMatch(/releaseVersion|config-map/);
  });

  test("two deploys never overlap and a running deploy is never cancelled", () => {
    const { workflow, job } = deploy();
    const inRun = (github: GitHubContext): EvalContext => ({ contexts: contextsFor(github), status: "success" });
    const [firstRun, secondRun] = [push("refs/heads/main", "1"), push("refs/heads/main", "2")];

    expect(typeof job.concurrency, "the deploy job's concurrency: { group, cancel-in-progress }").toBe("object");
    const { group, "cancel-in-progress": cancel } = job.concurrency as Exclude<Concurrency, string>;
    expect(String(cancel ?? false)).toBe("false");
    expect(interpolate(group, inRun(firstRun))).toBe(interpolate(group, inRun(secondRun)));

    // The workflow-level group may cancel superseded pull request runs, but never a run on main.
    const top = workflow.concurrency;
    if (top === undefined) return;
    const topGroup = typeof top === "string" ? top : top.group;
    const cancelInProgress = typeof top === "object" ? String(top["cancel-in-progress"] ?? false) : "false";
    const cancels = truthy(evaluate(cancelInProgress, inRun(firstRun)));
    if (cancels) expect(interpolate(topGroup, inRun(firstRun))).not.toBe(interpolate(topGroup, inRun(secondRun)));
    const [pr1, pr2] = [pullRequest(REPOSITORY, "1"), pullRequest(REPOSITORY, "2")];
    expect(interpolate(topGroup, inRun(pr1))).toBe(interpolate(topGroup, inRun(pr2)));
  });
});

describe("secrets and permissions", () => {
  // secrets.NAME or secrets['NAME'], anywhere in the text, comments included.
  const reference = /secrets\s*(?:\.\s*([A-Za-z_][A-Za-z0-9_]*)|\[\s*'([^']+)'\s*\])/g;
  const referenced = () =>
    new Set(workflows.flatMap((w) => [...w.text.matchAll(reference)].map((m) => m[1] ?? m[2])));

  test("the secrets referenced are exactly the expected set", () => {
    expect([...referenced()].sort()).toEqual(EXPECTED_SECRETS);
  });

  test("no workflow hands all its secrets on", () => {
    for (const w of workflows) expect(w.text).not.toMatch(/secrets:\s*inherit|toJSON\(\s*secrets\s*\)/);
  });

  test("preview and up get the same credentials, each from the secret of the same name", () => {
    for (const { step } of [preview(), deploy()]) {
      for (const name of ["PULUMI_ACCESS_TOKEN", "PULUMI_CONFIG_PASSPHRASE", "HEROKU_API_KEY", "SENTRY_TOKEN"]) {
        expect(step.env?.[name], name).toMatch(new RegExp(`^\\$\\{\\{\\s*secrets\\.${name}\\s*\\}\\}$`));
      }
      expect(step.with?.["cloud-url"]).toMatch(/^\$\{\{\s*secrets\.PULUMI_BACKEND_URL\s*\}\}$/);
    }
  });

  test("no credential is written in plain text", () => {
    const sensitive = /token|key|pass(word|phrase)?|secret|credential|cloud-url/i;
    const maps: [string, Record<string, Scalar> | undefined][] = workflows.flatMap((w) => [
      [`${w.file} env`, w.env],
      ...Object.entries(w.jobs).flatMap(([id, job]): [string, Record<string, Scalar> | undefined][] => [
        [`${w.file} ${id} env`, job.env],
        ...steps(job).flatMap((s, i): [string, Record<string, Scalar> | undefined][] => [
          [`${w.file} ${id} step ${i} env`, s.env],
          [`${w.file} ${id} step ${i} with`, s.with],
        ]),
      ]),
    ]);
    for (const [where, map] of maps) {
      for (const [key, value] of Object.entries(map ?? {})) {
        // Booleans and numbers (persist-credentials: false) hold no credential.
        if (!sensitive.test(key) || typeof value !== "string") continue;
        expect(String(value), `${where}: ${key}`).toMatch(/^\$\{\{\s*(secrets\.[A-Za-z0-9_]+|github\.token)\s*\}\}$/);
      }
    }
  });

  test("read-only by default; only the preview job may write, and only pull request comments", () => {
    for (const w of workflows) expect(w.permissions, w.file).toEqual({ contents: "read" });
    const previewJob = preview();
    for (const { workflow, id, job } of allJobs) {
      expect(typeof job.permissions === "string" ? job.permissions : "", `${workflow.file} ${id}`).not.toMatch(/all/);
      const writes = Object.entries(typeof job.permissions === "object" ? job.permissions : {})
        .filter(([, level]) => level === "write")
        .map(([scope]) => scope);
      const isPreview = workflow === previewJob.workflow && id === previewJob.id;
      expect(writes, `${workflow.file} ${id}`).toEqual(isPreview ? ["pull-requests"] : []);
    }
  });

  test("third-party actions are pinned to a major version or a commit", () => {
    const uses = allJobs.flatMap(({ job }) => [job.uses, ...steps(job).map((s) => s.uses)]).filter(Boolean) as string[];
    expect(uses.length).toBeGreaterThan(0);
    for (const u of uses) {
      if (u.startsWith("./")) continue;
      expect(u).toMatch(/^[\w.-]+\/[\w./-]+@(v\d+(\.\d+){0,2}|[0-9a-f]{40})$/);
    }
  });

  test("docs/ci.md names every secret the workflows read", () => {
    const doc = path.join(REPO_ROOT, "docs", "ci.md");
    expect(existsSync(doc)).toBe(true);
    const text = readFileSync(doc, "utf8");
    for (const name of referenced()) expect(text).toContain(`\`${name}\``);
  });
});

describe("the suite's order (vitest.config.mts)", () => {
  test("starts with test files that exist: a renamed one would silently drop back to vitest's own order", () => {
    const config = readFileSync(path.join(REPO_ROOT, "vitest.config.mts"), "utf8");
    const listed = [...(/const SLOWEST = \[([^\]]*)\]/.exec(config)?.[1] ?? "").matchAll(/"([^"]+)"/g)].map((m) => m[1]);
    expect(listed.length).toBe(7);
    expect(listed.filter((f) => !existsSync(path.join(REPO_ROOT, f)))).toEqual([]);
  });
});
