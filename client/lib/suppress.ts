// Small-cell suppression (DESIGN §8) over all tables of a publication at once: primaries by
// count, then secondaries chosen by an LP audit loop — audit, cover each exposed statistic with
// the cheapest cells that let it move, audit again — and finally every secondary the audit can
// do without is published again. Works on true counts; hideSuppressed() turns the result into
// what may leave the coordinator's machine. UI-free.

import type { Highs } from "highs";
import { type Exposure, findExposures } from "./audit";
import { type CoverModel, coverModel, loadHighs } from "./lp";
import type { Key, MarkedTable, Suppression, TableOf } from "./publication";
import { type LinkedTables, linkTables, perStatistic, type Relation } from "./statistics";

/**
 * How secondaries are chosen before the audit loop. `"greedy"` first covers every line where
 * a primary is alone or the suppressed cells add up to less than k, with the smallest non-zero
 * cell of the line; `"lp"` leaves all of it to the LP's cover. bench/suppress.ts compares them
 * on the passport survey: `"lp"` hides a few cells and respondents fewer, so it is the default.
 */
export type Strategy = "greedy" | "lp";

export interface SuppressOptions {
  strategy?: Strategy;
}

export interface SuppressResult {
  tables: MarkedTable[];
  /** Counted per statistic: a cell shared by linked tables counts once. */
  primaries: number;
  secondaries: number;
  /** Respondents counted in secondary cells: what cover costs the reader. */
  hiddenBySecondaries: number;
}

type Input = TableOf<{ key: Key; count: number; suppressed?: Suppression }>;

/**
 * Cost of using a published statistic as cover: small non-zero counts first (DESIGN §8). A zero
 * hides nobody and can only grow in an attacker's eyes, so it is the last resort.
 */
function coverWeight(count: number): number {
  return count === 0 ? 8 : 1 + Math.log10(count);
}

function primaries(
  linked: LinkedTables,
  tables: readonly Input[],
  counts: readonly number[],
  k: number,
): Suppression[] {
  return linked.statistics.map((statistic, s) => {
    if (s === linked.grandTotal) return false;
    const marks = statistic.cells.map((ref) => tables[ref.table]?.cells[ref.cell]?.suppressed);
    const count = counts[s] as number;
    if (marks.includes("primary") || (count > 0 && count < k)) return "primary";
    // Kept from an earlier run, so that suppressing a suppressed publication changes nothing.
    return marks.includes("secondary") ? "secondary" : false;
  });
}

/**
 * The two traps every auditor knows, in one line: a primary alone among its suppressed cells is
 * recomputed from the others, and primaries whose line sum is known and below k bound each
 * other below k. Only lines that hold a primary count, so that a result that already passes the
 * audit has none. Returns which part of the line could close the trap, or null if none is set.
 */
function trap(
  relation: Relation,
  counts: readonly number[],
  state: readonly Suppression[],
  k: number,
): number[] | null {
  const { total, parts } = relation;
  const members = [total, ...parts];
  const hidden = members.filter((s) => state[s] !== false);
  if (!hidden.some((s) => state[s] === "primary")) return null;
  if (hidden.length === 1) return members;
  if (state[total] !== false) return null;
  const sum = parts.reduce((a, s) => a + (state[s] === false ? 0 : (counts[s] as number)), 0);
  return sum < k ? parts : null;
}

/** Closes every trap with the cheapest cell of its line, until none is left. */
function closeLines(
  linked: LinkedTables,
  counts: readonly number[],
  state: Suppression[],
  k: number,
) {
  // Parts before the line's own margin: a suppressed margin opens lines in other tables. A
  // zero adds nothing to a line's hidden sum, so it is never picked here.
  const rank = (s: number, total: number) => (s === total ? 2e9 : 0) + (counts[s] as number);
  let changed = true;
  while (changed) {
    changed = false;
    for (const relation of linked.relations) {
      const pick = trap(relation, counts, state, k)
        ?.filter((s) => state[s] === false && s !== linked.grandTotal && counts[s] !== 0)
        .sort((a, b) => rank(a, relation.total) - rank(b, relation.total) || a - b)[0];
      if (pick !== undefined) {
        state[pick] = "secondary";
        changed = true;
      }
    }
  }
}

/**
 * Lets an exposed statistic move down by min(count, k) and up by the rest of k, as far as its
 * current interval does not already allow it; each move suppresses the cells it needs.
 */
function coverExposure(
  exposure: Exposure,
  counts: readonly number[],
  k: number,
  model: CoverModel,
): number[] | null {
  const s = exposure.statistic;
  const count = counts[s] as number;
  const down = Math.min(count, k);
  const up = k - down;
  const lo = exposure.problem === "narrow_interval" ? exposure.lo : count;
  const hi = exposure.problem === "narrow_interval" ? exposure.hi : count;
  const added: number[] = [];
  for (const amount of [-down, up]) {
    if (amount === 0 || (amount < 0 ? lo <= count + amount : hi >= count + amount)) continue;
    const moved = model.cover(s, amount) ?? (amount < 0 ? model.cover(s, k) : null);
    if (!moved) return null;
    added.push(...moved);
  }
  return added;
}

