// Covers chosen in the newcomers' own table (newcomers.ts) for a republication that keeps the
// last pattern. Random histories of two publications of a g × h joint table: every cover the
// newcomers' LP finds must take the exposure away in the audit of both releases, and every point
// it hands on to the audits (which trust them as tables the attacker cannot rule out once the
// counts it moved are hidden) must be one: checked here against the earlier publication, the
// margins and the growth directly, not by our model.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  contradictions,
  countsByKey,
  grand,
  hiddenStatistics,
  jointCounts,
  published,
} from "../../test/histories";
import { type CoverModel, coverModel, covers, isCoverable } from "./cover";
import { type Exposure, exposures } from "./exposures";
import { knowledge, prepare } from "./knowledge";
import { loadHighs } from "./lp";
import { newcomersCovers } from "./newcomers";
import { type Suppression, statisticId } from "./publication";
import { NO_STRUCTURE } from "./structure";

describe("covers in the newcomers' own table", () => {
  it("take each exposure away, and hand on only points the attacker cannot rule out", async () => {
    const highs = await loadHighs();
    const k = 3;
    let covered = 0;
    let checked = 0;
    await fc.assert(
      // Few newcomers, as where their own table matters: most of their counts are small.
      fc.asyncProperty(
        jointCounts(9),
        jointCounts(2),
        hiddenStatistics,
        hiddenStatistics,
        async (first, added, hidFirst, hidNow) => {
          const now = first.map((c, i) => c + (added[i] as number));
          const growth = grand(now) - grand(first);
          // DESIGN §8: a republication needs N to have grown by k.
          fc.pre(growth >= k);
          const earlier = published(first, (s) => hidFirst[s] === true);
          const shownBefore = new Set(
            earlier.tables.flatMap((t) =>
              t.cells.filter((c) => c.count !== null).map((c) => statisticId(c.key)),
            ),
          );
          const frame = prepare([earlier, published(now, () => false)], NO_STRUCTURE);
          const defender = knowledge(frame, { defender: true });
          const { statistics } = frame.linked;
          const keyOf = statistics.map((s) => s.id);
          const before = countsByKey(first);
          const after = countsByKey(now);
          // A point the attacker allows: the true tables of both releases.
          const base = Float64Array.from([
            ...keyOf.map((id) => before.get(id) ?? 0),
            ...keyOf.map((id) => after.get(id) ?? 0),
          ]);
          // Keeping the pattern: hidden now is what was hidden before, and maybe more.
          const state: Suppression[] = statistics.map((statistic, s) =>
            s !== frame.linked.grandTotal && (!shownBefore.has(statistic.id) || hidNow[s % 12])
              ? "secondary"
              : false,
          );
          const truthCounts = keyOf.map((id) => after.get(id) ?? 0);
          const weights = truthCounts.map((c) => 1 + c);
          const hidden = state.map((m) => m !== false);
          const points: Float64Array[] = [];
          const model: CoverModel = coverModel(highs, defender, weights, hidden, {});
          const joint = covers(defender, model, k);
          const cover = newcomersCovers({
            highs,
            frame,
            defender,
            joint,
            base,
            weights,
            hidden,
            counts: truthCounts,
            found: (point) => points.push(point),
            spent: { solves: 0, work: 0 },
            k,
          });
          expect(cover).not.toBeNull();
          if (!cover) return;
          try {
            const audit = () => exposures(highs, frame, k, { state, growthOnly: true }).exposures;
            const same = (e: Exposure) => (x: Exposure) =>
              x.kind === e.kind &&
              x.statistic === e.statistic &&
              ("since" in x ? x.since : undefined) === ("since" in e ? e.since : undefined) &&
              ("part" in x ? x.part : undefined) === ("part" in e ? e.part : undefined);
            /** The width of what `e` is about once `cells` are hidden too: ∞ if it is fine. */
            const widthWith = (e: Exposure, cells: readonly number[]) => {
              const saved = [...state];
              for (const s of cells) state[s] = "secondary";
              const after = audit().find(same(e));
              state.splice(0, state.length, ...saved);
              if (after === undefined) return Number.POSITIVE_INFINITY;
              return after.kind === "interval" ? after.hi - after.lo : 0;
            };
            // One exposure at a time: its cover in the newcomers' table must do at least what
            // the cover in both releases' does (the same moves, at half the rows), and take the
            // exposure away.
            for (const e of audit()) {
              if (!isCoverable(e)) continue;
              const inBoth = joint.of(e);
              const cells = cover.of(e);
              if (inBoth && inBoth.length > 0) {
                expect(cells).not.toBeNull();
                expect(widthWith(e, cells ?? [])).toBeGreaterThanOrEqual(widthWith(e, inBoth));
              }
              if (!cells || cells.length === 0) continue;
              expect(widthWith(e, cells)).toBe(Number.POSITIVE_INFINITY);
              for (const s of cells) {
                state[s] = "secondary";
                cover.hidden(s);
              }
              covered++;
            }
            for (const point of points) expect(contradictions(frame, point)).toEqual([]);
            checked += points.length;
          } finally {
            cover.dispose();
          }
        },
      ),
      { numRuns: 100, seed: 20261206 },
    );
    // The test means something only if the newcomers' LP covered exposures.
    expect(covered).toBeGreaterThan(50);
    expect(checked).toBeGreaterThan(50);
  });
});
