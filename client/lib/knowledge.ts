// Everything an attacker knows about a survey's (or channel's) counts, as linear constraints
// (DESIGN §8): every number published in any release — earlier publications of the same
// respondents first, the one being checked last — every margin relation, that respondents only
// accumulate (each statistic grows from one release to the next, by no more than N grew), that
// closed feedback months never change, and what the survey's own structure implies within every
// slice of respondents (client/lib/structure.ts). The audit asks this model how tightly it
// bounds each hidden count; suppression asks it which published cells must go. UI-free.
//
// `prepare` does the work that does not depend on what the last release hides, once;
// `knowledge` then builds the model for one suppression state of the last release.
import {
  bound,
  column as columnOf,
  combine,
  constant,
  type Expression,
  minus,
  type Row,
  rowsByColumn,
  sum,
} from "./linear";
import {
  type Category,
  type Key,
  type Suppression,
  statisticId,
  type TableOf,
  TOTAL,
} from "./publication";
import { type LinkedTables, linkTables } from "./statistics";
import {
  type DependentRule,
  impliedTies,
  type Joint,
  type MultiRule,
  type Structure,
  type Tie,
} from "./structure";

export interface ReleaseCell {
  key: Key;
  count: number | null;
  suppressed?: Suppression;
}

/** One publication as the public saw it (or, for the defender's last release, true counts). */
export interface Release {
  tables: readonly TableOf<ReleaseCell>[];
  /** N, the grand total: always public. */
  responses: number;
}

export type Shown = "published" | "hidden" | "absent";

/** A latent table of one structure rule in one context, with its statistics looked up. */
interface LatentPlan {
  kind: "latent";
  cells: number;
  /** Σ of these latent cells = the statistic, within a slice. */
  ties: { statistic: number; cells: number[] }[];
}

/** A count made of statistics: Σ plus − Σ minus (a state with no statistic of its own). */
interface Group {
  plus: number[];
  minus: number[];
}

/**
 * The same rule as inequalities: when each respondent is in one group on either side, who can
 * be in which pair of groups is a bipartite graph, and a table with the published margins
 * exists exactly when every set of left groups fits in the right groups it may pair with
 * (Hall's condition for transportation). `left ≤ right` for each, within a slice.
 */
interface HallPlan {
  kind: "hall";
  inequalities: { left: Group[]; right: Group[] }[];
}

interface MultiPlan {
  everyone: number;
  unanswered: number;
  chosen: number[];
  alone: number[];
}

export interface Frame {
  releases: readonly Release[];
  structure: Structure;
  linked: LinkedTables;
  /** Release of each table of `linked` (tables of all releases, in order). */
  releaseOf: number[];
  /** Per release, the first cell that shows each statistic there. */
  cells: (ReleaseCell | undefined)[][];
  statisticOf(key: Key): number | undefined;
  implies(tie: Tie): Tie[];
  /** Statistics of the last release that an earlier release's month axis closed. */
  closed: ReadonlySet<number>[];
  latent: (LatentPlan | HallPlan)[];
  multis: MultiPlan[];
}

