import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    setupFiles: ["test/support/worker-setup.ts"],
    pool: "forks",
    // Each file runs in a process of its own, so two workers keep them isolated and use both cores.
    maxWorkers: 2,
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
