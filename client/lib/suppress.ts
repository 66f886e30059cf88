// Small-cell suppression (DESIGN §8) of a publication, given every earlier publication of the
// same respondents and the survey's structure: primaries by count; then, as long as the audit
// finds an exposure, the cheapest published cells whose hiding lets it go (the defender's LP);
// finally, within a budget, every secondary the audit can do without is published again
// (prune.ts). Cells hidden in the previous publication are the cheapest cover and the last
// published again, so the pattern changes little, and all of them are hidden again when the
// earlier release needs them. With `keepPattern` they are hidden for good and only the newcomers' growth is checked,
// against the last publication alone: seconds however long the history, for more cells hidden
// (docs/disclosure.md, "Republishing with the same pattern"). Works on true counts;
// hideSuppressed() turns the result into what may leave the coordinator's machine. UI-free.
import { type PublishedRelease, patternToKeep, publishedIn } from "./audit";
import { type Covers, coverModel, covers, isCoverable } from "./cover";
import { type Exposure, exposures } from "./exposures";
import { type Knowledge, knowledge, prepare, type Release } from "./knowledge";
import { loadHighs, type Spent } from "./lp";
import { newcomersCovers } from "./newcomers";
import { Points } from "./points";
import { Probe } from "./probe";
import {
  type Asking,
  BATCH,
  charged,
  PRUNE_WORK,
  type Pruning,
  pinsSmallCount,
  prune,
  zeroBesideHidden,
} from "./prune";
import { grandOf, type Key, type Suppression, type TableOf } from "./publication";
import type { Answer } from "./question";
import { reaching } from "./reach";
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
  const covering =
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
  // A fresh publication asks the attacker first (reach.ts); with history its model is larger
  // than the covers it saves (docs/measured/disclosure.md, forty-third session).
  const cover =
    last === 0
      ? reaching(covering, {
          highs,
          frame,
          published: isPublished,
          counts,
          k,
          spent,
          found: (model, values) => points?.from(model, values),
        })
      : covering;
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
