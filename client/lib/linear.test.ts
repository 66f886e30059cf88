// Combining linear expressions (client/lib/linear.ts): two expressions are merged in one pass,
// parts in column order are laid end to end, anything else gathered in a map. Every path must
// give what gathering like terms gives, to the sign of a zero.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { combine, type Expression } from "./linear";

type Part = readonly [number, Expression];

/** Like terms gathered, written here independently: the expected result of every path. */
function gather(parts: readonly Part[]): Expression {
  let constant = 0;
  const terms = new Map<number, number>();
  for (const [factor, e] of parts) {
    if (factor === 0) continue;
    constant += factor * e.constant;
    e.columns.forEach((c, i) => {
      terms.set(c, (terms.get(c) ?? 0) + factor * (e.coefficients[i] as number));
    });
  }
  const columns = [...terms.keys()].filter((c) => terms.get(c) !== 0).sort((a, b) => a - b);
  return { constant, columns, coefficients: columns.map((c) => terms.get(c) as number) };
}

const coefficient = fc.constantFrom(-2, -1, -0.5, 0, 0.25, 1, 1, 2);
/** An expression as the models build them: columns distinct and sorted (a zero kept, to be dropped). */
const expression = (from: number) =>
  fc
    .uniqueArray(fc.tuple(fc.integer({ min: from, max: from + 12 }), coefficient), {
      selector: ([c]) => c,
      maxLength: 6,
    })
    .chain((terms) => {
      const sorted = [...terms].sort(([a], [b]) => a - b);
      return fc.constantFrom(-3, 0, 2).map(
        (constant): Expression => ({
          constant,
          columns: sorted.map(([c]) => c),
          coefficients: sorted.map(([, a]) => a),
        }),
      );
    });
const factor = fc.constantFrom(-1, 0, 1, 2, -0.5);
const part = (from: number) => fc.tuple(factor, expression(from));

describe("combine", () => {
  it("gives the gathered terms for two parts, sharing columns or not", () => {
    fc.assert(
      fc.property(fc.tuple(part(0), part(0)), (parts) => {
        expect(combine(parts)).toEqual(gather(parts));
      }),
      { numRuns: 1000 },
    );
  });

  it("gives the gathered terms for parts in column order and out of it", () => {
    // Parts over columns 0–12, 13–25, …: in order; the same shuffled, or over shared columns: not.
    const ordered = fc
      .integer({ min: 3, max: 6 })
      .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => part(13 * i))));
    fc.assert(
      fc.property(ordered, fc.array(part(0), { minLength: 3, maxLength: 6 }), (inOrder, mixed) => {
        expect(combine(inOrder)).toEqual(gather(inOrder));
        expect(combine([...inOrder].reverse())).toEqual(gather(inOrder));
        expect(combine(mixed)).toEqual(gather(mixed));
      }),
      { numRuns: 1000 },
    );
  });

  it("gathers like terms of an expression whose columns are out of order", () => {
    const unsorted = { constant: 1, columns: [3, 1, 3], coefficients: [1, 2, -1] };
    const two = { constant: 0, columns: [1], coefficients: [2] };
    expect(
      combine([
        [1, unsorted],
        [-1, two],
      ]),
    ).toEqual({
      constant: 1,
      columns: [],
      coefficients: [],
    });
    const backwards = { constant: 0, columns: [5, 2], coefficients: [1, 1] };
    const three = { constant: 0, columns: [2], coefficients: [3] };
    expect(
      combine([
        [2, backwards],
        [1, three],
      ]),
    ).toEqual({
      constant: 0,
      columns: [2, 5],
      coefficients: [5, 2],
    });
    expect(
      combine([
        [1, three],
        [1, backwards],
        [0, two],
      ]),
    ).toEqual({
      constant: 0,
      columns: [2, 5],
      coefficients: [4, 1],
    });
  });
});
