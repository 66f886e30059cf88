import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseSurvey, type Question, type Survey } from "./schema";

function seedJson(slug: string): unknown {
  return JSON.parse(readFileSync(join(import.meta.dirname, `${slug}.json`), "utf8"));
}

const text = (es: string, en: string, pt: string) => ({ es, en, pt });
const option = (id: string) => ({ id, label: text(id, id, id) });

/** Small but complete: every question type, a showIf and a breakdown (DESIGN §3). */
const valid: Survey = {
  slug: "small-survey",
  version: 1,
  languages: ["es", "en", "pt"],
  title: text("Encuesta breve", "Short survey", "Pesquisa breve"),
  breakdowns: ["gender"],
  questions: [
    {
      id: "gender",
      type: "single",
      required: true,
      label: text("Género", "Gender", "Gênero"),
      options: [option("woman"), option("man")],
    },
    {
      id: "applied",
      type: "single",
      label: text("¿Solicitó?", "Applied?", "Solicitou?"),
      options: [option("waiting"), option("rejected"), option("no")],
    },
    {
      id: "months_waiting",
      type: "number",
      min: 0,
      max: 240,
      bins: [0, 3, 6],
      label: text("Meses", "Months", "Meses"),
      showIf: { question: "applied", equals: "waiting" },
    },
    {
      id: "consequences",
      type: "multi",
      label: text("Consecuencias", "Consequences", "Consequências"),
      options: [option("work"), option("health"), option("none")],
    },
    {
      id: "comments",
      type: "text",
      maxLength: 1000,
      label: text("Comentarios", "Comments", "Comentários"),
      hint: text("Sin nombres.", "No names.", "Sem nomes."),
    },
  ],
};

type QuestionOf<T extends Question["type"]> = Extract<Question, { type: T }>;

/** Question `index` of a draft, checked to be of `type` so a case cannot edit the wrong one. */
function question<T extends Question["type"]>(
  survey: Survey,
  index: number,
  type: T,
): QuestionOf<T> {
  const found = survey.questions[index];
  if (found?.type !== type) throw new Error(`question ${index} is not a ${type} question`);
  return found as QuestionOf<T>;
}

/** The v0.1 condition (`equals`) of a draft's question, to change in place. */
function showIfOf(survey: Survey, index: number): { question: string; equals: string | string[] } {
  const condition = survey.questions[index]?.showIf;
  if (!condition || !("equals" in condition)) throw new Error(`question ${index} has no equals`);
  return condition;
}

/** A deep copy of the valid survey with one change; the copy is what gets parsed. */
function mutated(change: (draft: Survey) => void): Survey {
  const draft = structuredClone(valid);
  change(draft);
  return draft;
}

function errorPaths(input: unknown): string[] {
  const result = parseSurvey(input);
  return result.ok ? [] : result.errors.map((error) => error.path);
}

describe("the seed surveys", () => {
  it.each(["passport-access", "cso-program-awareness"])("%s parses without errors", (slug) => {
    const result = parseSurvey(seedJson(slug));
    expect(result.ok ? [] : result.errors).toEqual([]);
    expect(result.ok && result.value.slug).toBe(slug);
  });

  it("passport-access keeps the question ids and breakdowns that other code relies on", () => {
    const result = parseSurvey(seedJson("passport-access"));
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const survey = result.value;
    expect(survey.languages).toEqual(["es", "en", "pt"]);
    expect(survey.questions.map((q) => `${q.id}:${q.type}`)).toEqual([
      "country:single",
      "age_group:single",
      "gender:single",
      "passport:single",
      "applied:single",
      "months_waiting:number",
      "cost_usd:number",
      "visa:single",
      "visa_stamped:single",
      "children_undocumented:number",
      "ethnicity:single",
      "disability:single",
      "consequences:multi",
      "comments:text",
    ]);
    expect(survey.breakdowns).toEqual(["gender", "age_group", "country"]);
    expect(survey.questions.find((q) => q.id === "months_waiting")?.showIf).toEqual({
      question: "applied",
      equals: "waiting",
    });
    expect(survey.questions.find((q) => q.id === "visa_stamped")?.showIf).toEqual({
      question: "visa",
      equals: "yes",
    });
  });

  it("cso-program-awareness offers the 35 OAS member states and keeps its question ids", () => {
    const result = parseSurvey(seedJson("cso-program-awareness"));
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const survey = result.value;
    expect(survey.languages).toEqual(["en", "es"]);
    expect(survey.questions.map((q) => q.id)).toEqual([
      "org_country",
      "registered",
      "knows_program",
      "learned_from",
      "usefulness",
      "usefulness_comment",
      "activity_areas",
      "activity_details",
      "other_activities",
      "suggestions",
    ]);
    const country = survey.questions[0];
    const ids = country?.type === "single" ? country.options.map((o) => o.id) : [];
    expect(ids.filter((id) => id !== "other")).toHaveLength(35);
    expect(ids).toContain("other");
    const areas = survey.questions.find((q) => q.id === "activity_areas");
    expect(areas?.type === "multi" && areas.options).toHaveLength(8);
    expect(survey.breakdowns).toEqual(["registered"]);
  });
});

