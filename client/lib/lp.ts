// The linear programs of disclosure control (DESIGN §8), solved by HiGHS: here the attacker's
// (how tightly what is known bounds a hidden count; what is asked of it is question.ts, what
// feasible points already settle seen.ts), loading HiGHS, building a model and counting the work;
// the defender's (the cheapest published cells whose suppression would let a count move) is
// cover.ts. Both read the same knowledge (client/lib/knowledge.ts). HiGHS is ~1.2 MB of
// WebAssembly, so it is loaded on first use only.
import type { Highs, InitOptions, Model } from "highs";
import type { Knowledge } from "./knowledge";
import { type Expression, evaluate, type Row } from "./linear";
import { type Answer, EPSILON, type Question } from "./question";
import { seededRandom } from "./random";
import { type LocalPart, Seen, settledApart } from "./seen";

let loading: Promise<Highs> | undefined;

/**
 * The first call's options win: a bundled browser worker passes `locateFile` with the wasm's
 * built URL before anything else loads HiGHS; Node finds the wasm beside the package itself.
 */
export function loadHighs(options: Pick<InitOptions, "locateFile"> = {}): Promise<Highs> {
  loading ??= import("highs").then((module) => module.default(options));
  return loading;
}

/**
 * An LP over `columns` (their bounds) subject to `rows`, with cost `cost` (none unless given):
 * how both models here and the defender's (cover.ts) are built.
 */
export function modelOf(
  highs: Highs,
  columns: readonly { lower: number; upper: number }[],
  rows: readonly Row[],
  cost: readonly number[] = new Array(columns.length).fill(0),
  upper: readonly number[] = columns.map((c) => c.upper),
): Model {
  return highs.createModel({
    numCols: columns.length,
    numRows: rows.length,
    colCost: [...cost],
    colLower: columns.map((c) => c.lower),
    colUpper: [...upper],
    rowLower: rows.map((r) => (Number.isFinite(r.lower) ? r.lower : -highs.infinity)),
    rowUpper: rows.map((r) => (Number.isFinite(r.upper) ? r.upper : highs.infinity)),
    matrix: { format: "csr", numRows: rows.length, numCols: columns.length, ...csr(rows) },
  });
}

function csr(rows: readonly { columns: number[]; coefficients: number[] }[]) {
  const starts = [0];
  const indices: number[] = [];
  const values: number[] = [];
  for (const row of rows) {
    indices.push(...row.columns);
    values.push(...row.coefficients);
    starts.push(indices.length);
  }
  return { starts, indices, values };
}

/**
 * Presolve off: each solve then starts from the previous basis, which is what makes many solves
 * on one model cheap. When only the objective changes between solves the basis stays feasible,
 * and the primal simplex goes on from it; when a row changes, the dual simplex does.
 */
export function quiet(model: Model, changing: "objective" | "rows"): void {
  const simplex_strategy = changing === "objective" ? 4 : 1;
  model.options.set({ output_flag: false, presolve: "off", simplex_strategy });
}

/**
 * Pushes (solveComponent): at most this many, each while at least PUSH_MIN questions are open,
 * and none after one that settled less than PUSH_GAIN of them. Tuned on bench:suppress: 40,
 * 10 and 0.5 % gave the same work within 1 %; minimizing every other push cost the gate's audit
 * a fifth more.
 */
const PUSHES = 20;
const PUSH_MIN = 20;
const PUSH_GAIN = 0.01;
/**
 * The weight of the other open parts beside the one a witness is sought for (solveComponent):
 * small, so that the part's own greatest value still leads.
 */
const WITNESS_WEIGHT = 0.001;

/** Columns tied by some row: each group is an LP of its own. */
function components(columnCount: number, rows: readonly Row[]): number[] {
  const parent = Array.from({ length: columnCount }, (_, i) => i);
  const find = (i: number): number => {
    let root = i;
    while (parent[root] !== root) root = parent[root] as number;
    while (parent[i] !== root) {
      const next = parent[i] as number;
      parent[i] = root;
      i = next;
    }
    return root;
  };
  for (const row of rows) {
    const [first, ...rest] = row.columns;
    if (first === undefined) continue;
    for (const c of rest) parent[find(c)] = find(first);
  }
  return parent.map((_, i) => find(i));
}

interface Part {
  question: number;
  expression: Expression;
}

