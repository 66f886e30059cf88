// Whether a hidden group that may all have given one answer singles anyone out (DESIGN §8):
// the audit's LP (exposures.ts) finds the groups whose line can be empty but for one part; this
// sizes them, and asks whether a larger group around each already shares that answer in public
// view. UI-free.
import type { Highs } from "highs";
import type { Knowledge } from "./knowledge";
import { type Expression, minus } from "./linear";
import { type SolveOptions, solve } from "./lp";
import type { Category, Key } from "./publication";
import { type Answer, type Question, roundDown, roundUp } from "./question";

/**
 * A group (`statistic`) of a release, or its newcomers since the one before, and a part of its
 * line.
 */
export interface Shared {
  release: number;
  statistic: number;
  part: number;
  since?: number | undefined;
}

/** A group the LP found may all be in `what.part`, and its count as an expression. */
export interface Candidate {
  what: Shared;
  group: Expression;
}

/**
 * Beside a caller's cache, one for the questions below, whose answers are enough on other terms
 * than the audit's (a size, once it may hold 1..k−1 people) or only exact: the cache's key says
 * what an LP is asked, not when an answer is enough, so they cannot share one. A suppression
 * keeping the pattern asks the same of its newcomers' groups in audit after audit (passport
 * 60 → 66: 14M of work for the prune's first audit alone, where every other question was cached).
 */
const exactByCache = new WeakMap<Map<string, Answer[]>, Map<string, Answer[]>>();
function exactAnswers(cache: Map<string, Answer[]>): Map<string, Answer[]> {
  const known = exactByCache.get(cache);
  if (known) return known;
  const exact = new Map<string, Answer[]>();
  exactByCache.set(cache, exact);
  return exact;
}

/**
 * Of the candidates, those that single someone out: a group that may hold 1..k−1 people, all in
 * one part, when no larger group around it is known to. With `growthOnly` (exposures.ts), the
 * candidates are the newcomers of the last release, and the whole groups they may make share
 * are asked about here. `grown` holds the bounds already found on each release's growth
 * (`release:statistic`). Statistics found inconsistent are of the last release.
 */
