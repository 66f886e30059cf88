// What the public survey definition tells an attacker about its own statistics (DESIGN §8,
// "structure"): a multi question's "no answer" is one group, an answered multi has at least
// one option chosen (and an exclusive option is chosen alone), and who is asked a question
// follows from earlier answers (showIf, sections, required, choice filters). Each rule is
// stated once here, as data the attacker's model (client/lib/knowledge.ts) turns into
// linear relations. UI-free.
import type { Question, Survey } from "../../surveys/schema";
import { type Answers, type AnswerValue, checkAnswer, isShown } from "./answers";
import { type Category, type Key, TOTAL } from "./publication";
import { binIds, binOf, tabulatedVariables } from "./tabulate";

/** A statistic a latent state adds to: `{variable: category}` within the context. */
export interface Tie {
  variable: string;
  category: Category;
}

/** One way a question can stand in a respondent's answers, as far as the rule needs to know. */
export interface State {
  /** The statistics of this question that a respondent in this state is counted in. */
  ties: Tie[];
  /** The answer it stands for (absent: unanswered or not shown). */
  value?: AnswerValue;
}

export interface Dimension {
  question: string;
  states: State[];
}

/**
 * Who can have answered `question`, given the questions its showing depends on: a latent table
 * over the question's states and its parents' states in which impossible combinations are
 * absent. Exact for that question and its parents (the attacker can do no better with them).
 */
export interface DependentRule {
  question: string;
  /** The tabulated variables of the question, to find the contexts it is published in. */
  variables: string[];
  dimensions: Dimension[];
  /** Possible combinations: one state index per dimension. */
  cells: number[][];
}

/** An answered multi question chose at least one option; an exclusive option is chosen alone. */
export interface MultiRule {
  question: string;
  /** Variables `q.o` of the options that may be chosen together. */
  options: string[];
  /** Variables of the options chosen alone ("none", "prefer not to say"). */
  exclusive: string[];
}

export interface Structure {
  /** The same group under every name it has: `{q.o: null}` is `{q: null}` for any option o. */
  canonical(key: Key): Key;
  multis: MultiRule[];
  dependents: DependentRule[];
  /**
   * A variable whose categories close over time (feedback months): once a release has shown a
   * category of it, every later release counts exactly the same there.
   */
  closing?: string;
}

/** Feedback channels: months close; categories and countries come from fixed frames. */
export const CHANNEL_STRUCTURE: Structure = {
  canonical: (key) => key,
  multis: [],
  dependents: [],
  closing: "month",
};

/** Tables that are not a survey's (the `suppress` command's, hand-made ones): no structure. */
export const NO_STRUCTURE: Structure = { canonical: (key) => key, multis: [], dependents: [] };

/** A latent table above this many cells is left out, and the README says so. */
export const MAX_LATENT_CELLS = 4096;

type Atom = Record<string, unknown> & { question: string };

/** The questions and atoms a condition reads, walking the plain-data AST of the survey format. */
function atomsOf(condition: unknown, out: Atom[] = []): Atom[] {
  if (!condition || typeof condition !== "object") return out;
  const node = condition as Record<string, unknown>;
  if (typeof node.question === "string") out.push(node as Atom);
  for (const child of [node.all, node.any]) {
    if (Array.isArray(child)) for (const c of child) atomsOf(c, out);
  }
  if (node.not !== undefined) atomsOf(node.not, out);
  return out;
}

/** Every condition that decides whether a question is shown (its own, its section's). */
function conditionsOf(survey: Survey, question: Question): unknown[] {
  const own = (question as { showIf?: unknown }).showIf;
  const sectionId = (question as { section?: string }).section;
  const sections = (survey as { sections?: { id: string; showIf?: unknown }[] }).sections ?? [];
  const section = sections.find((s) => s.id === sectionId)?.showIf;
  return [own, section].filter((c) => c !== undefined);
}

const optionIds = (q: Question): string[] =>
  q.type === "single" || q.type === "multi" ? q.options.map((o) => o.id) : [];