/** A small stable hash of a component's LP, so an unchanged component is not solved twice. */
function fingerprint(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
  }
  return `${(h1 >>> 0).toString(36)}${(h2 >>> 0).toString(36)}:${text.length}`;
}

/**
 * Feasible points carried from one audit to the next (client/lib/points.ts): every point of a
 * model stays feasible when more cells are hidden, so most questions of a repeated audit are
 * settled by points already known. Points live in the statistic space of Knowledge
 * (`release × statistics + statistic`).
 */
export interface Seeding {
  /** Points feasible for this model; a caller may add those `found` (client/lib/points.ts). */
  points: readonly Float64Array[];
  /** A feasible point of this model, to complete a solution of one component with. */
  base: Float64Array;
  /** Each new feasible point found while solving. */
  found(point: Float64Array): void;
}

export interface Spent {
  solves: number;
  /**
   * Simplex iterations times the rows of the LP they ran on (one more per solve, for what a
   * solve costs before its first iteration): an iteration's cost grows with the LP, and an LP of
   * a publication with three before it has five times the rows of one alone.
   */
  work: number;
  /**
   * Work past which solving stops with OutOfWork: a budget whose verdict is the same on an idle
   * machine and a loaded one, unlike a deadline (the publish gate, server/gate/check.ts).
   */
  limit?: number;
  /**
   * Called after every solve with the work so far: for a caller that shows progress (the results
   * page's suppression worker, which has no other way to say what it is doing for minutes).
   */
  watch?: (spent: Readonly<Spent>) => void;
}

/** Thrown by a solve that took `spent.work` past `spent.limit`; the solve's model is freed. */
export class OutOfWork extends Error {
  constructor(readonly spent: Readonly<Spent>) {
    super(`LP work ${spent.work} is past the limit of ${spent.limit}`);
  }
}

/**
 * Runs `model` (set up by `quiet`) and returns its status. HiGHS's primal simplex sometimes gives
 * up on a small LP with fixed columns ("unknown"; an 11-column LP of audit-carried.test.ts that
 * the dual simplex solves in 5 iterations), which would read as infeasible: then the dual
 * simplex solves it again from scratch.
 */
export function runSolving(highs: Highs, model: Model, spent: Spent | undefined, rows: number) {
  model.run();
  count(spent, model, rows);
  const status = model.getModelStatus();
  if (status !== highs.constants.modelStatus.unknown) return status;
  const strategy = model.options.get("simplex_strategy");
  model.clearSolver();
  model.options.set({ simplex_strategy: 1 });
  try {
    model.run();
    count(spent, model, rows);
    return model.getModelStatus();
  } finally {
    model.options.set({ simplex_strategy: strategy });
  }
}

/** Adds a solve just run on `model`, an LP of `rows` rows, to `spent`. */
export function count(spent: Spent | undefined, model: Model, rows: number): void {
  if (!spent) return;
  spent.solves++;
  // An LP whose rows all became bounds still costs a solve: at least one row's worth.
  spent.work += (Number(model.info.get("simplex_iteration_count")) + 1) * Math.max(1, rows);
  spent.watch?.(spent);
  if (spent.limit !== undefined && spent.work > spent.limit) throw new OutOfWork({ ...spent });
}

export interface SolveOptions {
  /** Answers of components whose LP and questions did not change since an earlier call. */
  cache?: Map<string, Answer[]>;
  seeding?: Seeding;
  /**
   * Called with each exact answer of a question in one component; when it returns true, solving
   * stops and the questions not reached are answered "enough" (a caller that only needs to know
   * whether anything is wrong).
   */
  stop?: (question: number, answer: Answer) => boolean;
  /** Counts every LP solved and its work: the same on any machine, for a caller's budget. */
  spent?: Spent;
  /**
   * Before solving for a part's greatest value, look for a point that settles it and takes the
   * other open parts along (`witness` in solveComponent): for a republication keeping the
   * pattern, whose open parts are mostly newcomers' cells.
   */
  witnesses?: boolean;
}

/**
 * Answers every question about what `knowledge` allows, one LP per connected component of its
 * unknowns. Points already known, then a few solves in random directions, settle most
 * questions before any is solved for on its own.
 */
