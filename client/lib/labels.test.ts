import { describe, expect, it } from "vitest";
import type { Survey } from "../../surveys/schema";
import { type CategoryWords, categoryLabel } from "./labels";

const words: CategoryWords = {
  total: "Total",
  noAnswer: "No answer",
  yes: "Yes",
  no: "No",
  toUnder: "to under",
  orMore: "{lo} or more",
};
const survey: Pick<Survey, "languages" | "questions"> = {
  languages: ["en"],
  questions: [
    { id: "months", type: "number", bins: [0, 3], label: { en: "Months" } },
    { id: "arrived", type: "month", bins: ["2018-01", "2020-01"], label: { en: "Arrived" } },
  ],
};

describe("categoryLabel for bins", () => {
  it("reads a number bin as lo to under hi", () => {
    expect(categoryLabel(survey, "months", "0-3", "en", words)).toBe("0 to under 3");
    expect(categoryLabel(survey, "months", "3+", "en", words)).toBe("3 or more");
  });

  it("reads a month bin as its first and last month, both included", () => {
    expect(categoryLabel(survey, "arrived", "2018-01/2020-01", "en", words)).toBe(
      "2018-01 – 2019-12",
    );
    expect(categoryLabel(survey, "arrived", "2019-05/2019-06", "en", words)).toBe(
      "2019-05 – 2019-05",
    );
    expect(categoryLabel(survey, "arrived", "2020-01+", "en", words)).toBe("2020-01 or more");
  });
});