export function prepare(releases: readonly Release[], structure: Structure): Frame {
  const allTables = releases.flatMap((r) => r.tables);
  const releaseOf = releases.flatMap((r, t) => r.tables.map(() => t));
  const linked = linkTables(allTables, structure.canonical);
  // Arrays by statistic, not maps: knowledge() looks a cell up for every statistic of every
  // release each time suppression audits.
  const cells = releases.map(() => new Array<ReleaseCell | undefined>(linked.statistics.length));
  linked.statistics.forEach((statistic, s) => {
    for (const ref of statistic.cells) {
      const release = releaseOf[ref.table] as number;
      const cell = allTables[ref.table]?.cells[ref.cell];
      const shown = cells[release];
      if (cell && shown && shown[s] === undefined) shown[s] = cell;
    }
  });
  const statisticOf = (key: Key) => linked.byId.get(statisticId(structure.canonical(key)));

  const closed = releases.map((_, t) => {
    const out = new Set<number>();
    const variable = structure.closing;
    if (!variable || t === 0) return out;
    const categories = new Set<Category>();
    for (const table of releases[t - 1]?.tables ?? []) {
      for (const cell of table.cells) {
        const category = cell.key[variable];
        if (category !== undefined && category !== TOTAL && category !== null) {
          categories.add(category);
        }
      }
    }
    linked.statistics.forEach((statistic, s) => {
      const entries = JSON.parse(statistic.id) as [string, Category][];
      const category = entries.find(([v]) => v === variable)?.[1];
      if (category !== undefined && categories.has(category)) out.add(s);
    });
    return out;
  });

  const joint = structure.joint ? jointPlan(structure.joint, linked) : null;
  const contexts = contextsOf(linked);
  // The joint table holds every rule below, exactly: they are for surveys too large for it.
  const multis = (joint ? [] : structure.multis).flatMap((rule) =>
    contexts(rule.options.concat(rule.exclusive)).flatMap((context) => {
      const plan = multiPlan(rule, context, statisticOf);
      return plan ? [plan] : [];
    }),
  );
  const latent: (LatentPlan | HallPlan)[] = joint
    ? [joint]
    : structure.dependents.flatMap((rule) =>
        contexts(rule.variables).flatMap((context) => {
          const plan = latentPlan(rule, context, statisticOf);
          return plan ? [plan] : [];
        }),
      );
  const implies = impliedTies(structure);
  return {
    releases,
    structure,
    linked,
    releaseOf,
    cells,
    statisticOf,
    implies,
    closed,
    latent,
    multis,
  };
}

export interface Knowledge {
  linked: LinkedTables;
  releaseOf: number[];
  releases: readonly Release[];
  shown(release: number, statistic: number): Shown;
  /** The published count (the true count in the defender's last release), or null. */
  count(release: number, statistic: number): number | null;
  mark(release: number, statistic: number): Suppression;
  /** The statistic's value at a release, over LP columns. */
  value(release: number, statistic: number): Expression;
  /** Its growth from the release before (from nothing for the first). */
  growth(release: number, statistic: number): Expression;
  /** Statistic index of a key, if some release shows it. */
  statisticOf(key: Key): number | undefined;
  /** What a published category implies about earlier questions (structure.ts, impliedTies). */
  implies(tie: Tie): Tie[];
  columns: { lower: number; upper: number }[];
  rows: Row[];
  /**
   * For each column, the index `release × statistics + statistic` of the count it stands for
   * (or the growth of, see `chain`), or −1 for a latent or move column: points of the model are
   * kept in that statistic space.
   */
  columnStatistic: number[];
  /**
   * For each statistic index, the index its value grows from (the same statistic a release
   * before), or −1: the value is then its own column or a published count. A column of a
   * statistic with a chain stands for `point[statistic] − point[chain[statistic]]`.
   */
  chain: number[];
  /**
   * Defender's view only: for each statistic of the last release, the columns that move it up
   * and down from its true count (a published one at a cost, a hidden one freely).
   */
  moves?: { up: number; down: number }[];
}

export interface KnowledgeOptions {
  /**
   * The last release holds true counts and may move: the model of "which published cells would
   * let this statistic move" (client/lib/cover.ts, coverModel).
   */
  defender?: boolean;
  /** The last release's suppression, per statistic, instead of its cells' own marks. */
  state?: readonly Suppression[];
}

/** What each release shows of each statistic, without the LP (`knowledge` builds on it). */
export type Shows = Pick<Knowledge, "linked" | "releases" | "shown" | "count" | "mark">;

/**
 * What the releases show in one state of the last: enough for what the published numbers alone
 * say (exposures.ts, `publishedOnly`), which the suppression loop asks every round.
 */
