// The LP layer's contracts with its callers (client/lib/exposures.ts, suppress.ts), on small models
// built by hand or from knowledge.ts, solved by the real HiGHS.
import { describe, expect, it } from "vitest";
import { gridRelease } from "../../test/histories";
import { optimumOf } from "../../test/optimum";
import { knowledge, prepare } from "./knowledge";
import { evaluate, type Row } from "./linear";
import { feasiblePoint, loadHighs, modelOf, solve } from "./lp";
import type { Answer, Question } from "./question";
import { seededRandom } from "./random";
import { NO_STRUCTURE } from "./structure";

const interval = (expression: Question["expression"]): Question => ({
  expression,
  want: "interval",
  enough: () => false,
});

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

describe("solve, a question over independent components", () => {
  // Columns 0–2 and 3–5 are tied by rows of their own: two independent LPs. Each column is a
  // statistic of one release, so a point is the columns' values.
  const columns = Array.from({ length: 6 }, () => ({ lower: 0, upper: 5 }));
  const model = (rows: Row[]) => ({
    columns,
    rows,
    columnStatistic: columns.map((_, c) => c),
    chain: columns.map(() => -1),
  });
  const across = (coefficients: number[]) => ({
    constant: 0,
    columns: coefficients.flatMap((a, c) => (a === 0 ? [] : [c])),
    coefficients: coefficients.filter((a) => a !== 0),
  });
  const seeding = (points: number[][]) => ({
    points: points.map((p) => Float64Array.from(p)),
    base: Float64Array.from(points[0] as number[]),
    found: () => {},
  });

  it("is settled by its parts' greatest values seen at different points, with no solve", async () => {
    // x0 + x1 = 1 and x3 + x4 = 1. Each point has x0 + x3 = 1, yet one has x0 = 1 and the other
    // x3 = 1: by independence both at once is a table too, so x0 + x3 reaches 2.
    const highs = await loadHighs();
    const rows = [
      { columns: [0, 1], coefficients: [1, 1], lower: 1, upper: 1 },
      { columns: [3, 4], coefficients: [1, 1], lower: 1, upper: 1 },
    ];
    const points = [
      [1, 0, 0, 0, 1, 0],
      [0, 1, 0, 1, 0, 0],
    ];
    const question = (atLeast: number): Question => ({
      expression: across([1, 0, 0, 1, 0, 0]),
      want: "max",
      enough: (_lo, hi) => hi >= atLeast,
    });
    const spent = { solves: 0, work: 0 };
    expect(solve(highs, model(rows), [question(2)], { seeding: seeding(points), spent })).toEqual([
      "enough",
    ]);
    expect(spent.solves).toBe(0);
    // Beyond what the points show, it is solved for: the greatest value is 2, not more.
    const [answer] = solve(highs, model(rows), [question(3)], { seeding: seeding(points), spent });
    expect(answer).not.toBe("enough");
    expect((answer as { hi: number }).hi).toBeCloseTo(2, 6);
    expect(spent.solves).toBeGreaterThan(0);
  });

  it("says enough only where the whole LP, solved as one, agrees", async () => {
    // Random rows within each half, random feasible points (optima of the whole LP in random
    // directions, found here and not by solve), and random questions across both halves with a
    // random threshold; the truth is each question's own optimum over the unsplit LP.
    const highs = await loadHighs();
    const next = seededRandom(20261207);
    const pick = () => Math.floor(next() * 3) - 1;
    let apart = 0;
    let refused = 0;
    let checked = 0;
    for (let trial = 0; trial < 60; trial++) {
      const rows: Row[] = [0, 3]
        .flatMap((from) =>
          [0, 1].map(() => {
            const row = across(
              [0, 1, 2, 3, 4, 5].map((c) => (c >= from && c < from + 3 ? pick() : 0)),
            );
            const total = Math.floor(next() * 4);
            return { ...row, lower: total - 1, upper: total + 1 };
          }),
        )
        .filter((r) => r.columns.length > 0);
      const whole = modelOf(highs, columns, rows);
      const optimum = optimumOf(highs, whole, 6);
      try {
        // Each point far out in one half only, as a solve of one component finds them.
        const points = Array.from({ length: 4 }, (_, i) =>
          optimum(
            columns.map((_, c) => (c < 3 === (i % 2 === 0) ? next() * 2 - 1 : 0)),
            next() < 0.5 ? "min" : "max",
          ),
        ).flatMap((o) => (o ? [o.point] : []));
        if (points.length === 0) continue;
        // Thresholds around the truth: some a point of each part reaches, some nothing does.
        const asked = Array.from({ length: 8 }, () => columns.map(() => pick()))
          .filter((coefficients) =>
            [0, 3].every((f) => coefficients.slice(f, f + 3).some((a) => a !== 0)),
          )
          .map((coefficients) => {
            const hi = optimum(coefficients, "max")?.value as number;
            const lo = optimum(coefficients, "min")?.value as number;
            const want: Question["want"] = next() < 0.5 ? "max" : "interval";
            const threshold =
              Math.round(want === "max" ? hi : hi - lo) + pick() - (next() < 0.5 ? 1 : 0);
            const enough =
              want === "max"
                ? (_lo: number, high: number) => high >= threshold
                : (low: number, high: number) => high - low >= threshold;
            const question: Question = { expression: across(coefficients), want, enough };
            return { question, lo, hi };
          });
        const answers = solve(
          highs,
          model(rows),
          asked.map((a) => a.question),
          { seeding: seeding(points) },
        );
        asked.forEach(({ question, lo, hi }, i) => {
          const answer = answers[i];
          checked++;
          if (answer === "enough") {
            expect(question.enough(lo - 1e-6, hi + 1e-6)).toBe(true);
            // The points alone, question by question, would not have settled it: counted, so
            // the test shows the rule at work and not only the old one.
            const seen = points.map((p) => evaluate(question.expression, p));
            if (!question.enough(Math.min(...seen), Math.max(...seen))) apart++;
          } else {
            refused++;
            expect(answer).not.toBe("infeasible");
            expect((answer as { hi: number }).hi).toBeCloseTo(hi, 6);
            if (question.want === "interval") {
              expect((answer as { lo: number }).lo).toBeCloseTo(lo, 6);
            }
          }
        });
      } finally {
        whole.dispose();
      }
    }
    expect(checked).toBeGreaterThan(150);
    expect(refused).toBeGreaterThan(50);
    expect(apart).toBeGreaterThan(8);
  });
});

