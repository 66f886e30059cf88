// biome-ignore-all lint/suspicious/noTemplateCurlyInString: XLSForm expressions name questions as ${name}, literally.
import { describe, expect, it } from "vitest";
import { type Expr, parseExpression, referencesOf } from "./expression";

const parse = (source: string): Expr => {
  const parsed = parseExpression(source);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.expr;
};
const ref = (name: string): Expr => ({ kind: "ref", name });
const str = (value: string): Expr => ({ kind: "string", value });
const num = (value: number): Expr => ({ kind: "number", value });

describe("XLSForm expressions", () => {
  it("reads selected() with either quote and the spreadsheet's curly quotes", () => {
    const expected = { kind: "call", name: "selected", args: [ref("consent"), str("yes")] };
    expect(parse("selected(${consent},'yes')")).toEqual(expected);
    expect(parse('selected( ${consent} , "yes" )')).toEqual(expected);
    expect(parse("selected(${consent}, ‘yes’)")).toEqual(expected);
    expect(parse("selected (${consent}, “yes”)")).toEqual(expected);
  });

  it("binds and tighter than or, and comparisons tighter than both, as XPath does", () => {
    expect(parse("${a} = 'x' or ${b} >= 5 and ${c} < 18")).toEqual({
      kind: "binary",
      op: "or",
      left: { kind: "binary", op: "=", left: ref("a"), right: str("x") },
      right: {
        kind: "binary",
        op: "and",
        left: { kind: "binary", op: ">=", left: ref("b"), right: num(5) },
        right: { kind: "binary", op: "<", left: ref("c"), right: num(18) },
      },
    });
  });

  it("reads not(), count-selected(), the current answer and unquoted and negative numbers", () => {
    expect(parse("not(selected(.,'none') and count-selected(.)>1)")).toEqual({
      kind: "call",
      name: "not",
      args: [
        {
          kind: "binary",
          op: "and",
          left: { kind: "call", name: "selected", args: [{ kind: "current" }, str("none")] },
          right: {
            kind: "binary",
            op: ">",
            left: { kind: "call", name: "count-selected", args: [{ kind: "current" }] },
            right: num(1),
          },
        },
      ],
    });
    expect(parse(".> 0 or .= -1")).toEqual({
      kind: "binary",
      op: "or",
      left: { kind: "binary", op: ">", left: { kind: "current" }, right: num(0) },
      right: {
        kind: "binary",
        op: "=",
        left: { kind: "current" },
        right: { kind: "negate", operand: num(1) },
      },
    });
    expect(parse("(.)>=0.5")).toEqual({
      kind: "binary",
      op: ">=",
      left: { kind: "current" },
      right: num(0.5),
    });
  });

  it("keeps a hyphenated function name whole but reads a spaced minus as subtraction", () => {
    expect(parse("${a} - 1")).toEqual({ kind: "binary", op: "-", left: ref("a"), right: num(1) });
    expect(parse("jr:choice-name(${a}, '${a}')")).toMatchObject({
      kind: "call",
      name: "jr:choice-name",
    });
  });

  it("reads a choice filter's bare column names", () => {
    expect(parse("state=${state} and county=${county}")).toEqual({
      kind: "binary",
      op: "and",
      left: { kind: "binary", op: "=", left: { kind: "name", name: "state" }, right: ref("state") },
      right: {
        kind: "binary",
        op: "=",
        left: { kind: "name", name: "county" },
        right: ref("county"),
      },
    });
  });

  it("refuses what is outside the subset with a reason instead of throwing", () => {
    for (const [source, reason] of [
      ["selected(${a}, 'x'", /expected/],
      ["${a} = 'x", /not closed/],
      ["/data/a = 'x'", /paths/],
      ["${a} = 'x' ${b}", /after a complete expression/],
      ["", /empty/],
      ["${a} # 3", /unexpected character/],
    ] as const) {
      const parsed = parseExpression(source);
      expect(parsed.ok, source).toBe(false);
      if (!parsed.ok) expect(parsed.reason).toMatch(reason);
    }
  });

  it("lists the questions an expression reads, once each", () => {
    expect(referencesOf(parse("selected(${a},'x') or (${b} > ${a} and not(${c} = ''))"))).toEqual([
      "a",
      "b",
      "c",
    ]);
  });
});
