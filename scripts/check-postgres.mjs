// `npm test` also runs the API, crash, fuzz and privacy tests on a throwaway PostgreSQL cluster
// and the multi-instance test behind HAProxy (issue 17): both from Debian packages. This runs
// first and installs them where it can (root with apt-get, as in CI), or explains what to do.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";

const hasPostgres = () =>
  existsSync("/usr/lib/postgresql") &&
  readdirSync("/usr/lib/postgresql").some((v) => existsSync(`/usr/lib/postgresql/${v}/bin/initdb`));
const missing = [
  ...(process.env.VOZ_PG_BIN || hasPostgres() ? [] : ["postgresql"]),
  ...(existsSync("/usr/sbin/haproxy") ? [] : ["haproxy"]),
];

if (missing.length > 0) {
  const canInstall = process.getuid?.() === 0 && existsSync("/usr/bin/apt-get");
  if (!canInstall) {
    console.error(
      `The PostgreSQL tests need Debian's ${missing.join(" and ")}.\n` +
        `Install with:  sudo apt-get update && sudo apt-get install -y ${missing.join(" ")}\n` +
        "(No server needs to run: the tests start their own cluster in a temporary folder.\n" +
        " Elsewhere, set VOZ_PG_BIN to a folder holding initdb and pg_ctl.)",
    );
    process.exit(1);
  }
  console.error(`Installing ${missing.join(" and ")}…`);
  execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit" });
  execFileSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...missing], {
    stdio: "inherit",
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
}
