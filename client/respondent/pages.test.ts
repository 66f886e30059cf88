import { describe, expect, it } from "vitest";
import { parseSurvey, type Survey } from "../../surveys/schema";
import everyAddition from "../../test/fixtures/surveys/every-addition.json";
import { offeredOptions } from "../lib/answers";
import { surveyText } from "./app";
import { readMonth, withValue } from "./form";
import {
  firstProblemPage,
  nextPage,
  pageProblems,
  pagesOf,
  plainPagesOf,
  previousPage,
  sectionOfPage,
  shownOnPage,
} from "./pages";

function fixture(): Survey {
  const parsed = parseSurvey(everyAddition);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.value;
}

const ids = (survey: Survey, indexes: number[]) => indexes.map((i) => survey.questions[i]?.id);

describe("pages of the respondent's way through a survey", () => {
  it("puts a section's questions on one page and a question outside any section on its own", () => {
    const survey = fixture();
    expect(pagesOf(survey).map((page) => ids(survey, page))).toEqual([
      ["intro", "consent"],
      ["country", "region", "age", "arrived"],
      ["documents", "documents_other", "follow_up"],
      ["thanks"],
    ]);
    expect(sectionOfPage(survey, 5)?.id).toBe("about");
    expect(sectionOfPage(survey, 9)).toBeUndefined();
  });

  it("cuts a page without the script where a question reads an answer given on it, keeping specify texts with their option", () => {
    const survey = fixture();
    expect(plainPagesOf(survey).map((page) => ids(survey, page))).toEqual([
      ["intro", "consent"],
      ["country"],
      ["region", "age", "arrived"],
      ["documents", "documents_other"],
      ["follow_up"],
      ["thanks"],
    ]);
    const plain = plainPagesOf(survey);
    // Walked like the script's pages: the region page after the country page, "none" skips on.
    expect(nextPage(survey, { consent: "yes" }, 2, plain)).toBe(3);
    expect(previousPage(survey, { consent: "yes" }, 3, plain)).toBe(2);
    expect(nextPage(survey, { consent: "no" }, 1, plain)).toBe(9);
  });

  it("keeps an other-specify text on its question's page even outside sections", () => {
    const survey = fixture();
    const flat = {
      ...survey,
      sections: undefined,
      questions: survey.questions.map(({ section: _, ...q }) => q),
    } as Survey;
    const pages = pagesOf(flat).map((page) => ids(flat, page));
    expect(pages).toContainEqual(["documents", "documents_other"]);
    expect(pages).toContainEqual(["follow_up"]);
  });

  it("ends the survey after the consent page when consent is refused", () => {
    const survey = fixture();
    expect(nextPage(survey, { consent: "no" }, 0)).toBe(9);
    expect(nextPage(survey, { consent: "yes" }, 1)).toBe(2);
    expect(previousPage(survey, { consent: "no" }, 9)).toBe(0);
  });

  it("skips a page whose combined condition is false, and shows it when it turns true", () => {
    const survey = fixture();
    const minor = { consent: "yes", age: "16" };
    expect(nextPage(survey, minor, 2)).toBe(9);
    expect(nextPage(survey, { ...minor, age: "30" }, 2)).toBe(6);
    expect(nextPage(survey, { consent: "yes" }, 2)).toBe(6);
  });

  it("shows on a page only what its conditions and filters allow, specify texts when chosen", () => {
    const survey = fixture();
    const about = (values: Record<string, string | string[]>) =>
      shownOnPage(survey, { consent: "yes", ...values }, 2).map((q) => q.id);
    expect(about({ country: "cl" })).toEqual(["country", "region", "age", "arrived"]);
    expect(
      survey.questions[3]?.type === "single" &&
        offeredOptions(survey.questions[3], { country: "cl" }).map((o) => o.id),
    ).toEqual(["elsewhere"]);
    expect(about({ country: "co" })).toEqual(["country", "region", "age", "arrived"]);
    const papers = (documents: string[]) =>
      shownOnPage(survey, { consent: "yes", documents }, 6).map((q) => q.id);
    expect(papers(["passport"])).not.toContain("documents_other");
    expect(papers(["passport", "other"])).toContain("documents_other");
  });

  it("checks every shown question of a page, and sends the review back to the page", () => {
    const survey = fixture();
    expect(pageProblems(survey, {}, 0).map((p) => [p.question.id, p.problem])).toEqual([
      ["consent", "required"],
    ]);
    const papers = { consent: "yes", documents: ["passport", "none"] };
    expect(pageProblems(survey, papers, 6).map((p) => p.problem)).toEqual(["exclusive"]);
    expect(firstProblemPage(survey, papers)).toBe(6);
    expect(firstProblemPage(survey, { consent: "yes", arrived: "mayo" })).toBe(2);
    expect(firstProblemPage(survey, { consent: "no" })).toBeNull();
  });
});

describe("form values of the additions", () => {
  it("reads a month as people write it where the browser has no month control", () => {
    expect(readMonth("2019-05")).toBe("2019-05");
    expect(readMonth(" 5/2019 ")).toBe("2019-05");
    expect(readMonth("05.2019")).toBe("2019-05");
    expect(readMonth("2019/5")).toBe("2019-05");
    for (const bad of ["13/2019", "0/2019", "mayo 2019", "2019", "2019-05-01"]) {
      expect(readMonth(bad)).toBe(bad);
    }
  });

  it("drops a filtered answer that the parent's new answer no longer offers", () => {
    const survey = fixture();
    const country = survey.questions.find((q) => q.id === "country");
    if (!country) throw new Error("no country");
    const before = { consent: "yes", country: "co", region: "bogota" };
    expect(withValue(survey, before, country, "pe")).toEqual({ consent: "yes", country: "pe" });
    expect(withValue(survey, { ...before, region: "elsewhere" }, country, "pe").region).toBe(
      "elsewhere",
    );
    expect(withValue(survey, before, country, "co").region).toBe("bogota");
  });
});

describe("texts on the respondent's pages", () => {
  it("show the earlier answers they name, in the page's language", () => {
    const survey = fixture();
    const text = surveyText(survey, "en", { arrived: "2019-05", age: 30 });
    // biome-ignore lint/suspicious/noTemplateCurlyInString: ${id} is the survey format's own spelling.
    expect(text({ es: "x", en: "Since ${arrived}, at ${age}${country}." })).toBe(
      "Since May 2019, at 30.",
    );
  });
});
