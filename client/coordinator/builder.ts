// The questionnaire builder's state: a survey definition being edited, and the edits the
// builder offers. The state *is* the definition (DESIGN §3), possibly invalid while someone
// types, so export is the state itself and an import → export round trip loses nothing.
// Edits touch only what they change: no default is ever written back. UI-free.

import { MONTH } from "../../surveys/formats";
import type {
  Condition,
  Question,
  QuestionType,
  SchemaError,
  Survey,
  Text,
} from "../../surveys/schema";
import { type Atom, mapAtoms } from "../lib/conditions";
import { isWellFormed } from "./condition-rows";

export const QUESTION_TYPES: readonly QuestionType[] = [
  "single",
  "multi",
  "number",
  "text",
  "month",
  "note",
];

type Option = { id: string; label: Text };

export function blankSurvey(slug: string, languages: string[]): Survey {
  return {
    slug,
    version: 1,
    languages,
    title: {},
    breakdowns: [],
    questions: [blankQuestion("single", [])],
  };
}

/** The first id of the form `<stem><n>` not in `taken`. */
export function freshId(stem: string, taken: readonly string[]): string {
  for (let n = 1; ; n++) {
    if (!taken.includes(`${stem}${n}`)) return `${stem}${n}`;
  }
}

function blankOptions(): Option[] {
  return [
    { id: "o1", label: {} },
    { id: "o2", label: {} },
  ];
}

export function blankQuestion(type: QuestionType, takenIds: readonly string[]): Question {
  const id = freshId("q", takenIds);
  return type === "single" || type === "multi"
    ? { id, type, label: {}, options: blankOptions() }
    : { id, type, label: {} };
}

/**
 * Keeps what every type shares (id, label, hint, required, showIf, section); options survive a
 * switch between single and multi, other settings do not cross types. A note is never required.
 */
export function changeType(question: Question, type: QuestionType): Question {
  if (question.type === type) return question;
  const { id, label, hint, required, showIf, section } = question;
  const common: Pick<Question, "id" | "label"> & Partial<Question> = { id, label };
  if (hint !== undefined) common.hint = hint;
  if (required !== undefined && type !== "note") common.required = required;
  if (showIf !== undefined) common.showIf = showIf;
  if (section !== undefined) common.section = section;
  if (type === "single" || type === "multi") {
    const options =
      question.type === "single" || question.type === "multi" ? question.options : blankOptions();
    return { ...common, type, options };
  }
  return { ...common, type } as Question;
}

export function replaceQuestion(survey: Survey, index: number, question: Question): Survey {
  return { ...survey, questions: survey.questions.map((q, i) => (i === index ? question : q)) };
}

export function addQuestion(survey: Survey, type: QuestionType): Survey {
  const ids = survey.questions.map((q) => q.id);
  return { ...survey, questions: [...survey.questions, blankQuestion(type, ids)] };
}

/** A condition pointing at the removed question stays, so the validator names it. */
export function removeQuestion(survey: Survey, index: number): Survey {
  const removed = survey.questions[index];
  return {
    ...survey,
    questions: survey.questions.filter((_, i) => i !== index),
    breakdowns: survey.breakdowns.filter((b) => b !== removed?.id),
  };
}

export function move<T>(list: readonly T[], index: number, delta: number): T[] {
  const to = index + delta;
  if (to < 0 || to >= list.length || index < 0 || index >= list.length) return [...list];
  const out = [...list];
  const [item] = out.splice(index, 1);
  out.splice(to, 0, item as T);
  return out;
}

export function moveQuestion(survey: Survey, index: number, delta: number): Survey {
  return { ...survey, questions: move(survey.questions, index, delta) };
}

/** Every condition of a survey (questions' and sections') with each atom changed. */
function mapConditions(survey: Survey, change: (atom: Atom) => Atom): Survey {
  // A malformed condition (imported, or typed as JSON) is left for the validator to name.
  const mapped = (condition: Condition) =>
    isWellFormed(condition) ? mapAtoms(condition, change) : condition;
  const out: Survey = {
    ...survey,
    questions: survey.questions.map((q) => (q.showIf ? { ...q, showIf: mapped(q.showIf) } : q)),
  };
  if (survey.sections) {
    out.sections = survey.sections.map((s) => (s.showIf ? { ...s, showIf: mapped(s.showIf) } : s));
  }
  return out;
}

