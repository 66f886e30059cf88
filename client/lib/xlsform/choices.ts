// biome-ignore-all lint/suspicious/noTemplateCurlyInString: XLSForm expressions name questions as ${name}, literally.
// The choices sheet as lists of options, and `choice_filter` cells as Voz's choice filters
// (SPEC §A: `filterBy` an earlier single question, each option `for` the parent options it is
// offered under). In XPath a filter is evaluated per choice, with the choice's columns as names:
// `state = ${state}` offers a choice when its `state` cell equals the answer — so a blank cell is
// never offered, and `col = 'x'` without a question drops every other choice for good.
import type { Question } from "../../../surveys/schema";
import type { Expr } from "./expression";
import type { ProblemList } from "./problems";
import type { Resolution } from "./relevant";
import { type Column, cellText, type Row, type Table } from "./sheets";

type Single = Extract<Question, { type: "single" }>;

export interface Choice {
  row: Row;
  /** The XLSForm name, as conditions and filters write it. */
  name: string;
  /** The Voz option id: the name made an id, unique in its list. */
  id: string;
}

/** Voz ids are [a-z0-9_]{1,40}; XLSForm names may hold capitals, dots, dashes and more. */
export function toId(name: string): string {
  if (/^[a-z0-9_]{1,40}$/.test(name)) return name;
  const id = name
    .toLowerCase()
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9_]+/g, "_")
    .slice(0, 40);
  return id.replace(/_/g, "") === "" ? "x" : id;
}

/** Makes ids unique in one namespace: a second `yes` becomes `yes_2`. */
export class IdSpace {
  private readonly taken = new Set<string>();
  claim(wanted: string): string {
    let id = wanted;
    for (let n = 2; this.taken.has(id); n++) {
      id = `${wanted.slice(0, 40 - String(n).length - 1)}_${n}`;
    }
    this.taken.add(id);
    return id;
  }
}

/** Reads every list of the choices sheet in one pass (a 60,000-row list stays linear). */
export function readChoiceLists(
  table: Table,
  field: (row: Row, name: string) => string,
  problems: ProblemList,
): Map<string, Choice[]> {
  const lists = new Map<string, Choice[]>();
  const spaces = new Map<string, IdSpace>();
  const nameColumn = table.columns.find((c) => c.field === "name" && !c.language)?.header ?? "name";
  for (const row of table.rows) {
    const list = field(row, "list_name");
    const name = field(row, "name");
    if (!list || !name) {
      problems.add(
        table.sheet,
        row.row,
        list ? nameColumn : "list_name",
        "choice without a list or name",
        "a choice needs a list_name and a name; row left out",
      );
      continue;
    }
    let choices = lists.get(list);
    let space = spaces.get(list);
    if (!choices || !space) {
      choices = [];
      space = new IdSpace();
      lists.set(list, choices);
      spaces.set(list, space);
    }
    const wanted = toId(name);
    const id = space.claim(wanted);
    if (id !== wanted) {
      problems.addNamed(
        table.sheet,
        row.row,
        nameColumn,
        "choice name repeated",
        `${name} → ${id}`,
        (names) =>
          `a choice name repeated in its list (or equal once made an id) got a number: ${names}`,
      );
    } else if (id !== name) {
      problems.addNamed(
        table.sheet,
        row.row,
        nameColumn,
        "name changed",
        `${name} → ${id}`,
        (names) => `choice names became Voz ids (a–z, 0–9 and _, at most 40 characters): ${names}`,
      );
    }
    choices.push({ row, name, id });
  }
  return lists;
}

/** The earlier question a filter names, with its options (and their own `for`, if filtered). */
export type ResolveParent = (
  name: string,
) => Resolution | { ok: true; question: Single; optionOf: ReadonlyMap<string, string> };

export type Offer = "always" | "never" | string[];
export type FilterResult =
  | {
      ok: true;
      filterBy?: string;
      /** For each choice: always offered, never offered, or offered under these parent options. */
      offers: Map<Choice, Offer>;
      /** The choices-sheet columns the filter read, so they count as carried. */
      columns: Column[];
    }
  | { ok: false; construct: string; message: string };

type Atom =
  | { kind: "parent"; column: Column; parent: string; list: boolean }
  | { kind: "value"; column: Column; value: string; equal: boolean };

const NOT_EXPRESSIBLE = {
  ok: false,
  construct: "choice filter",
  message:
    "filters choices in a way Voz cannot express (one earlier single question: column = ${question}); every choice is offered",
} as const;

function disjuncts(expr: Expr): Expr[] {
  return expr.kind === "binary" && expr.op === "or"
    ? [...disjuncts(expr.left), ...disjuncts(expr.right)]
    : [expr];
}
function conjuncts(expr: Expr): Expr[] {
  return expr.kind === "binary" && expr.op === "and"
    ? [...conjuncts(expr.left), ...conjuncts(expr.right)]
    : [expr];
}

function readAtom(expr: Expr, columnNamed: (name: string) => Column | undefined): Atom | null {
  if (expr.kind === "call" && expr.name === "selected" && expr.args.length === 2) {
    const [haystack, needle] = expr.args;
    const column = haystack?.kind === "name" ? columnNamed(haystack.name) : undefined;
    if (column && needle?.kind === "ref") {
      return { kind: "parent", column, parent: needle.name, list: true };
    }
    return null;
  }
  if (expr.kind !== "binary" || (expr.op !== "=" && expr.op !== "!=")) return null;
  const [side, other] =
    expr.left.kind === "name" ? [expr.left, expr.right] : [expr.right, expr.left];
  const column = side.kind === "name" ? columnNamed(side.name) : undefined;
  if (!column) return null;
  if (other.kind === "ref" && expr.op === "=") {
    return { kind: "parent", column, parent: other.name, list: false };
  }
  if (other.kind === "string" || other.kind === "number") {
    return { kind: "value", column, value: String(other.value), equal: expr.op === "=" };
  }
  return null;
}

