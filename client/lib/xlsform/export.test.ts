// biome-ignore-all lint/suspicious/noTemplateCurlyInString: XLSForm expressions name questions as ${name}, literally.
import { readdirSync, readFileSync } from "node:fs";
import fc from "fast-check";
import readXlsxFile from "read-excel-file/node";
import { describe, expect, it } from "vitest";
import writeXlsxFile from "write-excel-file/node";
import {
  type Condition,
  parseSurvey,
  type Question,
  type Section,
  type Survey,
} from "../../../surveys/schema";
import { isTrue } from "../conditions";
import { languageName } from "../languages";
import { surveyToXlsForm } from "./export";
import { surveyFromXlsForm } from "./import";

/** Export, write a real .xlsx, read it back and import it, as a user going to Kobo and back. */
async function roundTrip(survey: Survey) {
  const { sheets } = surveyToXlsForm(survey);
  const bytes = await writeXlsxFile(sheets).toBuffer();
  return surveyFromXlsForm(await readXlsxFile(bytes));
}

/** The same trip without the file: the exported rows are what a reader gives back. */
function inMemory(survey: Survey) {
  return surveyFromXlsForm(surveyToXlsForm(survey).sheets);
}

/** Everything but the conditions, which are compared by what they decide (below). */
function withoutConditions(survey: Survey) {
  const strip = <T extends { showIf?: Condition }>({ showIf: _, ...rest }: T) => rest;
  return {
    ...survey,
    version: 1,
    questions: survey.questions.map((q) => strip(q)),
    ...(survey.sections ? { sections: survey.sections.map((s) => strip(s)) } : {}),
  };
}

type Answers = Record<string, string | string[] | number>;

/** Random answers to every question: chosen options, numbers around the bounds, or none. */
function answerSets(survey: Survey, count: number, seed: number): Answers[] {
  let state = seed;
  const random = () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
  return Array.from({ length: count }, () => {
    const answers: Answers = {};
    for (const q of survey.questions) {
      if (random() < 0.25) continue;
      if (q.type === "single") answers[q.id] = pick(q.options).id;
      if (q.type === "multi")
        answers[q.id] = q.options.filter(() => random() < 0.4).map((o) => o.id);
      if (q.type === "number") answers[q.id] = Math.round((random() * 40 - 10) * 2) / 2;
      if (q.type === "text") answers[q.id] = "texto";
      if (q.type === "month") answers[q.id] = pick(["2019-05", "2021-01", "2024-12"]);
    }
    return answers;
  });
}

function conditionsAgree(before: Survey, after: Survey) {
  const pairs: [Condition | undefined, Condition | undefined, string][] = [
    ...before.questions.map(
      (q, i) =>
        [q.showIf, after.questions[i]?.showIf, `question ${q.id}`] as [
          Condition | undefined,
          Condition | undefined,
          string,
        ],
    ),
    ...(before.sections ?? []).map(
      (s, i) =>
        [s.showIf, after.sections?.[i]?.showIf, `section ${s.id}`] as [
          Condition | undefined,
          Condition | undefined,
          string,
        ],
    ),
  ];
  for (const answers of answerSets(before, 60, before.questions.length + 7)) {
    for (const [a, b, where] of pairs) {
      expect(b === undefined, where).toBe(a === undefined);
      if (a && b)
        expect(isTrue(b, answers), `${where} on ${JSON.stringify(answers)}`).toBe(
          isTrue(a, answers),
        );
    }
  }
}

