// biome-ignore-all lint/suspicious/noTemplateCurlyInString: XLSForm expressions name questions as ${name}, literally.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isTrue } from "../conditions";
import { type Expr, parseExpression } from "./expression";
import { type Referent, type Resolve, translateRelevant } from "./relevant";

const choices = (...names: string[]) => new Map(names.map((n) => [n, n.toLowerCase()]));
const QUESTIONS: Record<string, Referent> = {
  consent: { id: "consent", type: "single", options: choices("yes", "no") },
  status: { id: "status", type: "single", options: choices("1", "2", "3", "98") },
  needs: { id: "needs", type: "multi", options: choices("food", "water", "none") },
  age: { id: "age", type: "number" },
  name_of_place: { id: "name_of_place", type: "text" },
  arrival: { id: "arrival", type: "month" },
  Mixed: { id: "mixed", type: "single", options: choices("A", "B") },
};
const resolve: Resolve = (name) => {
  if (name === "k15") return { ok: true, constant: 15 };
  if (name === "hh_size_calc") {
    return { ok: false, construct: "calculation", message: "uses a calculation" };
  }
  const referent = QUESTIONS[name];
  return referent
    ? { ok: true, referent }
    : { ok: false, construct: "unknown name", message: `names ${name}` };
};
const translate = (source: string) => translateRelevant(source, resolve);
const condition = (source: string) => {
  const result = translate(source);
  if (!result.ok) throw new Error(`${source}: ${result.construct}`);
  return result.condition;
};