export function shows(frame: Frame, { state }: Pick<KnowledgeOptions, "state"> = {}): Shows {
  const { releases, linked, cells } = frame;
  const last = releases.length - 1;
  const cellAt = (t: number, s: number) => cells[t]?.[s];
  const mark = (t: number, s: number): Suppression => {
    const cell = cellAt(t, s);
    if (!cell) return false;
    if (t === last && state) return state[s] ?? false;
    return cell.suppressed ?? (cell.count === null ? "secondary" : false);
  };
  return {
    linked,
    releases,
    mark,
    shown: (t, s) => {
      if (!cellAt(t, s)) return "absent";
      return mark(t, s) === false ? "published" : "hidden";
    },
    count: (t, s) => cellAt(t, s)?.count ?? null,
  };
}

export function knowledge(frame: Frame, options: KnowledgeOptions = {}): Knowledge {
  const { releases, linked, cells } = frame;
  const last = releases.length - 1;
  const size = linked.statistics.length;
  const cellAt = (t: number, s: number) => cells[t]?.[s];
  const { mark, shown, count } = shows(frame, options);
  const total = (t: number) => releases[t]?.responses ?? 0;

  const columns: { lower: number; upper: number }[] = [];
  const columnStatistic: number[] = [];
  const addColumn = (lower: number, upper: number, statistic = -1) => {
    columns.push({ lower, upper: Math.max(lower, upper) });
    columnStatistic.push(statistic);
    return columns.length - 1;
  };
  const moves: { up: number; down: number }[] = [];
  // The attacker's unknown count after the first release is the one before plus a column of
  // growth, 0..what N grew (none in a closed month): the rows "grew by 0..ΔN" of a count hidden
  // twice in a row, two columns each, become bounds. The gate's audit of the fifth
  // publication 100 responses apart took 2.5 times less work (docs/measured/disclosure.md).
  // The defender's earlier releases grow the same way; its last one moves from its true counts
  // instead (cover.ts): a fifth less work at 1,660–2,000 searching the whole history.
  const grows = (t: number) => t > 0 && (!options.defender || t < last);
  const chain = new Array<number>(releases.length * size).fill(-1);
  const values: Expression[][] = [];
  releases.forEach((_, t) => {
    values[t] = linked.statistics.map((_, s) => {
      const cell = cellAt(t, s);
      if (s === linked.grandTotal) return constant(total(t));
      if (grows(t) && shown(t, s) !== "published") {
        chain[t * size + s] = (t - 1) * size + s;
        const before = values[t - 1]?.[s] as Expression;
        if (frame.closed[t]?.has(s)) return before;
        const grew = Math.max(0, total(t) - total(t - 1));
        return combine([
          [1, before],
          [1, columnOf(addColumn(0, grew, t * size + s))],
        ]);
      }
      if (options.defender && t === last && cell && cell.count !== null) {
        const up = addColumn(0, total(t) - cell.count);
        const down = addColumn(0, cell.count);
        moves[s] = { up, down };
        return combine([
          [1, constant(cell.count)],
          [1, columnOf(up)],
          [-1, columnOf(down)],
        ]);
      }
      if (shown(t, s) === "published") return constant(cell?.count as number);
      return columnOf(addColumn(0, total(t), t * size + s));
    });
  });
  const value = (t: number, s: number): Expression =>
    t < 0 ? constant(0) : (values[t]?.[s] ?? constant(0));
  // Kept: the questions ask each line's growths once per part of it (exposures.ts, sharing.ts).
  const growths = new Map<number, Expression>();
  const growth = (t: number, s: number) => {
    const key = t * size + s;
    let g = growths.get(key);
    if (!g) {
      g = minus(value(t, s), value(t - 1, s));
      growths.set(key, g);
    }
    return g;
  };

  const rows: Row[] = [];
  const push = (row: Row | null) => {
    if (row) rows.push(row);
  };

  // Most statistics are published: only a relation with an unknown in it is a row.
  const unknown = (t: number, s: number) => (values[t]?.[s]?.columns.length ?? 0) > 0;
  releases.forEach((_, t) => {
    // Margins hold at every release, whichever release's tables showed them: a survey's
    // categories come from its definition. Months are the exception: a line along the months
    // gains a part each time one closes, so it holds only where it was shown.
    for (const relation of linked.relations) {
      if (
        relation.variable === frame.structure.closing &&
        !relation.tables.some((table) => frame.releaseOf[table] === t)
      ) {
        continue;
      }
      if (!unknown(t, relation.total) && !relation.parts.some((p) => unknown(t, p))) continue;
      const at = (u: number) =>
        minus(sum(relation.parts.map((p) => value(u, p))), value(u, relation.total));
      let row = at(t);
      // Where the margin held the release before, its growth holds now, which names growth
      // columns only; the margin itself is sparser where counts hidden before are shown now.
      if (grows(t) && relation.variable !== frame.structure.closing) {
        const before = at(t - 1);
        const growth = minus(row, before);
        const held = before.columns.length > 0 || before.constant === 0;
        if (held && growth.columns.length < row.columns.length) row = growth;
      }
      push(bound(row, 0, 0));
    }
    // Respondents only accumulate: each count grows by at least 0 and at most what N grew by;
    // in a closed month, by nothing.
    const grew = total(t) - total(t - 1);
    if (t > 0) {
      const frozen = frame.closed[t];
      linked.statistics.forEach((_, s) => {
        if (!unknown(t, s) && !unknown(t - 1, s)) return;
        if (chain[t * size + s] !== -1) return; // its growth column's bounds
        push(bound(growth(t, s), 0, frozen?.has(s) ? 0 : Math.max(0, grew)));
      });
    }
    // Structure holds within every slice of respondents (those who came between two releases).
    const slice = (s: number) => growth(t, s);
    for (const plan of frame.multis) for (const row of multiRows(plan, slice)) push(row);
    for (const plan of frame.latent) {
      if (plan.kind === "hall") for (const row of hallRows(plan, slice)) push(row);
      else latentRows(plan, slice, () => addColumn(0, grew), push);
    }
  });

  const bounded = intoBounds(rows, columns);
  return {
    linked,
    releaseOf: frame.releaseOf,
    releases,
    shown,
    count,
    mark,
    value,
    growth,
    statisticOf: frame.statisticOf,
    implies: frame.implies,
    columns,
    // The defender's too: a move column never stands alone in a row (its up and down come as a
    // pair), so no bound folded here is one cover.ts changes while it runs. Forcing rows are the
    // attacker's alone: cover.ts opens bounds as it hides cells, and a column forced to a bound
    // would then be held there.
    rows: options.defender ? bounded : fixForced(bounded, columns),
    columnStatistic,
    chain,
    ...(options.defender ? { moves } : {}),
  };
}

