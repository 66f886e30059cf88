// Small-cell suppression (DESIGN §8) of a publication, given every earlier publication of the
// same respondents and the survey's structure: primaries by count; then, as long as the audit
// finds an exposure, the cheapest published cells whose hiding lets it go (the defender's LP);
// finally, within a budget, every secondary the audit can do without is published again. Cells
// hidden in the previous publication are the cheapest cover and the last published again, so
// the pattern changes little, and all of them are hidden again when the earlier release needs
// them. With `keepPattern` they are hidden for good and only the newcomers' growth is checked,
// against the last publication alone: seconds however long the history, for more cells hidden
// (docs/disclosure.md, "Republishing with the same pattern"). Works on true counts;
// hideSuppressed() turns the result into what may leave the coordinator's machine. UI-free.
import {
  type Carried,
  type Exposure,
  exposures,
  isExposed,
  type PublishedRelease,
  patternToKeep,
  publishedIn,
} from "./audit";
import { type Covers, coverModel, covers, isCoverable } from "./cover";
import { type Frame, type Knowledge, knowledge, prepare, type Release } from "./knowledge";
import { evaluate } from "./linear";
import { type Answer, feasiblePoint, loadHighs, Probe, type Seeding, type Spent } from "./lp";
import { newcomersCovers } from "./newcomers";
import { grandOf, type Key, type Suppression, type TableOf } from "./publication";
import { zeroByMargin } from "./statistics";
import { NO_STRUCTURE, type Structure } from "./structure";

/** Why a cell is hidden, in terms the workspace turns into plain words. */
export type Reason =
  /** Fewer than k people: a primary. */
  | { why: "small" }
  /** Fewer than k respondents in all: only their number is published. */
  | { why: "few_respondents" }
  /** Hidden in the previous publication (or marked so in the tables given), and kept so. */
  | { why: "kept" }
  /** A zero beside a hidden group would say what the group answered. */
  | { why: "zero" }
  /** Grew by fewer than k since an earlier publication (index into the history). */
  | { why: "changed"; since: number }
  /**
   * Published, it would let someone work out the count of `protects` (of this publication, or
   * of an earlier one with `release`; a change since `since`).
   */
  | { why: "cover"; protects: Key; release?: number; since?: number };

export interface SuppressOptions {
  /** Earlier publications of the same respondents, oldest first, as published. */
  history?: readonly PublishedRelease[];
  /**
   * Keep the last publication's pattern: hide for good whatever it did not publish, and check
   * only what the new respondents add (`keepsPattern`, client/lib/audit.ts). Its work does not
   * grow with the history, and the gate's audit of it neither; the price is cells that a
   * search through the whole history could publish again. Only at the k that publication
   * passed with; otherwise the whole history is searched.
   */
  keepPattern?: boolean;
  structure?: Structure;
  /** Work the prune may spend (default PRUNE_WORK); what it has not tried stays hidden. */
  pruneWork?: number;
  /** Candidates the prune audits together at most (default BATCH; 1 audits each alone). */
  pruneBatch?: number;
  /** Called after every LP solve with the work so far (Spent.watch). */
  watch?: Spent["watch"];
  /**
   * Called as the prune comes to each secondary it may publish again, with how many it has
   * tried of how many there are: the part of a "Check them all" that takes minutes.
   */
  rechecked?: (tried: number, of: number) => void;
}

/**
 * The prune's budget, in simplex work (`Spent`, client/lib/lp.ts) rather than seconds, so that
 * the same answers give the same publication on any machine. Every secondary the prune tries
 * costs an audit; once the budget is spent the rest stay hidden, which is always safe and costs
 * the reader some cells (bench:suppress prints how many). It was 600 LPs; but an LP of a
 * publication with history has several times the rows, and at N = 980 after two publications
 * those 600 LPs were 309M of work and 12 s, to publish 2 cells again. In work, the budget was
 * what 600 LPs cost the passport survey's first publication of 300 (30M); since a seeded audit
 * solves no random directions, a candidate costs half the work but about as much time (a solve
 * costs ~0.3 ms in HiGHS before its first iteration), and 20M takes that publication as long as
 * 30M did, with 5 cells fewer hidden (thirtieth session).
 */
