// The disclosure rule of DESIGN §8 for a whole publication, checked from published numbers
// alone, the way an attacker would (exposures.ts asks the LP): which earlier publications it is
// related to (the one before alone when it keeps that one's pattern), and what the gate tells
// its sender, cell by cell. The server's publish gate, the CLI and the coordinator's browser all
// run this file. UI-free.
import { type Exposure, exposures } from "./exposures";
import { type Knowledge, knowledge, prepare, type Release } from "./knowledge";
import { loadHighs, OutOfWork, type Spent } from "./lp";
import { type Key, type Publication, statisticId } from "./publication";
import { NO_STRUCTURE, type Structure } from "./structure";

/** A finding names the cells of the publication (or of an earlier one) that show the problem. */
export type AuditFinding = {
  table: string;
  key: Key;
  /** Index into the releases audited; the last one is the publication being checked. */
  release: number;
} & (
  | { problem: "small_count"; count: number }
  | { problem: "small_change"; since: number; change: number }
  | { problem: "narrow_interval"; lo: number; hi: number; since?: number }
  | { problem: "shared_answer"; part: Key; since?: number }
  | { problem: "zero_beside_hidden"; margin: Key }
  | { problem: "below_k" }
  | { problem: "inconsistent" }
);

export interface AuditResult {
  ok: boolean;
  findings: AuditFinding[];
}

/**
 * An earlier publication as the public saw it: what the audit needs of it, and the k it passed
 * the gate with (without it the audit relates a publication to every earlier one).
 */
export type PublishedRelease = Pick<Publication, "tables" | "responses"> & { k?: number };

/** Whether a release publishes the cell of `table` at `key`. */
export function publishedIn(
  release: Pick<PublishedRelease, "tables">,
): (table: string, key: Key) => boolean {
  const name = (table: string, key: Key) => `${table} ${statisticId(key)}`;
  const published = new Set(
    release.tables.flatMap((t) =>
      t.cells.filter((c) => c.count !== null).map((c) => name(t.id, c.key)),
    ),
  );
  return (table, key) => published.has(name(table, key));
}

/**
 * Whether a publication keeps the pattern of the one before it: every count it publishes, that
 * one published too (so whatever it hid stays hidden). Then what a reader learns from the two
 * is what they knew before and, apart from it, the new respondents' own table (the counts'
 * growth): published where both publish, hidden where the new one hides. Nothing ties the
 * earlier respondents' hidden counts to the newcomers', so a count of the union of both, or a
 * change since any earlier publication, is a sum of one unknown from each part: its interval is
 * the sum of theirs, as wide as either, and each part is zero, at least k, or wide by the
 * earlier gate (for the first) and by this audit of the growth (for the second). So the gate
 * need not relate it to anything older than the one before, and its work stops growing with
 * the history (docs/disclosure.md, "Republishing with the same pattern"). Shared answers are
 * the exception: they are asked of whole groups too (sharing.ts, `growthOnly`).
 */
export function keepsPattern(
  previous: Pick<PublishedRelease, "tables">,
  next: Pick<PublishedRelease, "tables">,
): boolean {
  const publishedBefore = publishedIn(previous);
  return next.tables.every((t) =>
    t.cells.every((c) => c.count === null || publishedBefore(t.id, c.key)),
  );
}

/**
 * The last publication, if a new one at k may keep its pattern: it passed the gate at that k
 * (a raised k makes old intervals narrow that were wide enough: then the whole history).
 */
export function patternToKeep(
  history: readonly PublishedRelease[],
  k: number,
): PublishedRelease | undefined {
  const latest = history.at(-1);
  return latest?.k === k ? latest : undefined;
}

/**
 * The releases a publication must be audited with, and whether only its growth needs asking
 * about: the one before alone when the publication keeps its pattern (`patternToKeep`).
 */
export function auditedWith(
  publication: Pick<Publication, "k" | "tables">,
  history: readonly PublishedRelease[],
): { history: readonly PublishedRelease[]; growthOnly: boolean; from: number } {
  const latest = patternToKeep(history, publication.k);
  if (latest && keepsPattern(latest, publication)) {
    return { history: [latest], growthOnly: true, from: history.length - 1 };
  }
  return { history, growthOnly: false, from: 0 };
}

