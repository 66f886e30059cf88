import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Condition } from "../../surveys/schema";
import type { Answers, AnswerValue } from "./answers";
import { type Atom, atomsOf, isTrue, mapAtoms } from "./conditions";

// A small world of questions: "s" single, "m" multi, "n" number; options a, b, c.
const OPTIONS = ["a", "b", "c"] as const;
const option = fc.constantFrom(...OPTIONS);
const options = fc.oneof(option, fc.uniqueArray(option, { minLength: 1 }));

const atom: fc.Arbitrary<Atom> = fc.oneof(
  fc.record({ question: fc.constantFrom("s", "m"), equals: options }),
  fc.record({ question: fc.constantFrom("s", "m"), notEquals: options }),
  fc.record({ question: fc.constantFrom("s", "m"), includes: option }),
  fc.record({ question: fc.constant("n"), lt: fc.integer({ min: -2, max: 12 }) }),
  fc.record({ question: fc.constant("n"), lte: fc.integer({ min: -2, max: 12 }) }),
  fc.record({ question: fc.constant("n"), gt: fc.integer({ min: -2, max: 12 }) }),
  fc.record({ question: fc.constant("n"), gte: fc.integer({ min: -2, max: 12 }) }),
  fc.record({ question: fc.constantFrom("s", "m", "n"), answered: fc.boolean() }),
);

const { condition } = fc.letrec<{ condition: Condition }>((tie) => ({
  condition: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    atom,
    fc.record({ all: fc.array(tie("condition"), { minLength: 1, maxLength: 3 }) }),
    fc.record({ any: fc.array(tie("condition"), { minLength: 1, maxLength: 3 }) }),
    fc.record({ not: tie("condition") }),
  ),
}));

/** Answers as envelopes carry them: a key only for an answered question. */
const answers: fc.Arbitrary<Answers> = fc
  .record(
    {
      s: option,
      m: fc.uniqueArray(option, { minLength: 1 }),
      n: fc.integer({ min: -1, max: 11 }),
    },
    { requiredKeys: [] },
  )
  .map((record) => record as Answers);

describe("isTrue, for any condition and answers", () => {
  it("not (not c) is c", () => {
    fc.assert(
      fc.property(condition, answers, (c, a) => {
        expect(isTrue({ not: { not: c } }, a)).toBe(isTrue(c, a));
      }),
    );
  });

  it("not (all of cs) is any of (not c) — De Morgan", () => {
    fc.assert(
      fc.property(fc.array(condition, { minLength: 1, maxLength: 4 }), answers, (cs, a) => {
        expect(isTrue({ not: { all: cs } }, a)).toBe(
          isTrue({ any: cs.map((c) => ({ not: c })) }, a),
        );
      }),
    );
  });

  it("not (any of cs) is all of (not c) — De Morgan", () => {
    fc.assert(
      fc.property(fc.array(condition, { minLength: 1, maxLength: 4 }), answers, (cs, a) => {
        expect(isTrue({ not: { any: cs } }, a)).toBe(
          isTrue({ all: cs.map((c) => ({ not: c })) }, a),
        );
      }),
    );
  });

  it("all and any of one condition are that condition", () => {
    fc.assert(
      fc.property(condition, answers, (c, a) => {
        expect(isTrue({ all: [c] }, a)).toBe(isTrue(c, a));
        expect(isTrue({ any: [c] }, a)).toBe(isTrue(c, a));
      }),
    );
  });

  it("all is true iff every part is, any iff some part is", () => {
    fc.assert(
      fc.property(fc.array(condition, { minLength: 1, maxLength: 4 }), answers, (cs, a) => {
        const values = cs.map((c) => isTrue(c, a));
        expect(isTrue({ all: cs }, a)).toBe(values.every(Boolean));
        expect(isTrue({ any: cs }, a)).toBe(values.some(Boolean));
      }),
    );
  });

  it("an atom on an unanswered question is false, unless it asks for exactly that", () => {
    fc.assert(
      fc.property(atom, answers, (at, a) => {
        const { [at.question]: _dropped, ...without } = a;
        const expected = "answered" in at && !at.answered;
        expect(isTrue(at, without)).toBe(expected);
        // An empty string or list is no answer either.
        expect(isTrue(at, { ...without, [at.question]: [] })).toBe(expected);
        expect(isTrue(at, { ...without, [at.question]: " " })).toBe(expected);
      }),
    );
  });

  it("notEquals is 'answered and not equals', so it is false when unanswered", () => {
    fc.assert(
      fc.property(fc.constantFrom("s", "m"), options, answers, (question, value, a) => {
        expect(isTrue({ question, notEquals: value }, a)).toBe(
          isTrue(
            {
              all: [{ question, answered: true }, { not: { question, equals: value } }],
            },
            a,
          ),
        );
      }),
    );
  });

  it("equals a list is any of equals each", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("s", "m"),
        fc.uniqueArray(option, { minLength: 1 }),
        answers,
        (question, list, a) => {
          expect(isTrue({ question, equals: list }, a)).toBe(
            isTrue({ any: list.map((o) => ({ question, equals: o })) }, a),
          );
        },
      ),
    );
  });

  it("lt and gte are each other's opposite on an answered number, as are gt and lte", () => {
    fc.assert(
      fc.property(fc.integer({ min: -5, max: 15 }), fc.integer({ min: -5, max: 15 }), (x, n) => {
        const a = { n: x };
        expect(isTrue({ question: "n", lt: n }, a)).toBe(!isTrue({ question: "n", gte: n }, a));
        expect(isTrue({ question: "n", gt: n }, a)).toBe(!isTrue({ question: "n", lte: n }, a));
        expect(isTrue({ question: "n", lt: n }, a)).toBe(x < n);
      }),
    );
  });

  it("never throws on answers of the wrong kind, and such atoms are false", () => {
    const junk = fc.oneof(
      fc.constant(null),
      fc.object(),
      fc.array(fc.integer()),
      fc.double(),
      fc.string(),
      fc.boolean(),
    ) as fc.Arbitrary<unknown> as fc.Arbitrary<AnswerValue>;
    fc.assert(
      fc.property(condition, junk, junk, junk, (c, s, m, n) => {
        expect(typeof isTrue(c, { s, m, n })).toBe("boolean");
      }),
    );
    expect(isTrue({ question: "n", lt: 5 }, { n: "3" })).toBe(false);
    expect(isTrue({ question: "s", equals: "a" }, { s: 1 })).toBe(false);
    expect(isTrue({ question: "m", includes: "a" }, { m: [1, "b"] as unknown as string[] })).toBe(
      false,
    );
  });
});