describe("parseSurvey accepts", () => {
  it("a valid survey and returns it unchanged", () => {
    const result = parseSurvey(structuredClone(valid));
    expect(result).toEqual({ ok: true, value: valid });
  });

  it("a survey without the optional intro, hints, required flags, conditions or breakdowns", () => {
    const minimal = {
      slug: "bare",
      version: 3,
      languages: ["en"],
      title: { en: "Bare" },
      breakdowns: [],
      questions: [{ id: "note", type: "text", label: { en: "Anything?" } }],
    };
    expect(parseSurvey(minimal).ok).toBe(true);
  });

  it("a showIf that lists several options of an earlier multi question", () => {
    const survey = mutated((draft) => {
      draft.questions.push({
        id: "work_sector",
        type: "text",
        label: text("Sector", "Sector", "Setor"),
        showIf: { question: "consequences", equals: ["work", "health"] },
      });
    });
    expect(errorPaths(survey)).toEqual([]);
  });

  it("the switch for the form without JavaScript, on or off, and keeps it", () => {
    for (const withoutJavaScript of [true, false]) {
      const result = parseSurvey({ ...structuredClone(valid), withoutJavaScript });
      expect(result.ok && result.value.withoutJavaScript).toBe(withoutJavaScript);
    }
  });
});

describe("resuming on this device", () => {
  it("is off unless a survey sets it, and accepts true or false", () => {
    const plain = parseSurvey(structuredClone(valid));
    expect(plain.ok && plain.value.resumeOnDevice).toBeUndefined();
    for (const resumeOnDevice of [true, false]) {
      const result = parseSurvey({ ...structuredClone(valid), resumeOnDevice });
      expect(result.ok && result.value.resumeOnDevice).toBe(resumeOnDevice);
    }
  });

  it("refuses anything but a boolean, naming $.resumeOnDevice", () => {
    expect(errorPaths({ ...structuredClone(valid), resumeOnDevice: "on" })).toEqual([
      "$.resumeOnDevice",
    ]);
  });
});

describe("the switch for the form without JavaScript", () => {
  it("is absent from a survey that does not set it (allowed by default)", () => {
    const result = parseSurvey(structuredClone(valid));
    expect(result.ok && "withoutJavaScript" in result.value).toBe(false);
  });

  it.each([["yes"], [1], [null]])("refuses %j, naming $.withoutJavaScript", (value) => {
    expect(errorPaths({ ...structuredClone(valid), withoutJavaScript: value })).toEqual([
      "$.withoutJavaScript",
    ]);
  });

  it("is a top-level field only: a question cannot carry it", () => {
    const survey = structuredClone(valid) as unknown as { questions: Record<string, unknown>[] };
    (survey.questions[0] as Record<string, unknown>).withoutJavaScript = false;
    expect(errorPaths(survey)).toEqual(["$.questions[0].withoutJavaScript"]);
  });
});

