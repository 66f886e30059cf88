// The defender's LP of disclosure control (DESIGN §8): which published cells to hide so that a
// count the attacker could pin down can move by k. The attacker's LP, which says how tightly a
// count is pinned, is lp.ts; both read the same knowledge (knowledge.ts).
import type { Basis, Highs } from "highs";
import type { Exposure } from "./exposures";
import type { Knowledge } from "./knowledge";
import { type Expression, evaluate, minus } from "./linear";
import { count, modelOf, quiet, type Spent } from "./lp";
import { EPSILON, roundDown, roundUp } from "./question";

/**
 * The defender's model (Fischetti & Salazar's protection LP, relaxed to L1 cost): the cheapest
 * move of the last release's statistics away from their true counts that keeps everything the
 * attacker knows true and takes a target expression to a wanted value. Moving a published
 * statistic costs its weight per unit, a hidden one almost nothing; what earlier releases
 * published cannot move. The published statistics a cheapest move touches are the cover.
 */
export interface CoverModel {
  /** Published statistics to hide so that `target` can reach `≥ at` (or `≤ at`), or null. */
  cover(target: Expression, direction: "up" | "down", at: number): number[] | null;
  /** Makes a statistic free to move in later covers, once it is hidden. */
  hidden(statistic: number): void;
  dispose(): void;
}

const NEARLY_FREE = 1e-3;
/** Cover moves kept as witnesses: the most recent, since those have the most cells hidden. */
const WITNESSES = 200;

/** Whether `value` is as far as a cover asks a target to go (`at` or beyond, `direction`). */
export const attains = (value: number, direction: "up" | "down", at: number) =>
  direction === "up" ? value >= at - EPSILON : value <= at + EPSILON;

export interface CoverOptions {
  /**
   * Each move found, over the defender's columns: a table the attacker cannot rule out once
   * every count it moved is hidden.
   */
  found?: (values: Float64Array) => void;
  spent?: Spent;
  /** Which statistics are published zeros, where a true count of 0 is not one (newcomers.ts). */
  zero?: (statistic: number) => boolean;
}

export function coverModel(
  highs: Highs,
  defender: Pick<Knowledge, "columns" | "rows" | "moves">,
  weights: readonly number[],
  hidden: readonly boolean[],
  { found, spent, zero: isZero }: CoverOptions = {},
): CoverModel {
  const { columns, rows } = defender;
  const moves = defender.moves ?? [];
  const cost = new Array<number>(columns.length).fill(0);
  const upper = columns.map((c) => c.upper);
  // DESIGN §8 publishes zeros: a published zero stays where it is, and is cover only when no
  // cover without zeros exists (test/disclosure.test.ts, seed 432806642: published zeros of
  // one option of a multi question showed that the lone respondent of the other option had
  // the breakdown's first answer, and only hiding a zero could let that go).
  const zero =
    isZero ??
    ((s: number) => {
      const m = moves[s];
      return m !== undefined && (columns[m.down]?.upper ?? 0) === 0;
    });
  const isHidden = [...hidden];
  const zeros = moves.flatMap((m, s) => (m && !hidden[s] && zero(s) ? [s] : []));
  for (const s of zeros) upper[(moves[s] as { up: number }).up] = 0;
  const zerosMay = (move: boolean) => {
    for (const s of zeros) {
      const m = moves[s] as { up: number };
      if (!isHidden[s]) model.changeColBounds(m.up, 0, move ? (columns[m.up]?.upper ?? 0) : 0);
    }
  };
  moves.forEach((m, s) => {
    if (!m) return;
    const c = isHidden[s] ? NEARLY_FREE : (weights[s] as number);
    cost[m.up] = c;
    cost[m.down] = c;
  });
  const model = modelOf(highs, columns, rows, cost, upper);
  quiet(model, "rows");
  // Devex pricing in the dual simplex: its weights start afresh at every cover (the home basis
  // below), where steepest edge's cost a solve per row to set up. More iterations, less time:
  // cover's clock −37 % at 500 after two publications (docs/measured/disclosure.md, tenth session).
  model.options.set({ simplex_dual_edge_weight_strategy: 1 });
  const targetRow = rows.length;
  let targetColumns: number[] = [];
  model.addRow(-highs.infinity, highs.infinity, { indices: [], values: [] });
  model.changeObjectiveSense(highs.constants.objectiveSense.minimize);

  // Moves found for earlier targets. One whose cells are all hidden by now is a table the
  // attacker cannot rule out; if it already takes a later target where that one must go, the
  // later target needs no cover and no solve.
  const witnesses: { values: Float64Array; moved: number[] }[] = [];
  const witnessed = (target: Expression, direction: "up" | "down", at: number) =>
    witnesses.some(({ values, moved }) => {
      if (!moved.every((s) => isHidden[s])) return false;
      return attains(evaluate(target, values), direction, at);
    });

  // Every cover starts from the basis of no move at all (the target row free), not from the
  // last target's optimum: only the new target's row is then violated, and the dual simplex goes
  // to its cheapest move without first undoing the last one. Cover at 500 after two
  // publications: 781M of work and 25.1 s before, 407M and 16.6 s (10.5 s with devex). Which
  // of several equally cheap covers a solve ends on changes, and with it the cells hidden, both
  // ways (docs/measured/disclosure.md, tenth session).
  let home: Basis | null | undefined;
  const homeBasis = () => {
    if (home === undefined) {
      model.run();
      count(spent, model, rows.length + 1);
      const optimal = model.getModelStatus() === highs.constants.modelStatus.optimal;
      home = optimal ? model.getBasis() : null;
    }
    return home;
  };

  return {
    cover(target, direction, at) {
      if (target.columns.length === 0) return null;
      if (witnessed(target, direction, at)) return [];
      const start = homeBasis();
      // One standing target row, rewritten for each request, so that the home basis always
      // fits the model.
      for (const c of targetColumns) model.changeCoefficient(targetRow, c, 0);
      target.columns.forEach((c, i) => {
        model.changeCoefficient(targetRow, c, target.coefficients[i] as number);
      });
      targetColumns = target.columns;
      const bound = at - target.constant;
      const lower = direction === "up" ? bound : -highs.infinity;
      const upper = direction === "up" ? highs.infinity : bound;
      model.changeRowBounds(targetRow, lower, upper);
      // HiGHS forgets a solution when a bound changes: read it before the zeros close again.
      const solve = (): number[] | null => {
        if (start) model.setBasis(start);
        model.run();
        count(spent, model, rows.length + 1);
        if (model.getModelStatus() !== highs.constants.modelStatus.optimal) return null;
        const values = Float64Array.from(model.getSolution().colValue);
        const moved: number[] = [];
        moves.forEach((m, s) => {
          if (!m || isHidden[s]) return;
          if ((values[m.up] as number) + (values[m.down] as number) > EPSILON) moved.push(s);
        });
        witnesses.push({ values, moved });
        found?.(values);
        if (witnesses.length > WITNESSES) witnesses.shift();
        return moved;
      };
      try {
        const moved = solve();
        if (moved || zeros.length === 0) return moved;
        zerosMay(true);
        try {
          return solve();
        } finally {
          zerosMay(false);
        }
      } finally {
        model.changeRowBounds(targetRow, -highs.infinity, highs.infinity);
      }
    },
    hidden(statistic) {
      const m = moves[statistic];
      if (!m || isHidden[statistic]) return;
      isHidden[statistic] = true;
      model.changeColBounds(m.up, 0, columns[m.up]?.upper ?? 0);
      model.changeColCost(m.up, NEARLY_FREE);
      model.changeColCost(m.down, NEARLY_FREE);
    },
    dispose() {
      model.dispose();
    },
  };
}

