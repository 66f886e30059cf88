// What points settle (client/lib/seen.ts), asked through `solve` (lp.ts) on small LPs and
// checked against HiGHS's own optima: a question over independent components settled by its
// parts seen apart, an extreme a point reaches at a bound the rows imply, and a part settled by
// a witness (lp.ts) where a point far enough along would settle it.

import type { Highs } from "highs";
import { describe, expect, it } from "vitest";
import { interval, optimumOf } from "../../test/optimum";
import { type Expression, evaluate, type Row } from "./linear";
import { loadHighs, modelOf, solve } from "./lp";
import type { Question } from "./question";
import { seededRandom } from "./random";

/** An LP whose every column is a statistic of one release, so that a point is the columns' values. */
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

/** An answer equal to the LP's own interval. */
const near = (answer: unknown, truth: { lo: number; hi: number } | undefined) => {
  expect((answer as { lo: number }).lo).toBeCloseTo(truth?.lo as number, 6);
  expect((answer as { hi: number }).hi).toBeCloseTo(truth?.hi as number, 6);
};

interface Trial {
  columns: { lower: number; upper: number }[];
  rows: Row[];
  /** Feasible points, optima in random directions found here and not by `solve`. */
  points: number[][];
  /** Each column alone, then three random combinations of them. */
  expressions: Expression[];
  /** Each expression's interval over the LP, found here. */
  truths: { lo: number; hi: number }[];
}

/** Random LPs over rows of counts, each with a feasible point, and what to ask of each. */
function randomTrials(highs: Highs, next: () => number, count: number, each: (t: Trial) => void) {
  const pick = () => [-1, 0, 0, 1, 1][Math.floor(next() * 5)] as number;
  for (let trial = 0; trial < count; trial++) {
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
      each({
        columns,
        rows,
        points,
        expressions: asked.map((coefficients) => ({
          constant: 0,
          columns: coefficients.flatMap((a, c) => (a === 0 ? [] : [c])),
          coefficients: coefficients.filter((a) => a !== 0),
        })),
        truths: asked.map((coefficients) => ({
          lo: optimum(coefficients, "min")?.value as number,
          hi: optimum(coefficients, "max")?.value as number,
        })),
      });
    } finally {
      direct.dispose();
    }
  }
}

describe("solve, a question over independent components", () => {
  // Columns 0–2 and 3–5 are tied by rows of their own: two independent LPs.
  const columns = Array.from({ length: 6 }, () => ({ lower: 0, upper: 5 }));
  const across = (coefficients: number[]) => ({
    constant: 0,
    columns: coefficients.flatMap((a, c) => (a === 0 ? [] : [c])),
    coefficients: coefficients.filter((a) => a !== 0),
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
    expect(
      solve(highs, model(columns, rows), [question(2)], { seeding: seeding(points), spent }),
    ).toEqual(["enough"]);
    expect(spent.solves).toBe(0);
    // Beyond what the points show, it is solved for: the greatest value is 2, not more.
    const [answer] = solve(highs, model(columns, rows), [question(3)], {
      seeding: seeding(points),
      spent,
    });
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
          model(columns, rows),
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
    // Each question asked alone and then all together; the truth is its optimum found here.
    const highs = await loadHighs();
    let checked = 0;
    let unsolved = 0;
    randomTrials(
      highs,
      seededRandom(20261242),
      60,
      ({ columns, rows, points, expressions, truths }) => {
        const questions = expressions.map(interval);
        questions.forEach((question, i) => {
          const spent = { solves: 0, work: 0 };
          const [answer] = solve(highs, model(columns, rows), [question], {
            seeding: seeding(points),
            spent,
          });
          checked++;
          if (spent.solves === 0) unsolved++;
          near(answer, truths[i]);
        });
        // Asked together, later questions see the earlier ones' optima before the points
        // carried in (seen.ts reads those when a part is first asked about).
        const together = solve(highs, model(columns, rows), questions, {
          seeding: seeding(points),
        });
        for (const [i, answer] of together.entries()) near(answer, truths[i]);
      },
    );
    // The rule at work, not only solves: many intervals came from points and bounds alone.
    expect(checked).toBeGreaterThan(250);
    expect(unsolved).toBeGreaterThan(checked / 10);
  });
});