/**
 * Rows of one column as bounds of that column: a count hidden now and published the time before
 * can only have grown by what N grew, and so on. A fifth of the rows of the passport survey's
 * model with history are such, and an LP's work grows with its rows (lp.ts, Spent). A column
 * whose bounds would cross keeps its rows, so the LP still finds the numbers inconsistent.
 */
function intoBounds(rows: readonly Row[], columns: { lower: number; upper: number }[]): Row[] {
  const tight = new Map<number, { lower: number; upper: number }>();
  for (const row of rows) {
    const c = row.columns[0] as number;
    const a = row.coefficients[0] as number;
    if (row.columns.length !== 1 || a === 0) continue;
    const now = tight.get(c) ?? { ...(columns[c] as { lower: number; upper: number }) };
    const [lower, upper] = a > 0 ? [row.lower / a, row.upper / a] : [row.upper / a, row.lower / a];
    tight.set(c, { lower: Math.max(now.lower, lower), upper: Math.min(now.upper, upper) });
  }
  const folded = new Set<number>();
  for (const [c, b] of tight) {
    if (b.lower > b.upper) continue;
    columns[c] = b;
    folded.add(c);
  }
  return rows.filter(
    (row) =>
      !(
        row.columns.length === 1 &&
        row.coefficients[0] !== 0 &&
        folded.has(row.columns[0] as number)
      ),
  );
}

