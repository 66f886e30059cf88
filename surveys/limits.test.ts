import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseNewSurvey, SURVEY_LIMITS } from "./limits";

const passport = () => JSON.parse(readFileSync("surveys/passport-access.json", "utf8"));

/** A question of one language, as small as the format allows. */
const single = (id: string, options: number) => ({
  id,
  type: "single",
  label: { es: id },
  options: Array.from({ length: options }, (_, i) => ({ id: `o${i}`, label: { es: `o${i}` } })),
});

const survey = (over: Record<string, unknown>) => ({
  slug: "caps",
  version: 1,
  languages: ["es"],
  title: { es: "Topes" },
  breakdowns: [],
  questions: [single("q", 2)],
  ...over,
});

const errors = (input: unknown) => {
  const parsed = parseNewSurvey(input);
  return parsed.ok ? [] : parsed.errors;
};

describe("caps on a survey definition", () => {
  it("leave the seed surveys alone", () => {
    expect(errors(passport())).toEqual([]);
    expect(errors(JSON.parse(readFileSync("surveys/cso-program-awareness.json", "utf8")))).toEqual(
      [],
    );
  });

  it("refuse too many questions, naming the cap", () => {
    const questions = Array.from({ length: SURVEY_LIMITS.questions + 1 }, (_, i) =>
      single(`q${i}`, 2),
    );
    expect(errors(survey({ questions }))).toContainEqual({
      path: "$.questions",
      message: "301 questions; the cap is 300",
    });
    expect(errors(survey({ questions: questions.slice(1) }))).toEqual([]);
  });

  it("refuse too many options in one question, at its path", () => {
    expect(errors(survey({ questions: [single("q", SURVEY_LIMITS.options + 1)] }))).toContainEqual({
      path: "$.questions[0].options",
      message: "301 options in one question; the cap is 300",
    });
  });

  it("refuse a text too long in any language, at its path", () => {
    const long = passport();
    long.questions[2].hint = { ...long.questions[2].label, pt: "x".repeat(4001) };
    expect(errors(long)).toEqual([
      {
        path: "$.questions[2].hint.pt",
        message: "a text of 4,001 characters; the cap is 4,000 characters",
      },
    ]);
  });

  it("refuse too many languages", () => {
    const languages = Array.from({ length: 13 }, (_, i) => `l${String.fromCharCode(97 + i)}`);
    const text = Object.fromEntries(languages.map((l) => [l, "t"]));
    const input = survey({
      languages,
      title: text,
      questions: [
        {
          id: "q",
          type: "single",
          label: text,
          options: [
            { id: "a", label: text },
            { id: "b", label: text },
          ],
        },
      ],
    });
    expect(errors(input)).toContainEqual({
      path: "$.languages",
      message: "13 languages; the cap is 12",
    });
  });

  it("refuse a definition over the byte cap, like v0.1's 4.6 MB survey", () => {
    const questions = Array.from({ length: 300 }, (_, i) => ({
      ...single(`q${i}`, 300),
      hint: { es: "h".repeat(3000) },
    }));
    expect(errors(survey({ questions }))).toContainEqual({
      path: "$",
      message: expect.stringMatching(/^the survey is [\d,]+ bytes; the cap is 524,288 bytes$/),
    });
  });

  it("still report schema errors first", () => {
    expect(errors({ slug: "x" })[0]?.path).toMatch(/^\$/);
    expect(errors({ slug: "x" }).some((e) => e.message.includes("cap"))).toBe(false);
  });
});
