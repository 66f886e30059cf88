// biome-ignore-all lint/suspicious/noTemplateCurlyInString: XLSForm expressions name questions as ${name}, literally.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseSurvey, type Question, type Survey } from "../../../surveys/schema";
import { ARABIC, HOUSEHOLD, type Row, sheetsOf } from "../../../test/fixtures/xlsform";
import { isTrue } from "../conditions";
import { surveyFromXlsForm } from "./import";
import type { XlsProblem } from "./problems";

async function importForm(
  form: Record<string, Row[]>,
  options = { slug: "form-test", title: "Test" },
) {
  const result = surveyFromXlsForm(await sheetsOf(form), options);
  return { ...result, parsed: parseSurvey(result.survey) };
}
const question = (survey: Survey, id: string) => {
  const found = survey.questions.find((q) => q.id === id);
  if (!found) throw new Error(`no question ${id}`);
  return found;
};
const problem = (problems: XlsProblem[], construct: string) =>
  problems.find((p) => p.construct === construct);

/** Which questions a respondent is shown, given answers (SPEC §A: section and own condition). */
function shown(survey: Survey, answers: Record<string, string | string[] | number>): string[] {
  const sections = new Map((survey.sections ?? []).map((s) => [s.id, s]));
  const visible: Record<string, string | string[] | number> = {};
  const out: string[] = [];
  for (const q of survey.questions) {
    const section = q.section ? sections.get(q.section) : undefined;
    const specified = q.type === "text" ? q.specifies : undefined;
    const show =
      (!section?.showIf || isTrue(section.showIf, visible)) &&
      (!q.showIf || isTrue(q.showIf, visible)) &&
      (!specified || isTrue({ question: specified.question, includes: specified.option }, visible));
    if (!show) continue;
    out.push(q.id);
    if (answers[q.id] !== undefined) visible[q.id] = answers[q.id] as string;
  }
  return out;
}

/** One survey sheet with the given rows and a yes/no list, English only. */
const form = (rows: Row[], choices: Row[] = []): Record<string, Row[]> => ({
  survey: [
    ["type", "name", "label::English (en)", "relevant", "constraint", "appearance"],
    ...rows,
  ],
  choices: [
    ["list_name", "name", "label::English (en)"],
    ["yn", "yes", "Yes"],
    ["yn", "no", "No"],
    ...choices,
  ],
});

describe("XLSForm import: a humanitarian household survey", () => {
  it("comes out valid, in English and French, with its title and slug", async () => {
    const { survey, parsed } = await importForm(HOUSEHOLD, {
      slug: "household",
      title: "",
    } as never);
    expect(parsed.ok ? [] : parsed.errors).toEqual([]);
    expect(survey.languages).toEqual(["en", "fr"]);
    expect(survey.slug).toBe("household");
  });

  it("carries the consent gate to everything after it: declining shows only the thanks", async () => {
    const { survey } = await importForm(HOUSEHOLD);
    expect(shown(survey, { consent: "no" })).toEqual(["intro_note", "consent", "thanks"]);
    expect(shown(survey, { consent: "yes", hh_size: 1 })).toEqual([
      "intro_note",
      "consent",
      "hh_size",
      "needs",
      "thanks",
    ]);
    expect(shown(survey, { consent: "yes", hh_size: 4, needs: ["other"] })).toEqual([
      "intro_note",
      "consent",
      "hh_size",
      "state",
      "county",
      "needs",
      "needs_other",
      "thanks",
    ]);
  });

  it("makes the field-list group a section whose condition is the gate around it", async () => {
    const { survey } = await importForm(HOUSEHOLD);
    expect(survey.sections).toEqual([
      {
        id: "needs_page",
        title: { en: "Needs", fr: "Besoins" },
        showIf: { question: "consent", equals: "yes" },
      },
    ]);
    expect(question(survey, "needs").section).toBe("needs_page");
    expect(question(survey, "needs").showIf).toBeUndefined();
    // Outside the page, the gate and the displacement group's condition join the question's.
    expect(question(survey, "county").showIf).toEqual({
      all: [
        { question: "consent", equals: "yes" },
        { question: "hh_size", gt: 1 },
      ],
    });
  });

  it("turns the explicit '_other' text right under its question into other-specify", async () => {
    const { survey } = await importForm(HOUSEHOLD);
    expect(question(survey, "needs_other")).toEqual({
      type: "text",
      id: "needs_other",
      label: { en: "Which other need?", fr: "Quel autre besoin ?" },
      specifies: { question: "needs", option: "other" },
      section: "needs_page",
    });
  });

  it("reads 'none alone' as an exclusive option, with its message in each language", async () => {
    const { survey } = await importForm(HOUSEHOLD);
    const needs = question(survey, "needs");
    expect(
      needs.type === "multi" && needs.options.filter((o) => o.exclusive).map((o) => o.id),
    ).toEqual(["none"]);
    expect(needs.type === "multi" && needs.constraintMessage).toEqual({
      en: "None goes alone",
      fr: "Aucun va seul",
    });
    expect(question(survey, "hh_size")).toMatchObject({
      integer: true,
      min: 1,
      max: 30,
      required: true,
    });
  });

  it("filters counties by state, and leaves out (and says) a county no state offers", async () => {
    const { survey, problems } = await importForm(HOUSEHOLD);
    const county = question(survey, "county");
    expect(county.type === "single" && county.filterBy).toBe("state");
    expect(county.type === "single" && county.options.map((o) => [o.id, o.for])).toEqual([
      ["n1", "north"],
      ["n2", "north"],
      ["s1", "south"],
    ]);
    expect(problem(problems, "choice never offered")).toMatchObject({
      sheet: "choices",
      rows: [9],
    });
  });

  it("says the group titles it cannot show, once for all their rows", async () => {
    const { problems } = await importForm(HOUSEHOLD);
    expect(problems.filter((p) => p.construct === "group title")).toEqual([
      {
        sheet: "survey",
        rows: [4, 6],
        column: "label::English (en)",
        construct: "group title",
        message: expect.stringContaining("outside a page"),
      },
    ]);
  });
});

