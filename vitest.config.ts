import { configDefaults, defineConfig } from "vitest/config";

// Unit tests sit beside the code (src/**/*.test.ts); end-to-end tests that spawn the built CLI
// live in test/e2e. Real-process tests use short real timings, never wall-clock thresholds.
export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // Cluster tests need the built control plane: vitest.cluster.config.ts, npm run test:cluster.
    exclude: [...configDefaults.exclude, "test/cluster/**"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: "forks",
  },
});
