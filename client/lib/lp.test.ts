// The LP layer's contracts with its callers (client/lib/exposures.ts, suppress.ts), on small models
// built by hand or from knowledge.ts, solved by the real HiGHS.
import { describe, expect, it } from "vitest";
import { gridRelease } from "../../test/histories";
import { interval } from "../../test/optimum";
import { knowledge, prepare } from "./knowledge";
import { evaluate, type Row } from "./linear";
import { feasiblePoint, loadHighs, solve } from "./lp";
import type { Answer } from "./question";
import { NO_STRUCTURE } from "./structure";

describe("solve", () => {
  it("tells a caller that stops early the question's interval, its constant included", async () => {
    // A count published as 8 that grew by 0..2 since: the question is 8 + growth. Judged
    // without the 8, [0, 2] looks like a small count, the audit stopped there, and the
    // exposure it stopped for was not one (the prune then published a cell it should not).
    const highs = await loadHighs();
    const seen: Answer[] = [];
    const spent = { solves: 0, work: 0 };
    const answers = solve(
      highs,
      { columns: [{ lower: 0, upper: 2 }], rows: [], columnStatistic: [-1], chain: [] },
      [interval({ constant: 8, columns: [0], coefficients: [1] })],
      {
        stop: (_, answer) => {
          seen.push(answer);
          return false;
        },
        spent,
      },
    );
    expect(seen).toEqual([{ lo: 8, hi: 10 }]);
    expect(answers).toEqual([{ lo: 8, hi: 10 }]);
    // No row left, yet two solves ran: each is counted, so a budget sees them.
    expect(spent.solves).toBe(2);
    expect(spent.work).toBeGreaterThanOrEqual(2);
  });

  it("answers a question over fixed columns with one feasibility solve, or none after a solve", async () => {
    // x + y = 3 with x fixed at 1 (a forced column, knowledge.ts): questions on x need no solve
    // of their own once the LP is known to be feasible; and x + z ≥ 9 with z ≤ 5 is inconsistent,
    // whichever question is asked.
    const highs = await loadHighs();
    const columns = [
      { lower: 1, upper: 1 },
      { lower: 0, upper: 5 },
      { lower: 0, upper: 5 },
    ];
    const x = interval({ constant: 0, columns: [0], coefficients: [1] });
    const y = interval({ constant: 0, columns: [1], coefficients: [1] });
    const knowledge = (rows: Row[]) => ({
      columns,
      rows,
      columnStatistic: [-1, -1, -1],
      chain: [],
    });
    const sum = { columns: [0, 1], coefficients: [1, 1], lower: 3, upper: 3 };
    const alone = { solves: 0, work: 0 };
    expect(solve(highs, knowledge([sum]), [x], { spent: alone })).toEqual([{ lo: 1, hi: 1 }]);
    expect(alone.solves).toBe(1);
    const after = { solves: 0, work: 0 };
    const answers = solve(highs, knowledge([sum]), [y, x], { spent: after });
    expect(answers).toEqual([
      { lo: 2, hi: 2 },
      { lo: 1, hi: 1 },
    ]);
    // y's greatest value is solved for; its least is then a point at the bound the row implies
    // (y = 3 − x with x = 1), so needs no solve of its own; nor does x.
    expect(after.solves).toBe(1);
    const broken = { columns: [0, 2], coefficients: [1, 1], lower: 9, upper: 9 };
    expect(solve(highs, knowledge([broken]), [x])).toEqual(["infeasible"]);
  });

  it("finds points that hold every relation, along counts that grow across releases", async () => {
    // Two releases of a 2 × 2 table, all four cells hidden in both: each count of the second is
    // the first plus a growth column. Points found while solving are kept in the space of
    // counts; each must be a table the attacker cannot rule out.
    const highs = await loadHighs();
    const axes = [
      { variable: "g", categories: ["a", "b"] },
      { variable: "h", categories: ["x", "y"] },
    ];
    const hidden = () => true;
    const frame = prepare(
      [gridRelease(axes, [3, 4, 5, 6], hidden), gridRelease(axes, [5, 4, 9, 6], hidden)],
      NO_STRUCTURE,
    );
    const model = knowledge(frame);
    const size = model.linked.statistics.length;
    expect(model.chain.some((from) => from >= 0)).toBe(true);
    const values = [0, 1].flatMap((t) => model.linked.statistics.map((_, s) => model.value(t, s)));
    const base = feasiblePoint(highs, model, values) as Float64Array;
    const found: Float64Array[] = [];
    const cells = model.linked.statistics.flatMap((_, s) =>
      model.shown(1, s) === "hidden" ? [s] : [],
    );
    solve(
      highs,
      model,
      cells.map((s) => interval(model.value(1, s))),
      { seeding: { points: [], base, found: (p) => found.push(p) } },
    );
    expect(found.length).toBeGreaterThan(0);
    for (const point of found) {
      // The columns' values at the point, read as the solver's seeding reads them.
      const column = model.columnStatistic.map((i) => {
        const from = model.chain[i] as number;
        return (point[i] as number) - (from >= 0 ? (point[from] as number) : 0);
      });
      model.columns.forEach((b, c) => {
        expect(column[c]).toBeGreaterThanOrEqual(b.lower - 1e-6);
        expect(column[c]).toBeLessThanOrEqual(b.upper + 1e-6);
      });
      for (const row of model.rows) {
        const v = evaluate(
          { constant: 0, columns: row.columns, coefficients: row.coefficients },
          column,
        );
        expect(v).toBeGreaterThanOrEqual(row.lower - 1e-6);
        expect(v).toBeLessThanOrEqual(row.upper + 1e-6);
      }
      // Every count is its expression at those columns: the point is one table, not two.
      [0, 1].forEach((t) => {
        model.linked.statistics.forEach((_, s) => {
          expect(point[t * size + s]).toBeCloseTo(evaluate(model.value(t, s), column), 6);
        });
      });
    }
  });
});