/** An exposure a cover can take away: a narrow interval, or a group that looks unanimous. */
export type Coverable = Extract<Exposure, { kind: "interval" | "sharing" }>;
export const isCoverable = (e: Exposure): e is Coverable =>
  e.kind === "interval" || e.kind === "sharing";

/** Cover for each exposure the suppression loop finds (client/lib/suppress.ts). */
export interface Covers {
  /**
   * Published statistics to hide so that what an interval or sharing exposure is about can move
   * by k (or hold someone elsewhere), or null when no cover of this release's cells moves it.
   */
  of(e: Coverable): number[] | null;
  /** Makes a statistic free to move in later covers, once it is hidden. */
  hidden(statistic: number): void;
  dispose(): void;
}

/** Covers from the defender's model of every release. */
export function covers(defender: Knowledge, model: CoverModel, k: number): Covers {
  return {
    of: (e) => coverFor(e, targetOf(defender, e), model, k),
    hidden: (s) => model.hidden(s),
    dispose: () => model.dispose(),
  };
}

/** What an exposure is about, as an expression of `model` (the defender's, or an attacker's). */
export function targetOf(model: Knowledge, e: Coverable): Expression {
  if (e.kind === "interval") {
    const now = model.value(e.release, e.statistic);
    return e.since === undefined ? now : minus(now, model.value(e.since, e.statistic));
  }
  const of = (s: number) =>
    e.since === undefined ? model.value(e.release, s) : model.growth(e.release, s);
  return minus(of(e.statistic), of(e.part));
}

/**
 * Cover for one exposure: widen a narrow interval to k values (down as far as zero allows,
 * up for the rest), or let a group that looks unanimous hold someone elsewhere. Where the way
 * down is shut, all k go up; where the way up is, going down cannot help, since down already
 * went as far as zero allows.
 */
export function coverFor(
  e: Coverable,
  target: Expression,
  model: CoverModel,
  k: number,
): number[] | null {
  if (e.kind === "sharing") return model.cover(target, "up", 1);
  const lo = roundUp(e.lo);
  const hi = roundDown(e.hi);
  const need = k - (hi - lo);
  if (need <= 0) return [];
  const down = Math.min(need, Math.max(0, lo));
  const up = need - down;
  const cover: number[] = [];
  if (down > 0) {
    const moved = model.cover(target, "down", lo - down);
    if (!moved) return model.cover(target, "up", hi + need);
    cover.push(...moved);
  }
  if (up > 0) {
    const moved = model.cover(target, "up", hi + up);
    if (!moved) return null;
    cover.push(...moved);
  }
  return cover;
}