describe("relevant → Voz conditions", () => {
  it("keeps 'this option is chosen' in the v0.1 form, whichever way it is written", () => {
    for (const source of [
      "selected(${consent},'yes')",
      "${consent} = 'yes'",
      "'yes' = ${consent}",
    ]) {
      expect(translate(source)).toEqual({
        ok: true,
        condition: { question: "consent", equals: "yes" },
        kept: true,
      });
    }
    expect(translate("selected(${needs}, 'food')")).toEqual({
      ok: true,
      condition: { question: "needs", includes: "food" },
      kept: true,
    });
    expect(translate("${status} = '1' or ${status} = '2'")).toEqual({
      ok: true,
      condition: { question: "status", equals: ["1", "2"] },
      kept: true,
    });
    expect(condition("selected(${Mixed}, 'A')")).toEqual({ question: "mixed", equals: "a" });
  });

  it("makes != true on a blank, as XPath does: not(equals)", () => {
    expect(translate("${consent} != 'no'")).toEqual({
      ok: true,
      condition: { not: { question: "consent", equals: "no" } },
      kept: false,
    });
  });

  it("reads ${multi} = 'x' as exactly x, not 'x among the answers'", () => {
    expect(condition("${needs} = 'water'")).toEqual({
      all: [
        { not: { question: "needs", includes: "food" } },
        { question: "needs", includes: "water" },
        { not: { question: "needs", includes: "none" } },
      ],
    });
    expect(condition("${needs} = 'food water'")).toEqual({
      all: [
        { question: "needs", includes: "food" },
        { question: "needs", includes: "water" },
        { not: { question: "needs", includes: "none" } },
      ],
    });
  });

  it("reads blanks, count-selected() and string-length() as answered or not", () => {
    expect(condition("${name_of_place} != ''")).toEqual({
      question: "name_of_place",
      answered: true,
    });
    expect(condition("${age} = ''")).toEqual({ question: "age", answered: false });
    expect(condition("count-selected(${needs}) > 0")).toEqual({
      question: "needs",
      answered: true,
    });
    expect(condition("count-selected(${needs}) >= 1")).toEqual({
      question: "needs",
      answered: true,
    });
    expect(condition("count-selected(${needs}) = 0")).toEqual({
      question: "needs",
      answered: false,
    });
    expect(condition("string-length(${name_of_place}) > 0")).toEqual({
      question: "name_of_place",
      answered: true,
    });
    expect(condition("${arrival}")).toEqual({ question: "arrival", answered: true });
    expect(translate("count-selected(${needs}) > 2")).toMatchObject({
      ok: false,
      construct: "count-selected() compared with a number",
    });
  });

  it("compares numbers with unquoted or quoted literals, either way round", () => {
    expect(condition("${age} >= 18")).toEqual({ question: "age", gte: 18 });
    expect(condition("18 > ${age}")).toEqual({ question: "age", lt: 18 });
    expect(condition("${age} < '5'")).toEqual({ question: "age", lt: 5 });
    expect(condition("${age} = 0")).toEqual({
      all: [
        { question: "age", gte: 0 },
        { question: "age", lte: 0 },
      ],
    });
    expect(condition("${age} != 0")).toEqual({
      not: {
        all: [
          { question: "age", gte: 0 },
          { question: "age", lte: 0 },
        ],
      },
    });
  });

  it("reads numbered choices compared with numbers as the choices that satisfy it", () => {
    expect(condition("${status} = 1")).toEqual({ question: "status", equals: "1" });
    expect(condition("${status} >= 2")).toEqual({ question: "status", equals: ["2", "3", "98"] });
    expect(condition("${status} < 3")).toEqual({ question: "status", equals: ["1", "2"] });
    expect(translate("${consent} > 1")).toMatchObject({
      ok: false,
      construct: "order comparison on choices",
    });
  });

  it("combines and, or and not with XPath's precedence, flattening what it can", () => {
    expect(
      condition("selected(${consent},'yes') and (${age} >= 18 or not(selected(${needs}, 'none')))"),
    ).toEqual({
      all: [
        { question: "consent", equals: "yes" },
        {
          any: [{ question: "age", gte: 18 }, { not: { question: "needs", includes: "none" } }],
        },
      ],
    });
    expect(condition("not(not(${consent} = 'yes'))")).toEqual({
      question: "consent",
      equals: "yes",
    });
    expect(condition("true() and ${consent} = 'yes'")).toEqual({
      question: "consent",
      equals: "yes",
    });
    expect(translate("true()")).toEqual({ ok: true, condition: null, kept: true });
  });

  it("reports, with the construct, what Voz conditions cannot say", () => {
    const cases: [string, string][] = [
      ["${age} > ${status}", "comparison of two answers"],
      ["${age} + 1 > 5", "arithmetic"],
      ["today() > ${arrival}", "function today()"],
      ["${arrival} > today()", "function today()"],
      ["jr:selected-at(${needs}, 0) = 'food'", "function jr:selected-at()"],
      ["${name_of_place} = 'Lima'", "text answer compared"],
      ["${arrival} = '2020-01-01'", "date compared"],
      ["selected(${consent}, 'maybe')", "never true"],
      ["${hh_size_calc} > 3", "calculation"],
      ["${nowhere} = 'x'", "unknown name"],
      ["false()", "never true"],
      ["${consent} = 'yes' and", "unreadable expression"],
      [". > 3", "the answer itself (.)"],
      ["not(${consent} = 'yes') = 'x'", "function not()"],
    ];
    for (const [source, construct] of cases) {
      expect(translate(source), source).toMatchObject({ ok: false, construct });
    }
  });
});

// XPath's own meaning, evaluated here without the translator: every answer is a string ("" when
// unanswered or hidden; a multi answer is its choices separated by spaces), `=` compares
// numbers when either side is a number (NaN is false), and selected() looks for one word.
type Value = string | number | boolean;
function xpath(expr: Expr, answers: Record<string, string>): Value {
  const num = (v: Value) =>
    typeof v === "number"
      ? v
      : typeof v === "boolean"
        ? Number(v)
        : v.trim() === ""
          ? Number.NaN
          : Number(v);
  const bool = (v: Value) =>
    typeof v === "boolean" ? v : typeof v === "number" ? v !== 0 && !Number.isNaN(v) : v !== "";
  switch (expr.kind) {
    case "string":
    case "number":
      return expr.value;
    case "ref":
      return expr.name === "k15" ? "15" : (answers[expr.name] ?? "");
    case "negate":
      return -num(xpath(expr.operand, answers));
    case "call": {
      const args = expr.args.map((a) => xpath(a, answers));
      if (expr.name === "selected") return String(args[0]).split(" ").includes(String(args[1]));
      if (expr.name === "not") return !bool(args[0] as Value);
      if (expr.name === "count-selected") return String(args[0]).split(" ").filter(Boolean).length;
      if (expr.name === "string-length") return String(args[0]).length;
      if (expr.name === "true") return true;
      if (expr.name === "false") return false;
      throw new Error(expr.name);
    }
    case "binary": {
      if (expr.op === "and")
        return bool(xpath(expr.left, answers)) && bool(xpath(expr.right, answers));
      if (expr.op === "or")
        return bool(xpath(expr.left, answers)) || bool(xpath(expr.right, answers));
      const a = xpath(expr.left, answers);
      const b = xpath(expr.right, answers);
      if (expr.op === "=" || expr.op === "!=") {
        const same =
          typeof a === "number" || typeof b === "number"
            ? num(a) === num(b)
            : String(a) === String(b);
        return expr.op === "=" ? same : !same;
      }
      const [x, y] = [num(a), num(b)];
      if (expr.op === "<") return x < y;
      if (expr.op === "<=") return x <= y;
      if (expr.op === ">") return x > y;
      if (expr.op === ">=") return x >= y;
      throw new Error(expr.op);
    }
    default:
      throw new Error(expr.kind);
  }
}

