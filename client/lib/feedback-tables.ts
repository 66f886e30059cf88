// "You said — we did" (issue 8): the counts of feedback an organization publishes are tables
// like a survey's (DESIGN §7) and go through the same suppression and publish gate (§8).
// This file says which tables and which categories; the server's gate checks the same shape
// with feedbackShapeProblems. UI-free.
import { CATEGORIES, COUNTRY, MONTH } from "./feedback-format";
import { type CountedTable, FORMAT, hideSuppressed, type Publication, TOTAL } from "./publication";
import { suppress } from "./suppress";
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
  /** Add a category × country table (messages without a country count as null). */
  byCountry?: boolean;
}

/** Every month from the first to the last, so a month without feedback shows its zeros. */
function monthRange(months: readonly string[]): string[] {
  const sorted = [...new Set(months)].sort();
  const first = sorted[0];
  const last = sorted.at(-1);
  if (!first || !last) return [];
  const out: string[] = [];
  let [year, month] = first.split("-").map(Number) as [number, number];
  for (;;) {
    const text = `${year}-${String(month).padStart(2, "0")}`;
    out.push(text);
    if (text >= last) return out;
    month++;
    if (month > 12) {
      month = 1;
      year++;
    }
  }
}

/**
 * The tables a feedback publication counts: category × month, and category × country when
 * chosen; margins included, every published category listed even at zero. Sensitive reports
 * and messages with a month or country the rules refuse are left out, not guessed at.
 */
export function feedbackTables(
  messages: readonly CountedMessage[],
  options: FeedbackTableOptions = {},
): CountedTable[] {
  const categories: readonly string[] = PUBLISHED_CATEGORIES;
  const counted = messages.filter(
    (m) =>
      categories.includes(m.category) &&
      MONTH.test(m.month) &&
      (m.country === undefined || COUNTRY.test(m.country)),
  );
  if (counted.length === 0) return [];
  const months = monthRange(counted.map((m) => m.month));
  const tables: CountedTable[] = [];
  const grid = (
    id: string,
    variable: string,
    values: (string | null)[],
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
        { variable, categories: values },
      ],
      inner,
    );
  };
  tables.push(grid("category_month", "month", months, (m) => m.month));
  if (options.byCountry) {
    const countries = [...new Set(counted.flatMap((m) => (m.country ? [m.country] : [])))].sort();
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
  options: FeedbackTableOptions & { k: number; unreadable?: number },
): Promise<Publication> {
  const tables = feedbackTables(messages, options);
  const total = tables[0]?.cells.find((c) => Object.values(c.key).every((v) => v === TOTAL));
  const { tables: marked } = await suppress(tables, options.k);
  return {
    format: FORMAT,
    survey: slug,
    version: 1,
    k: options.k,
    responses: total?.count ?? 0,
    unreadable: options.unreadable ?? 0,
    tables: hideSuppressed(marked),
  };
}

export interface FeedbackShapeProblem {
  table: string;
  message: string;
}

/** The gate's side of feedbackTables: only these variables and categories may be published. */
export function feedbackShapeProblems(publication: Publication): FeedbackShapeProblem[] {
  const problems: FeedbackShapeProblem[] = [];
  if (publication.version !== 1) problems.push({ table: "", message: "version must be 1" });
  const allowed: Record<string, (value: string) => boolean> = {
    category: (v) => (PUBLISHED_CATEGORIES as readonly string[]).includes(v),
    month: (v) => MONTH.test(v),
    country: (v) => COUNTRY.test(v),
  };
  for (const table of publication.tables) {
    const unknown = table.variables.filter((v) => !(v in allowed));
    if (unknown.length > 0) {
      problems.push({ table: table.id, message: `not a feedback variable: ${unknown.join(", ")}` });
      continue;
    }
    for (const cell of table.cells) {
      for (const variable of table.variables) {
        const value = cell.key[variable];
        if (value === TOTAL || value === undefined) continue;
        // Only a country may be unknown: every message has a category and a month.
        if (value === null ? variable !== "country" : !allowed[variable]?.(value)) {
          problems.push({
            table: table.id,
            message: `"${value}" is not a category of ${variable}`,
          });
        }
      }
    }
  }
  return problems;
}