/**
 * Fixes the columns of every row that can hold only with each of them at one of its bounds: a
 * margin of newcomers that did not grow, whose cells each grew by 0. The LP is the same, but
 * HiGHS no longer moves those columns: a republication of 66 after 60 keeping the pattern,
 * 64M of work instead of 97M and a fifth less time, the gate's audit 18M instead of 31M
 * (docs/measured/disclosure.md). The rows stay: they tie their component together as before, and
 * dropping them split the LP into many smaller ones that cost more solves than they saved (4,668
 * against 3,759 at 66, when a question over fixed columns still took a solve; lp.ts no longer
 * solves for those). A row the fixed columns break stays too, so the LP still finds the numbers
 * inconsistent.
 */
export function fixForced(rows: Row[], columns: { lower: number; upper: number }[]): Row[] {
  // Counts are whole numbers: a tolerance for sums of them, not for the LP's arithmetic.
  const near = (a: number, b: number) => Math.abs(a - b) < 1e-9;
  // A row is looked at again only when one of its columns was fixed: passes over every row until
  // nothing changed were a twentieth of the JavaScript time of a republication to few newcomers.
  const rowsOf = rowsByColumn(rows);
  const queued = rows.map(() => true);
  const queue = rows.map((_, r) => r).reverse();
  for (let r = queue.pop(); r !== undefined; r = queue.pop()) {
    queued[r] = false;
    const row = rows[r] as Row;
    let free = 0;
    let least = 0;
    let most = 0;
    row.columns.forEach((c, i) => {
      const a = row.coefficients[i] as number;
      const { lower, upper } = columns[c] as { lower: number; upper: number };
      if (a !== 0 && lower !== upper) free++;
      least += a > 0 ? a * lower : a * upper;
      most += a > 0 ? a * upper : a * lower;
    });
    if (free === 0) continue;
    const atLeast = near(least, row.upper);
    if (!atLeast && !near(most, row.lower)) continue;
    row.columns.forEach((c, i) => {
      const a = row.coefficients[i] as number;
      const { lower, upper } = columns[c] as { lower: number; upper: number };
      if (a === 0 || lower === upper) return;
      const at = a > 0 === atLeast ? lower : upper;
      columns[c] = { lower: at, upper: at };
      for (const other of rowsOf.get(c) ?? []) {
        if (queued[other]) continue;
        queued[other] = true;
        queue.push(other);
      }
    });
  }
  return rows;
}

/**
 * The contexts a variable's statistics are published in: the whole population, and each
 * category of every variable it is crossed with (one breakdown at a time, DESIGN §7).
 */
function contextsOf(linked: LinkedTables): (variables: readonly string[]) => Key[] {
  const crossed = new Map<string, Map<string, Key>>();
  for (const statistic of linked.statistics) {
    const entries = JSON.parse(statistic.id) as [string, Category][];
    if (entries.length !== 2) continue;
    for (const [variable] of entries) {
      const other = entries.find(([v]) => v !== variable);
      if (!other) continue;
      const of = crossed.get(variable) ?? new Map<string, Key>();
      crossed.set(variable, of);
      of.set(JSON.stringify(other), { [other[0]]: other[1] });
    }
  }
  return (variables) => {
    const found = new Map<string, Key>();
    for (const v of variables) {
      for (const [name, key] of crossed.get(v) ?? []) found.set(name, key);
    }
    return [{}, ...found.values()];
  };
}

type Lookup = (key: Key) => number | undefined;

/** The survey's joint table: each statistic is the sum of the sheets in its group. */
function jointPlan(joint: Joint, linked: LinkedTables): LatentPlan {
  const column = new Map(joint.variables.map((v, i) => [v, i]));
  const ties: LatentPlan["ties"] = [];
  linked.statistics.forEach((statistic, s) => {
    const entries = JSON.parse(statistic.id) as [string, Category][];
    const at = entries.map(([v, c]) => [column.get(v), c] as const);
    if (at.some(([i]) => i === undefined)) return;
    const cells: number[] = [];
    joint.sheets.forEach((sheet, i) => {
      if (at.every(([v, c]) => sheet[v as number] === c)) cells.push(i);
    });
    ties.push({ statistic: s, cells });
  });
  return { kind: "latent", cells: joint.sheets.length, ties };
}

