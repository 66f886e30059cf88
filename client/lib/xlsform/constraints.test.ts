// biome-ignore-all lint/suspicious/noTemplateCurlyInString: XLSForm expressions name questions as ${name}, literally.
import { describe, expect, it } from "vitest";
import { exclusiveOptions, monthRange, numberRange, textLength } from "./constraints";
import { type Expr, parseExpression } from "./expression";

const parse = (source: string): Expr => {
  const parsed = parseExpression(source);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.expr;
};

describe("constraints Voz can hold", () => {
  it("reads a number's range however the form writes it", () => {
    const cases: [string, boolean, object][] = [
      [". >= 0 and . <= 120", true, { min: 0, max: 120 }],
      ["(.)>=18", true, { min: 18 }],
      [".> 0 and .< 100", true, { min: 1, max: 99 }],
      [".= 0 or ( .>= 1 and .<=10)", true, { min: 0, max: 10 }],
      ["not(. < 5)", true, { min: 5 }],
      ["'100' >= .", false, { max: 100 }],
      [". >= 0.5 and . <= 2.5", false, { min: 0.5, max: 2.5 }],
      [". > 0", false, { min: 0, loosened: true }],
    ];
    for (const [source, integer, range] of cases) {
      expect(numberRange(parse(source), integer), source).toEqual({ ok: true, value: range });
    }
  });

  it("refuses number constraints Voz's one inclusive range cannot hold", () => {
    const cases: [string, string][] = [
      [".> 0 or .= -1", "separate ranges"],
      [". != 0", "separate ranges"],
      [".>=0 and .<=${maize_brands_stocked}", "comparison with another answer"],
      [". <= today()", "function today()"],
      ["${age} > 5 and ${age} < 18", "constraint on other answers"],
      [". > 5 and . < 3", "constraint that accepts nothing"],
    ];
    for (const [source, construct] of cases) {
      expect(numberRange(parse(source), true), source).toMatchObject({ ok: false, construct });
    }
  });

  it("says a constraint computing with the answer itself constrains this answer, not others", () => {
    // crafted/qa_logic.xlsx row 85 (QA, 5 December): "multiples of 5" was reported as a
    // constraint on other answers.
    const cases: [string, string][] = [
      ["(. mod 5) = 0", "arithmetic on the answer"],
      [". mod 5 = 0", "arithmetic on the answer"],
      ["0 = . div 10", "arithmetic on the answer"],
      [". * 2 <= 100", "arithmetic on the answer"],
      ["round(.) > 3", "function round()"],
      ["${a} + ${b} < 10", "constraint on other answers"],
    ];
    for (const [source, construct] of cases) {
      expect(numberRange(parse(source), true), source).toMatchObject({ ok: false, construct });
    }
  });

  it("reads a month's range from dates, starting after a day inside a month", () => {
    expect(monthRange(parse(". >= date('2020-01-01') and . <= date('2024-12-01')"))).toEqual({
      ok: true,
      value: { min: "2020-01", max: "2024-12" },
    });
    expect(monthRange(parse(". >= '2020-01-15'"))).toEqual({ ok: true, value: { min: "2020-02" } });
    expect(monthRange(parse(". < date('2025-01-01')"))).toEqual({
      ok: true,
      value: { max: "2024-12" },
    });
    expect(monthRange(parse(". <= today()"))).toMatchObject({
      ok: false,
      construct: "function today()",
    });
  });

  it("reads a text's maximum length and refuses patterns", () => {
    expect(textLength(parse("string-length(.) <= 500"))).toEqual({ ok: true, value: 500 });
    expect(textLength(parse("string-length(.) < 11"))).toEqual({ ok: true, value: 10 });
    expect(textLength(parse("regex(., '^[0-9]{9}$')"))).toMatchObject({
      ok: false,
      construct: "text pattern (regex)",
    });
  });

  it("finds exclusive options in each way forms write 'none is chosen alone'", () => {
    const options = ["food", "water", "shelter", "none", "dnk", "pnta"];
    const cases: [string, string[]][] = [
      ["not(selected(.,'none') and count-selected(.)>1)", ["none"]],
      [
        "not(((selected(.,'none') or selected(.,'dnk') or selected(.,'pnta')) and count-selected(.)>1))",
        ["none", "dnk", "pnta"],
      ],
      [
        "(not(selected(., 'none')) and not(selected(., 'dnk'))) or count-selected(.) = 1",
        ["none", "dnk"],
      ],
      [
        "not(selected(.,'none') and count-selected(.)>1) and not(selected(.,'dnk') and count-selected(.)>1)",
        ["none", "dnk"],
      ],
      ["(selected(.,'none') and (count-selected(.)=1) or (not(selected(.,'none'))))", ["none"]],
    ];
    for (const [source, exclusive] of cases) {
      expect(exclusiveOptions(parse(source), options), source).toEqual({
        ok: true,
        value: exclusive,
      });
    }
  });

  it("refuses a multi constraint that is more than exclusivity", () => {
    const options = ["food", "water", "shelter", "fuel", "cash", "none"];
    for (const source of [
      "count-selected(.) <= 2",
      "not(selected(.,'none') and count-selected(.)>1) and count-selected(.)<=3",
      "not(selected(., 'food') and selected(., 'water'))",
      "not(selected(.,'none') and count-selected(.)>1) or selected(.,'food')",
    ]) {
      expect(exclusiveOptions(parse(source), options), source).toMatchObject({
        ok: false,
        construct: "constraint on choices",
      });
    }
    expect(
      exclusiveOptions(parse("not(selected(.,'nada') and count-selected(.)>1)"), options),
    ).toMatchObject({
      ok: false,
      construct: "option not in the list",
    });
  });
});
