// Publications of one small joint table (g: a, b, c × h: x, y) as it grows, for tests of the
// defender's LP (client/lib/cover.test.ts, newcomers.test.ts), and a check of a point of counts
// against what they published, written from the tables themselves rather than our model; and
// any g × h table as published (`gridRelease`), for the attacker's LP (lp.test.ts, probe.test.ts).
import fc from "fast-check";
import type { Frame, Release } from "../client/lib/knowledge";
import { type Key, statisticId, TOTAL } from "../client/lib/publication";
import { gridTable } from "../client/lib/tabulate";

export const axes = [
  { variable: "g", categories: ["a", "b", "c"] },
  { variable: "h", categories: ["x", "y"] },
];

const margin = (joint: readonly number[], pick: (i: number) => boolean) =>
  joint.filter((_, i) => pick(i)).reduce((a, b) => a + b, 0);

/** The one-way tables of g and h and their cross, from six joint counts (a,x a,y b,x …). */
const tablesOf = (joint: readonly number[]) => [
  gridTable(
    "g",
    [axes[0] as (typeof axes)[number]],
    [0, 1, 2].map((r) => margin(joint, (i) => Math.floor(i / 2) === r)),
  ),
  gridTable(
    "h",
    [axes[1] as (typeof axes)[number]],
    [0, 1].map((c) => margin(joint, (i) => i % 2 === c)),
  ),
  gridTable("g×h", axes, [...joint]),
];

/** Six joint counts of 0..max each, for fast-check. */
export const jointCounts = (max: number) =>
  fc.array(fc.integer({ min: 0, max }), { minLength: 6, maxLength: 6 });
/** Whether each of the table's 12 statistics is hidden, for `published`. */
export const hiddenStatistics = fc.array(fc.boolean(), { minLength: 12, maxLength: 12 });

export const grand = (joint: readonly number[]) => margin(joint, () => true);

/** True counts by statistic id, in every table. */
export function countsByKey(joint: readonly number[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const t of tablesOf(joint)) for (const c of t.cells) out.set(statisticId(c.key), c.count);
  return out;
}

/** Whether a key is a count of some group rather than the grand total. */
const inner = (key: Key) => Object.values(key).some((v) => v !== TOTAL);

/**
 * A release as the public saw it: the statistics `hide` picks hidden, in every table that shows
 * them (DESIGN §7), the grand total never. `hide` gets each statistic's index in order of first
 * appearance.
 */
export function published(joint: readonly number[], hide: (statistic: number) => boolean): Release {
  const index = new Map<string, number>();
  const indexOf = (key: Key) => {
    const id = statisticId(key);
    if (!index.has(id)) index.set(id, index.size);
    return index.get(id) as number;
  };
  return {
    responses: grand(joint),
    tables: tablesOf(joint).map((t) => ({
      ...t,
      cells: t.cells.map((c) =>
        inner(c.key) && hide(indexOf(c.key))
          ? { key: c.key, count: null, suppressed: "secondary" as const }
          : { key: c.key, count: c.count, suppressed: false as const },
      ),
    })),
  };
}

/**
 * What in `point` (release × statistics + statistic, as client/lib/suppress.ts keeps points)
 * contradicts the releases of `frame`: a count below 0, a published count of an earlier release
 * not where it was published, a margin that is not the sum of its line, or a count that grew by
 * less than 0 or more than N did. The last release's counts may move (the defender's truth);
 * which of them must then be hidden is the caller's to check. Empty when the point fits.
 */
export function contradictions(frame: Frame, point: Float64Array): string[] {
  const size = frame.linked.statistics.length;
  const last = frame.releases.length - 1;
  const at = (t: number, key: Key) =>
    point[t * size + (frame.statisticOf(key) as number)] as number;
  const near = (a: number, b: number) => Math.abs(a - b) < 1e-6;
  const out: string[] = [];
  frame.releases.forEach((release, t) => {
    const grew = release.responses - (frame.releases[t - 1]?.responses ?? 0);
    for (const table of release.tables) {
      for (const c of table.cells) {
        const name = `release ${t} ${JSON.stringify(c.key)}`;
        const value = at(t, c.key);
        if (value < -1e-6) out.push(`${name} is ${value}`);
        if (t < last && c.count !== null && !near(value, c.count)) {
          out.push(`${name} is ${value}, published ${c.count}`);
        }
        if (t > 0) {
          const growth = value - at(t - 1, c.key);
          if (growth < -1e-6 || growth > grew + 1e-6) out.push(`${name} grew by ${growth}`);
        }
        for (const v of table.variables) {
          if (c.key[v] !== TOTAL) continue;
          const categories = axes.find((a) => a.variable === v)?.categories ?? [];
          const line = categories.reduce((sum, x) => sum + at(t, { ...c.key, [v]: x }), 0);
          if (!near(line, value)) out.push(`${name} is ${value}, its line ${line}`);
        }
      }
    }
  });
  return out;
}

/** A g × h table as the public saw it: margins shown, each inner cell hidden if `hide()` says so. */
export function gridRelease(
  axes: Parameters<typeof gridTable>[1],
  joint: number[],
  hide: () => boolean,
): Release {
  const table = gridTable("g×h", axes, joint);
  return {
    responses: joint.reduce((a, b) => a + b, 0),
    tables: [
      {
        ...table,
        cells: table.cells.map((c) =>
          Object.values(c.key).every((v) => v !== "*") && hide()
            ? { key: c.key, count: null, suppressed: "secondary" as const }
            : { key: c.key, count: c.count, suppressed: false as const },
        ),
      },
    ],
  };
}
