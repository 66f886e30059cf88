// What the prune relies on (client/lib/suppress.ts): questions an audit settled for good, carried
// into the audit of a state that publishes more, change nothing that audit finds. Random
// histories of two publications of a g × h joint table, a random hidden set, then a random part
// of it published: the carried audit and a fresh one must find the same exposures.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { exposures } from "./audit";
import { knowledge, prepare, type Release } from "./knowledge";
import { loadHighs } from "./lp";
import type { Suppression } from "./publication";
import { NO_STRUCTURE } from "./structure";
import { gridTable } from "./tabulate";

const axes = [
  { variable: "g", categories: ["a", "b", "c"] },
  { variable: "h", categories: ["x", "y"] },
];
const tablesOf = (joint: number[]) => [
  gridTable(
    "g",
    [axes[0] as (typeof axes)[number]],
    [0, 1, 2].map((i) => sum(joint, i)),
  ),
  gridTable(
    "h",
    [axes[1] as (typeof axes)[number]],
    [0, 1].map((j) => column(joint, j)),
  ),
  gridTable("g×h", axes, joint),
];
const sum = (joint: number[], i: number) => (joint[2 * i] ?? 0) + (joint[2 * i + 1] ?? 0);
const column = (joint: number[], j: number) =>
  joint.filter((_, c) => c % 2 === j).reduce((a, b) => a + b, 0);

describe("audits carried from one state to a state that publishes more", () => {
  it("find what a fresh audit finds", async () => {
    const highs = await loadHighs();
    const counts = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 6, maxLength: 6 });
    await fc.assert(
      fc.asyncProperty(
        counts,
        counts,
        fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
        fc.array(fc.boolean(), { minLength: 24, maxLength: 24 }),
        fc.array(fc.boolean(), { minLength: 24, maxLength: 24 }),
        async (first, added, hiddenFirst, hiddenNow, publishedLater) => {
          const k = 3;
          const now = first.map((c, i) => c + (added[i] as number));
          // The first publication as the public saw it: its hidden cells without counts.
          let cell = 0;
          const earlier: Release = {
            responses: first.reduce((a, b) => a + b, 0),
            tables: tablesOf(first).map((t) => ({
              ...t,
              cells: t.cells.map((c) =>
                hiddenFirst[cell++ % 12] && Object.values(c.key).some((v) => v !== "*")
                  ? { key: c.key, count: null, suppressed: "secondary" as const }
                  : { key: c.key, count: c.count, suppressed: false as const },
              ),
            })),
          };
          const truth: Release = {
            responses: now.reduce((a, b) => a + b, 0),
            tables: tablesOf(now),
          };
          const frame = prepare([earlier, truth], NO_STRUCTURE);
          const { statistics, grandTotal } = knowledge(frame).linked;
          const before: Suppression[] = statistics.map((_, s) =>
            s !== grandTotal && hiddenNow[s % 24] ? "secondary" : false,
          );
          const after = before.map((m, s) => (m !== false && publishedLater[s % 24] ? false : m));
          const proven = new Set<string>();
          exposures(highs, frame, k, { state: before, carried: { skip: new Set(), proven } });
          const carried = exposures(highs, frame, k, {
            state: after,
            carried: { skip: proven, proven: new Set() },
          }).exposures;
          const fresh = exposures(highs, frame, k, { state: after }).exposures;
          const names = (list: typeof fresh) => list.map((e) => JSON.stringify(e)).sort();
          expect(names(carried)).toEqual(names(fresh));
        },
      ),
      { numRuns: 300 },
    );
  });
});