export interface AuditInput {
  publication: Pick<Publication, "k" | "tables" | "responses">;
  /**
   * Earlier publications of the same respondents, oldest first (DESIGN §8 history). A survey's
   * publications of one version count the same growing set of respondents; other versions
   * count other people and are not history.
   */
  history?: readonly PublishedRelease[];
  structure?: Structure;
  /** Counts the audit's LP work; with a `limit`, the audit throws OutOfWork past it. */
  spent?: Spent;
}

/**
 * The publish gate's question within its budget of LP work (server/gate/run.ts): the answer, or
 * "over_budget" once the audit has spent `work`. The gate, the CLI and the workspace's preview
 * all ask it this way, so they refuse for work exactly what the gate does. `spent` is left with
 * the work the audit took (for the preview, which says how much of the budget it needs).
 */
export async function auditWithin(
  input: Omit<AuditInput, "spent">,
  work: number,
  spent: Spent = { solves: 0, work: 0 },
): Promise<AuditResult | "over_budget"> {
  try {
    return await auditPublication({ ...input, spent: Object.assign(spent, { limit: work }) });
  } catch (error) {
    if (error instanceof OutOfWork) return "over_budget";
    throw error;
  }
}

/** The publish gate's question: may this publication, after these, be made public? */
export async function auditPublication(input: AuditInput): Promise<AuditResult> {
  const { publication, structure = NO_STRUCTURE, spent } = input;
  const { history, growthOnly, from } = auditedWith(publication, input.history ?? []);
  const releases: Release[] = [...history, publication].map((p) => ({
    tables: p.tables,
    responses: p.responses,
  }));
  const highs = await loadHighs();
  const frame = prepare(releases, structure);
  const found = exposures(highs, frame, publication.k, {
    growthOnly,
    ...(spent ? { spent } : {}),
  }).exposures;
  const model = knowledge(frame);
  // Releases are numbered in the whole history, as the caller gave it.
  const findings = found.flatMap((e) =>
    findingsOf(model, e).map((f) => ({
      ...f,
      release: f.release + from,
      ...("since" in f && f.since !== undefined ? { since: f.since + from } : {}),
    })),
  );
  return { ok: findings.length === 0, findings };
}

/** Today's callers that audit one publication alone, with no structure or history. */
export async function audit(publication: Pick<Publication, "k" | "tables">): Promise<AuditResult> {
  const grand = publication.tables[0]?.cells.find((c) =>
    Object.values(c.key).every((v) => v === "*"),
  );
  return auditPublication({
    publication: { ...publication, responses: grand?.count ?? 0 },
  });
}

/** Every cell, in every table of the release, that shows the statistic. */
function cellsOf(model: Knowledge, release: number, statistic: number) {
  const all = model.releases.flatMap((r) => r.tables);
  return (model.linked.statistics[statistic]?.cells ?? [])
    .filter((ref) => model.releaseOf[ref.table] === release)
    .map((ref) => ({
      table: all[ref.table]?.id ?? "",
      key: all[ref.table]?.cells[ref.cell]?.key ?? {},
    }));
}

function keyOf(model: Knowledge, release: number, statistic: number): Key {
  return cellsOf(model, release, statistic)[0]?.key ?? {};
}

function findingsOf(model: Knowledge, e: Exposure): AuditFinding[] {
  const last = model.releases.length - 1;
  // Name the cells of the publication being checked where it shows the statistic.
  const shownNow = cellsOf(model, last, e.statistic);
  const at = shownNow.length > 0 ? last : e.release;
  const where = shownNow.length > 0 ? shownNow : cellsOf(model, e.release, e.statistic);
  const detail = detailOf(model, e);
  return where.map(({ table, key }) => ({ table, key, release: at, ...detail }) as AuditFinding);
}

type Detail = AuditFinding extends infer F
  ? F extends AuditFinding
    ? Omit<F, "table" | "key" | "release">
    : never
  : never;

function detailOf(model: Knowledge, e: Exposure): Detail {
  const since = "since" in e && e.since !== undefined ? { since: e.since } : {};
  switch (e.kind) {
    case "small":
      return { problem: "small_count", count: e.count };
    case "change":
      return { problem: "small_change", since: e.since, change: e.change };
    case "interval":
      return { problem: "narrow_interval", lo: e.lo, hi: e.hi, ...since };
    case "sharing":
      return { problem: "shared_answer", part: keyOf(model, e.release, e.part), ...since };
    case "zero":
      return { problem: "zero_beside_hidden", margin: keyOf(model, e.release, e.margin) };
    case "below_k":
      return { problem: "below_k" };
    case "inconsistent":
      return { problem: "inconsistent" };
  }
}