export async function suppress(
  tables: readonly Input[],
  k: number,
  options: SuppressOptions = {},
): Promise<SuppressResult> {
  const linked = linkTables(tables);
  const counts = perStatistic(linked, tables, (cell) => cell.count);
  const state = primaries(linked, tables, counts, k);
  const grand = counts[linked.grandTotal] ?? 0;

  if (grand < k) {
    // DESIGN §8: below k respondents nothing but the response count is published. Zeros go
    // too: next to a public total they would tell what all of the few respondents answered.
    linked.statistics.forEach((_, s) => {
      if (s !== linked.grandTotal && state[s] === false) state[s] = "secondary";
    });
  } else if (state.some((mark) => mark === "primary")) {
    const given = state.map((mark) => mark === "secondary");
    if ((options.strategy ?? "lp") === "greedy") closeLines(linked, counts, state, k);
    const highs = await loadHighs();
    const cache = new Map<string, Exposure[]>();
    auditLoop(highs, linked, counts, state, k, cache);
    prune(highs, linked, counts, state, given, k, cache);
  }
  return result(tables, linked, counts, state);
}

const exposuresOf = (
  highs: Highs,
  linked: LinkedTables,
  counts: readonly number[],
  state: readonly Suppression[],
  k: number,
  cache: Map<string, Exposure[]>,
) =>
  findExposures(
    highs,
    linked,
    counts,
    state.map((mark) => mark !== false),
    state.map((mark) => mark === "primary"),
    k,
    cache,
  );

/** Audits, covers every exposure, and audits again until the audit finds nothing. */
function auditLoop(
  highs: Highs,
  linked: LinkedTables,
  counts: readonly number[],
  state: Suppression[],
  k: number,
  cache: Map<string, Exposure[]>,
) {
  const weights = counts.map(coverWeight);
  const model = coverModel(
    highs,
    linked.relations,
    counts,
    linked.grandTotal,
    weights,
    state.map((mark) => mark !== false),
  );
  const hide = (s: number) => {
    if (state[s] !== false || s === linked.grandTotal) return false;
    state[s] = "secondary";
    model.suppressed(s);
    return true;
  };
  try {
    for (;;) {
      const exposures = exposuresOf(highs, linked, counts, state, k, cache);
      if (exposures.length === 0) return;
      let added = 0;
      for (const exposure of exposures) {
        for (const s of coverExposure(exposure, counts, k, model) ?? []) if (hide(s)) added++;
      }
      if (added > 0) continue;
      // No cover moves these any further: widen by the cheapest published neighbour, a zero
      // only when nothing else is left.
      const next = exposures
        .flatMap((e) => linked.relationsOf[e.statistic] ?? [])
        .flatMap((r) => {
          const relation = linked.relations[r];
          return relation ? [relation.total, ...relation.parts] : [];
        })
        .filter((s) => state[s] === false && s !== linked.grandTotal)
        .sort((a, b) => (weights[a] as number) - (weights[b] as number) || a - b)[0];
      if (next === undefined || !hide(next)) return;
    }
  } finally {
    model.dispose();
  }
}

/**
 * Publishes again each secondary the audit can do without, largest count first: cover chosen
 * one exposure at a time overshoots once later cover overlaps it. Secondaries given in the
 * input stay, so a second run changes nothing.
 */
function prune(
  highs: Highs,
  linked: LinkedTables,
  counts: readonly number[],
  state: Suppression[],
  given: readonly boolean[],
  k: number,
  cache: Map<string, Exposure[]>,
) {
  const candidates = linked.statistics
    .map((_, s) => s)
    .filter((s) => state[s] === "secondary" && !given[s])
    .sort((a, b) => (counts[b] as number) - (counts[a] as number) || a - b);
  for (const s of candidates) {
    state[s] = false;
    // A trap is an exposure the LP would find too; spotting it first saves the solves.
    const trapped = (linked.relationsOf[s] ?? []).some((r) => {
      const relation = linked.relations[r];
      return relation !== undefined && trap(relation, counts, state, k) !== null;
    });
    if (trapped || exposuresOf(highs, linked, counts, state, k, cache).length > 0) {
      state[s] = "secondary";
    }
  }
}

function result(
  tables: readonly Input[],
  linked: LinkedTables,
  counts: readonly number[],
  state: readonly Suppression[],
): SuppressResult {
  const statisticOf = tables.map((t) => t.cells.map(() => 0));
  linked.statistics.forEach((statistic, s) => {
    for (const ref of statistic.cells) (statisticOf[ref.table] as number[])[ref.cell] = s;
  });
  let secondaries = 0;
  let hiddenBySecondaries = 0;
  state.forEach((mark, s) => {
    if (mark !== "secondary") return;
    secondaries++;
    hiddenBySecondaries += counts[s] as number;
  });
  return {
    tables: tables.map((t, i) => ({
      id: t.id,
      variables: [...t.variables],
      cells: t.cells.map((cell, j) => ({
        key: cell.key,
        count: cell.count,
        suppressed: state[(statisticOf[i] as number[])[j] as number] as Suppression,
      })),
    })),
    primaries: state.filter((mark) => mark === "primary").length,
    secondaries,
    hiddenBySecondaries,
  };
}
