import { describe, expect, it } from "vitest";
import { parseSurvey, type Survey } from "../../surveys/schema";
import { firstProblem, nextShown, previousShown, problemOf, readNumber, toAnswers } from "./form";
import { newResponseId } from "./send";

const text = (es: string) => ({ es });

function survey(): Survey {
  const parsed = parseSurvey({
    slug: "form-test",
    version: 1,
    languages: ["es"],
    title: text("Prueba"),
    breakdowns: [],
    questions: [
      {
        id: "saime",
        type: "single",
        required: true,
        label: text("¿Pidió pasaporte?"),
        options: [
          { id: "waiting", label: text("Esperando") },
          { id: "no", label: text("No") },
        ],
      },
      {
        id: "months",
        type: "number",
        required: true,
        min: 0,
        max: 240,
        label: text("¿Cuántos meses?"),
        showIf: { question: "saime", equals: "waiting" },
      },
      {
        id: "needs",
        type: "multi",
        label: text("¿Qué necesita?"),
        options: [
          { id: "a", label: text("A") },
          { id: "b", label: text("B") },
        ],
      },
      { id: "comment", type: "text", maxLength: 20, label: text("¿Algo más?") },
    ],
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.value;
}

describe("form values becoming the envelope's answers", () => {
  it("reads numbers as people write them, decimal comma included, and nothing else", () => {
    expect(readNumber(" 12 ")).toBe(12);
    expect(readNumber("2,5")).toBe(2.5);
    expect(readNumber("-3.25")).toBe(-3.25);
    for (const bad of ["", "doce", "1e3", "1.2.3", "12 meses", "0x10"]) {
      expect(readNumber(bad)).toBeNull();
    }
  });

  it("does not guess whether a separator before three digits marks thousands or decimals", () => {
    // "1.500" is 1500 in Santiago and 1.5 in Mexico City: refused, never stored as either.
    for (const unclear of ["1.500", "1,500", "250.000", "-2,125", "0.125"]) {
      expect(readNumber(unclear)).toBeNull();
    }
    expect(readNumber("1500")).toBe(1500);
    expect(readNumber("1,50")).toBe(1.5);
    expect(readNumber("1.5000")).toBe(1.5);
    const s = survey();
    const months = s.questions[1];
    if (!months) throw new Error("fixture");
    expect(problemOf(months, { saime: "waiting", months: "1.500" })).toBe("not_a_number");
  });

  it("drops hidden, empty and blank answers, and trims text", () => {
    const s = survey();
    expect(toAnswers(s, { saime: "no", months: "7", needs: [], comment: "  hola  " })).toEqual({
      saime: "no",
      comment: "hola",
    });
    expect(
      toAnswers(s, { saime: "waiting", months: "7", needs: ["a", "b"], comment: " " }),
    ).toEqual({ saime: "waiting", months: 7, needs: ["a", "b"] });
  });

  it("names each field's problem with the shared answer rules", () => {
    const s = survey();
    const [saime, months, needs] = s.questions;
    if (!saime || !months || !needs) throw new Error("fixture");
    expect(problemOf(saime, {})).toBe("required");
    expect(problemOf(months, { months: "doce" })).toBe("not_a_number");
    expect(problemOf(months, { months: "241" })).toBe("too_large");
    expect(problemOf(months, { months: "-1" })).toBe("too_small");
    expect(problemOf(months, { months: "   " })).toBe("required");
    expect(problemOf(needs, { needs: [] })).toBeNull();
  });

  it("walks only the questions that are shown", () => {
    const s = survey();
    expect(nextShown(s, { saime: "no" }, 0)).toBe(2);
    expect(nextShown(s, { saime: "waiting" }, 0)).toBe(1);
    expect(nextShown(s, {}, 3)).toBeNull();
    expect(previousShown(s, { saime: "no" }, 2)).toBe(0);
    expect(firstProblem(s, { saime: "waiting" })).toBe(1);
    expect(firstProblem(s, { saime: "no" })).toBeNull();
  });
});

describe("response ids", () => {
  const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

  it("are random v4 UUIDs, also where crypto.randomUUID is missing", () => {
    const old = { getRandomValues: globalThis.crypto.getRandomValues.bind(globalThis.crypto) };
    const ids = new Set(Array.from({ length: 200 }, () => newResponseId(old as Crypto)));
    expect(ids.size).toBe(200);
    for (const id of ids) expect(id).toMatch(V4);
    expect(newResponseId()).toMatch(V4);
  });
});