/**
 * Renames a question and everything that names it: conditions, breakdowns, the questions that
 * specify one of its options and those it filters.
 */
export function renameQuestion(survey: Survey, index: number, id: string): Survey {
  const old = survey.questions[index]?.id;
  if (old === undefined || old === id) return survey;
  const renamed = mapConditions(survey, (atom) =>
    atom.question === old ? { ...atom, question: id } : atom,
  );
  return {
    ...renamed,
    breakdowns: survey.breakdowns.map((b) => (b === old ? id : b)),
    questions: renamed.questions.map((q, i) => {
      if (i === index) return { ...q, id };
      if (q.type === "text" && q.specifies?.question === old) {
        return { ...q, specifies: { ...q.specifies, question: id } };
      }
      if ((q.type === "single" || q.type === "multi") && q.filterBy === old) {
        return { ...q, filterBy: id };
      }
      return q;
    }),
  };
}

/** An atom's option ids renamed; atoms without options (comparisons, answered) unchanged. */
function renameInAtom(atom: Atom, rename: (value: string) => string): Atom {
  const each = (value: string | string[]) =>
    Array.isArray(value) ? value.map(rename) : rename(value);
  if ("equals" in atom) return { ...atom, equals: each(atom.equals) };
  if ("notEquals" in atom) return { ...atom, notEquals: each(atom.notEquals) };
  if ("includes" in atom) return { ...atom, includes: rename(atom.includes) };
  return atom;
}

/** Renames an option and the conditions of later questions that name it. */
export function renameOption(
  survey: Survey,
  questionIndex: number,
  optionIndex: number,
  id: string,
): Survey {
  const question = survey.questions[questionIndex];
  if (!question || (question.type !== "single" && question.type !== "multi")) return survey;
  const old = question.options[optionIndex]?.id;
  if (old === undefined || old === id) return survey;
  const rename = (value: string) => (value === old ? id : value);
  const renamed = mapConditions(survey, (atom) =>
    atom.question === question.id ? renameInAtom(atom, rename) : atom,
  );
  return {
    ...renamed,
    questions: renamed.questions.map((q, i) => {
      if (i === questionIndex) {
        return {
          ...question,
          options: question.options.map((o, j) => (j === optionIndex ? { ...o, id } : o)),
        };
      }
      if (q.type === "text" && q.specifies?.question === question.id) {
        return { ...q, specifies: { ...q.specifies, option: rename(q.specifies.option) } };
      }
      if ((q.type === "single" || q.type === "multi") && q.filterBy === question.id) {
        const options = q.options.map((o) => {
          if (o.for === undefined) return o;
          return { ...o, for: Array.isArray(o.for) ? o.for.map(rename) : rename(o.for) };
        });
        return { ...q, options };
      }
      return q;
    }),
  };
}

/** An emptied text loses its key, so the validator says "missing" rather than "empty". */
export function setText(text: Text | undefined, language: string, value: string): Text {
  const out: Text = { ...text };
  if (value === "") delete out[language];
  else out[language] = value;
  return out;
}

/** An optional text (intro, hint) with no language left disappears from the definition. */
export function setOptionalText(
  text: Text | undefined,
  language: string,
  value: string,
): Text | undefined {
  const out = setText(text, language, value);
  return Object.keys(out).length === 0 ? undefined : out;
}

/** Sets or removes an optional field without leaving `key: undefined` behind. */
export function withField<T extends object, K extends keyof T>(
  value: T,
  key: K,
  field: T[K] | undefined,
): T {
  const out = { ...value };
  if (field === undefined) delete out[key];
  else out[key] = field;
  return out;
}