export const PRUNE_WORK = 20_000_000;

/**
 * What the prune's budget charges for a solve besides its work (`Spent` counts a solve as one
 * iteration). Timed in HiGHS on the passport survey (~350 rows), a warm solve of one or two
 * iterations took ~0.28 ms, one of none 0.09 ms, and each further iteration ~0.016 ms: a solve
 * costs some 12 iterations before its first. Batched audits (BATCH) solve more often for less
 * work, and a budget in work alone let the first publication of 300 run 107 solves longer.
 */
const SOLVE_WORK = 4_000;
const charged = (spent: Spent) => spent.work + SOLVE_WORK * spent.solves;

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
const BATCH = 8;

/**
 * Covers in a row that hide nothing new, after which a republication keeping the pattern audits
 * again (asking only about what the round left and what it hid) rather than solve the rest of
 * the round's covers. Its cover LP holds the earlier release and half the cells hidden (nearly
 * free to move), and costs some 30 times a fresh publication's (3M of work each at 60 → 66);
 * after the first few covers of a round, the cells just hidden settle most of the other
 * exposures, and solving their covers only finds that out: at 60 → 66, 486 of 497 found nothing
 * to hide. Passport survey kept at 60 → 66, one run each at load 1–3: 1,633M of work and 42 s
 * before, 415M and 19 s (16 without the narrower audit: 467M, 24 s; 40 and 100 were slower).
 * A search through the whole history is left alone: its audits cost more than the covers saved
 * (+31 % work at 2,000).
 */
const IDLE_COVERS = 16;

export type ReasonedTable = TableOf<{
  key: Key;
  count: number;
  suppressed: Suppression;
  reason?: Reason;
}>;

export interface SuppressResult {
  tables: ReasonedTable[];
  /** Counted per statistic: a cell shared by linked tables counts once. */
  primaries: number;
  secondaries: number;
  /** Respondents counted in secondary cells: what cover costs the reader. */
  hiddenBySecondaries: number;
  /** Problems the loop could not remove (none, unless history and data disagree). */
  unresolved: Exposure[];
  /**
   * Secondaries the prune's budget did not reach: hidden, though the audit might let some of
   * them be published (bench:suppress prints it; `pruneWork` sets the budget).
   */
  untried: number;
  /** The LP work it took, the same on any machine (bench:suppress prints it). */
  spent: Spent;
  /** Whether it kept the last publication's pattern (`keepPattern`, at that one's k). */
  keptPattern: boolean;
  /**
   * Secondaries hidden because the last publication hid them (reason `kept`), counted per
   * statistic: what keeping its pattern may cost the reader, which a look at every cell again
   * may win back in part.
   */
  kept: number;
}

type Input = TableOf<{ key: Key; count: number; suppressed?: Suppression }>;

/**
 * Cost of using a published count as cover: small non-zero counts first, and cells already
 * hidden last time cheapest of all (a stable pattern gives differencing nothing new). A zero
 * hides nobody and is the last resort.
 */
function coverWeight(count: number, hiddenBefore: boolean): number {
  if (hiddenBefore) return 0.5;
  return count === 0 ? 8 : 1 + Math.log10(count);
}