const valid = (q: Question, value: AnswerValue) => checkAnswer(q, value) === null;

/** Numbers that stand for every region the thresholds and bins cut the line into. */
function representatives(q: Question & { type: "number" }, thresholds: number[]): number[] {
  const critical = [...new Set([...(q.bins ?? []), ...thresholds, q.min, q.max])]
    .filter((x): x is number => x !== undefined && Number.isFinite(x))
    .sort((a, b) => a - b);
  const first = critical[0] ?? 0;
  const last = critical.at(-1) ?? 0;
  const points = [first - 1, ...critical, last + 1];
  critical.forEach((x, i) => {
    const next = critical[i + 1];
    if (next !== undefined) points.push((x + next) / 2);
  });
  const rounded = points.flatMap((x) => [x, Math.floor(x), Math.ceil(x)]);
  return [...new Set(rounded)].filter((x) => valid(q, x)).sort((a, b) => a - b);
}

/** The states of a parent question, fine enough to decide every atom on it. */
function parentStates(question: Question, atoms: Atom[], tabulated: Set<string>): State[] {
  const states: State[] = [];
  if (question.type === "single") {
    for (const id of optionIds(question)) {
      states.push({ ties: [{ variable: question.id, category: id }], value: id });
    }
    states.push({ ties: [{ variable: question.id, category: null }] });
    return states;
  }
  if (question.type === "multi") {
    const all = optionIds(question);
    const referenced = all.filter((o) =>
      atoms.some((a) => [a.equals, a.notEquals, a.includes].flat().includes(o)),
    );
    const outside = all.find((o) => !referenced.includes(o));
    for (let mask = 0; mask < 1 << referenced.length; mask++) {
      const chosen = referenced.filter((_, i) => mask & (1 << i));
      const value = chosen.length > 0 ? chosen : outside ? [outside] : null;
      if (!value || !valid(question, value)) continue;
      states.push({
        ties: referenced.map((o) => ({
          variable: `${question.id}.${o}`,
          category: chosen.includes(o) ? "yes" : "no",
        })),
        value,
      });
    }
    states.push({ ties: [{ variable: question.id, category: null }] });
    return states;
  }
  if (question.type === "number") {
    const thresholds = atoms.flatMap((a) =>
      ["lt", "lte", "gt", "gte", "equals", "notEquals"]
        .map((op) => a[op])
        .filter((v): v is number => typeof v === "number"),
    );
    const binned = question.bins && tabulated.has(question.id) ? question.bins : undefined;
    const ids = binned ? binIds(binned) : [];
    const seen = new Set<string>();
    for (const x of representatives(question, thresholds)) {
      const truth = atoms.map((a) => holds(a, { [question.id]: x })).join("");
      const bin = binned ? binOf(binned, x) : -1;
      if (seen.has(`${bin}:${truth}`)) continue;
      seen.add(`${bin}:${truth}`);
      states.push({
        ties: binned ? [{ variable: question.id, category: ids[bin] ?? null }] : [],
        value: x,
      });
    }
    states.push({ ties: binned ? [{ variable: question.id, category: null }] : [] });
    return states;
  }
  // Text and other kinds are never tabulated: only whether they were answered can matter.
  const answered = question.type === "text" ? "x" : undefined;
  if (answered !== undefined) states.push({ ties: [], value: answered });
  states.push({ ties: [] });
  return states;
}

/** The dependent question's own states: its published categories, or answered/not for multi. */
function dependentStates(question: Question, variables: string[]): State[] | null {
  if (question.type === "multi") {
    const first = optionIds(question)[0];
    return first === undefined
      ? null
      : [{ ties: [], value: [first] }, { ties: [{ variable: question.id, category: null }] }];
  }
  if (!variables.includes(question.id)) return null;
  if (question.type === "single") {
    return [
      ...optionIds(question).map((id) => ({
        ties: [{ variable: question.id, category: id }],
        value: id,
      })),
      { ties: [{ variable: question.id, category: null }] },
    ];
  }
  if (question.type === "number" && question.bins) {
    const ids = binIds(question.bins);
    const edges = question.bins;
    // One representative a bin: only answered or not matters to whether it was shown.
    return [
      ...ids.map((id, i) => ({
        ties: [{ variable: question.id, category: id }],
        value: edges[i] as number,
      })),
      { ties: [{ variable: question.id, category: null }] },
    ];
  }
  return null;
}

