// The suppression loop's check before a cover (client/lib/reach.ts), against an attacker's LP the
// test writes itself: over the six joint counts of test/histories.ts's table (g: a, b, c ×
// h: x, y), every published count a row, solved by HiGHS directly (test/optimum.ts). A cover is
// skipped exactly where that LP already takes the count as far as a cover must, and otherwise
// the covers it wraps answer; cells hidden one at a time widen what it reaches.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { axes, countsByKey, hiddenStatistics, jointCounts, published } from "../../test/histories";
import { optimumOf } from "../../test/optimum";
import type { Coverable, Covers } from "./cover";
import { prepare } from "./knowledge";
import { loadHighs } from "./lp";
import type { Key } from "./publication";
import { reaching } from "./reach";
import { NO_STRUCTURE } from "./structure";

const [g, h] = axes as [(typeof axes)[number], (typeof axes)[number]];
/** The six joint cells' keys, a,x a,y b,x …, as published() lays them out. */
const jointKeys = g.categories.flatMap((a) => h.categories.map((b) => ({ g: a, h: b })));

describe("reaching", () => {
  it("skips a cover exactly where the attacker already reaches as far", async () => {
    const highs = await loadHighs();
    const k = 3;
    let skipped = 0;
    let covered = 0;
    await fc.assert(
      fc.asyncProperty(
        jointCounts(6),
        hiddenStatistics,
        fc.array(fc.nat(11), { minLength: 4, maxLength: 4 }),
        async (joint, hid, order) => {
          const frame = prepare([published(joint, () => false)], NO_STRUCTURE);
          const { statistics, grandTotal } = frame.linked;
          const byKey = countsByKey(joint);
          const counts = statistics.map((s) => byKey.get(s.id) ?? 0);
          // Which joint cells each statistic counts, from the keys themselves.
          const members = statistics.map(() => [] as number[]);
          jointKeys.forEach((key, i) => {
            for (const of of [key, { g: key.g }, { h: key.h }] as Key[]) {
              members[frame.statisticOf(of) as number]?.push(i);
            }
            members[grandTotal]?.push(i);
          });
          const hidden = statistics.map((_, s) => s !== grandTotal && hid[s] === true);

          // The test's own attacker: a column per joint cell, a row per published count.
          const ownBound = (sense: "min" | "max", terms: [number, number][]) => {
            const rows = statistics.flatMap((_, s) => (hidden[s] ? [] : [s]));
            const starts = [0];
            for (const s of rows)
              starts.push((starts.at(-1) as number) + (members[s]?.length ?? 0));
            const model = highs.createModel({
              numCols: 6,
              numRows: rows.length,
              colCost: new Array(6).fill(0),
              colLower: new Array(6).fill(0),
              colUpper: new Array(6).fill(highs.infinity),
              rowLower: rows.map((s) => counts[s] as number),
              rowUpper: rows.map((s) => counts[s] as number),
              matrix: {
                format: "csr",
                numRows: rows.length,
                numCols: 6,
                starts,
                indices: rows.flatMap((s) => members[s] ?? []),
                values: rows.flatMap((s) => (members[s] ?? []).map(() => 1)),
              },
            });
            try {
              const cost = new Array(6).fill(0);
              for (const [s, sign] of terms) for (const i of members[s] ?? []) cost[i] += sign;
              return optimumOf(highs, model, 6)(cost, sense)?.value as number;
            } finally {
              model.dispose();
            }
          };

          const asked: Coverable[] = [];
          const inner: Covers = {
            of: (e) => {
              asked.push(e);
              return [-1];
            },
            hidden: () => {},
            dispose: () => {},
          };
          const reach = reaching(inner, {
            highs,
            frame,
            published: (s) => !hidden[s],
            counts,
            k,
          });
          const expectAnswer = (e: Coverable, reaches: boolean) => {
            const before = asked.length;
            expect(reach.of(e)).toEqual(reaches ? [] : [-1]);
            expect(asked.length).toBe(before + (reaches ? 0 : 1));
            if (reaches) skipped++;
            else covered++;
          };
          try {
            for (const step of [...order, -1]) {
              for (const s of statistics.keys()) {
                if (s === grandTotal) continue;
                // A count pinned at its truth: a cover takes it k values wide, as far down as
                // zero allows and up for the rest; where the way down is shut, all k up.
                const c = counts[s] as number;
                const down = Math.min(k, c);
                const up = k - down;
                const reachesUp = (by: number) => ownBound("max", [[s, 1]]) >= c + by - 1e-6;
                expectAnswer(
                  { kind: "interval", release: 0, statistic: s, lo: c, hi: c },
                  down === 0 || ownBound("min", [[s, 1]]) <= c - down + 1e-6
                    ? up === 0 || reachesUp(up)
                    : reachesUp(k),
                );
              }
              // A margin's group all in one of its cells: a cover lets someone be elsewhere.
              for (const [i, key] of jointKeys.entries()) {
                const margin = frame.statisticOf({ g: key.g }) as number;
                const part = frame.statisticOf(key) as number;
                expectAnswer(
                  { kind: "sharing", release: 0, statistic: margin, part },
                  ownBound("max", [
                    [margin, 1],
                    [part, -1],
                  ]) >=
                    1 - 1e-6,
                );
                if (i > 1) break;
              }
              if (step < 0 || step === grandTotal || hidden[step]) continue;
              hidden[step] = true;
              reach.hidden(step);
            }
          } finally {
            reach.dispose();
          }
        },
      ),
      { numRuns: 40, seed: 20261207 },
    );
    // Both answers, many times: a check that always skipped or never did would fail above, and
    // this says the random tables exercised both.
    expect(skipped).toBeGreaterThan(100);
    expect(covered).toBeGreaterThan(100);
  });
});
