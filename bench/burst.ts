// `npm run bench:burst [-- --before 10000 --batches 60 --batch 300 --runs 1 --every 4,8]`
// What SQLite's rebuild in key order (server/db/sqlite-rebuild.ts) buys while submissions come
// back to back, and what it costs. A file of `before` responses stored at an easy pace (a batch
// of 30 per commit, a rebuild step after each, then steps until none is under way) takes a
// burst of `batches` commits of `batch` responses each (at 50 connections Voz commits about
// 300 at a time), under two rules for the rebuild:
// - "steps": a step after every commit, as Voz did until the twentieth session;
// - "deferred": no step during the burst; the rebuild due starts once it is over, as Voz does
//   now (server/db/batch-worker.ts: steps only in a pause);
// and, with --every N, a step after every Nth commit: what a bound on the rows a server that
// never pauses leaves unrebuilt would cost (not built; docs/promises.md#arrival-order).
// Each is then stepped until no rebuild is under way (a pause in submissions). At the end of the
// burst and after the pause, the file's bytes are read as test/arrival-order.test.ts reads them
// (every response id found with its page), and Spearman's rho of page against arrival (the
// commit a response came in) is printed beside how far it strays by chance on the same pages
// (test/disk.ts chanceSpread): for every response, and for the burst's alone. Also the time the
// burst's commits took, steps included: storage work only, no HTTP. Prints; asserts nothing.
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { underWay } from "../server/db/sqlite-rebuild";
import { chanceSpread, locate, pageSize, spearman } from "../test/disk";
import { vozLayout } from "./ingest/bare-sqlite";
import { SEALED_BYTES } from "./ingest/body";

const { values } = parseArgs({
  options: {
    before: { type: "string", default: "10000" },
    batches: { type: "string", default: "60" },
    batch: { type: "string", default: "300" },
    runs: { type: "string", default: "1" },
    every: { type: "string", default: "" },
  },
});
const before = Number(values.before);
const batches = Number(values.batches);
const batchSize = Number(values.batch);
/** A rebuild step after every this many commits of the burst; none when 0. */
type Rule = number;
const RULES: Rule[] = [1, ...values.every.split(",").filter(Boolean).map(Number), 0];
const nameOf = (rule: Rule) => (rule === 1 ? "steps" : rule === 0 ? "deferred" : `every ${rule}`);
const DAY = "2026-12-05";

function run(rule: Rule): void {
  const dir = mkdtempSync(join(tmpdir(), "voz-burst-"));
  const path = join(dir, "voz.sqlite");
  const layout = vozLayout(path, "s");
  const { sqlite } = layout;
  try {
    const arrivals: { id: string; commit: number }[] = [];
    let commits = 0;
    const store = (n: number, step: boolean) => {
      sqlite.exec("BEGIN IMMEDIATE");
      for (let i = 0; i < n; i++) {
        const id = randomUUID();
        layout.store(id, randomBytes(SEALED_BYTES).toString("base64"), DAY);
        arrivals.push({ id, commit: commits });
      }
      layout.count(DAY, n);
      sqlite.exec("COMMIT");
      commits++;
      if (step) layout.step();
      else layout.cut();
    };
    /** A pause: steps until no rebuild is under way (starting the one due, if any). */
    const pause = () => {
      let steps = 1;
      while (layout.step()) steps++;
      return steps;
    };
    const measure = (from: number) => {
      const bytes = readFileSync(path);
      const size = pageSize(bytes);
      const found = locate(
        bytes,
        arrivals.map((a) => a.id),
      );
      const of = (first: number) => {
        const points: { position: number; arrival: number }[] = [];
        arrivals.forEach((a, i) => {
          if (a.commit < first) return;
          for (const at of found[i] ?? []) {
            points.push({ position: Math.floor(at / size), arrival: a.commit });
          }
        });
        const rho = spearman(points.map((p) => [p.position, p.arrival]));
        const spread = chanceSpread(points, 50);
        return `rho ${rho.toFixed(3).padStart(6)} (${(rho / spread).toFixed(1).padStart(5)} spreads of chance, ${spread.toFixed(3)})`;
      };
      return `all: ${of(0)}   burst's: ${of(from)}`;
    };

    while (arrivals.length < before) store(30, true);
    pause();
    const first = commits;
    const started = performance.now();
    for (let b = 0; b < batches; b++) store(batchSize, rule > 0 && (b + 1) % rule === 0);
    const took = performance.now() - started;
    console.log(
      `${nameOf(rule).padEnd(8)} burst ${(took / 1000).toFixed(1)} s (${((batches * batchSize) / (took / 1000)).toFixed(0)} responses/s), a rebuild under way at its end: ${underWay(sqlite)}`,
    );
    console.log(`  end of burst   ${measure(first)}`);
    const steps = pause();
    console.log(`  after a pause  ${measure(first)}  (${steps} steps)`);
  } finally {
    sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(
  `${before} responses before, a burst of ${batches} commits of ${batchSize} (${SEALED_BYTES}-byte sealed responses)`,
);
for (let r = 0; r < Number(values.runs); r++) {
  for (const rule of RULES) run(rule);
}
