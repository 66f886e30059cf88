// biome-ignore-all lint/suspicious/noTemplateCurlyInString: XLSForm expressions name questions as ${name}, literally.
// One survey-sheet row as a Voz question (SPEC §A): texts, required, the own condition, the
// constraint as min/max/maxLength/exclusive options, choice lists with their filters, or_other as
// an "Other" option and its specify question, dates as months. Where the row goes (section,
// groups' conditions) is the walk's business (import.ts).
import type { Condition, Question, Text } from "../../../surveys/schema";
import { type Choice, IdSpace, type ResolveParent, toId, translateChoiceFilter } from "./choices";
import { type Carried, exclusiveOptions, monthRange, numberRange, textLength } from "./constraints";
import { type Expr, parseExpression } from "./expression";
import { identifyingKind } from "./identifying";
import type { ProblemList } from "./problems";
import { NEVER, type Translation } from "./relevant";
import { type Column, type RowCells, saysNo, saysYes, type Table } from "./sheets";
import type { TextPlan, Texts } from "./texts";
import type { RowType } from "./types";
import { OTHER_TEXTS } from "./wording";

export interface QuestionContext {
  texts: Texts;
  columnsOf: TextPlan["columnsOf"];
  languages: readonly string[];
  problems: ProblemList;
  header(table: Table, field: string): string;
  relevant(cells: RowCells): Translation | null;
  /** A left-out row's `relevant` is counted as reported with the row. */
  dropRelevant(cells: RowCells): void;
  claimId(wanted: string): string;
  lists: ReadonlyMap<string, Choice[]>;
  choicesTable: Table | null;
  choiceLabel(choice: Choice): Text;
  /** Marks choice rows as carried (with the choices-sheet columns a filter read). */
  carryChoices(choices: readonly Choice[], columns: readonly Column[]): void;
  resolveParent: ResolveParent;
  /**
   * Whether a text placed now can specify this option: it sits right under the choice
   * question, in its groups, and no earlier text specifies the option.
   */
  canSpecify(questionId: string, option: string): boolean;
  /** Whether the form marks intro notes and other-specify texts (a Voz export's voz_role). */
  hasRoleColumn: boolean;
}

export interface Built {
  /** Without `showIf` and `section`: the walk adds those. */
  question: Question;
  /** The row's own condition (the groups' are joined by the walk). */
  own: Condition | null;
  /** Single and multi: XLSForm choice name → option id. */
  optionOf?: Map<string, string>;
  /** or_other's "Specify other." question, placed right after. */
  specify?: Question;
  /** A Voz export's `voz_role` of the row. */
  role?: "intro";
}

type Asked = Extract<RowType, { kind: "select" } | { kind: "question" }>;

const MONTH_APPEARANCES = new Set(["month-year", "year"]);