describe("solve, an extreme a point already reaches", () => {
  // Each column a statistic of one release, so a point is the columns' values.
  const model = (columns: { lower: number; upper: number }[], rows: Row[]) => ({
    columns,
    rows,
    columnStatistic: columns.map((_, c) => c),
    chain: columns.map(() => -1),
  });
  const seeding = (points: number[][]) => ({
    points: points.map((p) => Float64Array.from(p)),
    base: Float64Array.from(points[0] as number[]),
    found: () => {},
  });

  it("is answered with no solve where the rows bound it there, and solved for where not", async () => {
    // x + y = 3: no table has x above 3 or below 0, and the points show both.
    const highs = await loadHighs();
    const columns = [
      { lower: 0, upper: 5 },
      { lower: 0, upper: 5 },
    ];
    const rows = [{ columns: [0, 1], coefficients: [1, 1], lower: 3, upper: 3 }];
    const x = interval({ constant: 0, columns: [0], coefficients: [1] });
    const spent = { solves: 0, work: 0 };
    const reached = solve(highs, model(columns, rows), [x], {
      seeding: seeding([
        [3, 0],
        [0, 3],
      ]),
      spent,
    });
    expect(reached).toEqual([{ lo: 0, hi: 3 }]);
    expect(spent.solves).toBe(0);
    // Points inside: the same interval, from solves.
    const [inside] = solve(highs, model(columns, rows), [x], {
      seeding: seeding([
        [2, 1],
        [1, 2],
      ]),
      spent,
    });
    expect((inside as { lo: number }).lo).toBeCloseTo(0, 6);
    expect((inside as { hi: number }).hi).toBeCloseTo(3, 6);
    expect(spent.solves).toBe(2);
  });

  it("gives every interval the LP, solved directly, gives", async () => {
    // Random rows of counts, random feasible points (optima in random directions, found here and
    // not by solve), each question asked alone; the truth is its optimum found here.
    const highs = await loadHighs();
    const next = seededRandom(20261242);
    const pick = () => [-1, 0, 0, 1, 1][Math.floor(next() * 5)] as number;
    let checked = 0;
    let unsolved = 0;
    for (let trial = 0; trial < 60; trial++) {
      const size = 3 + Math.floor(next() * 4);
      const columns = Array.from({ length: size }, () => ({
        lower: 0,
        upper: 2 + Math.floor(next() * 5),
      }));
      const rows: Row[] = Array.from({ length: 1 + Math.floor(next() * 3) }, () => {
        const coefficients = columns.map(() => pick());
        const total = Math.floor(next() * 6);
        return {
          columns: coefficients.flatMap((a, c) => (a === 0 ? [] : [c])),
          coefficients: coefficients.filter((a) => a !== 0),
          lower: total - (next() < 0.5 ? 0 : 2),
          upper: total,
        };
      }).filter((r) => r.columns.length > 0);
      const direct = modelOf(highs, columns, rows);
      const optimum = optimumOf(highs, direct, size);
      try {
        const points = Array.from({ length: 3 }, () =>
          optimum(
            columns.map(() => next() * 2 - 1),
            next() < 0.5 ? "min" : "max",
          ),
        ).flatMap((o) => (o ? [o.point] : []));
        if (points.length === 0) continue;
        const asked = [
          ...columns.map((_, c) => columns.map((_, d) => (d === c ? 1 : 0))),
          ...Array.from({ length: 3 }, () => columns.map(() => pick())),
        ].filter((coefficients) => coefficients.some((a) => a !== 0));
        for (const coefficients of asked) {
          const hi = optimum(coefficients, "max")?.value as number;
          const lo = optimum(coefficients, "min")?.value as number;
          const expression = {
            constant: 0,
            columns: coefficients.flatMap((a, c) => (a === 0 ? [] : [c])),
            coefficients: coefficients.filter((a) => a !== 0),
          };
          const spent = { solves: 0, work: 0 };
          const [answer] = solve(highs, model(columns, rows), [interval(expression)], {
            seeding: seeding(points),
            spent,
          });
          checked++;
          if (spent.solves === 0) unsolved++;
          expect((answer as { lo: number }).lo).toBeCloseTo(lo, 6);
          expect((answer as { hi: number }).hi).toBeCloseTo(hi, 6);
        }
      } finally {
        direct.dispose();
      }
    }
    // The rule at work, not only solves: many intervals came from points and bounds alone.
    expect(checked).toBeGreaterThan(250);
    expect(unsolved).toBeGreaterThan(checked / 10);
  });
});
