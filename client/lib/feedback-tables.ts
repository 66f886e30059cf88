// "You said — we did" (issue 8): the counts of feedback an organization publishes are tables
// like a survey's (DESIGN §7) and go through the same suppression and publish gate (§8).
// This file says which tables and which categories; the server's gate checks the same shape
// with feedbackShapeProblems. UI-free.

import type { PublishedRelease } from "./audit";
import { CATEGORIES, FEEDBACK_COUNTRIES } from "./feedback-format";
import {
  type CountedTable,
  FORMAT,
  grandOf,
  hideSuppressed,
  type Key,
  keyText,
  type MarkedTable,
  type Publication,
  TOTAL,
} from "./publication";
import { CHANNEL_STRUCTURE } from "./structure";
import { type SuppressResult, suppress } from "./suppress";
import { gridTable } from "./tabulate";

/**
 * Sensitive reports are never counted in public: a count of abuse reports for one month and
 * country can point at the few people involved, and only safeguarding members can open them.
 */
export const PUBLISHED_CATEGORIES = CATEGORIES.filter((c) => c !== "sensitive");

/** What a member learnt from one opened message that the tables count. */
export interface CountedMessage {
  category: string;
  /** YYYY-MM, as stored with the message. */
  month: string;
  country?: string | undefined;
}

export interface FeedbackTableOptions {
  /** The month axis: publishableMonths(channel opening, now). */
  months: readonly string[];
  /** Add a category × country table (messages without a country count as null). */
  byCountry?: boolean;
}

/** Every month from `first` to `last`, both included (YYYY-MM). */
function monthRange(first: string, last: string): string[] {
  const out: string[] = [];
  let [year, month] = first.split("-").map(Number) as [number, number];
  for (let text = first; text <= last; ) {
    out.push(text);
    month++;
    if (month > 12) {
      month = 1;
      year++;
    }
    text = `${year}-${String(month).padStart(2, "0")}`;
  }
  return out;
}

/**
 * The months a publication made `now` counts: from the month the channel opened to the last
 * month that has closed. An open month is never published: its count would still change, and
 * two publications a few days apart would tell who wrote in between. Closed months never change
 * again, and the audit holds them equal across publications (client/lib/structure.ts).
 */
export function publishableMonths(openedOn: string, now: Date): string[] {
  const lastClosed = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return monthRange(openedOn.slice(0, 7), lastClosed.toISOString().slice(0, 7));
}

/**
 * The tables a feedback publication counts: category × month over `months`, and category ×
 * country over the fixed country list when chosen; margins included, every category listed
 * even at zero. The axes never come from the messages: a table with every cell hidden must not
 * say which month or country someone wrote from. Sensitive reports, messages outside the
 * months, and messages with a month or country the rules refuse are left out, not guessed at.
 */
export function feedbackTables(
  messages: readonly CountedMessage[],
  options: FeedbackTableOptions,
): CountedTable[] {
  const categories: readonly string[] = PUBLISHED_CATEGORIES;
  const months = options.months;
  const countries: readonly string[] = FEEDBACK_COUNTRIES;
  const counted = messages.filter(
    (m) =>
      categories.includes(m.category) &&
      months.includes(m.month) &&
      (m.country === undefined || countries.includes(m.country)),
  );
  if (months.length === 0) return [];
  const tables: CountedTable[] = [];
  const grid = (
    id: string,
    variable: string,
    values: readonly (string | null)[],
    of: (m: CountedMessage) => string | null,
  ) => {
    const inner = new Array<number>(categories.length * values.length).fill(0);
    for (const m of counted) {
      const row = categories.indexOf(m.category);
      const column = values.indexOf(of(m));
      inner[row * values.length + column] = (inner[row * values.length + column] ?? 0) + 1;
    }
    return gridTable(
      id,
      [
        { variable: "category", categories },
        { variable, categories: [...values] },
      ],
      inner,
    );
  };
  tables.push(grid("category_month", "month", months, (m) => m.month));
  if (options.byCountry) {
    tables.push(
      grid("category_country", "country", [...countries, null], (m) => m.country ?? null),
    );
  }
  return tables;
}

export interface Statement {
  /** What the organization changed, by language. */
  text: Record<string, string>;
  month: string;
}

/** The body of POST /api/org/feedback/publications. */
export interface FeedbackPublication {
  publication: Publication;
  statements: Statement[];
}

/**
 * The §7 publication of a channel's feedback counts, suppressed (DESIGN §8) and with hidden
 * counts removed: what the organization may send to the publish gate. `unreadable` counts
 * messages that did not open; they are never tabulated.
 */
export async function feedbackPublication(
  slug: string,
  messages: readonly CountedMessage[],
  options: FeedbackTableOptions & {
    k: number;
    unreadable?: number;
    /** The channel's earlier publications, oldest first, withdrawn ones included. */
    history?: readonly PublishedRelease[];
  },
): Promise<{ publication: Publication; suppressed: SuppressResult }> {
  const tables = feedbackTables(messages, options);
  const suppressed = await suppress(tables, options.k, {
    history: options.history ?? [],
    structure: CHANNEL_STRUCTURE,
  });
  const publication = feedbackRelease(slug, options.k, options.unreadable ?? 0, suppressed.tables);
  return { publication, suppressed };
}

