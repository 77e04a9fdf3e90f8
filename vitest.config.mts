import { relative } from "node:path";
import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

// The files that take longest, most of it in child processes (the launcher, ts-node, Python). Vitest runs the files it
// has timed longest first, but a fresh clone (CI's case) has no timings, and vitest then starts the largest files,
// which left these small ones to the end, with one worker idle. So they start first, in this order.
const SLOWEST = [
  "test/production-check-cli.test.ts",
  "test/launcher.test.ts",
  "test/engine-typescript.test.ts",
  "test/django-check.test.ts",
  "test/django-warm.test.ts",
  "test/policy/served-pack.test.ts",
  "test/live-check.test.ts",
];

class SlowestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (f: TestSpecification) => {
      const i = SLOWEST.indexOf(relative(f.project.config.root, f.moduleId).split("\\").join("/"));
      return i < 0 ? SLOWEST.length : i;
    };
    // Array.prototype.sort is stable: the rest keep vitest's own order.
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    setupFiles: ["test/support/worker-setup.ts"],
    pool: "forks",
    // Each file runs in a process of its own, so two workers keep them isolated and use both cores.
    maxWorkers: 2,
    sequence: { sequencer: SlowestFirst },
    // A test file's process lives a few seconds: V8's optimizing compiler spent more CPU on it than it saved, on two
    // cores shared by both workers and their child processes (which keep Node's defaults).
    execArgv: ["--no-opt"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Keeps the transformed TypeScript between runs, keyed by each file's content, under node_modules (so a fresh
    // install starts over): a rerun no longer transforms every project file again.
    experimental: { fsModuleCache: true },
  },
});
