import { defineConfig } from "vitest/config";

// Cluster tests: a real control plane (etcd, kube-apiserver, kube-controller-manager,
// kube-scheduler built by scripts/control-plane/build.sh) started once per run by the
// globalSetup and shared by every file, each test in its own namespace. `npm run test:cluster`.
export default defineConfig({
  test: {
    include: ["test/cluster/**/*.test.ts"],
    globalSetup: ["test/cluster/support/global-setup.ts"],
    setupFiles: ["test/cluster/support/print-logs-on-failure.ts"],
    testTimeout: 120_000,
    hookTimeout: 240_000,
    pool: "forks",
  },
});