export async function suppress(
  tables: readonly Input[],
  k: number,
  options: SuppressOptions = {},
): Promise<SuppressResult> {
  const structure = options.structure ?? NO_STRUCTURE;
  const latest = options.keepPattern ? patternToKeep(options.history ?? [], k) : undefined;
  const growthOnly = latest !== undefined;
  const history: Release[] = (latest ? [latest] : (options.history ?? [])).map((p) => ({
    tables: p.tables,
    responses: p.responses,
  }));
  const last = history.length;
  const publishedBefore = latest ? publishedIn(latest) : null;
  const truth: Release = {
    tables: tables.map((t) => ({
      id: t.id,
      variables: t.variables,
      cells: t.cells.map((c) => ({
        key: c.key,
        count: c.count,
        suppressed:
          c.suppressed || (publishedBefore && !publishedBefore(t.id, c.key) ? "secondary" : false),
      })),
    })),
    responses: grandOf(tables),
  };
  const frame = prepare([...history, truth], structure);
  const defender = knowledge(frame, { defender: true });
  const { linked } = defender;
  const shownNow = linked.statistics.map((_, s) => defender.shown(last, s) !== "absent");
  const counts = linked.statistics.map((_, s) => defender.count(last, s) ?? 0);
  const given = linked.statistics.map((_, s) => defender.mark(last, s));
  const grand = linked.grandTotal;
  const n = grandOf(tables);

  const state: Suppression[] = linked.statistics.map(() => false);
  const reasons = new Map<number, Reason>();
  const hide = (s: number, mark: Exclude<Suppression, false>, reason: Reason) => {
    if (s === grand || !shownNow[s] || state[s] !== false) return false;
    state[s] = mark;
    reasons.set(s, reason);
    return true;
  };
  linked.statistics.forEach((_, s) => {
    const count = counts[s] as number;
    if (given[s] === "primary" || (count > 0 && count < k)) hide(s, "primary", { why: "small" });
  });

  const spent: Spent = { solves: 0, work: 0, ...(options.watch ? { watch: options.watch } : {}) };
  const result = (unresolved: Exposure[], untried = 0): SuppressResult => ({
    ...resultOf(tables, defender, state, reasons, counts, unresolved, untried, spent),
    keptPattern: growthOnly,
  });

  if (n < k) {
    // DESIGN §8: below k respondents nothing but their number is published, zeros included.
    linked.statistics.forEach((_, s) => {
      hide(s, "secondary", { why: "few_respondents" });
    });
    return result([]);
  }
  const hiddenBefore = linked.statistics.map(
    (_, s) => last > 0 && defender.shown(last - 1, s) === "hidden",
  );
  linked.statistics.forEach((_, s) => {
    if (given[s] === "secondary") hide(s, "secondary", { why: "kept" });
  });
  const initial = [...state];

  const highs = await loadHighs();
  const cache = new Map<string, Answer[]>();
  const points = Points.of(highs, frame, counts);
  const isPublished = (s: number) => shownNow[s] === true && state[s] === false;
  const audit = ({ extra = [], carried, focus, only }: Asking = {}) =>
    exposures(highs, frame, k, {
      cache,
      ...(only ? { only } : {}),
      state,
      spent,
      growthOnly,
      ...(points ? { seeding: points.seeding(isPublished, extra) } : {}),
      ...(carried ? { carried } : {}),
      ...(focus === undefined ? {} : { firstOnly: focus }),
    }).exposures;
  const published = () =>
    exposures(highs, frame, k, { state, publishedOnly: true, growthOnly }).exposures;
  const weights = counts.map((c, s) => coverWeight(c, hiddenBefore[s] === true));
  const hiddenNow = state.map((m) => m !== false);
  const joint = covers(
    defender,
    coverModel(highs, defender, weights, hiddenNow, {
      found: (values) => points?.from(defender, values),
      spent,
    }),
    k,
  );
  // Keeping the pattern, most exposures are the newcomers' own: covered in their own table.
  const cover =
    (growthOnly &&
      points &&
      newcomersCovers({
        highs,
        frame,
        defender,
        joint,
        base: points.base,
        weights,
        hidden: hiddenNow,
        counts,
        found: (point) => points.add(point),
        spent,
        k,
      })) ||
    joint;
  const patience = growthOnly ? IDLE_COVERS : Number.POSITIVE_INFINITY;
  // The loop only hides: what one of its audits shows able to move by k is not asked again
  // (Carried). Through the whole history at 2,000, 722M of work instead of 884M, the same cells.
  const moved = new Set<string>();
  const search = (asking: Asking = {}) =>
    audit({ ...asking, carried: { moving: "hiding", skip: moved, proven: moved } });
  let probe: Pruning["probe"];
  try {
    let remaining = loop(defender, cover, state, counts, hide, search, published, patience);
    // An exposure of an earlier release that no cover in this one moves (the cover LP moves this
    // release's cells only; test/disclosure.test.ts, seed 1307131148): hide again what that
    // release hid, as it hid it, and go on. Not for good: the prune may publish them again.
    if (remaining.length > 0) {
      const before = linked.statistics
        .map((_, s) => s)
        .filter((s) => hiddenBefore[s] && hide(s, "secondary", { why: "kept" }));
      for (const s of before) cover.hidden(s);
      if (before.length > 0)
        remaining = loop(defender, cover, state, counts, hide, search, published, patience);
    }
    if (remaining.length > 0) return result(remaining);
    const unknown = (x: number) => !shownNow[x] || state[x] !== false;
    const small = (x: number) =>
      given[x] === "primary" || ((counts[x] as number) > 0 && (counts[x] as number) < k);
    // Keeping the pattern, the audit asks about the newcomers' counts, not the probe's.
    const attacker = growthOnly ? undefined : knowledge(frame, { state });
    probe = attacker && {
      attacker,
      lp: Probe.of(highs, attacker),
      k,
      found: (values) => points?.from(attacker, values),
    };
    const untried = prune(defender, state, initial, counts, reasons, {
      audit,
      obviouslyExposes: (s) =>
        pinsSmallCount(defender, s, unknown, small) ||
        zeroBesideHidden(defender, s, counts, {
          hidden: (x) => shownNow[x] === true && state[x] !== false,
          published: isPublished,
        }),
      straddling: (s) => (points ? points.straddling(s, isPublished) : []),
      spent,
      budget: charged(spent) + (options.pruneWork ?? PRUNE_WORK),
      largestBatch: options.pruneBatch ?? BATCH,
      hiddenBefore,
      rechecked: options.rechecked ?? (() => {}),
      ...(probe ? { probe } : {}),
    });
    return result([], untried);
  } finally {
    cover.dispose();
    probe?.lp.dispose();
  }
}

