// `npm test` also runs the API tests on a throwaway PostgreSQL cluster and the multi-instance
// test behind HAProxy (issue 17), both from Debian packages. No test is skipped when they are
// missing: this runs first and stops `npm test` with what to install. (.ci/run installs them.)
import { existsSync, readdirSync } from "node:fs";

const hasPostgres = () =>
  existsSync("/usr/lib/postgresql") &&
  readdirSync("/usr/lib/postgresql").some((v) => existsSync(`/usr/lib/postgresql/${v}/bin/initdb`));
const missing = [
  ...(process.env.VOZ_PG_BIN || hasPostgres() ? [] : ["postgresql"]),
  ...(existsSync("/usr/sbin/haproxy") ? [] : ["haproxy"]),
];

if (missing.length > 0) {
  console.error(
    `The PostgreSQL and multi-instance tests need Debian's ${missing.join(" and ")}.\n` +
      `Install with:  sudo apt-get update && sudo apt-get install -y ${missing.join(" ")}\n` +
      "No server needs to run, nor be configured: the tests start their own cluster and balancer\n" +
      "in a temporary folder and stop them at the end. Elsewhere than Debian, set VOZ_PG_BIN to\n" +
      "a folder holding initdb, pg_ctl and psql (PostgreSQL 15 or newer).",
  );
  process.exit(1);
}
