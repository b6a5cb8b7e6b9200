import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/helpers/quiet-logs.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Native addons (hnswlib, better-sqlite3, onnxruntime) are safest in forked processes.
    pool: "forks",
  },
});