/** The statistic each cell of a release shows. */
function cellStatistics(defender: Knowledge, release: number): Map<object, number> {
  const all = defender.releases.flatMap((r) => r.tables);
  const statisticOf = new Map<object, number>();
  defender.linked.statistics.forEach((statistic, s) => {
    for (const ref of statistic.cells) {
      if (defender.releaseOf[ref.table] !== release) continue;
      const cell = all[ref.table]?.cells[ref.cell];
      if (cell) statisticOf.set(cell, s);
    }
  });
  return statisticOf;
}

function keyOf(defender: Knowledge, release: number, statistic: number): Key {
  const all = defender.releases.flatMap((r) => r.tables);
  const ref = defender.linked.statistics[statistic]?.cells.find(
    (c) => defender.releaseOf[c.table] === release,
  );
  return (ref && all[ref.table]?.cells[ref.cell]?.key) ?? {};
}

/** Audits, hides what each exposure needs, and audits again until nothing is exposed. */
function loop(
  defender: Knowledge,
  covers: Covers,
  state: Suppression[],
  counts: readonly number[],
  hide: (s: number, mark: "secondary", reason: Reason) => boolean,
  audit: (asking?: Asking) => Exposure[],
  published: () => Exposure[],
  patience: number,
): Exposure[] {
  const last = defender.releases.length - 1;
  // After a round cut short (`patience`), the next audit asks only about what it left and what it
  // hid; once that finds nothing, a whole audit has the last word.
  let focus: Set<number> | undefined;
  let hid: number[] = [];
  const hideAndFree = (s: number, reason: Reason) => {
    if (!hide(s, "secondary", reason)) return false;
    covers.hidden(s);
    hid.push(s);
    return true;
  };
  for (let round = 0; round < 500; round++) {
    zeroRule(defender, state, last, counts, hideAndFree);
    // What the published numbers show (small changes above all, with history) first: hiding
    // those needs no LP, and the LP's audit then starts from a state closer to the end (a sixth
    // to a quarter less LP work at 640–1,320 with history, bench:suppress).
    const plain = published();
    let found = plain.length > 0 ? plain : audit(focus ? { only: focus } : {});
    if (plain.length === 0 && focus && found.length === 0) found = audit();
    focus = undefined;
    if (found.length === 0) return [];
    let added = 0;
    let idle = 0;
    hid = [];
    for (const [i, e] of found.entries()) {
      if (added > 0 && idle >= patience) {
        // The cells hidden so far have likely settled the rest: audit again.
        focus = new Set([
          ...found.slice(i).flatMap((x) => ("part" in x ? [x.statistic, x.part] : [x.statistic])),
          ...hid,
        ]);
        break;
      }
      const protects = keyOf(defender, e.release, e.statistic);
      const about: Reason = {
        why: "cover",
        protects,
        ...(e.release < last ? { release: e.release } : {}),
        ...("since" in e && e.since !== undefined ? { since: e.since } : {}),
      };
      if (e.kind === "change") {
        if (hideAndFree(e.statistic, { why: "changed", since: e.since })) added++;
        continue;
      }
      if (e.kind === "zero") {
        if (hideAndFree(e.statistic, { why: "zero" })) added++;
        continue;
      }
      if (!isCoverable(e)) continue;
      let more = 0;
      for (const s of covers.of(e) ?? []) if (hideAndFree(s, about)) more++;
      added += more;
      idle = more > 0 ? 0 : idle + 1;
    }
    if (added > 0) continue;
    // No cover moves these any further: widen by the cheapest published neighbour.
    const next = found
      .flatMap((e) => defender.linked.relationsOf[e.statistic] ?? [])
      .flatMap((r) => {
        const relation = defender.linked.relations[r];
        return relation ? [relation.total, ...relation.parts] : [];
      })
      .filter((s) => state[s] === false && defender.shown(last, s) === "published")
      .sort((a, b) => (counts[a] as number) - (counts[b] as number) || a - b)[0];
    const first = found[0] as Exposure;
    if (
      next === undefined ||
      !hideAndFree(next, {
        why: "cover",
        protects: keyOf(defender, first.release, first.statistic),
      })
    ) {
      return found;
    }
  }
  return audit();
}

