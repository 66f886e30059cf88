// `npm test` drives Debian's Chromium (never a downloaded browser build) and runs Voz behind
// Debian's Caddy (test/browser/tls.test.ts). This runs first and installs what is missing where
// it can (root with apt-get, as in CI), or explains what to do.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

const NEEDED = [
  { path: "/usr/bin/chromium", pkg: "chromium", why: "The browser tests need Debian's Chromium" },
  { path: "/usr/bin/caddy", pkg: "caddy", why: "The TLS test runs Voz behind Debian's Caddy" },
];

const missing = NEEDED.filter(({ path }) => !existsSync(path));
if (missing.length > 0) {
  const packages = missing.map((m) => m.pkg);
  const canInstall = process.getuid?.() === 0 && existsSync("/usr/bin/apt-get");
  if (!canInstall) {
    console.error(
      `${missing.map((m) => `${m.why} at ${m.path}.`).join("\n")}\n` +
        `Install with:  sudo apt-get update && sudo apt-get install -y ${packages.join(" ")}\n` +
        "(On another system, install them and link them to the paths above.)",
    );
    process.exit(1);
  }
  console.error(`Installing ${packages.join(", ")} (missing)…`);
  execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit" });
  execFileSync("apt-get", ["install", "-y", "-qq", ...packages], {
    stdio: "inherit",
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
}