export function buildQuestion(ctx: QuestionContext, cells: RowCells, type: Asked): Built | null {
  const { table, row } = cells;
  const report = (column: string, construct: string, message: string) =>
    ctx.problems.add(table.sheet, row.row, column, construct, message);
  const headerOf = (field: string) => ctx.header(table, field);

  const name = cells.take("name");
  if (!name) {
    ctx.dropRelevant(cells);
    report(headerOf("name"), "question without a name", "a question needs a name; row left out");
    return null;
  }
  const wanted = toId(name);
  const id = ctx.claimId(wanted);
  if (id !== wanted) {
    ctx.problems.addNamed(
      table.sheet,
      row.row,
      headerOf("name"),
      "name repeated",
      `${name} → ${id}`,
      (names) => `a name used twice (or equal once made an id) got a number: ${names}`,
    );
  } else if (id !== name) {
    ctx.problems.addNamed(
      table.sheet,
      row.row,
      headerOf("name"),
      "name changed",
      `${name} → ${id}`,
      (names) => `names became Voz ids (a–z, 0–9 and _, at most 40 characters): ${names}`,
    );
  }

  const textColumns = (field: string) => ctx.columnsOf(table, field).map((c) => c.column.index);
  let label = ctx.texts.full(table, row, "label");
  cells.takeColumns(textColumns("label"));
  if (!label) {
    label = Object.fromEntries(ctx.languages.map((l) => [l, name]));
    report(
      ctx.columnsOf(table, "label")[0]?.column.header ?? "label",
      "no label",
      "a question without a label shows its name until someone writes one",
    );
  }
  const hint = ctx.texts.full(table, row, "hint");
  cells.takeColumns(textColumns("hint"));
  const base = { id, label, ...(hint ? { hint } : {}) };

  const requiredCell = cells.take("required");
  const answerable = !(
    type.kind === "question" &&
    (type.type === "note" || type.type === "acknowledge")
  );
  let required = false;
  if (saysYes(requiredCell) && answerable) required = true;
  else if (requiredCell !== "" && !saysNo(requiredCell)) {
    report(
      headerOf("required"),
      answerable ? "required under a condition" : "required note",
      answerable
        ? "required only under a condition is left out: the question is optional"
        : "a note is never answered, so it cannot be required",
    );
  }
  const withRequired = required ? { ...base, required: true } : base;

  const role = ctx.hasRoleColumn ? cells.take("voz_role").toLowerCase() : "";
  const appearances = cells.take("appearance").split(/\s+/).filter(Boolean);
  const isMonthish = type.kind === "question" && type.type === "date";
  for (const a of appearances) {
    if (isMonthish && MONTH_APPEARANCES.has(a)) continue;
    report(
      headerOf("appearance"),
      `appearance ${a}`,
      "how the question is drawn (appearance) is left out: Voz draws each kind of question one way, made for small phones",
    );
  }

  // Taken only by the kinds that can hold a constraint; on any other, the leftovers report it.
  const constraintCell = cells.peek("constraint");
  const constraint = constraintCell ? parseExpression(constraintCell) : null;
  const carriedConstraint = <T>(carry: (e: Expr) => Carried<T>): T | null => {
    if (!constraint) return null;
    cells.take("constraint");
    const result: Carried<T> = constraint.ok
      ? carry(constraint.expr)
      : {
          ok: false,
          construct: "unreadable constraint",
          message: `is not a constraint Voz can read (${constraint.reason})`,
        };
    if (result.ok) return result.value;
    report(
      headerOf("constraint"),
      result.construct,
      `${result.message}; the constraint is left out`,
    );
    return null;
  };
  /** A constraint message goes with a carried constraint, or stands for Voz's own checks. */
  const constraintMessage = (carried: boolean) => {
    if (constraint && !carried) return {};
    const text = ctx.texts.full(table, row, "constraint_message");
    cells.takeColumns(textColumns("constraint_message"));
    return text ? { constraintMessage: text } : {};
  };

  // The own condition is read once the row is known to stay: a left-out row's is reported. A
  // condition that can never be true leaves the question out: the form never shows it.
  const ownCondition = (): Condition | null | "never" => {
    const translation = ctx.relevant(cells);
    if (translation && !translation.ok && translation.construct === NEVER) return "never";
    return translation?.ok ? translation.condition : null;
  };
  if (type.kind === "select" && required && !type.multiple && !type.other) {
    // A required choice with one option is an "I agree" box: as `acknowledge`, its wording
    // stays, as a note. Dropped as "fewer than two choices", the consent text went with it.
    if (ctx.lists.get(type.list)?.length === 1) {
      const own = ownCondition();
      if (own === "never") return null;
      report(
        headerOf("type"),
        "one-choice agreement",
        "a required question with one choice (an agreement box) became a note with its wording: Voz asks for no tick to go on",
      );
      return { question: { type: "note", ...base }, own };
    }
  }
  if (type.kind === "select") {
    const choices = choicesOf(ctx, cells, type, id);
    if (!choices) {
      ctx.dropRelevant(cells);
      return null;
    }
    const own = ownCondition();
    if (own === "never") return null;
    choices.carry();
    return select(type, choices, withRequired, own, carriedConstraint, constraintMessage);
  }
  const own = ownCondition();
  if (own === "never") return null;

  switch (type.type) {
    case "note":
    case "acknowledge":
      if (type.type === "acknowledge") {
        report(
          headerOf("type"),
          "acknowledge",
          "an acknowledge question became a note: Voz asks for no tick to go on",
        );
      }
      return { question: { type: "note", ...base }, own, ...(role === "intro" ? { role } : {}) };
    case "text": {
      flagIdentifying(ctx, cells, name, label);
      const maxLength = carriedConstraint(textLength);
      const specifies = specifyOf(ctx, cells, own, role);
      return {
        question: {
          type: "text",
          ...withRequired,
          ...(maxLength !== null ? { maxLength } : {}),
          ...constraintMessage(maxLength !== null),
          ...(specifies ? { specifies } : {}),
        },
        own: specifies ? null : own,
      };
    }
    case "integer":
    case "decimal":
    case "range": {
      flagIdentifying(ctx, cells, name, label);
      const integer =
        type.type === "integer" ||
        (type.type === "range" && rangeIsWhole(cells.take("parameters")));
      let bounds: { min?: number; max?: number } = {};
      if (type.type === "range") {
        const parameters = cells.take("parameters");
        bounds = rangeBounds(parameters);
        report(
          headerOf("type"),
          "range",
          "a range became a number question with the range's start and end as its bounds",
        );
        const { step } = rangeParameters(parameters);
        if (step !== undefined && step !== 1) {
          report(
            headerOf("parameters"),
            "range step",
            `the step ${step} is left out: Voz has none, so any number from ${bounds.min} to ${bounds.max} is accepted`,
          );
        }
      }
      const range = carriedConstraint((e) => numberRange(e, integer));
      if (range?.loosened) {
        report(
          headerOf("constraint"),
          "strict bound",
          "a strict bound (> or <) on a decimal became inclusive (>= or <=): Voz bounds include their ends",
        );
      }
      const bins = numberBins(cells, report, headerOf);
      return {
        question: {
          type: "number",
          ...withRequired,
          ...(integer ? { integer: true } : {}),
          ...bounds,
          ...(range?.min !== undefined ? { min: range.min } : {}),
          ...(range?.max !== undefined ? { max: range.max } : {}),
          ...(bins ? { bins } : {}),
          ...constraintMessage(range !== null),
        },
        own,
      };
    }
    case "date": {
      if (!appearances.includes("month-year")) {
        report(
          headerOf("type"),
          appearances.includes("year") ? "year asked as month" : "date asked as month",
          appearances.includes("year")
            ? "a year is asked as month and year: Voz has no year-only question"
            : "a full date is asked as month and year only: a day of birth or of arrival can single a person out (SPEC §A)",
        );
      }
      const range = carriedConstraint(monthRange);
      const bins = cells.take("voz_bins").split(/\s+/).filter(Boolean);
      return {
        question: {
          type: "month",
          ...withRequired,
          ...(range?.min ? { min: range.min } : {}),
          ...(range?.max ? { max: range.max } : {}),
          ...(bins.length > 0 ? { bins } : {}),
          ...constraintMessage(range !== null),
        },
        own,
      };
    }
  }
}

