// What feasible points already show about the questions asked of the attacker's LP (lp.ts):
// each part's range seen at points (`Seen`), questions over independent components settled by
// their parts seen apart (`settledApart`), and extremes a point reaches at a bound the rows imply.
// A question settled here costs no solve. UI-free.
import { boundOf, type Implied, impliedBounds } from "./implied";
import type { Knowledge } from "./knowledge";
import type { Expression, Row } from "./linear";
import { EPSILON, type Question } from "./question";

/**
 * The questions reaching into several components that the points carried in already settle. The
 * components are independent LPs, so feasible values of each part, seen at different points,
 * combine into one feasible table: the question reaches the sum of its parts' least values seen
 * and that of their greatest. Settled here, a question is asked of no component (its parts are
 * no part of any component's cache key). A kept republication's whole groups are such (sharing.ts:
 * the earlier respondents' part and the newcomers' part lie apart); a part's point is judged
 * alone only where the question is whole (`Seen`).
 */
export function settledApart(
  knowledge: Pick<Knowledge, "columnStatistic" | "chain">,
  questions: readonly Question[],
  split: readonly Expression[][],
  points: readonly Float64Array[],
): Set<number> {
  const settled = new Set<number>();
  if (points.length === 0) return settled;
  const { columnStatistic, chain } = knowledge;
  questions.forEach((q, i) => {
    const parts = split[i] as Expression[];
    if (parts.length < 2 || q.known) return;
    const at = parts.map((p) => p.columns.map((c) => columnStatistic[c] as number));
    if (at.some((statistics) => statistics.some((s) => s < 0))) return;
    const from = at.map((statistics) => statistics.map((s) => chain[s] as number));
    const lo = parts.map(() => Number.POSITIVE_INFINITY);
    const hi = parts.map(() => Number.NEGATIVE_INFINITY);
    const sum = (values: number[]) => values.reduce((a, b) => a + b, q.expression.constant);
    for (const point of points) {
      parts.forEach((p, j) => {
        const v = valueAt(point, at[j] as number[], from[j] as number[], p.coefficients);
        if (v < (lo[j] as number)) lo[j] = v;
        if (v > (hi[j] as number)) hi[j] = v;
      });
      if (q.enough(sum(lo), sum(hi))) {
        settled.add(i);
        return;
      }
    }
  });
  return settled;
}

/**
 * A part's value at a point of counts, its columns being the counts `at` or (where `from` is not
 * −1) their growth since the count `from`.
 */
function valueAt(
  point: Float64Array,
  at: readonly number[],
  from: readonly number[],
  coefficients: readonly number[],
): number {
  let v = 0;
  for (let j = 0; j < at.length; j++) {
    const f = from[j] as number;
    const value = (point[at[j] as number] as number) - (f >= 0 ? (point[f] as number) : 0);
    v += (coefficients[j] as number) * value;
  }
  return v;
}

/** A part of a question, in its component's own column numbering. */
export interface LocalPart {
  columns: number[];
  coefficients: number[];
}

/**
 * The least and greatest value of each part seen at feasible points of one component's LP: a
 * whole question whose `enough` holds over them is settled without a solve of its own, and an
 * extreme a point reaches at a bound the LP's rows imply needs none either (`reached`).
 */
export class Seen {
  private readonly lo: number[];
  private readonly hi: number[];
  private readonly done: boolean[];
  private implied: Implied | undefined;
  private carried:
    | {
        points: readonly Float64Array[];
        statisticOf: readonly number[];
        grownFrom: readonly number[];
      }
    | undefined;
  /** Parts whose carried points are read (`carry`). */
  private readonly read: boolean[];
  constructor(
    private readonly parts: readonly LocalPart[],
    private readonly questionOf: readonly Question[],
    private readonly whole: readonly boolean[],
    /** The component's LP, in the parts' column numbering. */
    private readonly lp: {
      bounds: readonly { lower: number; upper: number }[];
      rows: readonly Row[];
    },
  ) {
    this.lo = parts.map(() => Number.POSITIVE_INFINITY);
    this.hi = parts.map(() => Number.NEGATIVE_INFINITY);
    this.done = parts.map(() => false);
    this.read = parts.map(() => false);
  }

