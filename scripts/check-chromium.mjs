// `npm test` drives Debian's Chromium (never a downloaded browser build). This runs first and
// installs it where it can (root with apt-get, as in CI), or explains what to do.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

const CHROMIUM = "/usr/bin/chromium";

if (!existsSync(CHROMIUM)) {
  const canInstall = process.getuid?.() === 0 && existsSync("/usr/bin/apt-get");
  if (!canInstall) {
    console.error(
      `The browser tests need Debian's Chromium at ${CHROMIUM}.\n` +
        "Install it with:  sudo apt-get update && sudo apt-get install -y chromium\n" +
        "(On another system, install Chromium and link it to /usr/bin/chromium.)",
    );
    process.exit(1);
  }
  console.error(`Installing Chromium (${CHROMIUM} is missing)…`);
  execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit" });
  execFileSync("apt-get", ["install", "-y", "-qq", "chromium"], {
    stdio: "inherit",
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
}