describe("parseSurvey rejects, naming the JSON path", () => {
  const cases: [string, (draft: Survey) => void, string][] = [
    [
      "a question label without one of the survey's languages",
      (draft) => {
        delete question(draft, 2, "number").label.pt;
      },
      "$.questions[2].label.pt",
    ],
    [
      "a title without the default language",
      (draft) => {
        delete draft.title.es;
      },
      "$.title.es",
    ],
    [
      "an option label without one of the survey's languages",
      (draft) => {
        question(draft, 0, "single").options[1] = { id: "man", label: { es: "Hombre", en: "Man" } };
      },
      "$.questions[0].options[1].label.pt",
    ],
    [
      "an intro with a language the survey does not list",
      (draft) => {
        draft.intro = { ...text("Hola", "Hello", "Olá"), fr: "Bonjour" };
      },
      "$.intro.fr",
    ],
    [
      "a hint with a language the survey does not list",
      (draft) => {
        question(draft, 4, "text").hint = { ...text("a", "b", "c"), de: "d" };
      },
      "$.questions[4].hint.de",
    ],
    [
      "an empty text",
      (draft) => {
        question(draft, 3, "multi").label.en = "";
      },
      "$.questions[3].label.en",
    ],
    [
      "a slug with capitals and spaces",
      (draft) => {
        draft.slug = "Passport Access";
      },
      "$.slug",
    ],
    [
      "a slug shorter than three characters",
      (draft) => {
        draft.slug = "pa";
      },
      "$.slug",
    ],
    [
      "a version that is not a positive integer",
      (draft) => {
        draft.version = 0;
      },
      "$.version",
    ],
    [
      "a question id with a hyphen and capitals",
      (draft) => {
        question(draft, 4, "text").id = "Other-Comments";
      },
      "$.questions[4].id",
    ],
    [
      "a question id that would collide with Object.prototype",
      (draft) => {
        question(draft, 4, "text").id = "constructor";
      },
      "$.questions[4].id",
    ],
    [
      "a question id used twice, at the second use",
      (draft) => {
        question(draft, 3, "multi").id = "applied";
      },
      "$.questions[3].id",
    ],
    [
      "an option id used twice in one question, at the second use",
      (draft) => {
        question(draft, 3, "multi").options = [option("work"), option("work"), option("none")];
      },
      "$.questions[3].options[1].id",
    ],
    [
      "an option id that breaks the id pattern",
      (draft) => {
        question(draft, 1, "single").options[2] = option("no way");
      },
      "$.questions[1].options[2].id",
    ],
    [
      "a showIf that refers to a later question",
      (draft) => {
        showIfOf(draft, 2).question = "consequences";
        showIfOf(draft, 2).equals = "work";
      },
      "$.questions[2].showIf.question",
    ],
    [
      "a showIf that refers to an unknown question",
      (draft) => {
        showIfOf(draft, 2).question = "saime";
      },
      "$.questions[2].showIf.question",
    ],
    [
      "a showIf that refers to its own question",
      (draft) => {
        question(draft, 3, "multi").showIf = { question: "consequences", equals: "work" };
      },
      "$.questions[3].showIf.question",
    ],
    [
      "a showIf that refers to a number question",
      (draft) => {
        question(draft, 4, "text").showIf = { question: "months_waiting", equals: "3" };
      },
      "$.questions[4].showIf.question",
    ],
    [
      "a showIf whose string equals is not an option of the question",
      (draft) => {
        showIfOf(draft, 2).equals = "pending";
      },
      "$.questions[2].showIf.equals",
    ],
    [
      "a showIf whose array equals holds a non-option, at that element",
      (draft) => {
        showIfOf(draft, 2).equals = ["waiting", "pending"];
      },
      "$.questions[2].showIf.equals[1]",
    ],
    [
      "a showIf whose array equals is empty",
      (draft) => {
        showIfOf(draft, 2).equals = [];
      },
      "$.questions[2].showIf.equals",
    ],
    [
      "a breakdown that is a multi question",
      (draft) => {
        draft.breakdowns = ["gender", "consequences"];
      },
      "$.breakdowns[1]",
    ],
    [
      "a breakdown that is not a question",
      (draft) => {
        draft.breakdowns = ["age"];
      },
      "$.breakdowns[0]",
    ],
    [
      "a breakdown listed twice, at the second listing",
      (draft) => {
        draft.breakdowns = ["gender", "applied", "gender"];
      },
      "$.breakdowns[2]",
    ],
    [
      "bins that repeat an edge, at the first edge out of order",
      (draft) => {
        question(draft, 2, "number").bins = [0, 3, 3, 12];
      },
      "$.questions[2].bins[2]",
    ],
    [
      "bins that decrease",
      (draft) => {
        question(draft, 2, "number").bins = [0, 6, 3];
      },
      "$.questions[2].bins[2]",
    ],
    [
      "a number question whose min is above its max",
      (draft) => {
        question(draft, 2, "number").min = 300;
      },
      "$.questions[2].max",
    ],
    [
      "a text question whose maxLength is zero",
      (draft) => {
        question(draft, 4, "text").maxLength = 0;
      },
      "$.questions[4].maxLength",
    ],
    [
      "an unknown field on a question, at that field",
      (draft) => {
        Object.assign(question(draft, 1, "single"), { colour: "red" });
      },
      "$.questions[1].colour",
    ],
    [
      "a field that belongs to another question type",
      (draft) => {
        Object.assign(question(draft, 2, "number"), { options: [option("a"), option("b")] });
      },
      "$.questions[2].options",
    ],
    [
      "an unknown field on the survey, at that field",
      (draft) => {
        Object.assign(draft, { published: true });
      },
      "$.published",
    ],
    [
      "an unknown question type",
      (draft) => {
        Object.assign(question(draft, 4, "text"), { type: "date" });
      },
      "$.questions[4].type",
    ],
    [
      "a language listed twice",
      (draft) => {
        draft.languages = ["es", "en", "pt", "es"];
      },
      "$.languages",
    ],
    [
      "a single question without options",
      (draft) => {
        question(draft, 0, "single").options = [];
      },
      "$.questions[0].options",
    ],
    [
      "a multi question with a single option",
      (draft) => {
        question(draft, 3, "multi").options = [option("work")];
      },
      "$.questions[3].options",
    ],
    [
      "a survey without questions",
      (draft) => {
        draft.questions = [];
        draft.breakdowns = [];
      },
      "$.questions",
    ],
  ];

  it.each(cases)("%s", (_name, change, path) => {
    expect(errorPaths(valid)).toEqual([]);
    const result = parseSurvey(mutated(change));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((error) => error.path)).toEqual([path]);
    expect(result.errors[0]?.message).not.toBe("");
  });

  it("reports every problem at once, not only the first", () => {
    const survey = mutated((draft) => {
      draft.slug = "X";
      delete draft.title.pt;
      question(draft, 2, "number").bins = [3, 0];
    });
    expect(errorPaths(survey)).toEqual(["$.slug", "$.title.pt", "$.questions[2].bins[1]"]);
  });

  it("says which language is missing and which option is unknown in its messages", () => {
    const result = parseSurvey(
      mutated((draft) => {
        delete question(draft, 0, "single").label.pt;
        showIfOf(draft, 2).equals = "pending";
      }),
    );
    expect(result.ok ? [] : result.errors.map((error) => error.message)).toEqual([
      'missing the "pt" text',
      '"pending" is not an option of "applied"',
    ]);
  });

  it.each([null, 42, "passport-access", []])(
    "input that is not an object (%j) at the root",
    (input) => {
      expect(errorPaths(input)).toEqual(["$"]);
    },
  );

  it("a seed survey with one translation removed names that translation's path", () => {
    const seed = seedJson("passport-access") as Survey;
    const broken = structuredClone(seed);
    const comments = broken.questions.findIndex((q) => q.id === "comments");
    delete broken.questions[comments]?.hint?.pt;
    expect(errorPaths(broken)).toEqual([`$.questions[${comments}].hint.pt`]);
  });
});