/** Suppressed feedback tables as the publication sent to the gate, hidden counts removed. */
export function feedbackRelease(
  slug: string,
  k: number,
  unreadable: number,
  tables: readonly MarkedTable[],
): Publication {
  return {
    format: FORMAT,
    survey: slug,
    version: 1,
    k,
    responses: grandOf(tables),
    unreadable,
    tables: hideSuppressed(tables),
  };
}

export interface FeedbackShapeProblem {
  table: string;
  key?: Key;
  message: string;
}

/** The tables feedbackTables makes, by id, with their variables in order. */
const FEEDBACK_TABLES: Record<string, readonly string[]> = {
  category_month: ["category", "month"],
  category_country: ["category", "country"],
};

/**
 * The gate's side of feedbackTables: only these tables, each once and with exactly its axes —
 * every published category, the channel's `months`, the fixed country list and no country
 * (null) — and, against every earlier publication (`history`), no count that a closed month
 * froze changed (frozenCountProblems).
 */
export function feedbackShapeProblems(
  publication: Publication,
  months: readonly string[],
  history: readonly Publication[] = [],
): FeedbackShapeProblem[] {
  const problems: FeedbackShapeProblem[] = [];
  if (publication.version !== 1) problems.push({ table: "", message: "version must be 1" });
  const seen = new Set<string>();
  for (const table of publication.tables) {
    const variables = FEEDBACK_TABLES[table.id];
    if (variables?.join() !== table.variables.join()) {
      problems.push({
        table: table.id,
        message: `not a table feedback publishes: only ${Object.entries(FEEDBACK_TABLES)
          .map(([id, v]) => `${id} (${v.join(" × ")})`)
          .join(" and ")}`,
      });
    } else if (seen.has(table.id)) {
      problems.push({ table: table.id, message: "published twice" });
    }
    seen.add(table.id);
  }
  if (problems.length > 0) return problems;
  const axes: Record<string, readonly (string | null)[]> = {
    category: PUBLISHED_CATEGORIES,
    month: months,
    country: [...FEEDBACK_COUNTRIES, null],
  };
  const names = (values: readonly (string | null)[]) =>
    values.map((v) => (v === null ? "null" : `"${v}"`)).join(", ");
  for (const table of publication.tables) {
    const unknown = table.variables.filter((v) => !(v in axes));
    if (unknown.length > 0) {
      problems.push({ table: table.id, message: `not a feedback variable: ${unknown.join(", ")}` });
      continue;
    }
    for (const variable of table.variables) {
      const wanted = axes[variable] ?? [];
      const shown = new Set(table.cells.map((cell) => cell.key[variable]));
      shown.delete(TOTAL);
      const extra = [...shown].filter((v) => v === undefined || !wanted.includes(v));
      const missing = wanted.filter((v) => !shown.has(v));
      if (extra.length > 0) {
        problems.push({
          table: table.id,
          message: `not a category of ${variable}: ${names(extra.map((v) => v ?? null))}`,
        });
      }
      if (missing.length > 0) {
        problems.push({ table: table.id, message: `${variable} lacks ${names(missing)}` });
      }
    }
  }
  return problems.length > 0 ? problems : frozenCountProblems(publication, history);
}

/**
 * Only closed months are published, and a closed month takes no more messages: each count of
 * a month an earlier publication showed is frozen, and every other count (a total over the
 * window, a country's) can only grow. The audit relates a frozen count to its earlier value
 * only where one of the two is hidden; shown in both and different (8 complaints in September,
 * then 7), the difference would be a person's category, published (found by QA on 5 December).
 */
function frozenCountProblems(
  publication: Publication,
  history: readonly Publication[],
): FeedbackShapeProblem[] {
  const problems: FeedbackShapeProblem[] = [];
  history.forEach((earlier, at) => {
    for (const table of publication.tables) {
      const before = earlier.tables.find((t) => t.id === table.id);
      if (!before) continue;
      const closed = new Set(before.cells.map((c) => c.key.month).filter((m) => m && m !== TOTAL));
      // Keyed by this table's variables, by name: a cell of the same statistic meets its match.
      const counts = new Map(before.cells.map((c) => [keyText(table.variables, c.key), c.count]));
      for (const cell of table.cells) {
        const was = counts.get(keyText(table.variables, cell.key));
        if (was == null || cell.count === null) continue;
        const month = cell.key.month;
        const frozen = month !== undefined && month !== null && closed.has(month);
        if (frozen ? cell.count !== was : cell.count < was) {
          problems.push({
            table: table.id,
            key: cell.key,
            message: `publication ${at + 1} showed ${was} here and this one shows ${cell.count}: ${
              frozen
                ? "a closed month's counts never change"
                : "a count over closed months never falls"
            }`,
          });
        }
      }
    }
  });
  return problems;
}
