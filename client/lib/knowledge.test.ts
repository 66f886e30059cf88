// The attacker's LP with its forced columns fixed (knowledge.ts, fixForced) must be the LP it was:
// random small LPs of counts, many with rows that hold only at their bounds (a margin that did
// not grow), solved by the real HiGHS before and after for every column's interval.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fixForced } from "./knowledge";
import type { Row } from "./linear";
import { loadHighs, solve } from "./lp";
import type { Answer } from "./question";

type Bounds = { lower: number; upper: number };

const lp = fc
  .record({
    uppers: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 3, maxLength: 7 }),
    rows: fc.array(
      fc.record({
        picks: fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 4 }),
        negative: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
        // Where the row's bounds sit: at its least or most activity (forcing), or anywhere.
        at: fc.constantFrom("least", "most", "free"),
        slack: fc.integer({ min: -1, max: 3 }),
      }),
      { minLength: 1, maxLength: 5 },
    ),
  })
  .map(({ uppers, rows }) => {
    const columns: Bounds[] = uppers.map((upper) => ({ lower: 0, upper }));
    const built: Row[] = rows.map(({ picks, negative, at, slack }) => {
      const cols = [...new Set(picks.map((p) => p % uppers.length))];
      const coefficients = cols.map((_, i) => (negative[i] ? -1 : 1));
      let least = 0;
      let most = 0;
      cols.forEach((c, i) => {
        const { lower, upper } = columns[c] as Bounds;
        least += (coefficients[i] as number) > 0 ? lower : -upper;
        most += (coefficients[i] as number) > 0 ? upper : -lower;
      });
      if (at === "least") return { columns: cols, coefficients, lower: least - 2, upper: least };
      if (at === "most") return { columns: cols, coefficients, lower: most, upper: most + 2 };
      return { columns: cols, coefficients, lower: least + slack, upper: least + slack + 1 };
    });
    return { columns, rows: built };
  });

describe("fixing forced columns", () => {
  it("leaves every column's interval as it was, and an inconsistent LP inconsistent", async () => {
    const highs = await loadHighs();
    let fixed = 0;
    let infeasible = 0;
    const intervals = (columns: Bounds[], rows: Row[]) =>
      solve(
        highs,
        { columns, rows, columnStatistic: columns.map(() => -1), chain: [] },
        columns.map((_, c) => ({
          expression: { constant: 0, columns: [c], coefficients: [1] },
          want: "interval" as const,
          enough: () => false,
        })),
      );
    const rounded = (answers: Answer[]) =>
      answers.map((a) =>
        typeof a === "string" ? a : [Math.round(a.lo * 1e6), Math.round(a.hi * 1e6)],
      );
    await fc.assert(
      fc.asyncProperty(lp, async ({ columns, rows }) => {
        const before = intervals(
          columns.map((b) => ({ ...b })),
          rows,
        );
        const after = columns.map((b) => ({ ...b }));
        const kept = fixForced(rows, after);
        expect(kept).toEqual(rows);
        expect(rounded(intervals(after, kept))).toEqual(rounded(before));
        const changed = after.some(
          (b, c) => b.lower === b.upper && columns[c]?.lower !== columns[c]?.upper,
        );
        if (before.includes("infeasible")) infeasible++;
        else if (changed) fixed++;
      }),
      { numRuns: 500, seed: 20261206 },
    );
    // The comparison means something only if consistent LPs had columns fixed, and inconsistent
    // ones came up.
    expect(fixed).toBeGreaterThan(100);
    expect(infeasible).toBeGreaterThan(20);
  });
});
