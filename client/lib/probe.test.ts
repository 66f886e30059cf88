// The prune's warm attacker LP (client/lib/probe.ts) against the LP an audit builds anew, solved
// by the real HiGHS.
import { describe, expect, it } from "vitest";
import { gridRelease } from "../../test/histories";
import { interval } from "../../test/optimum";
import { knowledge, prepare } from "./knowledge";
import { loadHighs, solve } from "./lp";
import { Probe } from "./probe";
import type { Suppression } from "./publication";
import { seededRandom } from "./random";
import { NO_STRUCTURE } from "./structure";

describe("Probe", () => {
  // Random 3 × 3 tables with random cells hidden, alone or after an earlier publication of fewer
  // respondents (then a hidden count is the earlier one plus its growth); one probe per table
  // while counts are fixed (published) one at a time, some fixes undone. Each answer is checked
  // against solve() on the model knowledge.ts builds for that state, as an audit builds it. A
  // count fixed by a row, or (`bounds`) where it is one column, by that column's bounds.
  it.each([
    [1, false],
    [2, false],
    [1, true],
    [2, true],
  ])(
    "answers as a model built anew would, over %i release(s), bounds %s",
    async (releases, bounds) => {
      const highs = await loadHighs();
      const next = seededRandom(20261206 + releases + (bounds ? 10 : 0));
      const axes = [
        { variable: "g", categories: ["a", "b", "c"] },
        { variable: "h", categories: ["x", "y", "z"] },
      ];
      let compared = 0;
      let narrowed = 0;
      for (let trial = 0; trial < 30; trial++) {
        const first = Array.from({ length: 9 }, () => Math.floor(next() * 8));
        const grown = first.map((n) => n + Math.floor(next() * 4));
        const frame = prepare(
          releases === 1
            ? [gridRelease(axes, first, () => false)]
            : [gridRelease(axes, first, () => next() < 0.4), gridRelease(axes, grown, () => false)],
          NO_STRUCTURE,
        );
        const last = releases - 1;
        const { statistics, grandTotal } = frame.linked;
        const state: Suppression[] = statistics.map((_, s) =>
          s !== grandTotal && next() < 0.6 ? "secondary" : false,
        );
        const model = knowledge(frame, { state });
        const probe = Probe.of(highs, model);
        const now = [...state];
        const intervalIn = (asked: typeof model, p: number) =>
          solve(highs, asked, [interval(asked.value(last, p))])[0] as { lo: number; hi: number };
        for (let step = 0; step < 6; step++) {
          const hidden = statistics.flatMap((_, s) => (now[s] === false ? [] : [s]));
          if (hidden.length < 2) break;
          const s = hidden[Math.floor(next() * hidden.length)] as number;
          const others = hidden.filter((x) => x !== s).slice(0, 3);
          const before = intervalIn(knowledge(frame, { state: now }), others[0] as number);
          const fixed = probe.fix(model.value(last, s), model.count(last, s) as number, { bounds });
          now[s] = false;
          const asNew = knowledge(frame, { state: now });
          for (const p of others) {
            const expected = intervalIn(asNew, p);
            const got = probe.interval(model.value(last, p));
            expect(got).not.toBe("infeasible");
            if (got === "infeasible") continue;
            expect(got.lo).toBeCloseTo(expected.lo, 6);
            expect(got.hi).toBeCloseTo(expected.hi, 6);
            if (p === others[0] && got.hi - got.lo < before.hi - before.lo - 0.5) narrowed++;
            compared++;
          }
          if (next() < 0.5) {
            probe.release(fixed);
            now[s] = state[s] as Suppression;
          }
        }
        probe.dispose();
      }
      expect(compared).toBeGreaterThan(100);
      // Fixing a count must have told the probe something: intervals it narrowed, not only those
      // any model of the table would give.
      expect(narrowed).toBeGreaterThan(10);
    },
  );
});
