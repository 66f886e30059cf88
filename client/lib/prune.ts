// The suppression's last step (client/lib/suppress.ts): every cell hidden as cover that the
// audit can do without is published again, within a budget of LP work, so that a publication
// hides no more than it must. Cheap tests refuse what is plainly unsafe, a probe in HiGHS
// refuses what exposes again the count a cell was hidden to protect, and the rest goes to the
// audit in batches. UI-free.
import { type Carried, type Exposure, isExposed } from "./exposures";
import type { Knowledge } from "./knowledge";
import type { Spent } from "./lp";
import type { Fixed, Probe } from "./probe";
import type { Key, Suppression } from "./publication";
import { zeroByMargin } from "./statistics";

/**
 * Why a cell is hidden, as far as the prune reads it (suppress.ts `Reason`): only cover, zeros
 * and kept cells are candidates, and a cover names the count it protects.
 */
type Reason = { why: string; protects?: Key; release?: number; since?: number };

/**
 * The prune's budget, in simplex work (`Spent`, client/lib/lp.ts) rather than seconds, so that
 * the same answers give the same publication on any machine. Every secondary the prune tries
 * costs an audit; once the budget is spent the rest stay hidden, which is always safe and costs
 * the reader some cells (bench:suppress prints how many). It was 600 LPs; but an LP of a
 * publication with history has several times the rows, and at N = 980 after two publications
 * those 600 LPs were 309M of work and 12 s, to publish 2 cells again. In work, the budget was
 * what 600 LPs cost the passport survey's first publication of 300 (30M); since a seeded audit
 * solves no random directions, a candidate costs half the work but about as much time (a solve
 * costs ~0.3 ms in HiGHS before its first iteration), and 20M took that publication as long as
 * 30M did, with 5 cells fewer hidden (thirtieth session). 15M since the thirty-ninth: on this
 * machine 20M took it 2.8–3.5 s of CPU, over the 3 s target, and 15M takes 2.4–3.1 s for 8 cells
 * more hidden of 2,184 (960); *Check them all* spends what it takes.
 */
export const PRUNE_WORK = 15_000_000;

/**
 * What the prune's budget charges for a solve besides its work (`Spent` counts a solve as one
 * iteration). Timed in HiGHS on the passport survey (~350 rows), a warm solve of one or two
 * iterations took ~0.28 ms, one of none 0.09 ms, and each further iteration ~0.016 ms: a solve
 * costs some 12 iterations before its first. Batched audits (BATCH) solve more often for less
 * work, and a budget in work alone let the first publication of 300 run 107 solves longer.
 */
const SOLVE_WORK = 4_000;
export const charged = (spent: Spent) => spent.work + SOLVE_WORK * spent.solves;

/**
 * Candidates published together before one audit, at most. Most audits in the prune pass (at 640
 * responses 71 of 81), and an audit that passes costs ~20 solves whether it clears one candidate
 * or eight: the state it asks about is the whole of what is published. A batch that fails is
 * tried again one candidate at a time, from its first; the batch grows 1, 2, 4, 8 while batches
 * pass and starts at 1 again after one fails (thirty-second session, docs/measured/disclosure.md).
 * Whatever passes is safe; that it is what one at a time would publish holds in every case
 * measured, but is checked rather than assured (client/lib/suppress.test.ts): the rule for a
 * hidden count is not monotone, so a batch may pass where a part of it alone would not.
 */
export const BATCH = 8;

/** What one audit of a suppression run is told besides the state. */
export interface Asking {
  /** Feasible points to seed it with, besides those carried (Points). */
  extra?: readonly Float64Array[];
  carried?: Carried;
  /** Ask about this statistic (and what it was hidden to protect) first; stop at an exposure. */
  focus?: { focus: number; protects?: number };
  /** Ask only about these statistics. */
  only?: ReadonlySet<number>;
}

