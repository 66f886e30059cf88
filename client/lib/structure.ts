// What the public survey definition tells an attacker about its own statistics (DESIGN §8,
// "structure"): a multi question's "no answer" is one group, an answered multi has at least
// one option chosen (and an exclusive option is chosen alone), and who is asked a question
// follows from earlier answers (showIf, sections, required, choice filters). Each rule is
// stated once here, as data the attacker's model (client/lib/knowledge.ts) turns into
// linear relations. UI-free.
import type { ChoiceQuestion, Condition, Question, Survey } from "../../surveys/schema";
import type { Answers, AnswerValue } from "./answers";
import { offeredOptions } from "./answers";
import { atomsOf, isTrue } from "./conditions";
import type { Category, Key } from "./publication";
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
  /** Every answer sheet the survey allows, when there are few enough of them (surveyJoint). */
  joint?: Joint;
}

/**
 * The joint table of a small survey: one row per possible combination of tabulated categories
 * (null: no answer; a multi question `q` is "answered" or null beside its `q.o` variables).
 * With it the audit's model is exact, as the attacker's is; without it, tables that share a
 * variable say nothing to the audit about the variables they do not share (docs/disclosure.md).
 */
export interface Joint {
  variables: string[];
  sheets: Category[][];
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

/** A latent table above this many cells is left out, and docs/disclosure.md says so. */
export const MAX_LATENT_CELLS = 4096;

/**
 * Everything that decides whether a question is shown, as conditions on the answers of the
 * questions shown before it (client/lib/answers.ts, walk): its section's condition, its own,
 * and, for an other-specify text, its option being chosen. A choice filter adds a parent too.
 */
function conditionsOf(survey: Survey, question: Question): Condition[] {
  const out: Condition[] = [];
  const section = (survey.sections ?? []).find((s) => s.id === question.section);
  if (section?.showIf) out.push(section.showIf);
  if (question.showIf) out.push(question.showIf);
  if (question.type === "text" && question.specifies) {
    out.push({ question: question.specifies.question, includes: question.specifies.option });
  }
  return out;
}

/** Whether the question is shown and, if answered, offered this answer, given these parents. */
function possible(
  survey: Survey,
  question: Question,
  answers: Answers,
  value: AnswerValue | undefined,
): { shown: boolean; allowed: boolean } {
  let shown = conditionsOf(survey, question).every((c) => isTrue(c, answers));
  let offered: string[] | null = null;
  if ((question.type === "single" || question.type === "multi") && question.filterBy) {
    offered = offeredOptions(question, answers).map((o) => o.id);
    shown &&= offered.length > 0;
  }
  if (value === undefined) return { shown, allowed: true };
  const chosen = typeof value === "string" ? [value] : Array.isArray(value) ? value : [];
  return { shown, allowed: offered === null || chosen.every((o) => offered.includes(o)) };
}

const optionIds = (q: Question): string[] =>
  q.type === "single" || q.type === "multi" ? q.options.map((o) => o.id) : [];

/** Exclusive options are chosen alone (the only answer rule that matters to a state). */
function choosable(q: ChoiceQuestion, chosen: string[]): boolean {
  const alone = new Set(q.options.filter((o) => o.exclusive).map((o) => o.id));
  return chosen.length <= 1 || !chosen.some((o) => alone.has(o));
}

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
  const rounded = points.flatMap((x) => (q.integer ? [Math.floor(x), Math.ceil(x)] : [x]));
  return [...new Set(rounded)]
    .filter((x) => (q.min === undefined || x >= q.min) && (q.max === undefined || x <= q.max))
    .sort((a, b) => a - b);
}

type AtomOf = ReturnType<typeof atomsOf>[number];

/** The numbers that conditions compare a number question with. */
const thresholdsOf = (atoms: AtomOf[]): number[] =>
  atoms.flatMap((a) =>
    "lt" in a ? [a.lt] : "lte" in a ? [a.lte] : "gt" in a ? [a.gt] : "gte" in a ? [a.gte] : [],
  );