function mapTexts(survey: Survey, f: (text: Text) => Text): Survey {
  // An optional text left with no language disappears, as setOptionalText does.
  const optional = (text: Text | undefined) => {
    const out = text === undefined ? undefined : f(text);
    return out && Object.keys(out).length > 0 ? out : undefined;
  };
  const questions = survey.questions.map((q) => {
    let out: Question = { ...q, label: f(q.label) };
    if (q.hint) out = withField(out, "hint", optional(q.hint));
    if ("constraintMessage" in out && out.constraintMessage) {
      out = withField(out, "constraintMessage", optional(out.constraintMessage));
    }
    if (out.type === "single" || out.type === "multi") {
      out = { ...out, options: out.options.map((o) => ({ ...o, label: f(o.label) })) };
    }
    return out;
  });
  let out: Survey = { ...survey, title: f(survey.title), questions };
  if (survey.intro) out = withField(out, "intro", optional(survey.intro));
  if (survey.sections) {
    out.sections = survey.sections.map((section) => {
      let changed = section;
      if (section.title) changed = withField(changed, "title", optional(section.title));
      if (section.intro) changed = withField(changed, "intro", optional(section.intro));
      return changed;
    });
  }
  return out;
}

export function addLanguage(survey: Survey, language: string): Survey {
  if (survey.languages.includes(language)) return survey;
  return { ...survey, languages: [...survey.languages, language] };
}

/** Removing a language removes its texts too: they would be invalid otherwise. */
export function removeLanguage(survey: Survey, language: string): Survey {
  const dropped = mapTexts(survey, (text) => {
    const out = { ...text };
    delete out[language];
    return out;
  });
  const names = { ...survey.languageNames };
  delete names[language];
  return withField(
    { ...dropped, languages: survey.languages.filter((l) => l !== language) },
    "languageNames",
    Object.keys(names).length > 0 ? names : undefined,
  );
}

/**
 * A language tag in BCP 47's conventional case (§2.1.1): `fa-AF`, `zh-Hant-TW`, `es-419`.
 * Only the case changes — never the tag (Intl.getCanonicalLocales would turn Dari, `prs`, into
 * `fa-AF`, and the designer chose Dari).
 */
export function canonicalLanguage(typed: string): string {
  const [language = "", ...rest] = typed.trim().split(/[-_]/);
  const subtags = rest.map((part, i) => {
    if (i === 0 && /^[A-Za-z]{4}$/.test(part)) {
      return part.charAt(0).toUpperCase() + part.slice(1).toLowerCase();
    }
    if (i <= 1 && /^[A-Za-z]{2}$/.test(part)) return part.toUpperCase();
    return part.toLowerCase();
  });
  return [language.toLowerCase(), ...subtags].join("-");
}

/** Sets or clears a language's own name (for the language picker). */
export function setLanguageName(survey: Survey, language: string, name: string): Survey {
  const names = { ...survey.languageNames };
  if (name.trim() === "") delete names[language];
  else names[language] = name.trim();
  return withField(survey, "languageNames", Object.keys(names).length > 0 ? names : undefined);
}

export interface MissingText {
  /** The JSON path the validator would name, e.g. `$.questions[2].label.pt`. */
  path: string;
  language: string;
}

/**
 * Every text a language lacks. Computed here, not from the validator, because zod skips the
 * translation check while any field has a shape error — and translators need the list anyway.
 */
export function missingTexts(survey: Survey): MissingText[] {
  const out: MissingText[] = [];
  const check = (text: Text | undefined, path: string, required: boolean) => {
    if (!text && !required) return;
    for (const language of survey.languages) {
      if (!text?.[language]) out.push({ path: `${path}.${language}`, language });
    }
  };
  check(survey.title, "$.title", true);
  check(survey.intro, "$.intro", false);
  survey.sections?.forEach((section, k) => {
    check(section.title, `$.sections[${k}].title`, false);
    check(section.intro, `$.sections[${k}].intro`, false);
  });
  survey.questions.forEach((q, i) => {
    const at = `$.questions[${i}]`;
    check(q.label, `${at}.label`, true);
    check(q.hint, `${at}.hint`, false);
    if ("constraintMessage" in q) check(q.constraintMessage, `${at}.constraintMessage`, false);
    if (q.type === "single" || q.type === "multi") {
      q.options.forEach((o, j) => {
        check(o.label, `${at}.options[${j}].label`, true);
      });
    }
  });
  return out;
}