function multiPlan(rule: MultiRule, context: Key, statisticOf: Lookup): MultiPlan | null {
  const [contextVariable] = Object.keys(context);
  if (contextVariable && [...rule.options, ...rule.exclusive].includes(contextVariable))
    return null;
  const at = (key: Key) => statisticOf({ ...key, ...context });
  const everyone = at({});
  const unanswered = at({ [rule.question]: null });
  const chosen = rule.options.map((v) => at({ [v]: "yes" }));
  const alone = rule.exclusive.map((v) => at({ [v]: "yes" }));
  if (everyone === undefined || unanswered === undefined) return null;
  if ([...chosen, ...alone].some((s) => s === undefined)) return null;
  return { everyone, unanswered, chosen: chosen as number[], alone: alone as number[] };
}

/** DESIGN §8: an answered multi has ≥ 1 option; an exclusive option is chosen alone. */
function multiRows(plan: MultiPlan, slice: (s: number) => Expression): (Row | null)[] {
  const answered = minus(slice(plan.everyone), slice(plan.unanswered));
  const rest = minus(answered, sum(plan.alone.map(slice)));
  if (plan.chosen.length === 0) return [bound(rest, 0, 0)];
  const chosen = plan.chosen.map(slice);
  const rows: (Row | null)[] = [bound(rest, 0, Number.POSITIVE_INFINITY)];
  rows.push(bound(minus(sum(chosen), rest), 0, Number.POSITIVE_INFINITY));
  for (const e of chosen) rows.push(bound(minus(rest, e), 0, Number.POSITIVE_INFINITY));
  return rows;
}

/** A rule's latent table in one context: which of its cells count in which statistic. */
function latentPlan(
  rule: DependentRule,
  context: Key,
  statisticOf: Lookup,
): LatentPlan | HallPlan | null {
  const entries = Object.entries(context);
  const contextVariable = entries[0]?.[0];
  // A context on a question of the rule that its states do not tell apart: nothing to tie.
  if (
    contextVariable &&
    rule.dimensions.some(
      (d) =>
        d.question === contextVariable.split(".")[0] &&
        !d.states.some((st) => st.ties.some((t) => t.variable === contextVariable)),
    )
  ) {
    return null;
  }
  // A dimension whose question the context fixes keeps only the states of that category.
  const keep = rule.dimensions.map((d) => {
    const fixed = entries.find(([v]) =>
      d.states.some((st) => st.ties.some((t) => t.variable === v)),
    );
    if (!fixed) return () => true;
    const [variable, category] = fixed;
    return (i: number) =>
      d.states[i]?.ties.some((t) => t.variable === variable && t.category === category) ?? false;
  });
  const cells = rule.cells.filter((cell) => cell.every((i, d) => keep[d]?.(i) ?? true));
  const everyone = statisticOf(context);
  if (everyone === undefined) return null;
  // Per dimension and state, the statistics it is counted in (within the context).
  const tiedOf = rule.dimensions.map((d) =>
    d.states.map((state) =>
      state.ties.flatMap((tie) => {
        if (tie.variable === contextVariable) return [];
        const s = statisticOf({ [tie.variable]: tie.category, ...context });
        return s === undefined ? [] : [s];
      }),
    ),
  );
  const hall = hallPlan(rule, cells, tiedOf, everyone, keep);
  if (hall) return hall;
  const ties = new Map<number, { statistic: number; cells: number[] }>();
  ties.set(-1, { statistic: everyone, cells: cells.map((_, i) => i) });
  cells.forEach((cell, i) => {
    cell.forEach((stateIndex, d) => {
      for (const s of tiedOf[d]?.[stateIndex] ?? []) {
        let entry = ties.get(s);
        if (!entry) {
          entry = { statistic: s, cells: [] };
          ties.set(s, entry);
        }
        entry.cells.push(i);
      }
    });
  });
  return { kind: "latent", cells: cells.length, ties: [...ties.values()] };
}

/**
 * Hall's inequalities for a rule of one question and at most one parent whose states each
 * count in one statistic (or, for one state a side, in what the others leave of everyone).
 */