/** The states of a parent question, fine enough to decide every atom on it. */
function parentStates(question: Question, atoms: AtomOf[], tabulated: Set<string>): State[] {
  const unanswered = (variable: string | null): State => ({
    ties: variable ? [{ variable, category: null }] : [],
  });
  if (question.type === "single") {
    return [
      ...optionIds(question).map((id) => ({
        ties: [{ variable: question.id, category: id }],
        value: id,
      })),
      unanswered(question.id),
    ];
  }
  if (question.type === "multi") {
    const all = optionIds(question);
    const named = new Set(
      atoms.flatMap((a) =>
        ("equals" in a
          ? [a.equals]
          : "notEquals" in a
            ? [a.notEquals]
            : "includes" in a
              ? [a.includes]
              : []
        ).flat(),
      ),
    );
    const referenced = all.filter((o) => named.has(o));
    const outside = all.find((o) => !named.has(o));
    const states: State[] = [];
    for (let mask = 0; mask < 1 << referenced.length; mask++) {
      const chosen = referenced.filter((_, i) => mask & (1 << i));
      const value = chosen.length > 0 ? chosen : outside ? [outside] : null;
      if (!value || !choosable(question, value)) continue;
      states.push({
        ties: referenced.map((o) => ({
          variable: `${question.id}.${o}`,
          category: chosen.includes(o) ? "yes" : "no",
        })),
        value,
      });
    }
    return [...states, unanswered(question.id)];
  }
  if (question.type === "number") {
    const thresholds = thresholdsOf(atoms);
    const binned = question.bins && tabulated.has(question.id) ? question.bins : undefined;
    const ids = binned ? binIds(binned) : [];
    const seen = new Set<string>();
    const states: State[] = [];
    for (const x of representatives(question, thresholds)) {
      const truth = atoms.map((a) => (isTrue(a, { [question.id]: x }) ? 1 : 0)).join("");
      const bin = binned ? binOf(binned, x) : -1;
      if (seen.has(`${bin}:${truth}`)) continue;
      seen.add(`${bin}:${truth}`);
      states.push({
        ties: binned ? [{ variable: question.id, category: ids[bin] ?? null }] : [],
        value: x,
      });
    }
    return [...states, unanswered(binned ? question.id : null)];
  }
  // Text, months and notes are not compared (docs/survey-format.md): answered or not.
  const value = question.type === "month" ? (question.min ?? "2000-01") : "x";
  return question.type === "note" ? [unanswered(null)] : [{ ties: [], value }, unanswered(null)];
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
    const edges = question.bins;
    // One representative a bin: only whether it was answered matters to being shown.
    return [
      ...binIds(edges).map((id, i) => ({
        ties: [{ variable: question.id, category: id }],
        value: edges[i] as number,
      })),
      { ties: [{ variable: question.id, category: null }] },
    ];
  }
  return null;
}

function dependentRule(
  survey: Survey,
  question: Question,
  variables: string[],
  tabulated: Set<string>,
): DependentRule | null {
  const conditions = conditionsOf(survey, question);
  const filter =
    (question.type === "single" || question.type === "multi") && question.filterBy
      ? question.filterBy
      : undefined;
  const required = question.required === true;
  if (conditions.length === 0 && !filter && !required) return null;
  const own = dependentStates(question, variables);
  if (!own) return null;
  const atoms = conditions.flatMap(atomsOf);
  const parentIds = [...new Set([...atoms.map((a) => a.question), ...(filter ? [filter] : [])])];
  const parents = parentIds
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
      const value = own[self as number]?.value;
      const { shown, allowed } = possible(survey, question, answers, value);
      const ok = value !== undefined ? shown && allowed : !(shown && required);
      if (ok) cells.push([self as number, ...rest]);
      return;
    }
    const dimension = dimensions[depth] as Dimension;
    dimension.states.forEach((state, i) => {
      const next =
        depth > 0 && state.value !== undefined
          ? { ...answers, [dimension.question]: state.value }
          : answers;
      visit(depth + 1, [...at, i], next);
    });
  };
  visit(0, [], {});
  return { question: question.id, variables, dimensions, cells };
}

/**
 * What a published category implies about other questions, read off the dependent rules and
 * the joint table: `{d: x1}` implies `{p: s2}` when d is shown only if p = s2. Everyone in the
 * first group is in the second, so what the second provably shares, the first shares for no new
 * reason (audit).
 */
export function impliedTies(structure: Structure): (tie: Tie) => Tie[] {
  const implied = new Map<string, Tie[]>();
  const name = (t: Tie) => JSON.stringify([t.variable, t.category]);
  for (const rule of structure.dependents) {
    const own = rule.dimensions[0];
    own?.states.forEach((state, i) => {
      const [tie, ...more] = state.ties;
      if (!tie || more.length > 0 || tie.category === null) return;
      const cells = rule.cells.filter((cell) => cell[0] === i);
      if (cells.length === 0) return;
      const common = rule.dimensions.slice(1).flatMap((dimension, d) => {
        const ties = cells.map((cell) => dimension.states[cell[d + 1] as number]?.ties ?? []);
        const [first = [], ...rest] = ties;
        return first.filter((t) => rest.every((other) => other.some((o) => name(o) === name(t))));
      });
      if (common.length > 0) implied.set(name(tie), common);
    });
  }
  // The joint table says it of every rule at once (m.o1 = no implies m.o2 = yes when m is a
  // required multi of two options).
  const joint = structure.joint;
  joint?.variables.forEach((variable, v) => {
    const groups = new Map<Category, Category[][]>();
    for (const sheet of joint.sheets) {
      const category = sheet[v] as Category;
      const group = groups.get(category);
      if (group) group.push(sheet);
      else groups.set(category, [sheet]);
    }
    for (const [category, sheets] of groups) {
      if (category === null) continue;
      const [first, ...rest] = sheets as [Category[], ...Category[][]];
      const common = joint.variables.flatMap((other, w) =>
        w !== v && rest.every((sheet) => sheet[w] === first[w])
          ? [{ variable: other, category: first[w] as Category }]
          : [],
      );
      const tie = { variable, category };
      const known = implied.get(name(tie)) ?? [];
      const more = common.filter((t) => !known.some((k) => name(k) === name(t)));
      if (known.length + more.length > 0) implied.set(name(tie), [...known, ...more]);
    }
  });
  return (tie) => implied.get(name(tie)) ?? [];
}