  /**
   * Only the parts whose range is still read: a part of a split question is never settled by
   * what is seen, and a settled part stays settled (more points only widen).
   */
  record(values: ArrayLike<number>) {
    this.parts.forEach((p, i) => {
      if (!this.whole[i] || this.done[i]) return;
      let v = 0;
      for (let j = 0; j < p.columns.length; j++) {
        v += (p.coefficients[j] as number) * (values[p.columns[j] as number] as number);
      }
      if (v < (this.lo[i] as number)) this.lo[i] = v;
      if (v > (this.hi[i] as number)) this.hi[i] = v;
      if (this.enough(i)) this.done[i] = true;
    });
  }

  settled(i: number): boolean {
    this.readCarried(i);
    return this.enough(i);
  }

  /** The least value of part `i` seen so far. */
  least(i: number): number {
    this.readCarried(i);
    return this.lo[i] as number;
  }

  /**
   * Points carried in (`Seeding`, lp.ts), read for a part only when it is first asked about:
   * an audit that stops at its first question (the prune's, lp.ts `stop`) reads them for
   * that question's parts alone. Where they are read makes no difference to what a part shows
   * when it is asked about: the points and the solutions recorded by then, either way (a
   * range only widens). `statisticOf` and `grownFrom` place each local column in a point.
   */
  carry(
    points: readonly Float64Array[],
    statisticOf: readonly number[],
    grownFrom: readonly number[],
  ) {
    this.carried = { points, statisticOf, grownFrom };
  }

  /**
   * Part `i`'s carried points, once, and no further than it takes to settle it: more points only
   * widen what was seen, so a settled part stays settled. Only a whole question can be settled by
   * what is seen, and it is asked again only when a point widened it: this loop was a third of
   * the JavaScript time of suppression with history.
   */
  private readCarried(i: number) {
    if (this.read[i] || !this.carried) return;
    this.read[i] = true;
    if (!this.whole[i] || this.enough(i)) return;
    const { points, statisticOf, grownFrom } = this.carried;
    const p = this.parts[i] as LocalPart;
    const at = p.columns.map((c) => statisticOf[c] as number);
    const from = p.columns.map((c) => grownFrom[c] as number);
    let lo = this.lo[i] as number;
    let hi = this.hi[i] as number;
    for (const point of points) {
      const v = valueAt(point, at, from, p.coefficients);
      if (!(v < lo || v > hi)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
      this.lo[i] = lo;
      this.hi[i] = hi;
      if (this.enough(i)) break;
    }
  }

  /**
   * Whether a point at the greatest value the rows imply for whole part `i` (implied.ts) would
   * settle it, beside the least seen (or that bound, where nothing was): only then may some
   * point do so.
   */
  couldSettle(i: number): boolean {
    if (!this.whole[i]) return false;
    const top = this.bound(i, "max");
    const q = this.questionOf[i] as Question;
    const c = q.expression.constant;
    return q.enough(c + Math.min(this.lo[i] as number, top), c + top);
  }

  /** The least or greatest value the LP's rows imply for part `i`, its carried points read. */
  private bound(i: number, sense: "min" | "max"): number {
    this.readCarried(i);
    this.implied ??= impliedBounds(this.lp.bounds, this.lp.rows);
    return boundOf(this.implied, this.parts[i] as LocalPart, sense);
  }

  /** Whether what is seen of part `i` so far settles its question. */
  private enough(i: number): boolean {
    const q = this.questionOf[i] as Question;
    if (q.known) return true;
    const c = q.expression.constant;
    return (
      this.whole[i] === true && q.enough(c + (this.lo[i] as number), c + (this.hi[i] as number))
    );
  }

  /**
   * The extreme of whole part `i` where a point seen sits at a bound the LP's rows imply
   * (implied.ts): no feasible point goes past the bound and one reaches it, so no solve is
   * needed. Most growths' greatest value is a margin's growth, and most groups less one part are
   * empty, which points already show (bench:suppress, few newcomers 60 → 66: 1,257 solves and
   * 38.3M of work → 461 and 26.7M, the same cells).
   */
  reached(i: number, sense: "min" | "max"): number | undefined {
    if (!this.whole[i]) return undefined;
    this.readCarried(i);
    const seenAt = (sense === "max" ? this.hi[i] : this.lo[i]) as number;
    if (!Number.isFinite(seenAt)) return undefined;
    const bound = this.bound(i, sense);
    if (Math.abs(seenAt - bound) > EPSILON) return undefined;
    // The extreme lies between the two; the bound is proven, a point only found.
    return sense === "max" ? Math.min(seenAt, bound) : Math.max(seenAt, bound);
  }
}
