// The survey contract's additions of issue 14 (docs/survey-format.md): each construct accepted
// in a survey that uses them all, and each rule broken once, naming the JSON path to fix.
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Condition, parseSurvey, type Question, type Survey } from "./schema";

const text = (es: string, en: string, pt: string) => ({ es, en, pt });
const same = (word: string) => text(word, word, word);
const option = (id: string, extra: object = {}) => ({ id, label: same(id), ...extra });

/**
 * Every addition at once — a consent gate, a filtered region, months, specify, exclusive… —
 * in a fixture the other parts of Voz (respondent page, XLSForm, audit) test against too.
 */
const full = JSON.parse(
  readFileSync(new URL("../test/fixtures/surveys/every-addition.json", import.meta.url), "utf8"),
) as Survey;

type Kind = Question["type"];
function question<T extends Kind>(survey: Survey, index: number, type: T) {
  const found = survey.questions[index];
  if (found?.type !== type) throw new Error(`question ${index} is not a ${type} question`);
  return found as Extract<Question, { type: T }>;
}
function sectionOf(survey: Survey, index: number) {
  const found = survey.sections?.[index];
  if (!found) throw new Error(`no section ${index}`);
  return found;
}

function mutated(change: (draft: Survey) => void): Survey {
  const draft = structuredClone(full);
  change(draft);
  return draft;
}

function errorsOf(input: unknown): { path: string; message: string }[] {
  const result = parseSurvey(input);
  return result.ok ? [] : result.errors;
}

describe("a survey with every addition", () => {
  it("parses and comes back unchanged", () => {
    const result = parseSurvey(full);
    expect(result.ok ? [] : result.errors).toEqual([]);
    expect(result.ok && result.value).toEqual(full);
  });

  it.each<[string, (draft: Survey) => void]>([
    [
      "a section without title, intro or condition",
      (d) => {
        d.sections = [{ id: "only" }];
        for (const q of d.questions) q.section = "only";
      },
    ],
    [
      "a question's condition on an earlier question of its own section",
      (d) => {
        question(d, 5, "month").showIf = { question: "age", gte: 18 };
      },
    ],
    [
      "an includes on a single question",
      (d) => {
        question(d, 2, "single").showIf = { question: "consent", includes: "yes" };
      },
    ],
    [
      "a not around a not",
      (d) => {
        question(d, 2, "single").showIf = { not: { not: { question: "consent", answered: true } } };
      },
    ],
    [
      "a notEquals with a single option id",
      (d) => {
        question(d, 2, "single").showIf = { question: "consent", notEquals: "no" };
      },
    ],
    [
      "a filtered multi question",
      (d) => {
        d.questions[3] = { ...question(d, 3, "single"), type: "multi" };
      },
    ],
    [
      "a specify text for a single question's option",
      (d) => {
        question(d, 7, "text").specifies = { question: "follow_up", option: "yes" };
        d.questions.splice(8, 0, d.questions.splice(7, 1)[0] as Question);
      },
    ],
    [
      "an exclusive option set to false",
      (d) => {
        const multi = question(d, 6, "multi");
        multi.options[0] = option("passport", { exclusive: false });
      },
    ],
    [
      "a survey with no sections at all, and an empty list of sections",
      (d) => {
        d.sections = [];
        for (const q of d.questions) delete q.section;
      },
    ],
  ])("accepts %s", (_name, change) => {
    expect(errorsOf(mutated(change))).toEqual([]);
  });

  it.each(["fa-AF", "es-419", "zh-Hant-TW", "ht", "prs", "sr-Latn-RS", "de-CH-1996"])(
    "accepts the BCP 47 tag %s as a language",
    (tag) => {
      const survey = mutated((d) => {
        d.languages = ["es", tag];
        delete d.languageNames;
        const retag = (t: Record<string, string>) => {
          t[tag] = t.en as string;
          delete t.en;
          delete t.pt;
        };
        const texts = (value: unknown): void => {
          if (Array.isArray(value)) value.forEach(texts);
          else if (value && typeof value === "object") {
            const record = value as Record<string, unknown>;
            if (typeof record.es === "string") retag(record as Record<string, string>);
            else Object.values(record).forEach(texts);
          }
        };
        texts(d);
      });
      expect(errorsOf(survey)).toEqual([]);
    },
  );
});

