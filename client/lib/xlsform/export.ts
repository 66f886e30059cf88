// biome-ignore-all lint/suspicious/noTemplateCurlyInString: XLSForm expressions name questions as ${name}, literally.
// A Voz survey (DESIGN §3, SPEC §A) as an XLSForm, so an organization can take its
// questionnaire to KoboToolbox or ODK. Sections become field-list groups, conditions `relevant`
// expressions, min/max/maxLength/exclusive options constraints, months `date` with
// `appearance month-year`, choice filters a `filter` column. What only Voz has (bins, the
// survey's intro and title in each language, breakdowns, other-specify) goes in `voz_` columns,
// which Kobo and ODK ignore and import.ts reads back: import(export(s)) is s (docs/xlsform.md).
import type { Condition, Question, Survey, Text } from "../../../surveys/schema";
import { headerName } from "./languages";

export type XlsCell = string | number | null;
export interface XlsFormSheet {
  sheet: string;
  data: XlsCell[][];
}
export interface XlsExport {
  sheets: XlsFormSheet[];
  /** What Kobo or ODK will not take as it is (a name starting with a digit). */
  warnings: string[];
}

const quoted = (id: string) => `'${id}'`;

/** XPath for a Voz condition, written so that import.ts reads the same condition back. */
export function conditionToXPath(condition: Condition, survey: Survey): string {
  const typeOf = (id: string) => survey.questions.find((q) => q.id === id)?.type;
  // Parentheses around any part written with `and` or `or`: lists and notEquals too.
  const group = (c: Condition) => {
    const text = conditionToXPath(c, survey);
    const joined =
      "all" in c ||
      "any" in c ||
      "notEquals" in c ||
      ("equals" in c && Array.isArray(c.equals) && c.equals.length > 1);
    return joined ? `(${text})` : text;
  };
  if ("all" in condition) return condition.all.map(group).join(" and ");
  if ("any" in condition) return condition.any.map(group).join(" or ");
  if ("not" in condition) return `not(${conditionToXPath(condition.not, survey)})`;
  const ref = `\${${condition.question}}`;
  const multi = typeOf(condition.question) === "multi";
  const isOne = (id: string) =>
    multi ? `selected(${ref}, ${quoted(id)})` : `${ref} = ${quoted(id)}`;
  if ("equals" in condition) {
    const ids = Array.isArray(condition.equals) ? condition.equals : [condition.equals];
    return ids.map(isOne).join(" or ");
  }
  if ("notEquals" in condition) {
    const ids = Array.isArray(condition.notEquals) ? condition.notEquals : [condition.notEquals];
    return [`${ref} != ''`, ...ids.map((id) => `not(${isOne(id)})`)].join(" and ");
  }
  if ("includes" in condition) return `selected(${ref}, ${quoted(condition.includes)})`;
  if ("answered" in condition) return `${ref} ${condition.answered ? "!=" : "="} ''`;
  if ("lt" in condition) return `${ref} < ${condition.lt}`;
  if ("lte" in condition) return `${ref} <= ${condition.lte}`;
  if ("gt" in condition) return `${ref} > ${condition.gt}`;
  return `${ref} >= ${condition.gte}`;
}

function range(min: number | string | undefined, max: number | string | undefined, date = false) {
  const value = (v: number | string) => (date ? `date('${v}-01')` : String(v));
  return [
    ...(min === undefined ? [] : [`. >= ${value(min)}`]),
    ...(max === undefined ? [] : [`. <= ${value(max)}`]),
  ].join(" and ");
}

function constraintOf(q: Question): string {
  switch (q.type) {
    case "number":
      return range(q.min, q.max);
    case "month":
      return range(q.min, q.max, true);
    case "text":
      return q.maxLength === undefined ? "" : `string-length(.) <= ${q.maxLength}`;
    case "multi":
      return q.options
        .filter((o) => o.exclusive)
        .map((o) => `not(selected(., ${quoted(o.id)}) and count-selected(.) > 1)`)
        .join(" and ");
    default:
      return "";
  }
}

const XLSFORM_TYPE: Record<Question["type"], (q: Question) => string> = {
  single: (q) => `select_one ${q.id}`,
  multi: (q) => `select_multiple ${q.id}`,
  number: (q) => (q.type === "number" && q.integer ? "integer" : "decimal"),
  text: () => "text",
  month: () => "date",
  note: () => "note",
};

