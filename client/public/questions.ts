// A publication's tables regrouped the way a reader asks: per question, its categories (or, for
// a multi question, its options) with the "no answer" count apart, and every breakdown of it.
// Only what the publication shows is read: a hidden cell stays hidden in every view, and no
// number is derived from others (a share's denominator is a published count). UI-free.
import type { Question, Survey } from "../../surveys/schema";
import { mayBeUnasked } from "../lib/asked";
import { type Category, categoriesOf, type Labels } from "../lib/labels";
import type { PublicCell, PublicTable } from "./publication";

export interface Row {
  key: string;
  label: string;
  cell: PublicCell | undefined;
}

export interface Cross {
  id: string;
  /** The breakdown variable's name. */
  by: string;
  columns: { key: string; label: string }[];
  rows: { key: string; label: string; cells: (PublicCell | undefined)[] }[];
}

export interface QuestionView {
  id: string;
  label: string;
  /** Options of a multi question: one person may be in several rows. */
  several: boolean;
  rows: Row[];
  /** Those counted under no category: skipped, or not shown the question. */
  noAnswer: PublicCell | undefined;
  /** Every response the table covers. */
  total: PublicCell | undefined;
  crosses: Cross[];
}

export function cellAt(table: PublicTable, key: Record<string, Category>): PublicCell | undefined {
  return table.cells.find((cell) =>
    table.variables.every((v) => (cell.key[v] ?? null) === (key[v] ?? null)),
  );
}

const keyOf = (category: Category) => (category === null ? "∅" : category);

/** A group of one-way tables read as one question: one variable, or a multi's option variables. */
interface Group {
  id: string;
  variables: string[];
  /** Options of a multi question: rows are named by their option alone. */
  options?: Map<string, string>;
}

function crossesOf(group: Group, tables: readonly PublicTable[], labels: Labels): Cross[] {
  const [first] = group.variables as [string];
  const crosses: Cross[] = [];
  for (const table of tables) {
    if (table.variables.length !== 2 || table.variables[0] !== first) continue;
    const by = table.variables[1] as string;
    const columns = categoriesOf(table, by);
    const crossOf = (variable: string) =>
      tables.find((t) => t.variables[0] === variable && t.variables[1] === by);
    const rows = group.options
      ? group.variables.map((variable) => {
          const of = crossOf(variable);
          return {
            key: variable,
            label: group.options?.get(variable) ?? labels.variable(variable),
            cells: columns.map((c) =>
              of ? cellAt(of, { [variable]: "yes", [by]: c }) : undefined,
            ),
          };
        })
      : categoriesOf(table, first).map((category) => ({
          key: keyOf(category),
          label: labels.category(first, category),
          cells: columns.map((c) => cellAt(table, { [first]: category, [by]: c })),
        }));
    crosses.push({
      id: `${group.id}-by-${by}`,
      by: labels.variable(by),
      columns: columns.map((c) => ({ key: keyOf(c), label: labels.category(by, c) })),
      rows,
    });
  }
  return crosses;
}

function viewOf(group: Group, tables: readonly PublicTable[], labels: Labels): QuestionView {
  const oneWay = (variable: string) =>
    tables.find((t) => t.variables.length === 1 && t.variables[0] === variable);
  const [first] = group.variables as [string];
  const firstTable = oneWay(first);
  const rows: Row[] = group.options
    ? group.variables.map((variable) => {
        const table = oneWay(variable);
        return {
          key: variable,
          label: group.options?.get(variable) ?? labels.variable(variable),
          cell: table ? cellAt(table, { [variable]: "yes" }) : undefined,
        };
      })
    : (firstTable ? categoriesOf(firstTable, first) : [])
        .filter((c) => c !== null && c !== "*")
        .map((category) => ({
          key: keyOf(category),
          label: labels.category(first, category),
          cell: firstTable ? cellAt(firstTable, { [first]: category }) : undefined,
        }));
  return {
    id: group.id,
    label: labels.variable(group.id),
    several: group.options !== undefined,
    rows,
    noAnswer: firstTable ? cellAt(firstTable, { [first]: null }) : undefined,
    total: firstTable ? cellAt(firstTable, { [first]: "*" }) : undefined,
    crosses: crossesOf(group, tables, labels),
  };
}

/** The groups a survey's questions make, in the survey's order, for those it published. */
function surveyGroups(
  survey: Survey,
  published: ReadonlySet<string>,
  optionLabel: (question: string, option: string) => string,
): Group[] {
  const groups: Group[] = [];
  for (const q of survey.questions) {
    if (q.type === "multi") {
      const options = new Map(
        q.options
          .filter((o) => published.has(`${q.id}.${o.id}`))
          .map((o) => [`${q.id}.${o.id}`, optionLabel(q.id, o.id)]),
      );
      if (options.size > 0) groups.push({ id: q.id, variables: [...options.keys()], options });
    } else if (published.has(q.id)) {
      groups.push({ id: q.id, variables: [q.id] });
    }
  }
  return groups;
}

/**
 * One-way tables read off the margins of two-way ones, for a variable published only broken
 * down (a feedback channel's category × month): the cells are the published "*" margins.
 */
function marginTables(tables: readonly PublicTable[]): PublicTable[] {
  const oneWay = new Set(tables.filter((t) => t.variables.length === 1).map((t) => t.variables[0]));
  const made: PublicTable[] = [];
  for (const table of tables) {
    const [variable, by] = table.variables as [string, string | undefined];
    if (table.variables.length !== 2 || by === undefined || oneWay.has(variable)) continue;
    oneWay.add(variable);
    made.push({
      id: variable,
      variables: [variable],
      cells: table.cells
        .filter((cell) => cell.key[by] === "*")
        .map((cell) => ({ ...cell, key: { [variable]: cell.key[variable] ?? null } })),
    });
  }
  return made;
}

/**
 * Every published question, in the survey's order when there is one; a one-way table no
 * question claims (a feedback channel's, or one the survey no longer names) is its own group.
 */
export function questionViews(
  given: readonly PublicTable[],
  labels: Labels,
  survey?: { definition: Survey; optionLabel: (question: string, option: string) => string },
): QuestionView[] {
  const tables = [...given, ...marginTables(given)];
  const oneWays = tables.filter((t) => t.variables.length === 1).map((t) => t.variables[0]);
  const published = new Set(oneWays as string[]);
  const groups = survey ? surveyGroups(survey.definition, published, survey.optionLabel) : [];
  const claimed = new Set(groups.flatMap((g) => g.variables));
  for (const variable of published) {
    if (!claimed.has(variable)) groups.push({ id: variable, variables: [variable] });
  }
  return groups.map((group) => viewOf(group, tables, labels));
}

/** Whether the survey's conditions may leave someone unasked, so "no answer" covers both. */
export function mayBeUnaskedId(survey: Survey, questionId: string): boolean {
  const question = survey.questions.find((q) => q.id === questionId) as Question | undefined;
  return question ? mayBeUnasked(survey, question) : false;
}

export interface Denominator {
  /** The count every share is of; null when it is hidden, so shares cannot be given. */
  of: number | null;
  /** Of those who answered (no-answer count known), or of every response. */
  answered: boolean;
}

/**
 * Shares are of those who answered when the no-answer count is published; otherwise of every
 * response — the page says which.
 */
export function denominator(view: QuestionView): Denominator {
  const total = view.total && !view.total.suppressed ? view.total.count : null;
  const none = view.noAnswer && !view.noAnswer.suppressed ? view.noAnswer.count : null;
  if (total !== null && none !== null) return { of: total - none, answered: true };
  return { of: total, answered: false };
}
