import { defineConfig } from "vitest/config";

// The starter app's own tests: `npx vitest run --config app/tests/vitest.config.mts`. A team that replaces app/
// with its own project removes them with it; the program's tests (test/) never read app/.
export default defineConfig({
  test: {
    root: `${import.meta.dirname}/../..`,
    include: ["app/tests/**/*.test.ts"],
    pool: "forks",
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