describe("XLSForm import: type spellings", () => {
  it("reads every select spelling, or_other and 'or specify other'", async () => {
    const { survey, problems } = await importForm(
      form([
        ["select one from yn", "a", "A?", null, null, null],
        ["select all that apply from yn", "b", "B?", null, null, null],
        ["select_one yn or_other", "c", "C?", null, null, null],
        ["select one from yn or specify other", "d", "D?", null, null, null],
        ["Select_Multiple yn", "e", "E?", null, null, null],
      ]),
    );
    expect(survey.questions.map((q) => [q.id, q.type])).toEqual([
      ["a", "single"],
      ["b", "multi"],
      ["c", "single"],
      ["c_other", "text"],
      ["d", "single"],
      ["d_other", "text"],
      ["e", "multi"],
    ]);
    expect(question(survey, "c")).toMatchObject({
      options: [{ id: "yes" }, { id: "no" }, { id: "other", label: { en: "Other" } }],
    });
    expect(question(survey, "c_other")).toMatchObject({
      label: { en: "Specify other." },
      specifies: { question: "c", option: "other" },
    });
    expect(problem(problems, "or_other")?.rows).toEqual([4, 5]);
  });

  it("refuses 'end time' for the respondent's safety instead of taking it for the end of a group", async () => {
    const { survey, problems } = await importForm(
      form([
        ["begin group", "g", "G", "${a} = 'yes'", null, null],
        ["end time", "end_time", null, null, null, null],
        ["select_one yn", "a", "A?", null, null, null],
        ["end group", null, null, null, null, null],
        ["text", "after", "After?", null, null, null],
      ]),
    );
    expect(problem(problems, "type endtime (time of answering)")?.message).toMatch(
      /safety.*exact time/,
    );
    // The group closes at "end group", not at "end time": only `a` is inside it.
    expect(question(survey, "after").showIf).toBeUndefined();
    expect(problem(problems, "depends on a later question")?.rows).toEqual([2]);
  });

  it("refuses identifying types with the privacy reason, one line per type", async () => {
    const { survey, problems } = await importForm(
      form([
        ["start", "start", null, null, null, null],
        ["deviceid", "device", null, null, null, null],
        ["imei", "imei", null, null, null, null],
        ["geopoint", "where", "Where?", null, null, null],
        ["image", "photo", "Photo", null, null, null],
        ["audio", "voice", "Voice", null, null, null],
        ["phonenumber", "phone", null, null, null, null],
        ["audit", "audit", null, null, null, null],
        ["text", "ok", "Fine?", null, null, null],
      ]),
    );
    expect(survey.questions.map((q) => q.id)).toEqual(["ok"]);
    const refused = problems.filter((p) => p.construct.startsWith("type "));
    expect(refused.map((p) => p.rows)).toEqual([[2], [3], [4], [5], [6], [7], [8], [9]]);
    for (const p of refused) {
      expect(p.message).toMatch(/left out for the respondent's safety/);
      expect(p.message).not.toMatch(/not supported/);
    }
  });

  it("refuses repeats with the reason and lists every row left out with them", async () => {
    const { survey, problems } = await importForm(
      form([
        ["begin_repeat", "members", "Members", null, null, null],
        ["text", "member_age", "Age?", null, null, null],
        ["begin_group", "inner", "Inner", null, null, null],
        ["integer", "member_income", "Income?", null, null, null],
        ["end_group", null, null, null, null, null],
        ["end_repeat", null, null, null, null, null],
        ["text", "after", "After?", "${member_age} != ''", null, null],
      ]),
    );
    expect(survey.questions.map((q) => q.id)).toEqual(["after"]);
    expect(problem(problems, "repeat")).toMatchObject({
      rows: [2, 3, 4, 5, 6, 7],
      message: expect.stringContaining("one set of answers"),
    });
    expect(problem(problems, "depends on a question in a repeat")?.rows).toEqual([8]);
  });

  it("asks dates as months, saying so unless the form asked for a month", async () => {
    const { survey, problems } = await importForm(
      form([
        ["date", "arrived", "When did you arrive?", null, ". >= date('2015-01-01')", "month-year"],
        ["date", "born", "Birth date?", null, null, null],
        ["date", "since", "Since which year?", null, null, "year"],
      ]),
    );
    expect(survey.questions.map((q) => [q.id, q.type])).toEqual([
      ["arrived", "month"],
      ["born", "month"],
      ["since", "month"],
    ]);
    expect(question(survey, "arrived")).toMatchObject({ min: "2015-01" });
    expect(problem(problems, "date asked as month")?.rows).toEqual([3]);
    expect(problem(problems, "year asked as month")?.rows).toEqual([4]);
  });

  it("keeps whole and decimal numbers apart and reads a range as bounds", async () => {
    const { survey } = await importForm(
      form([
        ["integer", "n", "N?", null, ". > 0", null],
        ["decimal", "d", "D?", null, ". >= 0.5", null],
      ]),
    );
    expect(question(survey, "n")).toMatchObject({ type: "number", integer: true, min: 1 });
    expect(question(survey, "d")).toMatchObject({ type: "number", min: 0.5 });
    expect(question(survey, "d")).not.toHaveProperty("integer");
  });
});

describe("XLSForm import: conditions", () => {
  it("keeps XPath's blank semantics: != is true when the question was skipped", async () => {
    const { survey } = await importForm(
      form([
        ["select_one yn", "a", "A?", null, null, null],
        ["text", "not_no", "Unless no?", "${a} != 'no'", null, null],
        ["select_multiple yn", "m", "M?", null, null, null],
        ["text", "only_yes", "Exactly yes?", "${m} = 'yes'", null, null],
      ]),
    );
    expect(shown(survey, {})).toContain("not_no");
    expect(shown(survey, { a: "no" })).not.toContain("not_no");
    expect(shown(survey, { m: ["yes"] })).toContain("only_yes");
    expect(shown(survey, { m: ["yes", "no"] })).not.toContain("only_yes");
  });

  it("counts each relevant cell once: kept, translated or reported", async () => {
    const { conditions, problems } = await importForm(
      form([
        ["select_one yn", "a", "A?", null, null, null],
        ["integer", "n", "N?", "selected(${a}, 'yes')", null, null],
        ["text", "t", "T?", "${n} >= 18 and ${a} = 'yes'", null, null],
        ["calculate", "c", null, null, null, null],
        ["text", "u", "U?", "${c} > 3", null, null],
        ["text", "v", "V?", "${n} > today()", null, null],
      ]),
    );
    expect(conditions).toEqual({ kept: 1, translated: 1, reported: 2 });
    expect(problem(problems, "depends on a calculation")?.rows).toEqual([6]);
    expect(problem(problems, "function today()")?.rows).toEqual([7]);
  });
});

describe("XLSForm import: fixed-value calculations", () => {
  it("reads a calculation that is always one value as that value, and no other", async () => {
    const { survey, problems, conditions } = await importForm({
      survey: [
        ["type", "name", "label::English (en)", "relevant", "calculation"],
        ["calculate", "age_threshold", null, null, "15"],
        ["calculate", "module_on", null, null, "1"],
        ["select_one yn", "a", "A?", null, null],
        ["begin_group", "g", "G", "${a} = 'yes'", null],
        ["calculate", "hidden_value", null, null, "3"],
        ["end_group", null, null, null, null],
        ["integer", "age", "Age?", null, null],
        ["text", "work", "Work?", "${age} >= ${age_threshold}", null],
        ["text", "module", "Module?", "${module_on} = 1", null],
        ["text", "gated", "Gated?", "${age} > ${hidden_value}", null],
      ],
      choices: [
        ["list_name", "name", "label::English (en)"],
        ["yn", "yes", "Yes"],
        ["yn", "no", "No"],
      ],
    });
    expect(question(survey, "work").showIf).toEqual({ question: "age", gte: 15 });
    expect(survey.questions.map((q) => q.id)).toEqual(["a", "age", "work", "module", "gated"]);
    expect(question(survey, "module").showIf).toBeUndefined();
    // Inside a group with a condition the calculation is blank while the group is hidden.
    expect(question(survey, "gated").showIf).toBeUndefined();
    expect(problem(problems, "comparison of two answers")?.rows).toEqual([11]);
    expect(conditions).toEqual({ kept: 1, translated: 2, reported: 1 });
  });
});

describe("XLSForm import: what the form never shows", () => {
  it("leaves out a question or a whole group whose condition can never be true", async () => {
    const { survey, problems } = await importForm({
      survey: [
        ["type", "name", "label::English (en)", "relevant", "calculation"],
        ["calculate", "module_on", null, null, "0"],
        ["text", "kept", "Kept?", null, null],
        ["text", "off", "Off?", "false()", null],
        ["begin_group", "module", "Module", "${module_on} = 1", null],
        ["integer", "inside", "Inside?", null, null],
        ["begin_group", "deeper", "Deeper", null, null],
        ["text", "deepest", "Deepest?", null, null],
        ["end_group", null, null, null, null],
        ["end_group", null, null, null, null],
        ["text", "after", "After?", null, null],
      ],
    });
    expect(survey.questions.map((q) => q.id)).toEqual(["kept", "after"]);
    expect(problem(problems, "never true")?.rows).toEqual([4, 5]);
    expect(problem(problems, "never shown")?.rows).toEqual([6, 7, 8, 9, 10]);
  });
});

describe("XLSForm import: languages", () => {
  it("tells the language of every header form, Arabic and Dari included", async () => {
    const { survey, parsed } = await importForm({
      survey: [
        [
          "type",
          "name",
          "label::EN",
          "label:Español",
          "label::العربية",
          "label::Dari (prs)",
          "label::Tigrinya",
        ],
        ["text", "q", "Q?", "¿P?", "س؟", "س؟", "ሕ?"],
      ],
    });
    expect(parsed.ok).toBe(true);
    expect(survey.languages).toEqual(["en", "es", "ar", "prs", "ti"]);
  });

  it("takes a plain label column's language from default_language", async () => {
    const { survey, problems } = await importForm({
      survey: [
        ["type", "name", "label"],
        ["text", "q", "Où ?"],
      ],
      settings: [["default_language"], ["French (fr)"]],
    });
    expect(survey.languages).toEqual(["fr"]);
    expect(problem(problems, "language of the label column")).toBeUndefined();
  });

  it("never takes a plain label column as Spanish in silence: it guesses and asks", async () => {
    const { survey, problems } = await importForm({
      survey: [
        ["type", "name", "label"],
        ["text", "q1", "What is your age?"],
        ["text", "q2", "How many people live in your household?"],
        ["text", "q3", "Do you have a passport?"],
      ],
    });
    expect(survey.languages).toEqual(["en"]);
    expect(problem(problems, "language of the label column")?.message).toMatch(
      /no language.*read as en.*confirm/,
    );
  });

  it("reads a short plain label column as the language of the other label columns", async () => {
    const { survey, parsed, problems } = await importForm({
      survey: [
        ["type", "name", "label::English (en)"],
        ["select_one yn", "q", "Agree?"],
      ],
      choices: [
        ["list_name", "name", "label"],
        ["yn", "yes", "Yes"],
        ["yn", "no", "No"],
      ],
    });
    expect(parsed.ok ? [] : parsed.errors).toEqual([]);
    expect(survey.languages).toEqual(["en"]);
    expect(problem(problems, "language of the label column")?.sheet).toBe("choices");
  });

  it("leaves out a column whose language it cannot tell, and says how to name it", async () => {
    const { survey, problems } = await importForm({
      survey: [
        ["type", "name", "label::English (en)", "label::Klingon"],
        ["text", "q", "Q?", "tlhIngan?"],
      ],
    });
    expect(survey.languages).toEqual(["en"]);
    expect(problem(problems, "language not told")).toMatchObject({
      column: "label::Klingon",
      rows: [2],
      message: expect.stringContaining("label::Klingon (xx)"),
    });
  });

  it("fills a missing translation from the default language and lists what to translate", async () => {
    const { survey, parsed, problems } = await importForm({
      survey: [
        ["type", "name", "label::English (en)", "label::Español (es)"],
        ["text", "a", "A?", "¿A?"],
        ["text", "b", "B?", null],
        ["text", "c", "C?", null],
      ],
    });
    expect(parsed.ok).toBe(true);
    expect(question(survey, "b").label).toEqual({ en: "B?", es: "B?" });
    expect(problem(problems, "missing translation")).toMatchObject({
      column: "label::Español (es)",
      rows: [3, 4],
    });
  });

  it("keeps an earlier answer shown inside a label, and marks any other reference with …", async () => {
    const { survey, problems } = await importForm(
      form([
        ["integer", "n", "How many?", null, null, null],
        ["calculate", "double", null, null, null, null],
        ["note", "said", "You said ${n}.", null, null, null],
        ["text", "why", "Why ${ n } people and ${double} beds, before ${later}?", null, null, null],
        ["text", "later", "Later", null, null, null],
      ]),
    );
    expect(question(survey, "said").label).toEqual({ en: "You said ${n}." });
    expect(question(survey, "why").label).toEqual({ en: "Why ${n} people and … beds, before …?" });
    expect(problem(problems, "answer shown inside a text")?.rows).toEqual([5]);
    expect(parseSurvey({ ...survey, slug: "recall", title: { en: "Recall" } }).ok).toBe(true);
  });
});

describe("XLSForm import: privacy and reporting", () => {
  it("flags text questions that ask for a name, phone, document number or address", async () => {
    const { problems } = await importForm({
      survey: [
        ["type", "name", "label::English (en)", "label::Español (es)"],
        ["text", "q1", "What is your full name?", "¿Cuál es su nombre completo?"],
        ["text", "q2", "Phone", "Teléfono"],
        ["integer", "q3", "Case number", "Número de caso"],
        ["text", "q4", "Home address", "Dirección"],
        ["text", "village_name", "Name of your village", "Nombre de su pueblo"],
        [
          "integer",
          "waited",
          "How long have you waited for your passport?",
          "¿Cuánto esperó su pasaporte?",
        ],
        ["text", "q5", "Comments", "Comentarios"],
      ],
    });
    const flagged = problems.filter((p) => p.construct.startsWith("may ask for"));
    expect(flagged.map((p) => [p.construct, p.rows])).toEqual([
      ["may ask for a name", [2]],
      ["may ask for a phone number", [3]],
      ["may ask for a document or case number", [4]],
      ["may ask for an address", [5]],
    ]);
  });

  it("flags them in German too, and an E-Mail-Adresse as an email (QA: as an address)", async () => {
    const { problems } = await importForm({
      survey: [
        ["type", "name", "label::Deutsch (de)"],
        ["text", "q1", "Wie heißen Sie (Vor- und Nachname)?"],
        ["text", "q2", "Telefonnummer"],
        ["text", "q3", "E-Mail-Adresse"],
        ["text", "q4", "Ausweisnummer"],
        ["text", "q5", "Straße und Hausnummer"],
        ["integer", "q6", "Wie lange haben Sie auf Ihren Pass gewartet?"],
      ],
    });
    const flagged = problems.filter((p) => p.construct.startsWith("may ask for"));
    expect(flagged.map((p) => [p.construct, p.rows])).toEqual([
      ["may ask for a name", [2]],
      ["may ask for a phone number", [3]],
      ["may ask for an email", [4]],
      ["may ask for a document or case number", [5]],
      ["may ask for an address", [6]],
    ]);
  });

  it("reports every column it has no place for, one line per column, never one per row", async () => {
    const rows: Row[] = [["type", "name", "label::English (en)", "default", "priority"]];
    for (let i = 0; i < 50; i++) rows.push(["integer", `q${i}`, `Q${i}?`, "0", "high"]);
    const { problems } = await importForm({ survey: rows });
    expect(problems.map((p) => [p.column, p.rows.length])).toEqual([
      ["default", 50],
      ["priority", 50],
    ]);
  });

  it("refuses a file without a survey sheet with a problem, not a throw", () => {
    const { survey, problems } = surveyFromXlsForm([{ sheet: "Sheet1", data: [["a"]] }]);
    expect(survey.questions).toEqual([]);
    expect(problems.map((p) => p.construct)).toContain("no survey sheet");
  });

  it("drops a select with fewer than two choices and reports what depended on it", async () => {
    const { survey, problems } = await importForm(
      form(
        [
          ["select_one only", "agree", "Agree?", null, null, null],
          ["text", "why", "Why?", "${agree} = 'ok'", null, null],
        ],
        [["only", "ok", "OK"]],
      ),
    );
    expect(survey.questions.map((q: Question) => q.id)).toEqual(["why"]);
    expect(problem(problems, "fewer than two choices")?.rows).toEqual([2]);
    expect(problem(problems, "depends on a question left out")?.rows).toEqual([3]);
  });
});

describe("XLSForm import: an Arabic protection survey", () => {
  it("comes out valid with Arabic first, the gate as a page and Other in Arabic", async () => {
    const { survey, parsed, problems } = await importForm(ARABIC, {
      slug: "protection",
      title: "",
    } as never);
    expect(parsed.ok ? [] : parsed.errors).toEqual([]);
    expect(survey.languages).toEqual(["ar", "en"]);
    expect(survey.title).toEqual({ ar: "مسح الحماية", en: "مسح الحماية" });
    expect(survey.sections).toEqual([
      {
        id: "protection",
        title: { ar: "الحماية", en: "Protection" },
        showIf: { question: "consent", equals: "yes" },
      },
    ]);
    expect(question(survey, "risks")).toMatchObject({
      options: [
        { id: "eviction" },
        { id: "detention" },
        { id: "none", exclusive: true },
        { id: "other", label: { ar: "أخرى", en: "Other" } },
      ],
    });
    expect(question(survey, "risks_other")).toMatchObject({
      label: { ar: "حدد أخرى.", en: "Specify other." },
      specifies: { question: "risks", option: "other" },
      section: "protection",
    });
    expect(problem(problems, "may ask for an address")?.rows).toEqual([7]);
    expect(problem(problems, "type geopoint (location)")?.message).toMatch(/safety/);
    expect(problem(problems, "depends on a calculation")?.rows).toEqual([12]);
    expect(question(survey, "comments").showIf).toBeUndefined();
  });
});

describe("XLSForm import: constructs met in the public corpus", () => {
  it("reads pyxform's old headers: bind:relevant, caption, list name, label:English", async () => {
    const { survey, parsed } = await importForm({
      survey: [
        [
          "type",
          "name",
          "caption:English",
          "bind:relevant",
          "bind:constraint",
          "bind:jr:constraintMsg",
        ],
        ["select one from yn", "ok", "OK?", null, null, null],
        ["integer", "n", "How many?", "${ok} = 'yes'", ". < 10", "Less than ten"],
      ],
      choices: [
        ["list name", "name", "label:English"],
        ["yn", "yes", "Yes"],
        ["yn", "no", "No"],
      ],
    });
    expect(parsed.ok ? [] : parsed.errors).toEqual([]);
    expect(question(survey, "n")).toMatchObject({
      showIf: { question: "ok", equals: "yes" },
      max: 9,
      constraintMessage: { en: "Less than ten" },
    });
  });

  it("filters by the deepest of several parents when each is implied, and drops what a fixed filter hides", async () => {
    const { survey, problems } = await importForm({
      survey: [
        ["type", "name", "label::English (en)", "choice_filter"],
        ["select_one state", "state", "State?", null],
        ["select_one county", "county", "County?", "state=${state}"],
        ["select_one payam", "payam", "Payam?", "state=${state} and county=${county}"],
        ["select_one modality", "modality", "How?", "active='yes'"],
      ],
      choices: [
        ["list_name", "name", "label::English (en)", "state", "county", "active"],
        ["state", "cs", "Central", null, null, null],
        ["state", "wb", "Western", null, null, null],
        ["county", "juba", "Juba", "cs", null, null],
        ["county", "wau", "Wau", "wb", null, null],
        ["payam", "kator", "Kator", "cs", "juba", null],
        ["payam", "rejaf", "Rejaf", "cs", "juba", null],
        ["payam", "bagari", "Bagari", "wb", "wau", null],
        ["modality", "cash", "Cash", null, null, "yes"],
        ["modality", "kind", "In kind", null, null, "yes"],
        ["modality", "voucher", "Voucher", null, null, "no"],
      ],
    });
    expect(question(survey, "payam")).toMatchObject({
      filterBy: "county",
      options: [
        { id: "kator", for: "juba" },
        { id: "rejaf", for: "juba" },
        { id: "bagari", for: "wau" },
      ],
    });
    const modality = question(survey, "modality");
    expect(modality.type === "single" && modality.options.map((o) => o.id)).toEqual([
      "cash",
      "kind",
    ]);
    expect(modality).not.toHaveProperty("filterBy");
    expect(problem(problems, "choice never offered")?.rows).toEqual([11]);
  });

  it("leaves nested groups' titles in a page as notes and joins their conditions", async () => {
    const { survey } = await importForm(
      form([
        ["select_one yn", "a", "A?", null, null, null],
        ["begin_group", "page", "Page", null, null, "field-list"],
        ["begin_group", "inner", "Only if A", "${a} = 'yes'", null, null],
        ["text", "b", "B?", null, null, null],
        ["end_group", null, null, null, null, null],
        ["end_group", null, null, null, null, null],
      ]),
    );
    expect(survey.questions.map((q) => [q.id, q.type, q.section, q.showIf])).toEqual([
      ["a", "single", undefined, undefined],
      ["inner", "note", "page", { question: "a", equals: "yes" }],
      ["b", "text", "page", { question: "a", equals: "yes" }],
    ]);
  });

  it("refuses loops, external choices, includes and device aliases with their reasons", async () => {
    const { survey, problems } = await importForm(
      form([
        ["begin loop over yn", "loop", "Loop", null, null, null],
        ["integer", "inside", "Inside?", null, null, null],
        ["end loop", null, null, null, null, null],
        ["select_one_from_file places.csv", "place", "Place?", null, null, null],
        ["include", "other_form", null, null, null, null],
        ["uri:deviceid", "device", null, null, null, null],
        ["text", "kept", "Kept?", null, null, null],
      ]),
    );
    expect(survey.questions.map((q) => q.id)).toEqual(["kept"]);
    expect(problems.map((p) => [p.construct, p.rows])).toEqual([
      ["repeat", [2, 3, 4]],
      ["choices from a file", [5]],
      ["include", [6]],
      ["type uri:deviceid (phone or account identifier)", [7]],
      ["choice not used", [2, 3]],
    ]);
  });
});

describe("XLSForm import: found by QA in real forms (5 December)", () => {
  it("reads the choices' `value` column as their names, as pyxform and SurveyCTO do", async () => {
    // williameoswald/compareXLSForms inst/extdata/sample1.xlsx: the choices' names under
    // `value`. Read as an unknown column, every choice went, then the consent question, then the
    // gate on the group after it: everyone was asked everything.
    const { survey, parsed } = await importForm({
      survey: [
        ["type", "name", "label", "required", "relevance"],
        ["select_one yesno", "consent", "Do you agree to take part?", "yes", null],
        ["begin group", "consented", "Questions", null, "${consent}=1"],
        ["text", "name", "Your first name", null, null],
        ["end group", null, null, null, null],
      ],
      choices: [
        ["list_name", "value", "label"],
        ["yesno", "1", "Yes"],
        ["yesno", "0", "No"],
      ],
    });
    expect(parsed.ok).toBe(true);
    const consent = question(survey, "consent");
    expect(consent.type === "single" && consent.options.map((o) => o.id)).toEqual(["1", "0"]);
    expect(shown(survey, { consent: "0" })).toEqual(["consent"]);
    expect(shown(survey, { consent: "1" })).toContain("name");
  });

  it("says it leaves a range's step out: 37 is accepted where the form took only 0, 5, 10…", async () => {
    const { survey, problems } = await importForm({
      survey: [
        ["type", "name", "label", "parameters"],
        ["range", "pct", "Percent?", "start=0 end=100 step=5"],
        ["range", "score", "Score?", "start=0 end=10 step=0.5"],
        ["range", "plain", "Plain?", "start=1 end=5 step=1"],
      ],
    });
    expect(question(survey, "pct")).toMatchObject({ min: 0, max: 100 });
    const step = problems.find((p) => p.construct === "range step");
    expect(step?.rows).toEqual([2, 3]);
    expect(step?.column).toBe("parameters");
  });

  it("leaves out a question whose row has a calculation, and reports conditions on it", async () => {
    // A read-only "household size (computed)": pyxform binds it calculate; asked, the person
    // would type it, and the condition after it would read what they typed.
    const { survey, problems } = await importForm({
      survey: [
        ["type", "name", "label", "read_only", "calculation", "relevant"],
        ["integer", "hh", "Household size?", null, null, null],
        ["integer", "hh_copy", "Household size (computed)", "yes", "${hh} * 1", null],
        ["text", "q", "Question after", null, null, "${hh_copy} > 2"],
      ],
    });
    expect(survey.questions.map((q: Question) => q.id)).toEqual(["hh", "q"]);
    expect(problem(problems, "depends on a calculation")?.rows).toEqual([4]);
  });

  it("keeps a required one-choice agreement box's wording, as a note, as for acknowledge", async () => {
    // CorrelAid/xlsform2lstsv docker_tests/fixtures/testB.xlsx row 65: the privacy-policy
    // consent, required, one choice. Dropped as "fewer than two choices", its text went too.
    const { survey, problems, parsed } = await importForm({
      survey: [
        ["type", "name", "label", "required"],
        ["select_one agree", "consent_privacy", "I agree to the privacy policy", "yes"],
        ["text", "why", "Why?", null],
      ],
      choices: [
        ["list_name", "name", "label"],
        ["agree", "yes", "I agree"],
      ],
    });
    expect(parsed.ok).toBe(true);
    expect(question(survey, "consent_privacy")).toMatchObject({
      type: "note",
      label: { en: "I agree to the privacy policy" },
    });
    expect(problem(problems, "one-choice agreement")?.rows).toEqual([2]);
  });

  it("reads a condition on a choice the list does not have as never true, as Kobo does", async () => {
    // hotosm/fmtm slum_assessment_survey.xlsx: "Other – please specify" under
    // selected(${…}, 'other') with no 'other' in the list. Kobo never shows it; refused, Voz
    // asked it of everyone, out of context.
    const { survey, problems } = await importForm({
      survey: [
        ["type", "name", "label", "relevant"],
        ["select_multiple why", "reasons", "Why did you move?", null],
        ["text", "reasons_other", "Other, please specify", "selected(${reasons}, 'other')"],
        ["text", "not_other", "Anything else?", "not(selected(${reasons}, 'other'))"],
        ["text", "work_more", "What work?", "selected(${reasons}, 'work') or ${reasons} = 'oter'"],
      ],
      choices: [
        ["list_name", "name", "label"],
        ["why", "work", "Work"],
        ["why", "family", "Family"],
      ],
    });
    expect(survey.questions.map((q: Question) => q.id)).toEqual([
      "reasons",
      "not_other",
      "work_more",
    ]);
    expect(question(survey, "not_other").showIf).toBeUndefined();
    expect(question(survey, "work_more").showIf).toEqual({ question: "reasons", includes: "work" });
    expect(problem(problems, "choice not in the list")?.rows).toEqual([3, 4, 5]);
  });

  it("refuses a condition nested a thousand deep with a report, never a stack overflow", async () => {
    const deep = `${"not(".repeat(1000)}\${a} = 'yes'${")".repeat(1000)}`;
    const { survey, problems } = await importForm({
      survey: [
        ["type", "name", "label", "relevant"],
        ["select_one yn", "a", "A?", null],
        ["text", "b", "B?", deep],
      ],
      choices: [
        ["list_name", "name", "label"],
        ["yn", "yes", "Yes"],
        ["yn", "no", "No"],
      ],
    });
    expect(survey.questions.map((q: Question) => q.id)).toEqual(["a", "b"]);
    expect(
      problems.some((p) => p.rows.includes(3) && /nested more than 100 deep/.test(p.message)),
    ).toBe(true);
  });
});

describe("XLSForm import: the report says only what was lost", () => {
  it("says nothing of a false `required` on a group row, and still reports a true one", async () => {
    // CorrelAid/xlsform2lstsv docker_tests/fixtures/testA.xlsx: `required` FALSE on every
    // begin_group row, reported as a column Voz has no place for although nothing was lost.
    const { problems } = await importForm({
      survey: [
        ["type", "name", "label", "required"],
        ["begin_group", "a", "A", false],
        ["text", "a1", "A1?", null],
        ["end_group", null, null, null],
        ["begin group", "b", "B", "no"],
        ["text", "b1", "B1?", null],
        ["end group", null, null, null],
        ["begin group", "c", "C", "FALSE()"],
        ["text", "c1", "C1?", null],
        ["end group", null, null, null],
        ["begin group", "d", "D", "yes"],
        ["text", "d1", "D1?", null],
        ["end group", null, null, null],
      ],
    });
    expect(problems.filter((p) => p.column === "required").map((p) => p.rows)).toEqual([[11]]);
  });

  it("names the names it changed, not a fixed example", async () => {
    // crafted/qa_ids.xlsx: every form was told "e.g. Yes → yes" and "age, age_2", whatever it
    // had renamed.
    const { problems } = await importForm({
      survey: [
        ["type", "name", "label"],
        ["select_one dk", "Q2.a", "Q2?"],
        ["text", "q2_a", "Q2 again?"],
        ["text", "dup", "First?"],
        ["text", "dup", "Second?"],
      ],
      choices: [
        ["list_name", "name", "label"],
        ["dk", "Dont_know", "Don't know"],
        ["dk", "dont know", "Don't know (2)"],
        ["dk", "DONT_KNOW", "Don't know (3)"],
      ],
    });
    const messages = problems
      .filter((p) => p.construct.includes("name"))
      .map((p) => [p.sheet, p.construct, p.rows, p.message]);
    expect(messages).toEqual([
      [
        "choices",
        "name changed",
        [2],
        "choice names became Voz ids (a–z, 0–9 and _, at most 40 characters): Dont_know → dont_know",
      ],
      [
        "choices",
        "choice name repeated",
        [3, 4],
        "a choice name repeated in its list (or equal once made an id) got a number: dont know → dont_know_2, DONT_KNOW → dont_know_3",
      ],
      [
        "survey",
        "name changed",
        [2],
        "names became Voz ids (a–z, 0–9 and _, at most 40 characters): Q2.a → q2_a",
      ],
      [
        "survey",
        "name repeated",
        [3, 5],
        "a name used twice (or equal once made an id) got a number: q2_a → q2_a_2, dup → dup_2",
      ],
    ]);
  });

  it("follows no reference to a name two rows share, and says so", async () => {
    // pyxform refuses the form; read as the latest row of that name, "${dup} = 'yes'" silently
    // followed the second question, whichever the designer meant.
    const { survey, problems } = await importForm(
      form([
        ["select_one yn", "dup", "First?"],
        ["select_one yn", "dup", "Second?"],
        ["text", "dup_why", "Why?", "${dup} = 'yes'"],
        ["integer", "later", "Later (you said ${dup})", "${dup} = 'yes'"],
        ["begin_group", "grp", "Group"],
        ["text", "inside", "Inside"],
        ["end_group", "grp"],
        ["text", "after", "After", "${inside} != ''"],
      ]),
    );
    // Was { question: "dup_2", equals: "yes" } for both; the text right after a select is
    // read as its "other, please specify".
    expect({
      label: question(survey, "later").label.en,
      later: question(survey, "later").showIf,
      why: (question(survey, "dup_why") as { specifies?: unknown }).specifies,
    }).toEqual({ label: "Later (you said …)", later: undefined, why: undefined });
    expect(problem(problems, "names a repeated name")).toMatchObject({
      sheet: "survey",
      rows: [4, 5],
      message: expect.stringMatching(
        /^names \$\{dup\}, which more than one row of the form is called;/,
      ),
    });
    // A group's name again on its end row names nothing new.
    expect(question(survey, "after").showIf).toBeDefined();
    expect(problems.filter((p) => p.construct === "names a repeated name")).toHaveLength(1);
  });
});

describe("XLSForm import: any spreadsheet", () => {
  it("never throws, whatever the cells, and reports rows in order", () => {
    const cell = fc.oneof(
      fc.constant(null),
      fc.integer(),
      fc.boolean(),
      fc.string({ maxLength: 12 }),
      fc.constantFrom(
        "select_one yn",
        "select_multiple yn or_other",
        "begin_group",
        "end_group",
        "begin_repeat",
        "end repeat",
        "integer",
        "date",
        "note",
        "text",
        "calculate",
        "geopoint",
        "${a} = 'yes'",
        "selected(${b}, 'no') and ${c} > 3",
        ". >= 0 and . <= 10",
        "filter=${a}",
        "yes",
        "a",
        "b",
        "c",
      ),
    );
    const header = fc.constantFrom(
      "type",
      "name",
      "label",
      "label::English (en)",
      "label:Español",
      "hint",
      "relevant",
      "constraint",
      "choice_filter",
      "appearance",
      "required",
      "list_name",
      "filter",
      "default_language",
      "form_id",
    );
    const sheet = (name: string) =>
      fc
        .tuple(
          fc.array(header, { minLength: 1, maxLength: 8 }),
          fc.array(fc.array(cell, { maxLength: 8 }), { maxLength: 20 }),
        )
        .map(([head, rows]) => ({ sheet: name, data: [head, ...rows] }));
    fc.assert(
      fc.property(fc.tuple(sheet("survey"), sheet("choices"), sheet("settings")), (sheets) => {
        const { survey, problems } = surveyFromXlsForm(sheets);
        parseSurvey(survey);
        for (const p of problems) expect(p.rows).toEqual([...p.rows].sort((a, b) => a - b));
      }),
      { numRuns: 300 },
    );
  });
});
