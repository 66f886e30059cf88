import { defineConfig } from "vitest/config";

const jsx = { jsx: { runtime: "automatic", importSource: "preact" } } as const;

export default defineConfig({
  test: {
    // better-sqlite3 is a native addon; forks keep each test file's database handles apart.
    pool: "forks",
    testTimeout: 20_000,
    projects: [
      {
        oxc: jsx,
        test: {
          name: "unit+api",
          include: ["{client,server,surveys,test}/**/*.test.{ts,tsx}"],
          exclude: ["test/browser/**"],
        },
      },
      {
        oxc: jsx,
        test: {
          name: "browser",
          include: ["test/browser/**/*.test.ts"],
          // Browser tests need the built client; build it once per run.
          globalSetup: ["test/global-setup.ts"],
          hookTimeout: 120_000,
          testTimeout: 60_000,
        },
      },
    ],
  },
});
