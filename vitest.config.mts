import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    setupFiles: ["test/support/worker-setup.ts"],
    pool: "forks",
    // Each file runs in a process of its own, so two workers keep them isolated and use both cores.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Keeps the transformed TypeScript between runs, keyed by each file's content, under node_modules (so a fresh
    // install starts over): a rerun no longer transforms every project file again.
    experimental: { fsModuleCache: true },
  },
});