interface Choices {
  options: { id: string; label: Text; for?: string | string[] }[];
  optionOf: Map<string, string>;
  carry: () => void;
  /** The XLSForm names of the offered choices, for reading a constraint. */
  names: string[];
  filterBy?: string;
  specify?: Question;
}

/** The question's options: its list, less what its filter never offers, plus or_other. */
function choicesOf(
  ctx: QuestionContext,
  cells: RowCells,
  type: Extract<RowType, { kind: "select" }>,
  id: string,
): Choices | null {
  const { table, row } = cells;
  const report = (column: string, construct: string, message: string) =>
    ctx.problems.add(table.sheet, row.row, column, construct, message);
  const list = ctx.lists.get(type.list);
  if (!list) {
    report(
      ctx.header(table, "type"),
      "choice list missing",
      "the choice list is not in the choices sheet; the question is left out",
    );
    return null;
  }
  let offers: Map<Choice, "always" | "never" | string[]> | null = null;
  let filterBy: string | undefined;
  let filterColumns: readonly Column[] = [];
  const filterCell = cells.take("choice_filter");
  if (filterCell) {
    const parsed = parseExpression(filterCell);
    const result = parsed.ok
      ? translateChoiceFilter(parsed.expr, list, ctx.choicesTable?.columns ?? [], ctx.resolveParent)
      : ({
          ok: false,
          construct: "unreadable choice filter",
          message: `is not a filter Voz can read (${parsed.reason})`,
        } as const);
    if (result.ok) {
      offers = result.offers;
      filterBy = result.filterBy;
      filterColumns = result.columns;
    } else {
      report(ctx.header(table, "choice_filter"), result.construct, result.message);
    }
  }
  // Plain loops: a list may hold 60,000 choices (villages), and this stays linear.
  const offered: Choice[] = [];
  const options: Choices["options"] = [];
  const optionOf = new Map<string, string>();
  for (const choice of list) {
    const offer = offers?.get(choice);
    if (offer === "never") continue;
    offered.push(choice);
    // Choice ids are unique in their list already (readChoiceLists).
    optionOf.set(choice.name, choice.id);
    const option: Choices["options"][number] = { id: choice.id, label: ctx.choiceLabel(choice) };
    if (Array.isArray(offer)) option.for = offer.length === 1 ? (offer[0] as string) : offer;
    options.push(option);
  }
  let specify: Question | undefined;
  if (type.other) {
    const taken = new IdSpace();
    for (const option of options) taken.claim(option.id);
    const otherId = optionOf.get("other") ?? taken.claim("other");
    if (!optionOf.has("other")) {
      optionOf.set("other", otherId);
      options.push({
        id: otherId,
        label: Object.fromEntries(ctx.languages.map((l) => [l, OTHER_TEXTS[l]?.option ?? "Other"])),
      });
    }
    specify = {
      type: "text",
      id: ctx.claimId(toId(`${id}_other`)),
      label: Object.fromEntries(
        ctx.languages.map((l) => [l, OTHER_TEXTS[l]?.specify ?? "Specify other."]),
      ),
      specifies: { question: id, option: otherId },
    };
    report(
      ctx.header(table, "type"),
      "or_other",
      `or_other became an "Other" choice and a "Specify other." question under it (worded in ${Object.keys(OTHER_TEXTS).join(", ")}; in English in other languages until translated)`,
    );
  }
  if (options.length < 2) {
    report(
      ctx.header(table, "type"),
      "fewer than two choices",
      "a choice question needs at least two choices; the question is left out",
    );
    return null;
  }
  /** Once the question is kept: its choice rows are carried, and what it never offers said. */
  const carry = () => {
    const table = ctx.choicesTable;
    if (offers && table) {
      const never = list.filter((c) => offers?.get(c) === "never");
      for (const choice of never) {
        ctx.problems.add(
          table.sheet,
          choice.row.row,
          filterColumns[0]?.header ?? "name",
          "choice never offered",
          "a choice its question's filter can never offer (a blank or unmatched filter cell) is left out of that question",
        );
      }
      ctx.carryChoices(never, filterColumns);
    }
    ctx.carryChoices(offered, filterColumns);
  };
  return {
    options,
    optionOf,
    carry,
    names: offered.map((c) => c.name),
    ...(filterBy ? { filterBy } : {}),
    ...(specify ? { specify } : {}),
  };
}