describe("solve, a witness for a part that a point far enough along would settle", () => {
  /** Question: does `expression` range over at least `k` whole numbers? Counts are ≥ 0. */
  const wide = (expression: Expression, k: number, lowest: boolean): Question => ({
    expression,
    want: "interval",
    enough: (lo, hi) => Math.floor(hi + 1e-6) - Math.ceil(lo - 1e-6) >= k,
    ...(lowest ? { lowest: 0 } : {}),
  });

  it("settles newcomers' margins of two questions a row of their joint table at a time", async () => {
    // Six newcomers, answers a1..a4 to one question and b1..b4 to another: columns j[a][b] of
    // their joint table, summing to 6. Points carried in put all six at (a1, b1) and at (a2, b2),
    // settling a1, a2, b1, b2; a3, a4, b3, b4 each need a point with 5 or more there. One point
    // can hold that for one a and one b at once: two solves for the four.
    const highs = await loadHighs();
    const columns = Array.from({ length: 16 }, () => ({ lower: 0, upper: 6 }));
    const all = columns.map((_, c) => c);
    const rows = [{ columns: all, coefficients: all.map(() => 1), lower: 6, upper: 6 }];
    const margin = (of: (c: number) => boolean) => ({
      constant: 0,
      columns: all.filter(of),
      coefficients: all.filter(of).map(() => 1),
    });
    const questions = [0, 1, 2, 3].flatMap((i) => [
      wide(
        margin((c) => Math.floor(c / 4) === i),
        5,
        true,
      ),
      wide(
        margin((c) => c % 4 === i),
        5,
        true,
      ),
    ]);
    const at = (c: number) => all.map((d) => (d === c ? 6 : 0));
    const spent = { solves: 0, work: 0 };
    const answers = solve(highs, model(columns, rows), questions, {
      seeding: seeding([at(0), at(5)]),
      spent,
      witnesses: true,
    });
    expect(answers).toEqual(questions.map(() => "enough"));
    expect(spent.solves).toBe(2);
    // a3 over 7 values, which six newcomers cannot give: its interval, exact, beside a witness
    // for a4.
    const wider = [
      wide(
        margin((c) => Math.floor(c / 4) === 2),
        7,
        true,
      ),
      questions[6] as Question,
    ];
    const more = { solves: 0, work: 0 };
    const [a3, a4] = solve(highs, model(columns, rows), wider, {
      seeding: seeding([at(0), at(5)]),
      spent: more,
      witnesses: true,
    });
    near(a3, { lo: 0, hi: 6 });
    expect(a4).toBe("enough");
    expect(more.solves).toBe(2);
  });

  it("says enough only where the LP, solved directly, agrees, and gives every other interval", async () => {
    // Random LPs; each question asks for a random width, all asked together.
    const highs = await loadHighs();
    const next = seededRandom(20261256);
    let enough = 0;
    let exact = 0;
    randomTrials(highs, next, 80, ({ columns, rows, points, expressions, truths }) => {
      const questions = expressions.map((e) =>
        wide(
          e,
          1 + Math.floor(next() * 4),
          e.coefficients.every((a) => a > 0),
        ),
      );
      const answers = solve(highs, model(columns, rows), questions, {
        seeding: seeding(points),
        witnesses: true,
      });
      answers.forEach((answer, i) => {
        const truth = truths[i] as { lo: number; hi: number };
        if (answer === "enough") {
          enough++;
          expect((questions[i] as Question).enough(truth.lo, truth.hi)).toBe(true);
        } else {
          exact++;
          near(answer, truth);
        }
      });
    });
    expect(enough).toBeGreaterThan(200);
    expect(exact).toBeGreaterThan(50);
  });
});