/**
 * The parent options under which `option` of `question` can be offered, followed up to `ancestor`
 * through each question's own filter; null when it is offered whatever the ancestor's answer.
 */
const OPTIONS = new WeakMap<Single, Map<string, Single["options"][number]>>();
function optionById(question: Single, optionId: string) {
  let index = OPTIONS.get(question);
  if (!index) {
    index = new Map(question.options.map((o) => [o.id, o]));
    OPTIONS.set(question, index);
  }
  return index.get(optionId);
}

function offeredUnder(
  question: Single,
  optionId: string,
  ancestorId: string,
  questions: ReadonlyMap<string, Single>,
): Set<string> | null {
  const option = optionById(question, optionId);
  if (!option?.for || !question.filterBy) return null;
  const parents = Array.isArray(option.for) ? option.for : [option.for];
  if (question.filterBy === ancestorId) return new Set(parents);
  const parent = questions.get(question.filterBy);
  if (!parent) return null;
  const out = new Set<string>();
  for (const p of parents) {
    const under = offeredUnder(parent, p, ancestorId, questions);
    if (!under) return null;
    for (const a of under) out.add(a);
  }
  return out;
}

function within(under: Set<string> | "always", ids: Set<string>): Set<string> {
  return under === "always" ? ids : new Set([...under].filter((id) => ids.has(id)));
}

/** Translates one `choice_filter` over the choices of the question's list. */
export function translateChoiceFilter(
  expr: Expr,
  choices: readonly Choice[],
  choiceColumns: readonly Column[],
  resolve: ResolveParent,
): FilterResult {
  const columnNamed = (name: string) =>
    choiceColumns.find((c) => !c.language && c.header.trim().toLowerCase() === name.toLowerCase());
  const terms: Atom[][] = [];
  for (const term of disjuncts(expr)) {
    const atoms = conjuncts(term).map((e) => readAtom(e, columnNamed));
    if (atoms.some((a) => a === null)) return NOT_EXPRESSIBLE;
    terms.push(atoms as Atom[]);
  }
  const parentAtoms = terms.flat().filter((a) => a.kind === "parent");
  const parents = new Map<string, { question: Single; optionOf: ReadonlyMap<string, string> }>();
  for (const atom of parentAtoms) {
    if (parents.has(atom.parent)) continue;
    const found = resolve(atom.parent);
    if (!found.ok) return { ok: false, construct: found.construct, message: found.message };
    if (!("question" in found)) {
      return {
        ok: false,
        construct: "choice filter on a question without one answer",
        message:
          "filters choices by a question that is not a single choice; Voz filters by one earlier single question, so every choice is offered",
      };
    }
    parents.set(atom.parent, found);
  }
  // Several parents (state, then county): the last one decides, when each other one is implied
  // by it — each county this row names is offered only under the state this row names.
  const byId = new Map([...parents.values()].map((p) => [p.question.id, p.question]));
  const deepestName = parentAtoms.at(-1)?.parent;
  const deepest = deepestName === undefined ? undefined : parents.get(deepestName);

  const offers = new Map<Choice, Offer>();
  let choice = choices[0] as Choice;
  const cell = (column: Column) => cellText(choice.row.cells[column.index]);
  const idsIn = (atom: Extract<Atom, { kind: "parent" }>): Set<string> => {
    const optionOf = parents.get(atom.parent)?.optionOf;
    const values = atom.list ? cell(atom.column).split(/\s+/) : [cell(atom.column)];
    const ids = new Set<string>();
    for (const v of values) {
      const id = optionOf?.get(v);
      if (id !== undefined) ids.add(id);
    }
    return ids;
  };
  for (choice of choices) {
    let offer: Offer = "never";
    for (const atoms of terms) {
      let under: Set<string> | "always" = "always";
      let holds = true;
      const deepAtom = atoms.find((a) => a.kind === "parent" && a.parent === deepestName);
      for (const atom of atoms) {
        if (atom.kind === "value") {
          holds &&= (cell(atom.column) === atom.value) === atom.equal;
          continue;
        }
        const ids = idsIn(atom);
        if (atom.parent === deepestName) {
          under = within(under, ids);
          continue;
        }
        const ancestor = parents.get(atom.parent)?.question;
        if (!deepest || !ancestor || deepAtom?.kind !== "parent") return NOT_EXPRESSIBLE;
        for (const optionId of idsIn(deepAtom)) {
          const allowed = offeredUnder(deepest.question, optionId, ancestor.id, byId);
          if (!allowed || [...allowed].some((a) => !ids.has(a))) return NOT_EXPRESSIBLE;
        }
      }
      if (!holds) continue;
      if (under === "always") {
        offer = "always";
        break;
      }
      if (under.size > 0) offer = [...new Set([...(offer === "never" ? [] : offer), ...under])];
    }
    offers.set(choice, offer);
  }
  const columns = [...new Set(terms.flat().map((a) => a.column))];
  return deepest
    ? { ok: true, filterBy: deepest.question.id, offers, columns }
    : { ok: true, offers, columns };
}
