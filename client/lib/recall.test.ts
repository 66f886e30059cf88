// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${id} is the survey format's own spelling.
import { describe, expect, it } from "vitest";
import { parseSurvey, type Survey } from "../../surveys/schema";
import everyAddition from "../../test/fixtures/surveys/every-addition.json";
import { answerText, withAnswers, withoutAnswers } from "./recall";

function fixture(): Survey {
  const parsed = parseSurvey(everyAddition);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.value;
}

describe("earlier answers inside texts", () => {
  it("shows each answer as the person reads it, in the page's language", () => {
    const survey = fixture();
    const answers = {
      country: "co",
      age: 34.5,
      arrived: "2019-05",
      documents: ["passport", "other"],
    };
    expect(
      withAnswers("${country}, ${age}, ${arrived}, ${documents}.", survey, answers, "es"),
    ).toBe("co, 34,5, mayo de 2019, passport, other.");
    expect(withAnswers("${arrived}", survey, answers, "en")).toBe("May 2019");
  });

  it("shows nothing for a question without an answer, and leaves other text alone", () => {
    const survey = fixture();
    expect(withAnswers("Edad: ${age}.", survey, {}, "es")).toBe("Edad: .");
    expect(withAnswers("Sin referencias {age} $age", survey, { age: 3 }, "es")).toBe(
      "Sin referencias {age} $age",
    );
  });

  it("reads … wherever no one respondent's answers belong (results, lists)", () => {
    expect(withoutAnswers("You said ${age} and ${country}.")).toBe("You said … and ….");
    expect(withoutAnswers("Nothing to replace")).toBe("Nothing to replace");
  });

  it("reads a text answer back as it was written", () => {
    const survey = fixture();
    const text = survey.questions.find((q) => q.id === "documents_other");
    if (!text) throw new Error("no documents_other");
    expect(answerText(survey, text, "Carné", "es")).toBe("Carné");
  });
});