describe("isTrue, known cases", () => {
  const cases: [string, Condition, Answers, boolean][] = [
    ["v0.1 equals on a single answer", { question: "s", equals: "a" }, { s: "a" }, true],
    ["v0.1 equals on another answer", { question: "s", equals: "a" }, { s: "b" }, false],
    [
      "v0.1 equals a list, multi answer with one of them",
      { question: "m", equals: ["a", "c"] },
      { m: ["b", "c"] },
      true,
    ],
    [
      "v0.1 equals a list, multi answer with none of them",
      { question: "m", equals: ["a", "c"] },
      { m: ["b"] },
      false,
    ],
    [
      "notEquals on a single answer that differs",
      { question: "s", notEquals: "a" },
      { s: "b" },
      true,
    ],
    [
      "notEquals on a multi answer that includes it",
      { question: "m", notEquals: "a" },
      { m: ["a", "b"] },
      false,
    ],
    [
      "notEquals on a multi answer that includes none of them",
      { question: "m", notEquals: ["a", "c"] },
      { m: ["b"] },
      true,
    ],
    [
      "notEquals on no answer (XLSForm's != is true there; ours is not)",
      { question: "s", notEquals: "a" },
      {},
      false,
    ],
    [
      "XLSForm's s != 'a' on no answer, written with not",
      { not: { question: "s", equals: "a" } },
      {},
      true,
    ],
    ["includes on a single answer", { question: "s", includes: "b" }, { s: "b" }, true],
    [
      "XLSForm's m = 'a' (exactly a) on [a]",
      {
        all: [
          { question: "m", includes: "a" },
          { not: { question: "m", includes: "b" } },
          { not: { question: "m", includes: "c" } },
        ],
      },
      { m: ["a"] },
      true,
    ],
    [
      "XLSForm's m = 'a' (exactly a) on [a, b]",
      {
        all: [
          { question: "m", includes: "a" },
          { not: { question: "m", includes: "b" } },
          { not: { question: "m", includes: "c" } },
        ],
      },
      { m: ["a", "b"] },
      false,
    ],
    ["lt on a smaller number", { question: "n", lt: 18 }, { n: 17 }, true],
    ["lt on the same number", { question: "n", lt: 18 }, { n: 18 }, false],
    ["lte on the same number", { question: "n", lte: 18 }, { n: 18 }, true],
    ["gt on zero", { question: "n", gt: -1 }, { n: 0 }, true],
    ["gte on no answer", { question: "n", gte: 0 }, {}, false],
    ["answered on zero (a real answer)", { question: "n", answered: true }, { n: 0 }, true],
    ["answered: false on no answer", { question: "n", answered: false }, {}, true],
    [
      "a consent gate: consent yes and adult",
      { all: [{ question: "s", equals: "a" }, { not: { question: "n", lt: 18 } }] },
      { s: "a", n: 30 },
      true,
    ],
    [
      "a consent gate: consent yes, age unanswered",
      { all: [{ question: "s", equals: "a" }, { not: { question: "n", lt: 18 } }] },
      { s: "a" },
      true,
    ],
    [
      "a consent gate: consent no",
      { all: [{ question: "s", equals: "a" }, { not: { question: "n", lt: 18 } }] },
      { s: "b", n: 30 },
      false,
    ],
  ];
  it.each(cases)("%s", (_name, c, a, expected) => {
    expect(isTrue(c, a)).toBe(expected);
  });
});

describe("atomsOf and mapAtoms", () => {
  const nested: Condition = {
    all: [
      { question: "s", equals: "a" },
      { any: [{ not: { question: "n", lt: 3 } }, { question: "m", includes: "b" }] },
    ],
  };

  it("list the atoms in reading order", () => {
    expect(atomsOf(nested).map((a) => a.question)).toEqual(["s", "n", "m"]);
  });

  it("rewrite atoms and keep the shape of all / any / not", () => {
    const renamed = mapAtoms(nested, (a) => ({ ...a, question: `${a.question}2` }));
    expect(renamed).toEqual({
      all: [
        { question: "s2", equals: "a" },
        { any: [{ not: { question: "n2", lt: 3 } }, { question: "m2", includes: "b" }] },
      ],
    });
  });
});
