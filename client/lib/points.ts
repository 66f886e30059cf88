// Feasible points of the attacker's model, kept across one suppression run
// (client/lib/suppress.ts), or within one audit (the gate's): they settle most of an audit's
// questions before any solve. UI-free.
import type { Highs } from "highs";
import { type Frame, type Knowledge, knowledge } from "./knowledge";
import { evaluate } from "./linear";
import { feasiblePoint, type Seeding, type Spent } from "./lp";

/** Points are kept up to this many, the latest: each is a number per statistic and release. */
const KEPT = 600;

/** Every statistic of every release of `model`, in the order of a point. */
const statisticValues = (model: Knowledge) =>
  model.releases.flatMap((_, t) => model.linked.statistics.map((_, s) => model.value(t, s)));

/**
 * Seeding for an audit with no points carried in (the publish gate's): it keeps the points its
 * own solves find, so the questions it asks after its main solve (sharing.ts) start from them,
 * as they do in a suppression (`Points.seeding`). None where `model` has no feasible point. The
 * base is a point too, and the first: the main solve then starts from it rather than from random
 * directions (bench:suppress, the gate at 72 after 66, 13.2M of work instead of 15.8M).
 */
export function ownSeeding(highs: Highs, model: Knowledge, spent?: Spent): Seeding | undefined {
  const base = feasiblePoint(highs, model, statisticValues(model), spent);
  if (!base) return undefined;
  const points: Float64Array[] = [base];
  return {
    points,
    base,
    found: (point) => {
      points.push(point);
      if (points.length > KEPT) points.splice(0, points.length - KEPT);
    },
  };
}

/**
 * Feasible points of the attacker's model, kept across the audits of one suppression run. A
 * point stays feasible as long as every count it moved off the truth is hidden: hiding more
 * only widens what is possible. The base is a point at the truth of the last release.
 */
export class Points {
  private readonly list: { point: Float64Array; moved: number[] }[] = [];
  private constructor(
    readonly base: Float64Array,
    private readonly counts: readonly number[],
    private readonly offset: number,
  ) {}

  static of(highs: Highs, frame: Frame, counts: readonly number[]): Points | null {
    const last = frame.releases.length - 1;
    const model = knowledge(frame, { state: counts.map(() => false) });
    const base = feasiblePoint(highs, model, statisticValues(model));
    if (!base) return null;
    const points = new Points(base, counts, last * frame.linked.statistics.length);
    // The base moves nothing off the truth, so it is feasible in every state: a first audit starts
    // from it (bench:suppress: 1,563M of suppression work over the whole-history series instead of
    // 1,626M, few newcomers at 66 38M instead of 40M, the same cells everywhere).
    points.add(base);
    return points;
  }

  /** A point feasible for the attacker wherever every count it moved off the truth is hidden. */
  add(point: Float64Array) {
    const moved: number[] = [];
    this.counts.forEach((count, s) => {
      if (Math.abs((point[this.offset + s] as number) - count) > 1e-6) moved.push(s);
    });
    this.list.push({ point, moved });
    if (this.list.length > KEPT) this.list.splice(0, this.list.length - KEPT);
  }

  /**
   * A solution of `model` as a point of counts, feasible for the attacker wherever every count
   * it moved is hidden (`feasible` checks that). A cover move: the defender's model is the
   * attacker's with this release's counts free to move, and the next audit sees the covered
   * count go where it must. The probe's optima: the attacker's model in the prune's state.
   */
  from(model: Knowledge, values: Float64Array) {
    const size = this.counts.length;
    const point = new Float64Array(this.base.length);
    model.releases.forEach((_, t) => {
      for (let s = 0; s < size; s++) point[t * size + s] = evaluate(model.value(t, s), values);
    });
    this.add(point);
  }

  private feasible(published: (s: number) => boolean) {
    return this.list.filter((p) => p.moved.every((s) => !published(s)));
  }

  /**
   * Seeding for one audit in the state where `published` counts show. A point found while
   * solving it is feasible for it too, so it joins the audit's list at once: the questions an
   * audit asks after its main solve (sharing.ts) are settled by that solve's points
   * (bench:suppress, few newcomers 60 → 66: 64.5M → 57.5M of work, the same cells).
   */
  seeding(published: (s: number) => boolean, extra: readonly Float64Array[]): Seeding {
    const points = [...this.feasible(published).map((p) => p.point), ...extra];
    return {
      points,
      base: this.base,
      found: (point) => {
        this.add(point);
        points.push(point);
      },
    };
  }

  /** Points where `s` sits at its true count, averaged from feasible points on either side. */
  straddling(s: number, published: (s: number) => boolean): Float64Array[] {
    const at = this.offset + s;
    const count = this.counts[s] as number;
    const feasible = this.feasible((x) => x !== s && published(x));
    const below = feasible.filter((p) => (p.point[at] as number) < count - 1e-6);
    const above = feasible.filter((p) => (p.point[at] as number) > count + 1e-6);
    const out: Float64Array[] = [];
    const pairs = Math.min(80, Math.max(below.length, above.length));
    for (let i = 0; i < pairs && below.length > 0 && above.length > 0; i++) {
      const a = (below[i % below.length] as { point: Float64Array }).point;
      const b = (above[i % above.length] as { point: Float64Array }).point;
      const lambda = ((b[at] as number) - count) / ((b[at] as number) - (a[at] as number));
      const point = new Float64Array(a.length);
      for (let j = 0; j < a.length; j++) {
        point[j] = lambda * (a[j] as number) + (1 - lambda) * (b[j] as number);
      }
      out.push(point);
    }
    return out;
  }
}