function select(
  type: Extract<RowType, { kind: "select" }>,
  choices: Choices,
  base: { id: string; label: Text; hint?: Text; required?: boolean },
  own: Condition | null,
  carriedConstraint: <T>(carry: (e: Expr) => Carried<T>) => T | null,
  constraintMessage: (carried: boolean) => { constraintMessage?: Text },
): Built {
  const { options, optionOf, filterBy, specify } = choices;
  const rest = { own, optionOf, ...(specify ? { specify } : {}) };
  if (type.multiple) {
    const exclusive = carriedConstraint((e) => exclusiveOptions(e, choices.names));
    const exclusiveIds = new Set((exclusive ?? []).map((name) => optionOf.get(name)));
    return {
      question: {
        type: "multi",
        ...base,
        options: options.map((o) => (exclusiveIds.has(o.id) ? { ...o, exclusive: true } : o)),
        ...(filterBy ? { filterBy } : {}),
        ...constraintMessage(exclusive !== null),
      },
      ...rest,
    };
  }
  return {
    question: { type: "single", ...base, options, ...(filterBy ? { filterBy } : {}) },
    ...rest,
  };
}

/** A text shown exactly when one option of the choice question just above it is chosen. */
function specifyOf(ctx: QuestionContext, cells: RowCells, own: Condition | null, role: string) {
  const atom =
    own && "question" in own && ("equals" in own || "includes" in own)
      ? { question: own.question, option: "equals" in own ? own.equals : own.includes }
      : null;
  if (ctx.hasRoleColumn) {
    if (role !== "specifies") return null;
    if (atom && typeof atom.option === "string") {
      return { question: atom.question, option: atom.option };
    }
    ctx.problems.add(
      cells.table.sheet,
      cells.row.row,
      ctx.header(cells.table, "voz_role"),
      "specify without its option",
      "marked as specifying an option, but its condition names no one option; kept as a question of its own",
    );
    return null;
  }
  if (!atom || typeof atom.option !== "string" || !ctx.canSpecify(atom.question, atom.option)) {
    return null;
  }
  return { question: atom.question, option: atom.option };
}

function flagIdentifying(ctx: QuestionContext, cells: RowCells, name: string, label: Text) {
  const kind = identifyingKind(name, Object.values(label));
  if (!kind) return;
  const article = /^[aeiou]/.test(kind) ? "an" : "a";
  ctx.problems.add(
    cells.table.sheet,
    cells.row.row,
    ctx.header(cells.table, "name"),
    `may ask for ${article} ${kind}`,
    `seems to ask for ${article} ${kind}: answers are encrypted, but such an answer turns an anonymous response into a named one — confirm it is needed, or remove it`,
  );
}

function rangeParameters(parameters: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [, key, value] of parameters.matchAll(/(\w+)\s*=\s*(-?[\d.]+)/g)) {
    out[key as string] = Number(value);
  }
  return out;
}
function rangeBounds(parameters: string): { min?: number; max?: number } {
  const { start = 1, end = 10 } = rangeParameters(parameters);
  return { min: Math.min(start, end), max: Math.max(start, end) };
}
function rangeIsWhole(parameters: string): boolean {
  const { start = 1, step = 1 } = rangeParameters(parameters);
  return Number.isInteger(start) && Number.isInteger(step);
}

function numberBins(
  cells: RowCells,
  report: (column: string, construct: string, message: string) => void,
  headerOf: (field: string) => string,
): number[] | null {
  const written = cells.take("voz_bins").split(/\s+/).filter(Boolean);
  if (written.length === 0) return null;
  const bins = written.map(Number);
  if (bins.some((b) => !Number.isFinite(b))) {
    report(headerOf("voz_bins"), "bins", "bins must be numbers; left out");
    return null;
  }
  return bins;
}
