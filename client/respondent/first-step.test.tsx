import { readFileSync } from "node:fs";
import { Parser } from "acorn";
import { renderToString } from "preact-render-to-string";
import { describe, expect, it } from "vitest";
import { parseSurvey, type Survey } from "../../surveys/schema";
import { App } from "./app";
import { FIRST_STEP, firstStep } from "./first-step";
import { respondentStrings } from "./strings";

function parsed(definition: unknown): Survey {
  // Through JSON, as a stored definition arrives: a key set to undefined here is left out.
  const result = parseSurvey(JSON.parse(JSON.stringify(definition)));
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

const PASSPORT = parsed(JSON.parse(readFileSync("surveys/passport-access.json", "utf8")));

/** A two-language survey: a country, then `second`. */
function survey(second: Record<string, unknown>, first: Record<string, unknown> = {}): Survey {
  const text = (es: string) => ({ es, en: es });
  return parsed({
    slug: "first-step",
    version: 1,
    languages: ["es", "en"],
    title: text("Encuesta"),
    breakdowns: [],
    questions: [
      {
        id: "country",
        type: "single",
        required: true,
        label: text("¿País?"),
        options: [
          { id: "cl", label: text("Chile") },
          { id: "pe", label: text("Perú") },
        ],
        ...first,
      },
      {
        id: "region",
        type: "single",
        label: text("¿Región?"),
        options: [
          { id: "north", label: text("Norte") },
          { id: "south", label: text("Sur") },
        ],
        ...second,
      },
      { id: "comments", type: "text", label: text("¿Algo más?") },
    ],
  });
}

/** The page's own rendering (page.tsx): the app on page `at` with these answers. */
function stepOf(of: Survey) {
  const data = {
    survey: of,
    publicKey: "q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=",
    language: "es",
    strings: respondentStrings("es", "es"),
    languageNames: { es: "Español", en: "English" },
  };
  return firstStep(of, (values, at) => renderToString(<App {...data} initial={values} at={at} />));
}

describe("the first step taken before the script runs", () => {
  it("moves the passport survey from its required country to the age question, the same for every country", () => {
    const step = stepOf(PASSPORT);
    expect(step?.next).toBe(1);
    expect(step?.required).toEqual(["q-country"]);
    expect(step?.html).toContain("¿Qué edad tiene?");
    expect(step?.html).not.toContain("¿En qué país vive actualmente?");
  });

  it("leaves to the script a next page that shows only after some answers", () => {
    const shown = stepOf(survey({ showIf: { question: "country", equals: "pe" } }));
    expect(shown).toBeNull();
    // Without the condition the same survey is settled: the test can tell the difference.
    expect(stepOf(survey({}))?.next).toBe(1);
  });

  it("leaves to the script a next page whose options or text depend on the first answer", () => {
    const filtered = survey({
      filterBy: "country",
      options: [
        { id: "north", label: { es: "Norte", en: "North" }, for: "cl" },
        { id: "south", label: { es: "Sur", en: "South" }, for: "pe" },
      ],
    });
    expect(stepOf(filtered)).toBeNull();
    // biome-ignore lint/suspicious/noTemplateCurlyInString: ${id} is the survey format's own spelling.
    const recalled = survey({ label: { es: "¿Región de ${country}?", en: "Region?" } });
    expect(stepOf(recalled)).toBeNull();
  });

  it("leaves to the script a first page that takes typed answers or more than one choice", () => {
    expect(stepOf(survey({}, { type: "text", options: undefined }))).toBeNull();
    expect(stepOf(survey({}, { type: "multi" }))).toBeNull();
  });

  it("is plain ES5 that runs as the page is parsed, on the oldest phones", () => {
    expect(() => Parser.parse(FIRST_STEP, { ecmaVersion: 5 })).not.toThrow();
    // It sits in an inline <script>: nothing in it may end that element or open a comment.
    expect(FIRST_STEP).not.toMatch(/<\/script|<!--/i);
  });
});
