// The disclosure rule of DESIGN §8, checked from the published numbers alone: what an
// attacker who knows every published number, every additive relation (within and across
// tables) and that counts are ≥ 0 can say about each suppressed statistic. The server's publish
// gate calls `audit`; the secondary selection calls `findExposures` until it finds nothing.

import type { Highs } from "highs";
import {
  attackerIntervals,
  type Equation,
  type Interval,
  loadHighs,
  roundDown,
  roundUp,
} from "./lp";
import type { Key, Publication } from "./publication";
import { type LinkedTables, linkTables, perStatistic } from "./statistics";

/**
 * Whether an attacker's interval for a suppressed statistic singles anyone out. Counts are
 * whole numbers, so the interval is first narrowed to integers. A primary needs
 * `hi − lo ≥ k`. Any other suppressed cell may also be bounded tightly when the bounds prove it
 * is zero (zeros are published anyway) or at least k (nobody is singled out); anything else
 * could be a small count as far as a reader can tell.
 */
export function isExposed({ lo, hi }: Interval, k: number, primary: boolean): boolean {
  const low = roundUp(lo);
  const high = roundDown(hi);
  if (high - low >= k) return false;
  return primary || (high > 0 && low < k);
}

export type Exposure =
  | { statistic: number; problem: "narrow_interval"; lo: number; hi: number }
  | { statistic: number; problem: "inconsistent" };

/** Suppressed statistics tied by some relation: each group is its own attacker LP. */
export function suppressedComponents(
  linked: LinkedTables,
  suppressed: readonly boolean[],
): number[][] {
  const parent = linked.statistics.map((_, i) => i);
  const find = (i: number): number => {
    let root = i;
    while (parent[root] !== root) root = parent[root] as number;
    while (parent[i] !== root) {
      const next = parent[i] as number;
      parent[i] = root;
      i = next;
    }
    return root;
  };
  for (const r of linked.relations) {
    const members = [r.total, ...r.parts].filter((s) => suppressed[s]);
    for (const s of members.slice(1)) parent[find(s)] = find(members[0] as number);
  }
  const groups = new Map<number, number[]>();
  linked.statistics.forEach((_, s) => {
    if (!suppressed[s]) return;
    const root = find(s);
    const group = groups.get(root);
    if (group) group.push(s);
    else groups.set(root, [s]);
  });
  return [...groups.values()];
}

function attackerModel(
  linked: LinkedTables,
  component: readonly number[],
  known: readonly (number | null)[],
  suppressed: readonly boolean[],
) {
  const local = new Map(component.map((s, i) => [s, i]));
  const touching = new Set<number>();
  for (const s of component) for (const r of linked.relationsOf[s] ?? []) touching.add(r);
  const equations: Equation[] = [];
  for (const r of [...touching].sort((a, b) => a - b)) {
    const relation = linked.relations[r];
    if (!relation) continue;
    const coefficient = new Map<number, number>();
    // Σ parts − total = 0, with every published count moved to the right-hand side.
    let rhs = 0;
    const add = (s: number, c: number) => {
      if (suppressed[s]) {
        const i = local.get(s) as number;
        coefficient.set(i, (coefficient.get(i) ?? 0) + c);
      } else rhs -= c * (known[s] ?? 0);
    };
    for (const p of relation.parts) add(p, 1);
    add(relation.total, -1);
    const entries = [...coefficient].filter(([, c]) => c !== 0).sort((a, b) => a[0] - b[0]);
    equations.push({
      variables: entries.map(([i]) => i),
      coefficients: entries.map(([, c]) => c),
      rhs,
    });
  }
  return { size: component.length, equations, upper: known[linked.grandTotal] ?? 0 };
}

/**
 * Every suppressed statistic the published numbers expose. `cache` keeps the answer for a
 * component whose members did not change since an earlier call with the same published counts.
 */
export function findExposures(
  highs: Highs,
  linked: LinkedTables,
  known: readonly (number | null)[],
  suppressed: readonly boolean[],
  primary: readonly boolean[],
  k: number,
  cache?: Map<string, Exposure[]>,
): Exposure[] {
  const exposures: Exposure[] = [];
  for (const component of suppressedComponents(linked, suppressed)) {
    const name = component.join(",");
    let found = cache?.get(name);
    if (!found) {
      found = [];
      const system = attackerModel(linked, component, known, suppressed);
      const result = attackerIntervals(highs, system, (lo, hi) => roundDown(hi) - roundUp(lo) >= k);
      if (!result.feasible) {
        for (const statistic of component) found.push({ statistic, problem: "inconsistent" });
      } else {
        result.intervals.forEach((interval, i) => {
          const statistic = component[i] as number;
          if (interval && isExposed(interval, k, primary[statistic] ?? false)) {
            found?.push({
              statistic,
              problem: "narrow_interval",
              lo: roundUp(interval.lo),
              hi: roundDown(interval.hi),
            });
          }
        });
      }
      cache?.set(name, found);
    }
    exposures.push(...found);
  }
  return exposures.sort((a, b) => a.statistic - b.statistic);
}

export type AuditFinding =
  | { problem: "small_count"; table: string; key: Key; count: number }
  | { problem: "narrow_interval"; table: string; key: Key; lo: number; hi: number }
  | { problem: "inconsistent"; table: string; key: Key };

export interface AuditResult {
  ok: boolean;
  findings: AuditFinding[];
}

/**
 * Checks a parsed publication from its published numbers only (suppressed counts are null):
 * a published count `0 < c < k` other than the grand total, or a suppressed cell an attacker
 * can bound too tightly, is a finding, named by table and key in every table that shows it.
 */
export async function audit(publication: Pick<Publication, "k" | "tables">): Promise<AuditResult> {
  const { tables, k } = publication;
  const linked = linkTables(tables);
  const known = perStatistic(linked, tables, (cell) => cell.count);
  const suppressed = perStatistic(linked, tables, (cell) => cell.suppressed !== false);
  const primary = linked.statistics.map((s) =>
    s.cells.some((ref) => tables[ref.table]?.cells[ref.cell]?.suppressed === "primary"),
  );
  const findings: AuditFinding[] = [];
  const each = (statistic: number, finding: (table: string, key: Key) => AuditFinding) => {
    for (const ref of linked.statistics[statistic]?.cells ?? []) {
      const t = tables[ref.table];
      const cell = t?.cells[ref.cell];
      if (t && cell) findings.push(finding(t.id, cell.key));
    }
  };

  known.forEach((count, s) => {
    if (s !== linked.grandTotal && count !== null && count > 0 && count < k) {
      each(s, (table, key) => ({ problem: "small_count", table, key, count }));
    }
  });
  // DESIGN §8: below k respondents only the grand total is public, and no suppressed cell
  // can have an interval k wide; the small counts above are then the whole check.
  const total = known[linked.grandTotal] ?? 0;
  if (total >= k && suppressed.some(Boolean)) {
    const highs = await loadHighs();
    for (const exposure of findExposures(highs, linked, known, suppressed, primary, k)) {
      each(exposure.statistic, (table, key) =>
        exposure.problem === "inconsistent"
          ? { problem: "inconsistent", table, key }
          : { problem: "narrow_interval", table, key, lo: exposure.lo, hi: exposure.hi },
      );
    }
  }
  return { ok: findings.length === 0, findings };
}