const quote = (s: string) => `'${s}'`;
const atom: fc.Arbitrary<string> = fc.oneof(
  fc
    .constantFrom("consent", "status")
    .chain((q) =>
      fc
        .constantFrom(...[...(QUESTIONS[q]?.options?.keys() ?? [])])
        .chain((o) =>
          fc.constantFrom(
            `selected(\${${q}}, ${quote(o)})`,
            `\${${q}} = ${quote(o)}`,
            `\${${q}} != ${quote(o)}`,
            `${quote(o)} = \${${q}}`,
          ),
        ),
    ),
  fc
    .constantFrom("food", "water", "none")
    .chain((o) =>
      fc.constantFrom(
        `selected(\${needs}, ${quote(o)})`,
        `\${needs} = ${quote(o)}`,
        `\${needs} != ${quote(o)}`,
        `\${needs} = 'food water'`,
      ),
    ),
  fc
    .tuple(fc.constantFrom("<", "<=", ">", ">=", "=", "!="), fc.integer({ min: -2, max: 100 }))
    .map(([op, n]) => `\${age} ${op} ${n}`),
  fc
    .tuple(fc.constantFrom("<", ">=", ">"), fc.constantFrom(1, 2, 3))
    .map(([op, n]) => `\${status} ${op} ${n}`),
  fc.constantFrom(
    "${age} >= ${k15}",
    "${k15} = 15",
    "${k15} = '15.0'",
    "${k15} > ${age}",
    "${k15}",
    "${age} = ''",
    "${age} != ''",
    "${name_of_place} != ''",
    "string-length(${name_of_place}) > 0",
    "count-selected(${needs}) > 0",
    "count-selected(${needs}) = 0",
    "${consent} = ''",
  ),
);
const expression: fc.Arbitrary<string> = fc.letrec((tie) => ({
  e: fc.oneof(
    { depthSize: "small" },
    atom,
    fc.tuple(tie("e"), tie("e")).map(([a, b]) => `${a} and ${b}`),
    fc.tuple(tie("e"), tie("e")).map(([a, b]) => `(${a}) or (${b})`),
    tie("e").map((a) => `not(${a})`),
  ),
})).e as fc.Arbitrary<string>;
const answerSet = fc.record(
  {
    consent: fc.constantFrom("yes", "no"),
    status: fc.constantFrom("1", "2", "3", "98"),
    needs: fc.subarray(["food", "water", "none"], { minLength: 1 }),
    age: fc.integer({ min: -3, max: 101 }),
    name_of_place: fc.constantFrom("Lima", "Cúcuta"),
  },
  { requiredKeys: [] },
);

describe("relevant → Voz conditions, against XPath itself", () => {
  it("decides as XPath does, blanks included, for any combination of the forms it translates", () => {
    fc.assert(
      fc.property(expression, answerSet, (source, given) => {
        const translation = translate(source);
        if (!translation.ok) return;
        const parsed = parseExpression(source);
        if (!parsed.ok) throw new Error(parsed.reason);
        const strings = Object.fromEntries(
          Object.entries(given).map(([k, v]) => [k, Array.isArray(v) ? v.join(" ") : String(v)]),
        );
        const expected = Boolean(xpath(parsed.expr, strings));
        const actual = translation.condition === null ? true : isTrue(translation.condition, given);
        expect(actual, `${source} on ${JSON.stringify(given)}`).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });
});
