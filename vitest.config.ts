import { defineConfig } from "vitest/config";

const jsx = { jsx: { runtime: "automatic", importSource: "preact" } } as const;

// `*.postgres.test.ts` files test what only PostgreSQL has; they run in that project only.
// The rest are the API and privacy tests that read the database beside the app through
// test/database.ts, so they mean the same on both.
const POSTGRES_TESTS = [
  "**/*.postgres.test.ts",
  "server/routes/*.test.ts",
  "test/{headers,fuzz,privacy}.test.ts",
];

// Inline projects do not inherit the root's test options, so each sets its own timeouts:
// this machine has 2 shared cores, and Argon2id, scrypt and child processes take seconds.
export default defineConfig({
  test: {
    // better-sqlite3 is a native addon; forks keep each test file's database handles apart.
    pool: "forks",
    projects: [
      {
        oxc: jsx,
        test: {
          name: "unit+api",
          include: ["{client,server,surveys,test}/**/*.test.{ts,tsx}"],
          exclude: ["test/browser/**", "**/*.postgres.test.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        oxc: jsx,
        test: {
          // The API, crash, fuzz and privacy tests again, on PostgreSQL (issue 17): one
          // throwaway cluster per run, a fresh database per test (test/database.ts).
          name: "postgres",
          include: POSTGRES_TESTS,
          env: { VOZ_TEST_DB: "postgres" },
          globalSetup: ["test/postgres-setup.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
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