/** DESIGN §8: in a line whose margin is hidden, zeros are hidden too. */
function zeroRule(
  defender: Knowledge,
  state: readonly Suppression[],
  last: number,
  counts: readonly number[],
  hide: (s: number, reason: Reason) => boolean,
): void {
  const publishedZero = (x: number) =>
    counts[x] === 0 && state[x] === false && defender.shown(last, x) !== "absent";
  let changed = true;
  while (changed) {
    changed = false;
    for (const relation of defender.linked.relations) {
      if (state[relation.total] === false || defender.shown(last, relation.total) === "absent") {
        continue;
      }
      for (const p of relation.parts) {
        if (
          publishedZero(p) &&
          !zeroByMargin(defender.linked, p, publishedZero) &&
          hide(p, { why: "zero" })
        )
          changed = true;
      }
    }
  }
}

/** What one audit of a suppression run is told besides the state. */
interface Asking {
  /** Feasible points to seed it with, besides those carried (Points). */
  extra?: readonly Float64Array[];
  carried?: Carried;
  /** Ask about this statistic (and what it was hidden to protect) first; stop at an exposure. */
  focus?: { focus: number; protects?: number };
  /** Ask only about these statistics. */
  only?: ReadonlySet<number>;
}

interface Pruning {
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
  rechecked: NonNullable<SuppressOptions["rechecked"]>;
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
  /** Its row in the probe. */
  fixed: number | undefined;
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
function prune(
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
  const prunable: readonly Reason["why"][] = ["cover", "zero", "kept"];
  const last = defender.releases.length - 1;
  const cells = defender.linked.statistics.map(
    (statistic) => statistic.cells.filter((c) => defender.releaseOf[c.table] === last).length,
  );
  const candidates = defender.linked.statistics
    .map((_, s) => s)
    .filter((s) => state[s] === "secondary" && initial[s] === false)
    .filter((s) => prunable.includes(reasons.get(s)?.why as Reason["why"]))
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
    const protects = reason?.why === "cover" ? defender.statisticOf(reason.protects) : undefined;
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
  reason: Extract<Reason, { why: "cover" }>,
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
function pinsSmallCount(
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
function zeroBesideHidden(
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

function resultOf(
  tables: readonly Input[],
  defender: Knowledge,
  state: readonly Suppression[],
  reasons: ReadonlyMap<number, Reason>,
  counts: readonly number[],
  unresolved: Exposure[],
  untried: number,
  spent: Spent,
): Omit<SuppressResult, "keptPattern"> {
  const last = defender.releases.length - 1;
  const statisticOf = cellStatistics(defender, last);
  let primaries = 0;
  let secondaries = 0;
  let hiddenBySecondaries = 0;
  let kept = 0;
  state.forEach((mark, s) => {
    if (mark === "primary") primaries++;
    if (mark !== "secondary") return;
    secondaries++;
    hiddenBySecondaries += counts[s] as number;
    if (reasons.get(s)?.why === "kept") kept++;
  });
  const lastTables = defender.releases[last]?.tables ?? [];
  return {
    tables: tables.map((t, i) => ({
      id: t.id,
      variables: [...t.variables],
      cells: t.cells.map((cell, j) => {
        const s = statisticOf.get(lastTables[i]?.cells[j] as object) as number;
        const mark = state[s] ?? false;
        const reason = reasons.get(s);
        return mark !== false && reason
          ? { key: cell.key, count: cell.count, suppressed: mark, reason }
          : { key: cell.key, count: cell.count, suppressed: mark };
      }),
    })),
    primaries,
    secondaries,
    hiddenBySecondaries,
    kept,
    unresolved,
    untried,
    // Work only: the result crosses a worker's postMessage, which cannot carry a function.
    spent: { solves: spent.solves, work: spent.work },
  };
}

/**
 * Feasible points of the attacker's model, kept across the audits of one suppression run. A
 * point stays feasible as long as every count it moved off the truth is hidden: hiding more
 * only widens what is possible. The base is a point at the truth of the last release.
 */
class Points {
  private readonly list: { point: Float64Array; moved: number[] }[] = [];
  private constructor(
    readonly base: Float64Array,
    private readonly counts: readonly number[],
    private readonly offset: number,
  ) {}

  static of(
    highs: Parameters<typeof feasiblePoint>[0],
    frame: Frame,
    counts: readonly number[],
  ): Points | null {
    const last = frame.releases.length - 1;
    const model = knowledge(frame, { state: counts.map(() => false) });
    const size = frame.linked.statistics.length;
    const values = frame.releases.flatMap((_, t) =>
      frame.linked.statistics.map((_, s) => model.value(t, s)),
    );
    const base = feasiblePoint(highs, model, values);
    return base ? new Points(base, counts, last * size) : null;
  }

  /** A point feasible for the attacker wherever every count it moved off the truth is hidden. */
  add(point: Float64Array) {
    const moved: number[] = [];
    this.counts.forEach((count, s) => {
      if (Math.abs((point[this.offset + s] as number) - count) > 1e-6) moved.push(s);
    });
    this.list.push({ point, moved });
    if (this.list.length > 600) this.list.splice(0, this.list.length - 600);
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

  seeding(published: (s: number) => boolean, extra: readonly Float64Array[]): Seeding {
    return {
      points: [...this.feasible(published).map((p) => p.point), ...extra],
      base: this.base,
      found: (point) => this.add(point),
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