export interface Pruning {
  audit: (asking?: Asking) => Exposure[];
  /** A cheap sufficient test that publishing `s` exposes something: no audit needed. */
  obviouslyExposes: (s: number) => boolean;
  /** Feasible points where `s` sits at its true count. */
  straddling: (s: number) => Float64Array[];
  spent: Spent;
  /** Stop trying once the work and solves spent (`charged`) reach this. */
  budget: number;
  /** Candidates audited together at most. */
  largestBatch: number;
  /** Hidden in the previous publication: tried last, so the pattern changes least. */
  hiddenBefore: readonly boolean[];
  rechecked: (tried: number, of: number) => void;
  /**
   * The attacker's model at the prune's start, kept in HiGHS as candidates come and go, and
   * where its optima go (`Points`: the audit after a probe that passes starts from them).
   */
  probe?: { attacker: Knowledge; lp: Probe; k: number; found: (values: Float64Array) => void };
}

/** A candidate published for now: what `hideAgain` needs to undo it. */
interface Tried {
  s: number;
  reason: Reason | undefined;
  /** How the probe holds it at its count. */
  fixed: Fixed | undefined;
  /** The count it was hidden to protect, in the last release. */
  protects: number | undefined;
}

/**
 * Publishes again each secondary the audit can do without, those shown in most cells first
 * (a count shown in several tables, a margin most often, fills each of them), then the largest
 * (the most a reader gets back per audit), those hidden in the previous publication last: cover
 * chosen one exposure at a time overshoots once later cover overlaps it. Candidates the cheap
 * tests let through are audited in batches (BATCH). What was hidden from the start (primaries,
 * given secondaries) stays hidden, and so does what the budget does not reach: returns how many
 * candidates that is.
 */
export function prune(
  defender: Knowledge,
  state: Suppression[],
  initial: readonly Suppression[],
  counts: readonly number[],
  reasons: Map<number, Reason>,
  {
    audit,
    obviouslyExposes,
    straddling,
    spent,
    budget,
    largestBatch,
    hiddenBefore,
    rechecked,
    probe,
  }: Pruning,
): number {
  const prunable = ["cover", "zero", "kept"];
  const last = defender.releases.length - 1;
  const cells = defender.linked.statistics.map(
    (statistic) => statistic.cells.filter((c) => defender.releaseOf[c.table] === last).length,
  );
  const candidates = defender.linked.statistics
    .map((_, s) => s)
    .filter((s) => state[s] === "secondary" && initial[s] === false)
    .filter((s) => prunable.includes(reasons.get(s)?.why ?? ""))
    .sort(
      (a, b) =>
        Number(hiddenBefore[a]) - Number(hiddenBefore[b]) ||
        (cells[b] as number) - (cells[a] as number) ||
        (counts[b] as number) - (counts[a] as number) ||
        a - b,
    );
  // Each accepted step only publishes more, so what one audit proved (a hidden count of at
  // least k) holds in every later state and is not asked again.
  const proven = new Set<string>();
  audit({ carried: { moving: "publishing", skip: proven, proven } });

  const hideAgain = ({ s, reason, fixed }: Tried) => {
    if (fixed !== undefined) probe?.lp.release(fixed);
    state[s] = "secondary";
    if (reason) reasons.set(s, reason);
  };
  /** Publishes `s` for now, unless the probe already sees it expose what it protects. */
  const publish = (s: number): Tried | null => {
    const reason = reasons.get(s);
    // The count a cell was hidden to protect is what publishing it most often exposes again.
    const protects =
      reason?.why === "cover" && reason.protects
        ? defender.statisticOf(reason.protects)
        : undefined;
    const fixed = probe?.lp.fix(probe.attacker.value(last, s), counts[s] as number);
    const tried = { s, reason, fixed, protects };
    state[s] = false;
    if (
      probe &&
      reason?.why === "cover" &&
      protects !== undefined &&
      exposesAgain(probe, state, spent, reason, protects)
    ) {
      hideAgain(tried);
      return null;
    }
    return tried;
  };
  /** Whether the audit lets every one of `batch` stay published, asking first about the newest. */
  const passes = (batch: readonly Tried[]) => {
    // Points on both sides of a true count average to points where it is published.
    const between = batch.flatMap(({ s }) => straddling(s));
    const found = new Set<string>();
    const { s, protects } = batch.at(-1) as Tried;
    const focus = { focus: s, ...(protects === undefined ? {} : { protects }) };
    if (
      audit({
        extra: between,
        carried: { moving: "publishing", skip: proven, proven: found },
        focus,
      }).length > 0
    ) {
      return false;
    }
    for (const tried of batch) reasons.delete(tried.s);
    for (const name of found) proven.add(name);
    return true;
  };

  let size = 1;
  let batch: Tried[] = [];
  /** The candidate the batch started at: where a failed batch is tried again from. */
  let from = 0;
  /** After a failed batch, candidates up to here are tried one at a time. */
  let alone = -1;
  let reached = 0;
  for (let i = 0; i < candidates.length; i++) {
    if (i >= reached) {
      reached = i + 1;
      rechecked(i, candidates.length);
    }
    if (charged(spent) >= budget) {
      // A batch not audited yet is hidden again, and untried from its first on.
      for (const tried of batch) hideAgain(tried);
      return candidates.length - (batch.length > 0 ? from : i);
    }
    if (batch.length === 0) from = i;
    const s = candidates[i] as number;
    const tried = obviouslyExposes(s) ? null : publish(s);
    if (tried) batch.push(tried);
    const limit = i <= alone ? 1 : size;
    if (batch.length === 0 || (batch.length < limit && i < candidates.length - 1)) continue;
    if (passes(batch)) {
      if (i > alone) size = Math.min(largestBatch, size * 2);
    } else {
      for (const tried of batch) hideAgain(tried);
      // What the cheap tests refused beside the batch was judged with it published: again too,
      // also beside a batch of one (a last batch waits for candidates to fill it). Such a batch
      // failed as its member would alone: go on after it.
      if (i > from) {
        alone = i;
        i = batch.length > 1 ? from - 1 : from;
      }
      size = 1;
    }
    batch = [];
  }
  rechecked(candidates.length, candidates.length);
  return 0;
}

