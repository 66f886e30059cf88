// npm run bench:crash [-- --kills 50 --concurrency 32]: the long crash-durability run.
import { parseArgs } from "node:util";
import { crashRun } from "../test/crash";

const { values } = parseArgs({
  options: {
    kills: { type: "string", default: "50" },
    concurrency: { type: "string", default: "32" },
  },
});
const report = await crashRun({
  kills: Number(values.kills),
  concurrency: Number(values.concurrency),
  maxLifeMs: 2000,
  onKill: (kill, acknowledged) =>
    process.stderr.write(`kill ${kill}: ${acknowledged} acknowledged so far\n`),
});
console.log(
  `kills ${report.kills} · acknowledged ${report.acknowledged} · found ${report.found} · lost ${report.lost} · corrupted ${report.corrupted} · integrity ${report.integrity}`,
);
process.exitCode = report.lost === 0 && report.corrupted === 0 && report.integrity === "ok" ? 0 : 1;