export function solve(
  highs: Highs,
  knowledge: Pick<Knowledge, "columns" | "rows" | "columnStatistic" | "chain">,
  questions: readonly Question[],
  options: SolveOptions = {},
): Answer[] {
  const { columns, rows } = knowledge;
  const root = components(columns.length, rows);
  const rowsOf = new Map<number, Row[]>();
  for (const row of rows) {
    const first = row.columns[0];
    if (first === undefined) continue;
    const r = root[first] as number;
    const list = rowsOf.get(r);
    if (list) list.push(row);
    else rowsOf.set(r, [row]);
  }

  // A question reaching into several components is a sum of independent parts.
  const partsOf = new Map<number, Part[]>();
  const split: Expression[][] = questions.map((q) => {
    const byRoot = new Map<number, Expression>();
    q.expression.columns.forEach((c, i) => {
      const r = root[c] as number;
      const e = byRoot.get(r) ?? { constant: 0, columns: [], coefficients: [] };
      e.columns.push(c);
      e.coefficients.push(q.expression.coefficients[i] as number);
      byRoot.set(r, e);
    });
    return [...byRoot.values()];
  });
  const apart = options.seeding
    ? settledApart(knowledge, questions, split, options.seeding.points)
    : new Set<number>();
  questions.forEach((_, i) => {
    if (apart.has(i)) return;
    for (const expression of split[i] as Expression[]) {
      const r = root[expression.columns[0] as number] as number;
      const list = partsOf.get(r) ?? [];
      list.push({ question: i, expression });
      partsOf.set(r, list);
    }
  });

  const partAnswers = new Map<Expression, Answer>();
  const halted = { now: false };
  for (const [r, parts] of partsOf) {
    if (halted.now) break;
    const whole = parts.map((p) => (split[p.question] as Expression[]).length === 1);
    const answers = solveComponent(
      highs,
      knowledge,
      rowsOf.get(r) ?? [],
      parts,
      whole,
      questions,
      options,
      halted,
    );
    parts.forEach((p, i) => {
      partAnswers.set(p.expression, answers[i] as Answer);
    });
  }

  return questions.map((q, i) => {
    if (apart.has(i)) return "enough";
    const parts = split[i] as Expression[];
    let lo = q.expression.constant;
    let hi = q.expression.constant;
    for (const part of parts) {
      // A part never reached (solving stopped early) says nothing: "enough".
      const answer = partAnswers.get(part) ?? "enough";
      if (answer === "infeasible") return "infeasible";
      if (answer === "enough") return "enough";
      lo += answer.lo;
      hi += answer.hi;
    }
    return { lo, hi };
  });
}

/**
 * A component's LP in its own column numbering, in order of first appearance: the same
 * component, built again after an unrelated change elsewhere, gets the same LP and so the same
 * cache entry. `globals` maps each local column back.
 */
function localize(
  knowledge: Pick<Knowledge, "columns">,
  rows: readonly Row[],
  parts: readonly Part[],
) {
  const local = new Map<number, number>();
  const at = (c: number) => {
    let i = local.get(c);
    if (i === undefined) {
      i = local.size;
      local.set(c, i);
    }
    return i;
  };
  for (const row of rows) for (const c of row.columns) at(c);
  for (const p of parts) for (const c of p.expression.columns) at(c);
  const globals = [...local.keys()];
  return {
    globals,
    rows: rows.map((r) => ({ ...r, columns: r.columns.map(at) })),
    parts: parts.map(
      (p): LocalPart => ({
        columns: p.expression.columns.map(at),
        coefficients: p.expression.coefficients,
      }),
    ),
    bounds: globals.map((c) => knowledge.columns[c] as { lower: number; upper: number }),
  };
}

/**
 * A part over columns fixed by their bounds (knowledge.ts, fixForced: most of the growths of a
 * few newcomers) has one value, and needs no solve once the LP is known to be feasible.
 */
const fixedValue = (p: LocalPart, bounds: readonly { lower: number; upper: number }[]) => {
  let v = 0;
  for (let j = 0; j < p.columns.length; j++) {
    const b = bounds[p.columns[j] as number] as { lower: number; upper: number };
    if (b.lower !== b.upper) return undefined;
    v += (p.coefficients[j] as number) * b.lower;
  }
  return v;
};

/**
 * The answers to the parts of questions over one component: cached, settled by points seen, or
 * solved for in its LP (a few random directions, pushes, then each open part's extremes).
 * Stops, setting `halted`, where `options.stop` says so.
 */
