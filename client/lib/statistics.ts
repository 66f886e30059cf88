// The tables of a publication as an attacker sees them (DESIGN §8): a set of statistics, each
// shown in one or more tables, tied by additive relations across all tables at once. Both the
// secondary selection and the audit reason about statistics, never about table cells, so a
// statistic shared by linked tables is suppressed alike and audited once. UI-free.
import { GRAND_TOTAL_ID, type Key, statisticId, type TableOf, tableLines } from "./publication";

export interface CellRef {
  table: number;
  cell: number;
}

export interface Statistic {
  id: string;
  /** Every table cell that shows this statistic, in table order. */
  cells: CellRef[];
}

/** `statistics[total] = Σ statistics[parts]`, known to anyone who reads the tables. */
export interface Relation {
  total: number;
  parts: number[];
  /** The variable the parts run over, and every table that shows this relation. */
  variable: string;
  tables: number[];
}

export interface LinkedTables {
  statistics: Statistic[];
  /** Distinct relations: a one-way table's line reappears as a margin line of its crosses. */
  relations: Relation[];
  /** For each statistic, the relations it takes part in (as a part or as the total). */
  relationsOf: number[][];
  grandTotal: number;
  /** Statistic index by `statisticId` of a canonical key. */
  byId: ReadonlyMap<string, number>;
}

/**
 * `canonical` gives each key the name of the group it counts, where the survey's structure makes
 * two keys one group (client/lib/structure.ts): they are then one statistic.
 */
export function linkTables(
  tables: readonly TableOf<{ key: Key }>[],
  canonical: (key: Key) => Key = (key) => key,
): LinkedTables {
  const statistics: Statistic[] = [];
  const byId = new Map<string, number>();
  const cellStatistic = tables.map((t, table) =>
    t.cells.map((c, cell) => {
      const id = statisticId(canonical(c.key));
      let index = byId.get(id);
      if (index === undefined) {
        index = statistics.length;
        byId.set(id, index);
        statistics.push({ id, cells: [] });
      }
      statistics[index]?.cells.push({ table, cell });
      return index;
    }),
  );

  const relations: Relation[] = [];
  const seen = new Map<string, Relation>();
  tables.forEach((t, table) => {
    const of = cellStatistic[table] as number[];
    for (const line of tableLines(t)) {
      const total = of[line.total] as number;
      const parts = line.parts.map((p) => of[p] as number).sort((a, b) => a - b);
      const name = `${total}=${parts.join("+")}`;
      const known = seen.get(name);
      if (known) {
        if (!known.tables.includes(table)) known.tables.push(table);
        continue;
      }
      const relation = { total, parts, variable: line.variable, tables: [table] };
      seen.set(name, relation);
      relations.push(relation);
    }
  });

  const relationsOf: number[][] = statistics.map(() => []);
  relations.forEach((r, i) => {
    for (const s of [r.total, ...r.parts]) relationsOf[s]?.push(i);
  });

  // A table always has its grand total cell (a complete grid), so this exists.
  const grandTotal = byId.get(GRAND_TOTAL_ID) ?? -1;
  return { statistics, relations, relationsOf, grandTotal, byId };
}

/** Reads a per-cell property once per statistic (the first table that shows it wins). */
export function perStatistic<C extends { key: Key }, T>(
  linked: LinkedTables,
  tables: readonly TableOf<C>[],
  read: (cell: C) => T,
): T[] {
  return linked.statistics.map((s) => {
    const ref = s.cells[0] as CellRef;
    return read(tables[ref.table]?.cells[ref.cell] as C);
  });
}

/**
 * Whether `s` is a part of a line whose total is a published 0: every part of that line is then
 * 0 for anyone to see. The zero rule (DESIGN §8: in a line whose margin is hidden, zeros are
 * hidden too) leaves such a zero published: hiding it hides nobody, and the page would say more
 * is hidden than is (feedback QA, 5 December: "secondary (0)" under a month's total of 0).
 */
export function zeroByMargin(
  linked: LinkedTables,
  s: number,
  publishedZero: (x: number) => boolean,
): boolean {
  return (linked.relationsOf[s] ?? []).some((r) => {
    const relation = linked.relations[r];
    return relation !== undefined && relation.total !== s && publishedZero(relation.total);
  });
}