describe("the additions reject, naming the JSON path", () => {
  const cases: [string, (draft: Survey) => void, string][] = [
    // Conditions
    [
      "a condition with two operators",
      (d) => {
        question(d, 2, "single").showIf = {
          question: "consent",
          equals: "yes",
          notEquals: "no",
        } as unknown as Condition;
      },
      "$.questions[2].showIf",
    ],
    [
      "a condition with no operator",
      (d) => {
        question(d, 2, "single").showIf = { question: "consent" } as unknown as Condition;
      },
      "$.questions[2].showIf",
    ],
    [
      "a condition that is not an object",
      (d) => {
        question(d, 2, "single").showIf = "consent == yes" as unknown as Condition;
      },
      "$.questions[2].showIf",
    ],
    [
      "an unknown field beside an operator, at that field",
      (d) => {
        question(d, 2, "single").showIf = {
          question: "consent",
          equals: "yes",
          colour: "red",
        } as unknown as Condition;
      },
      "$.questions[2].showIf.colour",
    ],
    [
      "an empty all",
      (d) => {
        question(d, 2, "single").showIf = { all: [] };
      },
      "$.questions[2].showIf.all",
    ],
    [
      "an empty any",
      (d) => {
        question(d, 2, "single").showIf = { any: [] };
      },
      "$.questions[2].showIf.any",
    ],
    [
      "a malformed condition deep inside all / any / not",
      (d) => {
        question(d, 2, "single").showIf = {
          all: [
            { question: "consent", answered: true },
            { any: [{ not: { question: "consent", answered: "yes" } as unknown as Condition }] },
          ],
        };
      },
      "$.questions[2].showIf.all[1].any[0].not.answered",
    ],
    [
      "a comparison with a string",
      (d) => {
        question(d, 5, "month").showIf = { question: "age", lt: "18" } as unknown as Condition;
      },
      "$.questions[5].showIf.lt",
    ],
    [
      "a comparison on a single question",
      (d) => {
        question(d, 4, "number").showIf = { question: "country", gt: 3 };
      },
      "$.questions[4].showIf.question",
    ],
    [
      "a comparison on a month question",
      (d) => {
        question(d, 6, "multi").showIf = { question: "arrived", gte: 2020 };
      },
      "$.questions[6].showIf.question",
    ],
    [
      "an equals on a number question",
      (d) => {
        question(d, 5, "month").showIf = { question: "age", equals: "18" };
      },
      "$.questions[5].showIf.question",
    ],
    [
      "an includes on a month question",
      (d) => {
        question(d, 6, "multi").showIf = { question: "arrived", includes: "x2020_01" };
      },
      "$.questions[6].showIf.question",
    ],
    [
      "an includes of an option the question does not have",
      (d) => {
        question(d, 8, "single").showIf = { question: "documents", includes: "visa" };
      },
      "$.questions[8].showIf.includes",
    ],
    [
      "a notEquals list with a non-option, at that element",
      (d) => {
        question(d, 8, "single").showIf = { question: "documents", notEquals: ["none", "visa"] };
      },
      "$.questions[8].showIf.notEquals[1]",
    ],
    [
      "a condition on a note",
      (d) => {
        question(d, 2, "single").showIf = { question: "intro", answered: true };
      },
      "$.questions[2].showIf.question",
    ],
    [
      "a condition nested in any that looks forward",
      (d) => {
        question(d, 2, "single").showIf = {
          any: [
            { question: "consent", equals: "yes" },
            { question: "age", gt: 3 },
          ],
        };
      },
      "$.questions[2].showIf.any[1].question",
    ],
    [
      "a condition under not on its own question",
      (d) => {
        question(d, 2, "single").showIf = { not: { question: "country", equals: "co" } };
      },
      "$.questions[2].showIf.not.question",
    ],
    // Sections
    [
      "a question in a section the survey does not have",
      (d) => {
        question(d, 2, "single").section = "elsewhere";
      },
      "$.questions[2].section",
    ],
    [
      "a section whose questions are not together, at the one that comes back",
      (d) => {
        question(d, 9, "note").section = "about";
      },
      "$.questions[9].section",
    ],
    [
      "a section without questions",
      (d) => {
        d.sections?.push({ id: "empty" });
      },
      "$.sections[3]",
    ],
    [
      "a section id used twice, at the second use",
      (d) => {
        sectionOf(d, 2).id = "about";
        delete sectionOf(d, 2).showIf;
        question(d, 6, "multi").section = "about";
        question(d, 7, "text").section = "about";
        question(d, 8, "single").section = "about";
      },
      "$.sections[2].id",
    ],
    [
      "a section id that is also a question id",
      (d) => {
        sectionOf(d, 0).id = "intro";
        question(d, 0, "note").section = "intro";
        question(d, 1, "single").section = "intro";
      },
      "$.sections[0].id",
    ],
    [
      "a section title without one of the survey's languages",
      (d) => {
        delete sectionOf(d, 0).title?.pt;
      },
      "$.sections[0].title.pt",
    ],
    [
      "a section intro with a language the survey does not list",
      (d) => {
        sectionOf(d, 2).intro = { ...same("x"), fr: "x" };
      },
      "$.sections[2].intro.fr",
    ],
    [
      "a section condition on a question of its own section",
      (d) => {
        sectionOf(d, 2).showIf = { question: "documents", includes: "none" };
      },
      "$.sections[2].showIf.question",
    ],
    [
      "a section condition deep in all that names an unknown option",
      (d) => {
        sectionOf(d, 2).showIf = { all: [{ question: "consent", equals: "maybe" }] };
      },
      "$.sections[2].showIf.all[0].equals",
    ],
    [
      "an unknown field on a section",
      (d) => {
        Object.assign(sectionOf(d, 1), { page: 2 });
      },
      "$.sections[1].page",
    ],
    // Notes
    [
      "a required note",
      (d) => {
        Object.assign(question(d, 0, "note"), { required: true });
      },
      "$.questions[0].required",
    ],
    [
      "a note with options",
      (d) => {
        Object.assign(question(d, 0, "note"), { options: [option("a"), option("b")] });
      },
      "$.questions[0].options",
    ],
    // Other-specify
    [
      "a specify for a later question",
      (d) => {
        question(d, 7, "text").specifies = { question: "follow_up", option: "yes" };
      },
      "$.questions[7].specifies.question",
    ],
    [
      "a specify for a number question",
      (d) => {
        question(d, 7, "text").specifies = { question: "age", option: "other" };
      },
      "$.questions[7].specifies.question",
    ],
    [
      "a specify for an option the question does not have",
      (d) => {
        question(d, 7, "text").specifies = { question: "documents", option: "visa" };
      },
      "$.questions[7].specifies.option",
    ],
    [
      "a specify with a showIf of its own",
      (d) => {
        question(d, 7, "text").showIf = { question: "documents", includes: "other" };
      },
      "$.questions[7].showIf",
    ],
    [
      "a specify in another section than its question",
      (d) => {
        question(d, 7, "text").specifies = { question: "country", option: "cl" };
      },
      "$.questions[7].section",
    ],
    [
      "a second specify for the same option",
      (d) => {
        d.questions.splice(8, 0, { ...question(d, 7, "text"), id: "documents_other_2" });
      },
      "$.questions[8].specifies",
    ],
    [
      "a specify on a number question",
      (d) => {
        Object.assign(question(d, 4, "number"), {
          specifies: { question: "country", option: "cl" },
        });
      },
      "$.questions[4].specifies",
    ],
    // Exclusive, integer, constraint messages
    [
      "an exclusive option on a single question",
      (d) => {
        question(d, 1, "single").options[1] = option("no", { exclusive: true });
      },
      "$.questions[1].options[1].exclusive",
    ],
    [
      "an integer flag that is not a boolean",
      (d) => {
        Object.assign(question(d, 4, "number"), { integer: "yes" });
      },
      "$.questions[4].integer",
    ],
    [
      "a constraint message without one of the survey's languages",
      (d) => {
        delete question(d, 4, "number").constraintMessage?.pt;
      },
      "$.questions[4].constraintMessage.pt",
    ],
    [
      "a constraint message on a single question",
      (d) => {
        Object.assign(question(d, 2, "single"), { constraintMessage: same("x") });
      },
      "$.questions[2].constraintMessage",
    ],
    // Months
    [
      "a month min that is not YYYY-MM",
      (d) => {
        question(d, 5, "month").min = "2015-13";
      },
      "$.questions[5].min",
    ],
    [
      "a month max before its min",
      (d) => {
        question(d, 5, "month").max = "2014-12";
      },
      "$.questions[5].max",
    ],
    [
      "month bins out of order",
      (d) => {
        question(d, 5, "month").bins = ["2018-01", "2017-06"];
      },
      "$.questions[5].bins[1]",
    ],
    [
      "a month bin written as a date",
      (d) => {
        question(d, 5, "month").bins = ["2018-01-01"];
      },
      "$.questions[5].bins[0]",
    ],
    [
      "a month question as a breakdown",
      (d) => {
        d.breakdowns = ["arrived"];
      },
      "$.breakdowns[0]",
    ],
    [
      "a note as a breakdown",
      (d) => {
        d.breakdowns = ["intro"];
      },
      "$.breakdowns[0]",
    ],
    // Choice filters
    [
      "a filter by a later question",
      (d) => {
        question(d, 3, "single").filterBy = "follow_up";
      },
      "$.questions[3].filterBy",
    ],
    [
      "a filter by a multi question",
      (d) => {
        question(d, 8, "single").filterBy = "documents";
        question(d, 8, "single").options[0] = option("yes", { for: "none" });
      },
      "$.questions[8].filterBy",
    ],
    [
      "a for without the question's filterBy",
      (d) => {
        delete question(d, 3, "single").filterBy;
        question(d, 3, "single").options[1] = option("lima");
      },
      "$.questions[3].options[0].for",
    ],
    [
      "a for that names an option the parent does not have, at that element",
      (d) => {
        question(d, 3, "single").options[1] = option("lima", { for: ["pe", "ve"] });
      },
      "$.questions[3].options[1].for[1]",
    ],
    [
      "an empty for",
      (d) => {
        question(d, 3, "single").options[1] = option("lima", { for: [] });
      },
      "$.questions[3].options[1].for",
    ],
  ];

  it.each(cases)("%s", (_name, change, path) => {
    const errors = errorsOf(mutated(change));
    expect(errors.map((e) => e.path)).toEqual([path]);
    expect(errors.every((e) => e.message !== "")).toBe(true);
  });

  // A tag that is not one fails every text too, since none is written in it.
  const languageCases: [string, (draft: Survey) => void, string][] = [
    [
      "a language tag in capitals",
      (d) => {
        d.languages[1] = "EN";
      },
      "$.languages[1]",
    ],
    [
      "a language tag with an underscore",
      (d) => {
        d.languages[1] = "es_419";
      },
      "$.languages[1]",
    ],
    [
      "the same language twice in different case",
      (d) => {
        d.languages = ["es", "en", "pt", "pt-BR", "pt-br"];
        for (const q of d.questions) Object.assign(q, {});
      },
      "$.languages",
    ],
    [
      "a language name for a language the survey does not list",
      (d) => {
        d.languageNames = { es: "Español", fr: "Français" };
      },
      "$.languageNames.fr",
    ],
    [
      "an empty language name",
      (d) => {
        d.languageNames = { es: "" };
      },
      "$.languageNames.es",
    ],
  ];
  it.each(languageCases)("%s", (_name, change, path) => {
    expect(errorsOf(mutated(change)).map((e) => e.path)).toContain(path);
  });

  it("says which operators a condition may have when it has two", () => {
    const errors = errorsOf(
      mutated((d) => {
        question(d, 2, "single").showIf = {
          question: "consent",
          lt: 1,
          gt: 0,
        } as unknown as Condition;
      }),
    );
    expect(errors).toEqual([
      {
        path: "$.questions[2].showIf",
        message:
          "a condition has exactly one of equals, notEquals, includes, lt, lte, gt, gte, answered, all, any, not",
      },
    ]);
  });

  it("names the earlier question a specify text needs, and the section it belongs in", () => {
    const messages = errorsOf(
      mutated((d) => {
        question(d, 7, "text").specifies = { question: "country", option: "cl" };
      }),
    ).map((e) => e.message);
    expect(messages).toEqual(['must be in the same section as "country", which it specifies']);
  });

  it("takes an earlier answer inside a text, and names any other reference", () => {
    const shows = (change: (draft: Survey) => void) =>
      errorsOf(mutated(change)).map((e) => `${e.path} ${e.message}`);
    // biome-ignore-start lint/suspicious/noTemplateCurlyInString: ${id} is the survey format's own spelling.
    expect(
      shows((d) => {
        question(d, 4, "number").label.es = "¿Qué edad tiene? (vive en ${country})";
        sectionOf(d, 2).title = same("Documentos de ${age} años");
        question(d, 8, "single").options[0] = option("yes", { label: same("Sí, ${arrived}") });
      }),
    ).toEqual([]);
    expect(
      shows((d) => {
        question(d, 2, "single").label.en = "Where, ${age}?";
        question(d, 3, "single").hint = text("${intro}", "${nobody}", "${region}");
        d.title.pt = "${consent}";
      }),
    ).toEqual([
      '$.title.pt "${consent}" must name an earlier question that takes an answer',
      '$.questions[2].label.en "${age}" must name an earlier question that takes an answer',
      '$.questions[3].hint.es "${intro}" must name an earlier question that takes an answer',
      '$.questions[3].hint.en "${nobody}" must name an earlier question that takes an answer',
      '$.questions[3].hint.pt "${region}" must name an earlier question that takes an answer',
    ]);
    // biome-ignore-end lint/suspicious/noTemplateCurlyInString: ${id} is the survey format's own spelling.
  });
});

