import { describe, expect, it } from "vitest";
import { resultsStrings } from "../public/strings";
import { categoryLabel, type LabelSource } from "./labels";

const survey = {
  languages: ["es", "ht"],
  questions: [
    {
      id: "arrived",
      type: "month",
      label: { es: "Llegada", ht: "Rive" },
      bins: ["2018-01", "2020-01"],
    },
    {
      id: "months_waiting",
      type: "number",
      label: { es: "Meses", ht: "Mwa" },
      bins: [0, 10000, 20000],
    },
  ],
} as unknown as LabelSource;

const label = (variable: string, category: string | null, language: string) =>
  categoryLabel(survey, variable, category, language, resultsStrings(language)).replace(
    /[\u00a0\u2009\u202f]/g,
    " ",
  );

describe("category labels in the survey language", () => {
  it("says a month bin as whole months, up to the month before its upper edge", () => {
    expect(label("arrived", "2018-01/2020-01", "es")).toBe("enero de 2018 – diciembre de 2019");
    expect(label("arrived", "2020-01+", "es")).toBe("desde enero de 2020");
    expect(label("arrived", "2018-01/2020-01", "ht")).toBe("janvye 2018 – desanm 2019");
    expect(label("arrived", "2020-01+", "ht")).toBe("depi janvye 2020");
  });

  it("writes number bins with the language's separators and words", () => {
    expect(label("months_waiting", "10000-20000", "es")).toBe("10.000 a menos de 20.000");
    expect(label("months_waiting", "20000+", "ht")).toBe("20 000 oswa plis");
    expect(label("months_waiting", "0-10000", "ht")).toBe("0 rive anba 10 000");
  });

  it("keeps no answer and total words, and an unknown code as it is", () => {
    expect(label("arrived", null, "es")).toBe("Sin respuesta");
    expect(label("arrived", "*", "ht")).toBe("Total");
    expect(label("arrived", "someday", "es")).toBe("someday");
  });

  it("shows a category of no question as its code, even one that looks like a bin", () => {
    // A feedback publication's months: they read "2,026 to under 9" in the workspace preview.
    const none = { languages: ["en"], questions: [] } as unknown as LabelSource;
    const plain = (category: string) =>
      categoryLabel(none, "month", category, "en", resultsStrings("en"));
    expect(plain("2026-09")).toBe("2026-09");
    expect(plain("2018-01/2020-01")).toBe("2018-01/2020-01");
    expect(plain("20+")).toBe("20+");
  });
});

describe("categoryLabel for bins, with English words", () => {
  const en = (variable: string, category: string) =>
    categoryLabel(survey, variable, category, "en", resultsStrings("en")).replace(
      /[\u00a0\u2009\u202f]/g,
      " ",
    );

  it("reads a number bin as lo to under hi", () => {
    expect(en("months_waiting", "0-10000")).toBe("0 to under 10,000");
    expect(en("months_waiting", "20000+")).toBe("20,000 or more");
  });

  it("reads a month bin as its first and last month, both included, one month once", () => {
    expect(en("arrived", "2018-01/2020-01")).toBe("January 2018 – December 2019");
    expect(en("arrived", "2019-05/2019-06")).toBe("May 2019");
    expect(en("arrived", "2020-01+")).toBe("January 2020 or later");
  });
});
