// The newcomers of a republication that keeps the last one's pattern (suppress.ts,
// `keepPattern`), as a release of their own: the cover LP of what they add, at about half the
// rows of the LP of both releases. UI-free.
//
// Why it is the same LP: every count the republication shows, the last one showed too, so the
// only unknowns tying the earlier respondents to the newcomers are counts hidden now, each a
// free sum of the two. What anyone can know of the newcomers' counts is then their own table's:
// counts shown both times as their difference, the margins, the survey's structure within their
// slice, 0..ΔN each, ΔN in all; and what can be known of the earlier respondents does not depend
// on it. A move of the newcomers' table that keeps all that true, beside any table of the
// earlier respondents that the last publication allows, is a move of both releases that keeps
// all they show true. The questions whose target is a whole group (newcomers and earlier
// respondents together) stay with both releases' LP.
import type { Highs } from "highs";
import { type CoverModel, type Covers, coverFor, coverModel } from "./cover";
import { type Frame, type Knowledge, knowledge, prepare, type Release } from "./knowledge";
import { evaluate, minus } from "./linear";
import type { Spent } from "./lp";

export interface NewcomersInput {
  highs: Highs;
  /** Two releases: the publication whose pattern is kept, then the true counts now. */
  frame: Frame;
  /** The defender's model of both releases, as `joint` covers with it. */
  defender: Knowledge;
  joint: Covers;
  /** A point of both releases' statistics (release × statistics + statistic) the attacker allows. */
  base: Float64Array;
  weights: readonly number[];
  hidden: readonly boolean[];
  /** Counts now, by statistic: a published zero is a count of 0 now, not a growth of 0. */
  counts: readonly number[];
  /** Each move found, as a point of both releases like `base`. */
  found: (point: Float64Array) => void;
  spent: Spent;
  k: number;
}

/**
 * Covers that move the newcomers' counts in their own table, and anything else in both
 * releases'. Null where the newcomers' table does not hold the same statistics, or months close
 * (a frozen month's growth is a relation of both releases).
 */
export function newcomersCovers(input: NewcomersInput): Covers | null {
  const { highs, frame, defender, joint, base, k } = input;
  const last = frame.releases.length - 1;
  const now = frame.releases[last];
  const before = frame.releases[last - 1];
  if (last !== 1 || !now || !before || frame.structure.closing) return null;
  const size = frame.linked.statistics.length;
  const growth = now.responses - before.responses;
  // The base point's growth: a newcomers' table the attacker allows, whatever is hidden.
  const added = (s: number) =>
    Math.min(growth, Math.max(0, (base[size + s] as number) - (base[s] as number)));
  const release: Release = {
    responses: growth,
    tables: now.tables.map((t) => ({
      id: t.id,
      variables: t.variables,
      cells: t.cells.map((c) => {
        const s = frame.statisticOf(c.key);
        return { key: c.key, count: s === undefined ? 0 : added(s), suppressed: false };
      }),
    })),
  };
  const own = prepare([release], frame.structure);
  const toOwn = frame.linked.statistics.map((statistic) => own.linked.byId.get(statistic.id));
  if (
    own.linked.statistics.length !== size ||
    own.linked.relations.length !== frame.linked.relations.length ||
    toOwn.some((a) => a === undefined)
  ) {
    return null;
  }
  const fromOwn = new Array<number>(size);
  toOwn.forEach((a, s) => {
    fromOwn[a as number] = s;
  });
  const inOwn = <T>(values: readonly T[]) => fromOwn.map((s) => values[s] as T);
  const newcomers = knowledge(own, { defender: true });
  const value = (s: number) => newcomers.value(0, toOwn[s] as number);
  const model: CoverModel = coverModel(
    highs,
    newcomers,
    inOwn(input.weights),
    inOwn(input.hidden),
    {
      spent: input.spent,
      zero: (a) => input.counts[fromOwn[a] as number] === 0,
      found: (values) => {
        const point = Float64Array.from(base);
        for (let s = 0; s < size; s++) {
          point[size + s] = (base[s] as number) + evaluate(value(s), values);
        }
        input.found(point);
      },
    },
  );

  return {
    of(e) {
      if (e.release !== last) return joint.of(e);
      if (e.kind === "sharing") {
        if (e.since !== last - 1) return joint.of(e);
        return coverFor(e, minus(value(e.statistic), value(e.part)), model, k);
      }
      if (e.since === last - 1) return coverFor(e, value(e.statistic), model, k);
      if (e.since !== undefined) return joint.of(e);
      // A count hidden now and shown before: the earlier count plus the newcomers'.
      const shown = defender.shown(last - 1, e.statistic) === "published";
      const earlier = shown ? defender.count(last - 1, e.statistic) : null;
      if (earlier === null) return joint.of(e);
      const growthOf = { ...e, lo: e.lo - earlier, hi: e.hi - earlier };
      return coverFor(growthOf, value(e.statistic), model, k);
    },
    hidden(s) {
      joint.hidden(s);
      model.hidden(toOwn[s] as number);
    },
    dispose() {
      joint.dispose();
      model.dispose();
    },
  };
}
