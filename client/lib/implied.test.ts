// Implied bounds (implied.ts), with and without a row added, must hold every feasible point: checked against each column's and
// each random expression's extremes over random small LPs of counts, solved by the real HiGHS.
import { describe, expect, it } from "vitest";
import { optimumOf } from "../../test/optimum";
import { boundOf, impliedBounds } from "./implied";
import type { Row } from "./linear";
import { loadHighs, modelOf } from "./lp";
import { seededRandom } from "./random";

describe("implied bounds", () => {
  it("hold the LP's every extreme, and are often the extreme itself", async () => {
    const highs = await loadHighs();
    const next = seededRandom(20261241);
    const pick = () => [-2, -1, 0, 0, 1, 1, 2][Math.floor(next() * 7)] as number;
    let checked = 0;
    let tight = 0;
    let narrowed = 0;
    let byRow = 0;
    for (let trial = 0; trial < 80; trial++) {
      const size = 3 + Math.floor(next() * 5);
      const columns = Array.from({ length: size }, () => ({
        lower: 0,
        upper: next() < 0.2 ? Number.POSITIVE_INFINITY : 1 + Math.floor(next() * 6),
      }));
      const rows: Row[] = Array.from({ length: 1 + Math.floor(next() * 4) }, () => {
        const coefficients = columns.map(() => pick());
        const total = Math.floor(next() * 8);
        const open = next();
        return {
          columns: coefficients.flatMap((a, c) => (a === 0 ? [] : [c])),
          coefficients: coefficients.filter((a) => a !== 0),
          // Equalities (a margin), and rows open on one side.
          lower: open < 0.2 ? Number.NEGATIVE_INFINITY : total - (open < 0.6 ? 0 : 1),
          upper: open > 0.8 ? Number.POSITIVE_INFINITY : total,
        };
      }).filter((r) => r.columns.length > 0);
      const implied = impliedBounds(columns, rows);
      const model = modelOf(highs, columns, rows);
      try {
        const optimum = optimumOf(highs, model, size);
        // Each column alone, then random expressions over several.
        const asked = [
          ...columns.map((_, c) => columns.map((_, d) => (d === c ? 1 : 0))),
          ...Array.from({ length: 4 }, () => columns.map(() => pick())),
        ];
        for (const coefficients of asked) {
          const expression = {
            columns: coefficients.flatMap((a, c) => (a === 0 ? [] : [c])),
            coefficients: coefficients.filter((a) => a !== 0),
          };
          if (expression.columns.length === 0) continue;
          const hi = optimum(coefficients, "max")?.value;
          const lo = optimum(coefficients, "min")?.value;
          // An infeasible LP has no extremes to hold.
          if (hi === undefined || lo === undefined) continue;
          const above = boundOf(implied, expression, "max");
          const below = boundOf(implied, expression, "min");
          checked++;
          expect(above).toBeGreaterThanOrEqual(hi - 1e-6);
          expect(below).toBeLessThanOrEqual(lo + 1e-6);
          if (Math.abs(above - hi) < 1e-6 && Math.abs(below - lo) < 1e-6) tight++;
          // Without rows (the columns' own bounds), and without one added to the expression.
          if (above < boundOf(impliedBounds(columns, []), expression, "max") - 1e-6) narrowed++;
          if (above < boundOf({ ...implied, rowsOf: new Map() }, expression, "max") - 1e-6) byRow++;
        }
      } finally {
        model.dispose();
      }
    }
    // The comparison means something only if the rows did narrow bounds, often to the extreme.
    expect(checked).toBeGreaterThan(300);
    expect(narrowed).toBeGreaterThan(checked / 10);
    expect(tight).toBeGreaterThan(checked / 10);
    expect(byRow).toBeGreaterThan(checked / 20);
  });
});