/** Whether a condition holds for these answers: the survey's own rule (client/lib/answers.ts). */
function holds(condition: unknown, answers: Answers): boolean {
  return isShown({ showIf: condition } as Question, answers);
}

function dependentRule(
  survey: Survey,
  question: Question,
  variables: string[],
  tabulated: Set<string>,
): DependentRule | null {
  const conditions = conditionsOf(survey, question);
  const required = question.required === true;
  if (conditions.length === 0 && !required) return null;
  const own = dependentStates(question, variables);
  if (!own) return null;
  const atoms = conditions.flatMap((c) => atomsOf(c));
  const parents = [...new Set(atoms.map((a) => a.question))]
    .map((id) => survey.questions.find((q) => q.id === id))
    .filter((q): q is Question => q !== undefined);
  const dimensions: Dimension[] = [
    { question: question.id, states: own },
    ...parents.map((p) => ({
      question: p.id,
      states: parentStates(
        p,
        atoms.filter((a) => a.question === p.id),
        tabulated,
      ),
    })),
  ];
  const size = dimensions.reduce((n, d) => n * d.states.length, 1);
  if (size > MAX_LATENT_CELLS) return null;

  const cells: number[][] = [];
  const visit = (depth: number, at: number[], answers: Answers) => {
    if (depth === dimensions.length) {
      const [self, ...rest] = at;
      const answered = own[self as number]?.value !== undefined;
      const shown = isShown(question, answers);
      if (answered ? shown : !(shown && required)) cells.push([self as number, ...rest]);
      return;
    }
    (dimensions[depth] as Dimension).states.forEach((state, i) => {
      const next = { ...answers };
      const id = (dimensions[depth] as Dimension).question;
      if (state.value !== undefined && depth > 0) next[id] = state.value;
      visit(depth + 1, [...at, i], next);
    });
  };
  visit(0, [], {});
  return { question: question.id, variables, dimensions, cells };
}

export function surveyStructure(survey: Survey): Structure {
  const variables = tabulatedVariables(survey);
  const tabulated = new Set(variables.map((v) => v.id));
  const multiOf = new Map<string, string>();
  const multis: MultiRule[] = [];
  const dependents: DependentRule[] = [];
  for (const question of survey.questions) {
    const own = variables.filter((v) => v.id === question.id || v.id.startsWith(`${question.id}.`));
    if (question.type === "multi") {
      const exclusive = new Set(
        question.options
          .filter((o) => (o as { exclusive?: boolean }).exclusive === true)
          .map((o) => `${question.id}.${o.id}`),
      );
      for (const v of own) multiOf.set(v.id, question.id);
      multis.push({
        question: question.id,
        options: own.map((v) => v.id).filter((v) => !exclusive.has(v)),
        exclusive: own.map((v) => v.id).filter((v) => exclusive.has(v)),
      });
    }
    const rule = dependentRule(
      survey,
      question,
      own.map((v) => v.id),
      tabulated,
    );
    if (rule) dependents.push(rule);
  }
  return {
    canonical(key) {
      let out: Key | undefined;
      for (const [variable, category] of Object.entries(key)) {
        const question = multiOf.get(variable);
        if (question === undefined || category !== null) continue;
        out ??= { ...key };
        delete out[variable];
        out[question] = null;
      }
      return out ?? key;
    },
    multis,
    dependents,
  };
}

/** `"*"`-free entries of a key, as the statistic it names. */
export const isTotal = (category: Category | undefined) => category === TOTAL;