/**
 * Whether the count a cover protects, in the last release, is exposed again with the candidate
 * fixed in the probe: the question the audit would ask first (`focus`), answered warm. Only ever
 * a refusal the audit would make too (the same model, an exact LP); a pass still goes to the
 * audit, which asks everything else. Not for a cover of an earlier release's count, whose
 * exposure the audit may leave out as that release's own (inherited); nor of a change, where it
 * bought nothing (docs/measured/disclosure.md, thirty-first session).
 */
function exposesAgain(
  { attacker, lp, k, found }: NonNullable<Pruning["probe"]>,
  state: readonly Suppression[],
  spent: Spent,
  reason: Reason,
  protects: number,
): boolean {
  const last = attacker.releases.length - 1;
  if (reason.release !== undefined || reason.since !== undefined) return false;
  // Published since (the prune's own doing), it is no question of the audit's either.
  if (attacker.shown(last, protects) !== "hidden" || state[protects] === false) return false;
  const answer = lp.interval(attacker.value(last, protects), spent, found);
  return answer === "infeasible" || isExposed(answer, k, state[protects] === "primary");
}

/**
 * Whether publishing `s` would leave a line of the last release with one unknown that is a
 * small count: the line's equation gives it exactly, so no audit is needed to say no.
 */
export function pinsSmallCount(
  defender: Knowledge,
  s: number,
  unknown: (s: number) => boolean,
  small: (s: number) => boolean,
): boolean {
  for (const r of defender.linked.relationsOf[s] ?? []) {
    const relation = defender.linked.relations[r];
    if (!relation) continue;
    const left = [relation.total, ...relation.parts].filter((x) => x !== s && unknown(x));
    if (left.length === 1 && small(left[0] as number)) return true;
  }
  return false;
}

/**
 * Publishing `s`, a zero, in a line whose margin is hidden breaks the zero rule (DESIGN §8),
 * unless a published total of 0 already gives it.
 */
export function zeroBesideHidden(
  defender: Knowledge,
  s: number,
  counts: readonly number[],
  { hidden, published }: { hidden: (s: number) => boolean; published: (s: number) => boolean },
): boolean {
  if (counts[s] !== 0) return false;
  if (zeroByMargin(defender.linked, s, (x) => counts[x] === 0 && published(x))) return false;
  return (defender.linked.relationsOf[s] ?? []).some((r) => {
    const relation = defender.linked.relations[r];
    return relation !== undefined && relation.total !== s && hidden(relation.total);
  });
}