export function surveyToXlsForm(survey: Survey): XlsExport {
  const languages = survey.languages;
  const header = (field: string) =>
    languages.map((l) => `${field}::${headerName(l, survey.languageNames)}`);
  const texts = (text: Text | undefined) => languages.map((l) => text?.[l] ?? null);
  const warnings: string[] = [];

  const surveyHeader = [
    "type",
    "name",
    ...header("label"),
    ...header("hint"),
    "required",
    "relevant",
    "constraint",
    ...header("constraint_message"),
    "choice_filter",
    "appearance",
    "voz_bins",
    "voz_role",
  ];
  const rows: XlsCell[][] = [surveyHeader];
  const row = (cells: {
    type: string;
    name?: string | null;
    label?: Text;
    hint?: Text;
    required?: boolean;
    relevant?: string;
    constraint?: string;
    constraintMessage?: Text;
    choiceFilter?: string;
    appearance?: string;
    bins?: readonly (number | string)[];
    role?: "intro" | "specifies";
  }) =>
    rows.push([
      cells.type,
      cells.name ?? null,
      ...texts(cells.label),
      ...texts(cells.hint),
      cells.required ? "yes" : null,
      cells.relevant || null,
      cells.constraint || null,
      ...texts(cells.constraintMessage),
      cells.choiceFilter ?? null,
      cells.appearance ?? null,
      cells.bins?.join(" ") || null,
      cells.role ?? null,
    ]);

  const hasFilters = survey.questions.some(
    (q) => (q.type === "single" || q.type === "multi") && q.filterBy,
  );
  const choices: XlsCell[][] = [
    ["list_name", "name", ...header("label"), ...(hasFilters ? ["filter"] : [])],
  ];

  if (survey.intro) row({ type: "note", name: "intro", label: survey.intro, role: "intro" });
  const sections = new Map((survey.sections ?? []).map((s) => [s.id, s]));
  let open: string | undefined;
  for (const q of survey.questions) {
    if (q.section !== open) {
      if (open !== undefined) row({ type: "end_group" });
      open = q.section;
      const section = q.section === undefined ? undefined : sections.get(q.section);
      if (section) {
        row({
          type: "begin_group",
          name: section.id,
          ...(section.title ? { label: section.title } : {}),
          ...(section.intro ? { hint: section.intro } : {}),
          ...(section.showIf ? { relevant: conditionToXPath(section.showIf, survey) } : {}),
          appearance: "field-list",
        });
      }
    }
    if (/^[0-9]/.test(q.id)) {
      warnings.push(
        `"${q.id}" starts with a digit: ODK and Kobo need names that start with a letter or _`,
      );
    }
    const specifies = q.type === "text" ? q.specifies : undefined;
    const relevant = specifies
      ? conditionToXPath({ question: specifies.question, includes: specifies.option }, survey)
      : q.showIf && conditionToXPath(q.showIf, survey);
    row({
      type: XLSFORM_TYPE[q.type](q),
      name: q.id,
      label: q.label,
      ...(q.hint ? { hint: q.hint } : {}),
      ...(q.type !== "note" && q.required ? { required: true } : {}),
      ...(relevant ? { relevant } : {}),
      constraint: constraintOf(q),
      ...("constraintMessage" in q && q.constraintMessage
        ? { constraintMessage: q.constraintMessage }
        : {}),
      ...((q.type === "single" || q.type === "multi") && q.filterBy
        ? { choiceFilter: `filter = '' or selected(filter, \${${q.filterBy}})` }
        : {}),
      ...(q.type === "month" ? { appearance: "month-year" } : {}),
      ...((q.type === "number" || q.type === "month") && q.bins ? { bins: q.bins } : {}),
      ...(specifies ? { role: "specifies" as const } : {}),
    });
    if (q.type === "single" || q.type === "multi") {
      for (const option of q.options) {
        const offered = option.for === undefined ? [] : [option.for].flat();
        choices.push([
          q.id,
          option.id,
          ...texts(option.label),
          ...(hasFilters ? [offered.join(" ") || null] : []),
        ]);
      }
    }
  }
  if (open !== undefined) row({ type: "end_group" });

  const first = languages[0] ?? "";
  const settings: XlsCell[][] = [
    [
      "form_title",
      "form_id",
      "version",
      "default_language",
      ...header("voz_title"),
      "voz_breakdowns",
      "voz_without_javascript",
      "voz_resume_on_device",
    ],
    [
      survey.title[first] ?? null,
      survey.slug,
      survey.version,
      headerName(first, survey.languageNames),
      ...texts(survey.title),
      survey.breakdowns.join(" ") || null,
      survey.withoutJavaScript === false ? "no" : null,
      survey.resumeOnDevice ? "yes" : null,
    ],
  ];
  return {
    sheets: [
      { sheet: "survey", data: rows },
      { sheet: "choices", data: choices },
      { sheet: "settings", data: settings },
    ],
    warnings,
  };
}