function solveComponent(
  highs: Highs,
  knowledge: Pick<Knowledge, "columns" | "columnStatistic" | "chain">,
  rows: readonly Row[],
  parts: readonly Part[],
  whole: readonly boolean[],
  questions: readonly Question[],
  options: SolveOptions,
  halted: { now: boolean },
): Answer[] {
  const { cache, seeding } = options;
  const { globals, rows: localRows, parts: localParts, bounds } = localize(knowledge, rows, parts);
  const size = globals.length;
  const questionOf = parts.map((p) => questions[p.question] as Question);

  // What the LP is and what is asked of it, not when an answer is enough (sharing.ts keeps a
  // cache of its own for questions that differ only there).
  const key = cache
    ? fingerprint(
        JSON.stringify([
          bounds.map((b) => [b.lower, b.upper]),
          localRows.map((r) => [r.columns, r.coefficients, r.lower, r.upper]),
          localParts.map((p, i) => [
            p.columns,
            p.coefficients,
            whole[i] ? (parts[i] as Part).question : -1,
            questionOf[i]?.want,
            questionOf[i]?.enoughAbove !== undefined,
            questionOf[i]?.lowest,
          ]),
        ]),
      )
    : "";
  const cached = cache?.get(key);
  if (cached) return cached;

  const seen = new Seen(localParts, questionOf, whole, { bounds, rows: localRows });
  const statisticOf = globals.map((c) => knowledge.columnStatistic[c] as number);
  if (seeding && localParts.every((p) => p.columns.every((c) => (statisticOf[c] as number) >= 0))) {
    const grownFrom = statisticOf.map((i) => (i >= 0 ? (knowledge.chain[i] as number) : -1));
    seen.carry(seeding.points, statisticOf, grownFrom);
  }
  if (parts.every((_, i) => seen.settled(i))) return parts.map(() => "enough");
  const fixedAt = localParts.map((p) => fixedValue(p, bounds));
  let feasible = seeding !== undefined && seeding.points.length > 0;

  // Built at the first solve: an audit that stops at its first question (the prune's) often
  // answers it from what is seen, and builds no LP at all.
  let model: Model | undefined;
  const lp = (): Model => {
    if (!model) {
      model = modelOf(highs, bounds, localRows);
      quiet(model, "objective");
    }
    return model;
  };
  try {
    const { optimal, unbounded } = highs.constants.modelStatus;
    const { minimize, maximize } = highs.constants.objectiveSense;
    const cost = new Float64Array(size);
    const run = (sense: "min" | "max"): "infeasible" | "unbounded" | number => {
      const model = lp();
      model.changeObjectiveSense(sense === "min" ? minimize : maximize);
      const status = runSolving(highs, model, options.spent, localRows.length);
      if (status !== optimal && status !== unbounded) return "infeasible";
      feasible = true;
      if (status === unbounded) return "unbounded";
      const values = model.getSolution().colValue;
      seen.record(values);
      if (seeding) seeding.found(pointOf(knowledge.chain, seeding.base, statisticOf, values));
      return model.getObjectiveValue();
    };
    // The whole cost vector in one call: a call per column was a tenth of the audit's time.
    const objective = (columnsOf: number[], coefficients: number[]) => {
      cost.fill(0);
      columnsOf.forEach((c, j) => {
        cost[c] = coefficients[j] as number;
      });
      if (size > 0) lp().changeColsCost({ kind: "range", from: 0, to: size - 1 }, cost);
    };

    /**
     * Whole parts neither settled nor fixed: what pushes and witnesses still look for. A settled
     * part stays settled, so each call looks only at those the last one found: a scan of every
     * part per witness was the largest JavaScript cost of the witnesses at 66 after 60.
     */
    let stillOpen: number[] | undefined;
    const open = () => {
      stillOpen = (
        stillOpen ?? parts.flatMap((_, i) => (whole[i] && fixedAt[i] === undefined ? [i] : []))
      ).filter((i) => !seen.settled(i));
      return stillOpen;
    };
    /** The objective Σ weight(i) · part i. */
    const aim = (indices: readonly number[], weight: (i: number) => number) => {
      const sum = new Map<number, number>();
      for (const i of indices) {
        const p = localParts[i] as { columns: number[]; coefficients: number[] };
        const w = weight(i);
        p.columns.forEach((c, j) => {
          sum.set(c, (sum.get(c) ?? 0) + w * (p.coefficients[j] as number));
        });
      }
      objective([...sum.keys()], [...sum.values()]);
    };

    // A few random directions before the questions: each optimum is a corner far out in some
    // direction, and a handful of them usually shows most counts moving by k or more. Questions
    // marked early come first, for a caller that expects to stop at one of them. Not where points
    // were carried in: they are such corners already, found by earlier solves, and a corner far
    // out costs many iterations. In suppression's prune the directions were three fifths of the
    // LP work, and the few more extremes it takes without them cost less (bench:suppress, 640
    // fresh: 37M → 20M of work, the same cells, a fifth less time per cell published again).
    const directions = (): "infeasible" | undefined => {
      if (seeding && seeding.points.length > 0) return undefined;
      const open = parts.filter((_, i) => !seen.settled(i) && fixedAt[i] === undefined).length;
      const next = seededRandom(size * 7919 + parts.length);
      const counted = statisticOf.flatMap((s, c) => (s >= 0 ? [c] : []));
      for (let r = 0; r < Math.min(12, Math.floor(open / 3)); r++) {
        objective(
          counted,
          counted.map(() => next() * 2 - 1),
        );
        if (run(r % 2 === 0 ? "max" : "min") === "infeasible") return "infeasible";
      }
      return undefined;
    };
    // Then pushes: the sum of the questions still open, maximized in one LP, shows many of them
    // moving at once where each alone would take a solve of its own. A push costs about what 40
    // of those do and settles more while many are open (bench:suppress: 5 % less work for
    // suppression at 980–1,320 with history, 10–23 % less for the gate's audit).
    const pushes = (): "infeasible" | undefined => {
      let before = open();
      for (let round = 0; round < PUSHES; round++) {
        if (before.length < PUSH_MIN) return undefined;
        aim(before, () => 1);
        if (run("max") === "infeasible") return "infeasible";
        const still = open();
        if (before.length - still.length < before.length * PUSH_GAIN) return undefined;
        before = still;
      }
      return undefined;
    };
    // Most parts left open after the pushes are settled by the first point that takes them far
    // enough (a newcomers' cell that k of them may share), and their greatest value is never
    // needed. Such a part maximized alone ends at whichever point the simplex meets first; with
    // every other open part at a small weight, at one that takes as many of those as far as it
    // can too. Where that point does not settle it, its greatest value is solved for alone.
    const witness = (i: number): boolean | "infeasible" => {
      if (!options.witnesses || !seen.couldSettle(i)) return false;
      const others = open().filter((j) => j !== i);
      if (others.length === 0) return false;
      aim([i, ...others], (j) => (j === i ? 1 : WITNESS_WEIGHT));
      if (run("max") === "infeasible") return "infeasible";
      return seen.settled(i);
    };
    const isEarly = (i: number) => questions[(parts[i] as Part).question]?.early === true;
    let directed = false;

    const extreme = (i: number, sense: "min" | "max"): number | "infeasible" => {
      const known = seen.reached(i, sense);
      if (known !== undefined) return known;
      const p = localParts[i] as { columns: number[]; coefficients: number[] };
      objective(p.columns, p.coefficients);
      const result = run(sense);
      if (result === "unbounded") return sense === "min" ? -Infinity : Infinity;
      return result;
    };
    const answers: Answer[] = [];
    const stopped = (i: number) => {
      const answer = answers[i];
      if (!options.stop || !whole[i] || answer === undefined || answer === "enough") return false;
      // The question's answer, not the part's: a count grown from a published one is that
      // number plus its growth, and judged on the sum.
      const question = (parts[i] as Part).question;
      const c = (questions[question] as Question).expression.constant;
      const shifted = answer === "infeasible" ? answer : { lo: answer.lo + c, hi: answer.hi + c };
      if (!options.stop(question, shifted)) return false;
      halted.now = true;
      while (answers.length < parts.length) answers.push("enough");
      return true;
    };
    for (let i = 0; i < parts.length; i++) {
      if (i > 0 && stopped(i - 1)) return answers;
      const question = questions[(parts[i] as Part).question] as Question;
      const c = question.expression.constant;
      if (seen.settled(i)) {
        answers.push("enough");
        continue;
      }
      const fixed = fixedAt[i];
      if (fixed !== undefined) {
        if (!feasible) {
          objective([], []);
          if (run("max") === "infeasible") return parts.map(() => "infeasible");
        }
        if (whole[i] && question.enough(c + fixed, c + fixed)) answers.push("enough");
        else if (question.want === "max") answers.push({ lo: Number.NEGATIVE_INFINITY, hi: fixed });
        else answers.push({ lo: fixed, hi: fixed });
        continue;
      }
      if (!directed && !isEarly(i)) {
        directed = true;
        if (directions() === "infeasible") return parts.map(() => "infeasible");
        if (pushes() === "infeasible") return parts.map(() => "infeasible");
        if (seen.settled(i)) {
          answers.push("enough");
          continue;
        }
      }
      // Where a point already sits on the expression's floor, the minimum is known.
      let lo: number | undefined =
        whole[i] && question.lowest !== undefined && c + seen.least(i) <= question.lowest + EPSILON
          ? question.lowest - c
          : undefined;
      if (question.want === "interval" && question.enoughAbove && whole[i] && lo === undefined) {
        const min = extreme(i, "min");
        if (min === "infeasible") return parts.map(() => "infeasible");
        lo = min;
        if (question.enoughAbove(lo + c)) {
          answers.push({ lo, hi: Number.POSITIVE_INFINITY });
          continue;
        }
        if (seen.settled(i)) {
          answers.push("enough");
          continue;
        }
      }
      const top = seen.reached(i, "max");
      const witnessed = top === undefined && witness(i);
      if (witnessed === "infeasible") return parts.map(() => "infeasible");
      if (witnessed) {
        answers.push("enough");
        continue;
      }
      const hi = top ?? extreme(i, "max");
      if (hi === "infeasible") return parts.map(() => "infeasible");
      if (seen.settled(i)) {
        answers.push("enough");
        continue;
      }
      if (question.want === "max") {
        answers.push({ lo: Number.NEGATIVE_INFINITY, hi });
        continue;
      }
      if (lo === undefined) {
        const min = extreme(i, "min");
        if (min === "infeasible") return parts.map(() => "infeasible");
        lo = min;
      }
      answers.push(seen.settled(i) ? "enough" : { lo, hi });
    }
    if (parts.length > 0 && stopped(parts.length - 1)) return answers;
    cache?.set(key, answers);
    return answers;
  } finally {
    model?.dispose();
  }
}