describe("parseSurvey on malformed additions", () => {
  const fields = [
    ["questions", 8, "showIf"],
    ["questions", 8, "showIf", "any", 0],
    ["sections", 2, "showIf"],
    ["sections", 2, "showIf", "all"],
    ["sections"],
    ["sections", 1],
    ["questions", 3, "filterBy"],
    ["questions", 3, "options", 0, "for"],
    ["questions", 6, "options", 3, "exclusive"],
    ["questions", 7, "specifies"],
    ["questions", 7, "specifies", "option"],
    ["questions", 7, "section"],
    ["questions", 5, "bins"],
    ["questions", 5, "min"],
    ["languageNames"],
    ["languages", 2],
  ] as const;

  // Shapes that break a walk over conditions that trusted them.
  const malformed: unknown[] = [
    { all: "x" },
    { any: [null] },
    { not: 3 },
    { not: { all: [{ question: "consent" }] } },
    { question: 3, equals: {} },
    { question: "consent", equals: [[]] },
    { question: "consent", includes: ["yes"] },
    { question: "__proto__", answered: true },
    [{ question: "consent", equals: "yes" }],
  ];

  it("never throws, and reports a path, whatever a field holds", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...fields),
        fc.oneof(fc.constantFrom(...malformed), fc.anything()),
        (path, value) => {
          const draft = structuredClone(full) as unknown as Record<string | number, unknown>;
          let at = draft;
          for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
          at[path[path.length - 1] as string | number] = value;
          const result = parseSurvey(draft);
          if (!result.ok) expect(result.errors.every((e) => e.path.startsWith("$"))).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });
});