/** The values that stand for every way a question can be answered (undefined: not). */
function candidates(question: Question, atoms: AtomOf[]): (AnswerValue | undefined)[] {
  if (question.type === "single") return [...optionIds(question), undefined];
  if (question.type === "multi") {
    const ids = optionIds(question);
    if (ids.length > 10) return [];
    const out: (AnswerValue | undefined)[] = [undefined];
    for (let mask = 1; mask < 1 << ids.length; mask++) {
      const chosen = ids.filter((_, i) => mask & (1 << i));
      if (choosable(question, chosen)) out.push(chosen);
    }
    return out;
  }
  if (question.type === "number") {
    const thresholds = thresholdsOf(atoms);
    return [...representatives(question, thresholds), undefined];
  }
  if (question.type === "month") return ["0000-01", ...(question.bins ?? []), undefined];
  if (question.type === "note") return [undefined];
  return ["x", undefined];
}

/**
 * Walks every answer sheet the survey's rules allow (shown, required, offered, exclusive),
 * keeping only what tabulation or a later condition can tell apart, and gives up past
 * MAX_LATENT_CELLS sheets.
 */
function surveyJoint(survey: Survey): Joint | null {
  const variables = tabulatedVariables(survey);
  const multis = survey.questions.filter((q) => q.type === "multi");
  const atoms = survey.questions.flatMap((q) => conditionsOf(survey, q).flatMap(atomsOf));
  const matters = new Set([
    ...variables.map((v) => v.id.split(".")[0] as string),
    ...atoms.map((a) => a.question),
    ...survey.questions.flatMap((q) =>
      (q.type === "single" || q.type === "multi") && q.filterBy ? [q.filterBy] : [],
    ),
  ]);
  // Questions asked of everyone combine freely: their product alone may already be too many.
  const tabulated = new Set(variables.map((v) => v.id));
  let floor = 1;
  for (const q of survey.questions) {
    if (q.type !== "single" || !tabulated.has(q.id) || q.filterBy) continue;
    if (conditionsOf(survey, q).length > 0) continue;
    floor *= q.options.length + (q.required ? 0 : 1);
    if (floor > MAX_LATENT_CELLS) return null;
  }
  let walked: Answers[] = [{}];
  for (const question of survey.questions) {
    if (!matters.has(question.id)) continue;
    const values = candidates(
      question,
      atoms.filter((a) => a.question === question.id),
    );
    // Most combinations of a question's values with the sheets so far are possible.
    if (values.length === 0 || walked.length * values.length > 2 * MAX_LATENT_CELLS) return null;
    const next = new Map<string, Answers>();
    for (const answers of walked) {
      for (const value of values) {
        const { shown, allowed } = possible(survey, question, answers, value);
        const ok = value !== undefined ? shown && allowed : !(shown && question.required === true);
        if (!ok) continue;
        const sheet = value === undefined ? answers : { ...answers, [question.id]: value };
        next.set(JSON.stringify(sheet), sheet);
      }
    }
    // Partial sheets seldom merge later on: past the cap here, the margins model will do.
    if (next.size > MAX_LATENT_CELLS) return null;
    walked = [...next.values()];
  }
  const names = [...variables.map((v) => v.id), ...multis.map((q) => q.id)];
  const sheets = new Map<string, Category[]>();
  for (const answers of walked) {
    const row: Category[] = variables.map((v) => v.categories[v.categorize(answers)] ?? null);
    for (const q of multis) row.push(answers[q.id] === undefined ? null : "answered");
    sheets.set(JSON.stringify(row), row);
    if (sheets.size > MAX_LATENT_CELLS) return null;
  }
  return { variables: names, sheets: [...sheets.values()] };
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
        question.options.filter((o) => o.exclusive === true).map((o) => `${question.id}.${o.id}`),
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
  const joint = surveyJoint(survey);
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
    ...(joint ? { joint } : {}),
  };
}