/** pointOf's values by statistic, reused: it runs after every solve. */
let scratch = new Float64Array(0);

/**
 * A solution of one component as a point of the whole model: the base elsewhere, and along each
 * chain of growth (knowledge.ts) every later count moved by what the component moved the earlier
 * ones, which may live in other components.
 */
function pointOf(
  chain: readonly number[],
  base: Float64Array,
  statisticOf: readonly number[],
  values: ArrayLike<number>,
): Float64Array {
  if (scratch.length < base.length) scratch = new Float64Array(base.length);
  const own = scratch.subarray(0, base.length).fill(Number.NaN);
  statisticOf.forEach((s, c) => {
    if (s >= 0) own[s] = values[c] as number;
  });
  const point = Float64Array.from(base);
  // Chains run from earlier releases to later ones, and statistic indices go release by release.
  for (let s = 0; s < point.length; s++) {
    const from = chain[s] as number;
    const column = own[s] as number;
    if (from < 0) {
      if (!Number.isNaN(column)) point[s] = column;
    } else {
      const growth = Number.isNaN(column) ? (base[s] as number) - (base[from] as number) : column;
      point[s] = (point[from] as number) + growth;
    }
  }
  return point;
}

/** One feasible point of the whole model, in its statistic space, or null if there is none. */
export function feasiblePoint(
  highs: Highs,
  knowledge: Pick<Knowledge, "columns" | "rows">,
  statistics: readonly Expression[],
  spent?: Spent,
): Float64Array | null {
  const { columns, rows } = knowledge;
  let values: ArrayLike<number> = [];
  if (columns.length > 0) {
    const model = modelOf(highs, columns, rows);
    try {
      quiet(model, "objective");
      if (runSolving(highs, model, spent, rows.length) !== highs.constants.modelStatus.optimal)
        return null;
      values = model.getSolution().colValue;
    } finally {
      model.dispose();
    }
  }
  return Float64Array.from(statistics, (e) => evaluate(e, values));
}