/** Validation errors by JSON path; a server's `$.definition…` path is brought back to `$…`. */
export function errorsByPath(errors: readonly SchemaError[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const error of errors) {
    const path = error.path.replace(/^\$\.definition(?=$|[.[])/, "$");
    out.set(path, [...(out.get(path) ?? []), error.message]);
  }
  return out;
}

/** Questions a condition before question `index` may name: earlier ones that take an answer. */
export function conditionTargets(survey: Survey, index: number): Question[] {
  return survey.questions.slice(0, index).filter((q) => q.type !== "note");
}

/** Earlier single questions: what a choice question at `index` may be filtered by. */
export function filterParents(survey: Survey, index: number) {
  return survey.questions
    .slice(0, index)
    .filter((q): q is Extract<Question, { type: "single" }> => q.type === "single");
}

/** Where a section starts in `questions`, or -1 while it has none. */
export function sectionStart(survey: Survey, sectionId: string): number {
  return survey.questions.findIndex((q) => q.section === sectionId);
}

/** A new page at the end, holding nothing yet (the validator asks for a question). */
export function addSection(survey: Survey): Survey {
  const taken = [...survey.questions.map((q) => q.id), ...(survey.sections ?? []).map((s) => s.id)];
  return { ...survey, sections: [...(survey.sections ?? []), { id: freshId("page", taken) }] };
}

/** Renames a section and moves its questions along. */
export function renameSection(survey: Survey, index: number, id: string): Survey {
  const old = survey.sections?.[index]?.id;
  if (old === undefined || old === id) return survey;
  return {
    ...survey,
    sections: survey.sections?.map((s, k) => (k === index ? { ...s, id } : s)),
    questions: survey.questions.map((q) => (q.section === old ? { ...q, section: id } : q)),
  };
}

/** Removes a section; its questions stay, each on a page of its own. */
export function removeSection(survey: Survey, index: number): Survey {
  const old = survey.sections?.[index]?.id;
  const sections = (survey.sections ?? []).filter((_, k) => k !== index);
  return withField(
    {
      ...survey,
      questions: survey.questions.map((q) =>
        q.section === old ? withField(q, "section", undefined) : q,
      ),
    },
    "sections",
    sections.length > 0 ? sections : undefined,
  );
}

/**
 * Adds the "please specify" text for one option of the choice question at `index`, right after
 * it and the specify texts it already has, on the same page.
 */
export function addSpecify(survey: Survey, index: number, optionId: string): Survey {
  const parent = survey.questions[index];
  if (!parent || (parent.type !== "single" && parent.type !== "multi")) return survey;
  let at = index + 1;
  while (
    survey.questions[at]?.type === "text" &&
    (survey.questions[at] as Extract<Question, { type: "text" }>).specifies?.question === parent.id
  ) {
    at++;
  }
  const taken = survey.questions.map((q) => q.id);
  const stem = `${parent.id}_${optionId}`.slice(0, 38);
  const specify: Question = {
    id: taken.includes(stem) ? freshId(`${stem.slice(0, 36)}_`, taken) : stem,
    type: "text",
    label: {},
    specifies: { question: parent.id, option: optionId },
  };
  if (parent.section !== undefined) specify.section = parent.section;
  const questions = [...survey.questions];
  questions.splice(at, 0, specify);
  return { ...survey, questions };
}

function listParts(text: string): string[] {
  return text
    .split(/[,;\s]+/)
    .map((p) => p.trim())
    .filter(Boolean);
}

/** Parses "0, 3, 6, 12" into bin edges; null for anything that is not a list of numbers. */
export function parseBins(text: string): number[] | null {
  const numbers = listParts(text).map(Number);
  return numbers.every(Number.isFinite) ? numbers : null;
}

/** Parses "2018-01, 2020-01" into month bin edges; null unless each part is YYYY-MM. */
export function parseMonthBins(text: string): string[] | null {
  const months = listParts(text);
  return months.every((m) => MONTH.test(m)) ? months : null;
}