function hallPlan(
  rule: DependentRule,
  cells: number[][],
  tiedOf: number[][][],
  everyone: number,
  keep: ((i: number) => boolean)[],
): HallPlan | null {
  if (rule.dimensions.length > 2) return null;
  const sides: Group[][] = [];
  const nodeOf: number[][] = [];
  for (let d = 0; d < rule.dimensions.length; d++) {
    const states = (rule.dimensions[d]?.states ?? []).map((_, i) => i).filter((i) => keep[d]?.(i));
    const tied = states.map((i) => tiedOf[d]?.[i] ?? []);
    if (tied.some((t) => t.length > 1)) return null;
    const untied = states.filter((_, j) => tied[j]?.length === 0);
    if (untied.length > 1) return null;
    const groups = new Map<string, Group>();
    const node: number[] = [];
    states.forEach((i, j) => {
      const s = tied[j]?.[0];
      const group: Group =
        s === undefined
          ? { plus: [everyone], minus: [...new Set(tied.flat())] }
          : { plus: [s], minus: [] };
      const name = JSON.stringify(group);
      if (!groups.has(name)) groups.set(name, group);
      node[i] = [...groups.keys()].indexOf(name);
    });
    sides.push([...groups.values()]);
    nodeOf.push(node);
  }
  const [left = [], right = []] = sides;
  const partners = left.map(() => new Set<number>());
  for (const cell of cells) {
    const l = nodeOf[0]?.[cell[0] as number] as number;
    const r = rule.dimensions.length > 1 ? (nodeOf[1]?.[cell[1] as number] as number) : -1;
    partners[l]?.add(r);
  }
  if (left.length > 12) return null;
  if (rule.dimensions.length === 1) {
    // One question alone: a state no respondent can be in (unanswered, when required) is empty.
    const empty = left.filter((_, i) => (partners[i]?.size ?? 0) === 0);
    return { kind: "hall", inequalities: empty.length > 0 ? [{ left: empty, right: [] }] : [] };
  }
  // For every set of right groups some left groups reach, all the left groups that can only
  // pair within it: the strongest inequality for that set.
  const found = new Map<string, { left: number[]; right: number[] }>();
  for (let mask = 1; mask < 1 << left.length; mask++) {
    const reach = new Set(
      left.flatMap((_, i) => (mask & (1 << i) ? [...(partners[i] ?? [])] : [])),
    );
    const within = left
      .map((_, i) => i)
      .filter((i) => [...(partners[i] ?? [])].every((r) => reach.has(r)));
    const closed = new Set(within.flatMap((i) => [...(partners[i] ?? [])]));
    if (closed.size === right.length) continue;
    const rightOnes = [...closed].sort((a, b) => a - b);
    found.set(within.join(","), { left: within, right: rightOnes });
  }
  const inequalities = [...found.values()].map(({ left: l, right: r }) => ({
    left: l.map((i) => left[i] as Group),
    right: r.map((i) => right[i] as Group),
  }));
  return { kind: "hall", inequalities };
}

function hallRows(plan: HallPlan, slice: (s: number) => Expression): (Row | null)[] {
  const of = (g: Group) => minus(sum(g.plus.map(slice)), sum(g.minus.map(slice)));
  return plan.inequalities.map(({ left, right }) =>
    bound(minus(sum(right.map(of)), sum(left.map(of))), 0, Number.POSITIVE_INFINITY),
  );
}

/**
 * A latent table within one slice: one column per possible combination of states, tied to
 * every statistic a state is counted in. Left out when every tied count is already known for
 * the slice: it could then tell the attacker nothing new.
 */
function latentRows(
  plan: LatentPlan,
  slice: (s: number) => Expression,
  newColumn: () => number,
  push: (row: Row | null) => void,
): void {
  const tied = plan.ties.map((t) => slice(t.statistic));
  if (tied.every((e) => e.columns.length === 0)) return;
  const latent = Array.from({ length: plan.cells }, () => newColumn());
  plan.ties.forEach((tie, i) => {
    const e = minus(
      sum(tie.cells.map((c) => columnOf(latent[c] as number))),
      tied[i] as Expression,
    );
    push(bound(e, 0, 0));
  });
}