describe("XLSForm export, and back", () => {
  it("round-trips every survey in surveys/ (the seeds and the templates) exactly", async () => {
    const files = readdirSync("surveys").filter((f) => f.endsWith(".json"));
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const file of files) {
      const survey = JSON.parse(readFileSync(`surveys/${file}`, "utf8")) as Survey;
      const { survey: back, problems } = await roundTrip(survey);
      expect(back, file).toEqual({ ...survey, version: 1 });
      // What a Voz export carries needs no word: only the version, which Voz numbers itself.
      expect(
        problems.map((p) => p.construct),
        file,
      ).toEqual(["setting version"]);
    }
  });

  it("round-trips the contract's survey with every construct: fields exactly, conditions by what they decide", async () => {
    const survey = JSON.parse(
      readFileSync("test/fixtures/surveys/every-addition.json", "utf8"),
    ) as Survey;
    const { survey: back } = await roundTrip(survey);
    // One way to write a list of one parent option: its id; and a language's name that is the
    // one Voz shows anyway is not written.
    const languageNames = Object.fromEntries(
      Object.entries(survey.languageNames ?? {}).filter(
        ([tag, name]) => name !== languageName({}, tag),
      ),
    );
    const oneFor = ({ languageNames: _, ...s }: Survey): Survey => ({
      ...s,
      ...(Object.keys(languageNames).length ? { languageNames } : {}),
      questions: s.questions.map((q) =>
        q.type === "single" || q.type === "multi"
          ? {
              ...q,
              options: q.options.map((o) =>
                Array.isArray(o.for) && o.for.length === 1 ? { ...o, for: o.for[0] as string } : o,
              ),
            }
          : q,
      ),
    });
    expect(withoutConditions(back)).toEqual(withoutConditions(oneFor(survey)));
    conditionsAgree(survey, back);
  });

  it("writes what Kobo and ODK read: a field-list group per section, a list per question", () => {
    const survey: Survey = {
      slug: "kobo-shape",
      version: 3,
      languages: ["es", "ar"],
      title: { es: "Encuesta", ar: "استبيان" },
      breakdowns: [],
      sections: [
        {
          id: "page",
          title: { es: "Página", ar: "صفحة" },
          showIf: { question: "ok", equals: "si" },
        },
      ],
      questions: [
        {
          id: "ok",
          type: "single",
          label: { es: "¿Acepta?", ar: "هل توافق؟" },
          options: [
            { id: "si", label: { es: "Sí", ar: "نعم" } },
            { id: "no", label: { es: "No", ar: "لا" } },
          ],
        },
        {
          id: "born",
          type: "month",
          section: "page",
          label: { es: "¿Cuándo?", ar: "متى؟" },
          min: "1940-01",
        },
      ],
    };
    const { sheets } = surveyToXlsForm(survey);
    const [surveySheet, choices, settings] = sheets;
    const header = surveySheet?.data[0] as string[];
    expect(header.slice(0, 4)).toEqual([
      "type",
      "name",
      "label::Español (es)",
      "label::العربية (ar)",
    ]);
    const column = (name: string) => header.indexOf(name);
    expect(
      surveySheet?.data
        .slice(1)
        .map((r) => [
          r[0],
          r[1],
          r[column("relevant")],
          r[column("appearance")],
          r[column("constraint")],
        ]),
    ).toEqual([
      ["select_one ok", "ok", null, null, null],
      ["begin_group", "page", "${ok} = 'si'", "field-list", null],
      ["date", "born", null, "month-year", ". >= date('1940-01-01')"],
      ["end_group", null, null, null, null],
    ]);
    expect(choices?.data.slice(1).map((r) => r.slice(0, 2))).toEqual([
      ["ok", "si"],
      ["ok", "no"],
    ]);
    expect(settings?.data[1]?.slice(0, 4)).toEqual(["Encuesta", "kobo-shape", 3, "Español (es)"]);
  });

  it("round-trips generated surveys: every field exactly, every condition by what it decides", () => {
    fc.assert(
      fc.property(surveys(), (survey) => {
        const parsed = parseSurvey(survey);
        expect(parsed.ok ? [] : parsed.errors).toEqual([]);
        const { survey: back } = inMemory(survey);
        expect(withoutConditions(back)).toEqual(withoutConditions(survey));
        conditionsAgree(survey, back);
        // One way to write each condition: a second trip changes nothing.
        expect(inMemory(back).survey).toEqual(back);
      }),
      { numRuns: 150 },
    );
  });

  it("survives the file itself: a generated survey through a real .xlsx", async () => {
    const [survey] = fc.sample(surveys(), { numRuns: 1, seed: 14 });
    const { survey: back } = await roundTrip(survey as Survey);
    expect(back).toEqual(inMemory(survey as Survey).survey);
  });
});

