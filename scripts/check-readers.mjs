// The export tests read every file Voz writes with readers that share no code with it (issue
// 16): R's haven for Stata .dta, Python's openpyxl for .xlsx, Python's csv module for .csv,
// all from Debian's packages. This runs before `npm test` and installs them where it can (root
// with apt-get, as in CI), or says what to run.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

const PACKAGES = ["r-cran-haven", "r-cran-jsonlite", "python3-openpyxl"];

function works(command, args) {
  try {
    execFileSync(command, args, { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

const ready = () =>
  works("/usr/bin/Rscript", ["-e", "library(haven); library(jsonlite)"]) &&
  works("/usr/bin/python3", ["-c", "import openpyxl"]);

if (!ready()) {
  const canInstall = process.getuid?.() === 0 && existsSync("/usr/bin/apt-get");
  if (!canInstall) {
    console.error(
      "The export tests read the exported files with R's haven and Python's openpyxl.\n" +
        `Install them with:  sudo apt-get update && sudo apt-get install -y ${PACKAGES.join(" ")}`,
    );
    process.exit(1);
  }
  console.error(`Installing the independent file readers (${PACKAGES.join(", ")})…`);
  execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit" });
  execFileSync("apt-get", ["install", "-y", "-qq", ...PACKAGES], {
    stdio: "inherit",
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
  if (!ready()) {
    console.error("R's haven or Python's openpyxl still does not load after installing.");
    process.exit(1);
  }
}