export function judgeSharing(
  highs: Highs,
  model: Knowledge,
  k: number,
  candidates: readonly Candidate[],
  grown: ReadonlyMap<string, Answer>,
  options: SolveOptions & { growthOnly?: boolean },
): { sharing: Shared[]; inconsistent: number[] } {
  const { linked } = model;
  const last = model.releases.length - 1;
  const sharing = [...candidates];
  const inconsistent: number[] = [];
  const found: Shared[] = [];

  // Each group found sharing an answer, sized: a group that cannot hold 1..k−1 people singles
  // no one out, and needs no more questions. Most groups found are such: with few newcomers,
  // most groups of them that "share" an answer are provably empty (217 of 246 in the prune's
  // audits of a republication at 66 after 60, bench:suppress). Of the others, points seen at
  // 1 or more and below k are enough to know they may: such a size is answered "enough" (the
  // other 29 there, a solve each before).
  const mayHold = (lo: number, hi: number) => roundDown(hi) >= 1 && roundUp(lo) < k;
  const exact = {
    ...(options.seeding ? { seeding: options.seeding } : {}),
    ...(options.spent ? { spent: options.spent } : {}),
    ...(options.cache ? { cache: exactAnswers(options.cache) } : {}),
  };
  const sizes: Answer[] = [];
  const sizeTheRest = () => {
    const rest = sharing.slice(sizes.length);
    // A group of newcomers is the growth the change questions bounded, most often.
    const known = rest.map(({ what }) =>
      what.since === what.release - 1 ? grown.get(`${what.release}:${what.statistic}`) : undefined,
    );
    const unknown = rest.flatMap(({ group }, i) =>
      known[i]
        ? []
        : [{ expression: group, want: "interval" as const, enough: mayHold, lowest: 0 }],
    );
    const asked = unknown.length > 0 ? solve(highs, model, unknown, exact) : [];
    let next = 0;
    for (const answer of known) sizes.push(answer ?? (asked[next++] as Answer));
  };
  const maySingleOut = (i: number) => {
    const g = sizes[i] as Answer;
    return g === "infeasible" || g === "enough" || mayHold(g.lo, g.hi);
  };

  // Where the newcomers of a group share an answer, so may the whole group, and with growthOnly
  // that is asked here. Whether it is news depends on the larger groups around it (below), and a
  // reader judges those whole: newcomers with d = x1 may all share an answer with k newcomers
  // with p = s2, and still be the only ones with d = x1 who gave it (test/disclosure.test.ts,
  // seed 20261209). Where the newcomers do not share it, neither does the group. It is asked
  // even where there are provably no newcomers: the group is then the earlier one, known no
  // better than before, but the larger groups that made its sharing no news may have grown, and
  // news is judged within one publication (seed 1228586427).
  if (options.growthOnly) {
    const whole = sharing
      .filter(({ what }) => what.since !== undefined && what.release === last)
      .map(({ what }) => ({ ...what, since: undefined }));
    const answers = solve(
      highs,
      model,
      whole.map((what) => ({
        expression: minus(model.value(last, what.statistic), model.value(last, what.part)),
        want: "max" as const,
        enough: (_lo: number, hi: number) => roundDown(hi) >= 1,
      })),
      options,
    );
    whole.forEach((what, i) => {
      const answer = answers[i];
      if (answer === "infeasible") {
        inconsistent.push(what.statistic);
      } else if (answer && answer !== "enough" && roundDown(answer.hi) < 1) {
        sharing.push({ what, group: model.value(last, what.statistic) });
      }
    });
  }

  // A group proven to share an answer matters only if it may hold 1..k−1 people, and only if
  // that is news: when a larger group it belongs to (its key less one variable) provably has
  // at least k people who all gave that answer, the small group's sharing says nothing more.
  // So does a group the survey's structure puts it in: d = x1 ⊆ p = s2 when d is asked only then.
  if (sharing.length > 0) {
    const at = (w: Shared, s: number) =>
      w.since === undefined ? model.value(w.release, s) : model.growth(w.release, s);
    const larger = sharing.map(({ what }) => {
      const group = JSON.parse(linked.statistics[what.statistic]?.id ?? "[]") as [
        string,
        unknown,
      ][];
      const part = JSON.parse(linked.statistics[what.part]?.id ?? "[]") as [string, unknown][];
      return group.flatMap(([variable, category]) => {
        const without = (key: [string, unknown][]) => key.filter(([v]) => v !== variable);
        // The group less this variable, or with it replaced by what its category implies.
        const instead = [
          [],
          ...model
            .implies({ variable, category: category as Category })
            .map((t) => [[t.variable, t.category] as [string, unknown]]),
        ];
        return instead.flatMap((extra) => {
          if (extra.some(([v]) => group.some(([g]) => g === v))) return [];
          const lessGroup = model.statisticOf(
            Object.fromEntries([...without(group), ...extra]) as Key,
          );
          const lessPart = model.statisticOf(
            Object.fromEntries([...without(part), ...extra]) as Key,
          );
          return lessGroup === undefined || lessPart === undefined
            ? []
            : [[lessGroup, lessPart] as const];
        });
      });
    });
    sizeTheRest();
    const asks: Question[] = [];
    const askedFor: number[] = [];
    sharing.forEach(({ what }, i) => {
      if (!maySingleOut(i)) return;
      askedFor.push(i);
      for (const [g, p] of larger[i] ?? []) {
        asks.push({ expression: at(what, g), want: "interval", enough: () => false });
        asks.push({
          expression: minus(at(what, g), at(what, p)),
          want: "max",
          enough: () => false,
        });
      }
    });
    const answered = asks.length > 0 ? solve(highs, model, asks, exact) : [];
    let next = 0;
    const implied = new Set<number>();
    for (const i of askedFor) {
      for (const _ of larger[i] ?? []) {
        const size = answered[next++] as Answer;
        const rest = answered[next++] as Answer;
        if (
          size !== "enough" &&
          size !== "infeasible" &&
          rest !== "enough" &&
          rest !== "infeasible"
        ) {
          if (roundUp(size.lo) >= k && roundDown(rest.hi) < 1) implied.add(i);
        }
      }
    }
    sharing.forEach(({ what }, i) => {
      if (implied.has(i) || !maySingleOut(i)) return;
      found.push({
        release: what.release,
        statistic: what.statistic,
        part: what.part,
        ...(what.since === undefined ? {} : { since: what.since }),
      });
    });
  }
  return { sharing: found, inconsistent };
}