// Generated surveys, valid by construction: conditions look back at earlier questions and name
// their options; sections are contiguous; every text is in every language.
const LANGUAGES = ["es", "en", "pt", "fr", "ht", "ar", "prs", "ti", "es-419"];
const word = fc.stringMatching(
  /^[A-Za-zÀ-ÿء-ي][A-Za-z0-9À-ÿء-ي ¿?¡!.,'()-]{0,30}[A-Za-z0-9À-ÿء-ي?!.)]$/,
);
const id = fc.stringMatching(/^[a-z][a-z0-9_]{0,11}$/);

function surveys(): fc.Arbitrary<Survey> {
  return fc
    .record({
      languages: fc.uniqueArray(fc.constantFrom(...LANGUAGES), { minLength: 1, maxLength: 3 }),
      kinds: fc.array(
        fc.constantFrom("single", "multi", "number", "text", "month", "note", "specify"),
        {
          minLength: 1,
          maxLength: 9,
        },
      ),
      seed: fc.integer({ min: 1, max: 2 ** 30 }),
      ids: fc.uniqueArray(id, { minLength: 24, maxLength: 24 }),
      words: fc.array(word, { minLength: 60, maxLength: 60 }),
      intro: fc.boolean(),
      named: fc.boolean(),
      flags: fc.record({ resume: fc.boolean(), nojs: fc.boolean() }),
    })
    .map(({ languages, kinds, seed, ids, words, intro, named, flags }) => {
      let state = seed;
      const random = () => {
        state = (state * 1103515245 + 12345) % 2 ** 31;
        return state / 2 ** 31;
      };
      let w = 0;
      const text = () =>
        Object.fromEntries(languages.map((l) => [l, words[w++ % words.length] as string]));
      const nextId = (() => {
        let i = 0;
        return () => ids[i++] as string;
      })();
      const questions: Question[] = [];
      const choices = () => questions.filter((q) => q.type === "single" || q.type === "multi");
      const condition = (depth = 0): Condition | undefined => {
        const earlier = questions.filter((q) => q.type !== "note" && q.type !== "text");
        if (earlier.length === 0) return undefined;
        const q = earlier[Math.floor(random() * earlier.length)] as Question;
        const roll = random();
        if (depth < 2 && roll < 0.15) {
          const parts = [condition(depth + 1), condition(depth + 1)].filter(Boolean) as Condition[];
          return parts.length ? (random() < 0.5 ? { all: parts } : { any: parts }) : undefined;
        }
        if (depth < 2 && roll < 0.22) {
          const inner = condition(depth + 1);
          return inner && { not: inner };
        }
        if (roll < 0.3) return { question: q.id, answered: random() < 0.5 };
        if (q.type === "single" || q.type === "multi") {
          const option = q.options[Math.floor(random() * q.options.length)]?.id as string;
          const r = random();
          if (r < 0.3) return { question: q.id, equals: option };
          if (r < 0.5) return { question: q.id, equals: q.options.slice(0, 2).map((o) => o.id) };
          if (r < 0.7) return { question: q.id, includes: option };
          return { question: q.id, notEquals: option };
        }
        if (q.type === "number") {
          const op = (["lt", "lte", "gt", "gte"] as const)[Math.floor(random() * 4)] as "lt";
          return { question: q.id, [op]: Math.round(random() * 20) } as Condition;
        }
        return { question: q.id, answered: true };
      };
      const sections: Section[] = [];
      let section: string | undefined;
      for (const kind of kinds) {
        if (random() < 0.3) {
          section = random() < 0.5 ? undefined : nextId();
          if (section) {
            const showIf = condition();
            sections.push({
              id: section,
              ...(random() < 0.5 ? { title: text() } : {}),
              ...(random() < 0.3 ? { intro: text() } : {}),
              ...(showIf ? { showIf } : {}),
            });
          }
        }
        const base = {
          id: nextId(),
          label: text(),
          ...(random() < 0.3 ? { hint: text() } : {}),
          ...(section ? { section } : {}),
        };
        const showIf = random() < 0.5 ? condition() : undefined;
        const withIf = showIf ? { ...base, showIf } : base;
        const required = random() < 0.3 ? { required: true } : {};
        const message = random() < 0.3 ? { constraintMessage: text() } : {};
        if (kind === "single" || kind === "multi") {
          const n = 2 + Math.floor(random() * 3);
          const parent = choices().find((q) => q.type === "single" && q.section === section);
          const filtered = kind === "single" && parent && random() < 0.4 ? parent : undefined;
          const options = Array.from({ length: n }, (_, i) => ({
            id: `o${i}`,
            label: text(),
            ...(filtered && random() < 0.7
              ? {
                  for:
                    filtered.type === "single"
                      ? (filtered.options[i % filtered.options.length]?.id as string)
                      : "",
                }
              : {}),
            ...(kind === "multi" && i === n - 1 && random() < 0.5 ? { exclusive: true } : {}),
          }));
          questions.push(
            kind === "single"
              ? {
                  ...withIf,
                  ...required,
                  type: "single",
                  options,
                  ...(filtered ? { filterBy: filtered.id } : {}),
                }
              : { ...withIf, ...required, ...message, type: "multi", options },
          );
        } else if (kind === "number") {
          const integer = random() < 0.5;
          const min = random() < 0.5 ? Math.round(random() * 5) : undefined;
          const max =
            random() < 0.5 ? 10 + Math.round(random() * 100) / (integer ? 1 : 4) : undefined;
          questions.push({
            ...withIf,
            ...required,
            ...message,
            type: "number",
            ...(integer ? { integer: true } : {}),
            ...(min !== undefined ? { min } : {}),
            ...(max !== undefined ? { max } : {}),
            ...(random() < 0.3 ? { bins: [0, 5, 10] } : {}),
          });
        } else if (kind === "text") {
          questions.push({
            ...withIf,
            ...required,
            ...message,
            type: "text",
            ...(random() < 0.5 ? { maxLength: 1 + Math.floor(random() * 500) } : {}),
          });
        } else if (kind === "month") {
          questions.push({
            ...withIf,
            ...required,
            ...message,
            type: "month",
            ...(random() < 0.5 ? { min: "2000-01" } : {}),
            ...(random() < 0.5 ? { max: "2030-06" } : {}),
            ...(random() < 0.3 ? { bins: ["2010-01", "2020-01"] } : {}),
          });
        } else if (kind === "note") {
          questions.push({ ...withIf, type: "note" });
        } else {
          const parent = choices().at(-1);
          if (!parent || !("options" in parent) || parent.section !== section) continue;
          const taken = new Set(
            questions
              .map((q) => (q.type === "text" ? q.specifies?.option : undefined))
              .filter((o) =>
                questions.some(
                  (q) =>
                    q.type === "text" &&
                    q.specifies?.question === parent.id &&
                    q.specifies.option === o,
                ),
              ),
          );
          const option = parent.options.find((o) => !taken.has(o.id));
          if (!option) continue;
          questions.push({
            ...base,
            type: "text",
            specifies: { question: parent.id, option: option.id },
          });
        }
      }
      if (questions.length === 0) questions.push({ id: nextId(), type: "text", label: text() });
      const used = new Set(questions.map((q) => q.section));
      const single = questions.find((q) => q.type === "single");
      return {
        slug: "generated",
        version: 1,
        languages,
        ...(named ? { languageNames: { [languages[0] as string]: "Lengua propia" } } : {}),
        title: text(),
        ...(intro ? { intro: text() } : {}),
        breakdowns: single && random() < 0.5 ? [single.id] : [],
        ...(sections.some((s) => used.has(s.id))
          ? { sections: sections.filter((s) => used.has(s.id)) }
          : {}),
        questions,
        ...(flags.nojs ? { withoutJavaScript: false } : {}),
        ...(flags.resume ? { resumeOnDevice: true } : {}),
      } satisfies Survey;
    });
}
