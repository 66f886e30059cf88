// The publication policies of DESIGN §8 that hold before any audit, as plain values: the
// server's publish gate runs them first, the CLI's `tabulate --previous` and the coordinator's
// results page ask them before anyone tries to publish. UI-free.
//
// Versions: a publication tabulates the responses to one survey version (the results page and
// `tabulate` count only the responses sealed against the version they tabulate), so
// publications of different versions count disjoint sets of respondents — except versions that
// ask the same questions (surveys/wording.ts: a key rotation, or an edit of texts only), which
// the results page tabulates together. The growth rule therefore compares a publication with
// earlier ones of its version or of a version asking the same (`versionGroups`); the first
// publication of a version that asks something else needs no growth.
// What links other versions (the same people may answer twice, categories shared across
// versions) is the audit's history, not this rule.
import { z } from "zod";
import type { Survey } from "../../surveys/schema";
import { questionsOf } from "../../surveys/wording";
import { MIN_K, type Publication, parsePublication, TOTAL } from "./publication";

/** An earlier publication of the same survey or channel, withdrawn ones included. */
export interface EarlierPublication {
  number: number;
  version: number;
  k: number;
  responses: number;
  withdrawn: boolean;
}

/** What the gate knows besides the publication: the stored k and every earlier publication. */
export interface PublishingFacts {
  /** The k stored for the survey or channel; null before its first publication. */
  storedK: number | null;
  /** In the order they were published. */
  history: EarlierPublication[];
  /**
   * Each version (as a string, like a JSON key) mapped to the first version that asks the same
   * questions (surveys/wording.ts): versions that count the same respondents. A version missing
   * here is its own group.
   */
  versionGroups?: Record<string, number>;
}

/** Versions that ask the same questions count the same respondents (see above). */
export function versionGroups(versions: readonly Survey[]): Record<string, number> {
  const firstOf = new Map<string, number>();
  const groups: Record<string, number> = {};
  for (const survey of [...versions].sort((a, b) => a.version - b.version)) {
    const text = questionsOf(survey);
    const first = firstOf.get(text) ?? survey.version;
    firstOf.set(text, first);
    groups[String(survey.version)] = first;
  }
  return groups;
}

/**
 * The earlier publications that count the same (growing) set of respondents as this one: those
 * of its version group, in publication order. They are the history the audit relates it to.
 */
export function sameRespondents<P extends Pick<Publication, "version">>(
  publication: Pick<Publication, "version">,
  history: readonly P[],
  groups: Record<string, number> = {},
): P[] {
  const group = (version: number) => groups[String(version)] ?? version;
  return history.filter((p) => group(p.version) === group(publication.version));
}

export interface KBelowFloor {
  ok: false;
  reason: "k_below_floor";
  field: "$.k";
  k: number;
  floor: number;
}

export interface NeedsGrowth {
  ok: false;
  reason: "needs_growth";
  field: "$.responses";
  version: number;
  /** How many more responses this version needs before it can be published again. */
  needed: number;
  /** The earlier publication of this version with the most responses. */
  since: { number: number; responses: number };
}

export interface BelowK {
  ok: false;
  reason: "below_k";
  field: "$.tables";
  responses: number;
  k: number;
  /** Cells shown besides the grand total, zeros included. */
  cells: { table: string; key: Record<string, string | null> }[];
}

const OK = { ok: true } as const;
export type PolicyVerdict = typeof OK | KBelowFloor | NeedsGrowth | BelowK;

/**
 * k never falls (DESIGN §8): at least MIN_K, the stored k, and every k published before — the
 * last one also covers publications stored before k had its own column.
 */
export function kFloor(facts: PublishingFacts): number {
  return Math.max(MIN_K, facts.storedK ?? MIN_K, ...facts.history.map((p) => p.k));
}

export function checkK(k: number, facts: PublishingFacts): typeof OK | KBelowFloor {
  const floor = kFloor(facts);
  return k >= floor ? OK : { ok: false, reason: "k_below_floor", field: "$.k", k, floor };
}

/**
 * Responses only accumulate, so two publications of one version differ by the people who
 * answered in between: if fewer than k, subtracting reads their answers off. A new publication
 * of a version needs N to have grown by at least k since every earlier one of that version (or
 * of its group, see versionGroups), withdrawn ones included (someone may have saved them).
 */
export function checkGrowth(
  publication: Pick<Publication, "version" | "k" | "responses">,
  facts: PublishingFacts,
): typeof OK | NeedsGrowth {
  let since: EarlierPublication | undefined;
  for (const earlier of sameRespondents(publication, facts.history, facts.versionGroups)) {
    if (!since || earlier.responses >= since.responses) since = earlier;
  }
  if (!since) return OK;
  const needed = since.responses + publication.k - publication.responses;
  if (needed <= 0) return OK;
  return {
    ok: false,
    reason: "needs_growth",
    field: "$.responses",
    version: publication.version,
    needed,
    since: { number: since.number, responses: since.responses },
  };
}

const isGrandTotal = (key: Record<string, string | null>) =>
  Object.values(key).every((value) => value === TOTAL);

/**
 * Below k respondents only the grand total is public (DESIGN §8): any other cell, a zero
 * too, says something about fewer than k people (three respondents and a published zero for
 * "woman" say all three are not women).
 */
export function checkBelowK(
  publication: Pick<Publication, "k" | "responses" | "tables">,
): typeof OK | BelowK {
  if (publication.responses >= publication.k) return OK;
  const cells = publication.tables.flatMap((table) =>
    table.cells
      .filter((cell) => cell.suppressed === false && !isGrandTotal(cell.key))
      .map((cell) => ({ table: table.id, key: cell.key })),
  );
  if (cells.length === 0) return OK;
  return {
    ok: false,
    reason: "below_k",
    field: "$.tables",
    responses: publication.responses,
    k: publication.k,
    cells,
  };
}

/** Every policy, the first that fails first: k, then the count rule, then growth. */
export function checkPolicies(publication: Publication, facts: PublishingFacts): PolicyVerdict {
  const k = checkK(publication.k, facts);
  if (!k.ok) return k;
  const belowK = checkBelowK(publication);
  if (!belowK.ok) return belowK;
  return checkGrowth(publication, facts);
}

/** Plain words for a refusal, the same in the gate's answer, the CLI and the workspace. */
export function policyMessage(verdict: KBelowFloor | NeedsGrowth | BelowK): string {
  switch (verdict.reason) {
    case "k_below_floor":
      return `k must be at least ${verdict.floor}, the k stored for these publications: k may rise, never fall`;
    case "needs_growth":
      return `${verdict.needed} more response${verdict.needed === 1 ? " is" : "s are"} needed before version ${verdict.version} can be published again (publication ${verdict.since.number} counted ${verdict.since.responses})`;
    case "below_k":
      return `with ${verdict.responses} responses (fewer than k = ${verdict.k}) only the number of responses may be shown; ${verdict.cells.length} other cell(s) are shown`;
  }
}

/** GET …/publications: the facts above as the workspace receives them. */
export const publishingFactsSchema = z.object({
  storedK: z.number().int().min(MIN_K).nullable(),
  versionGroups: z.record(z.string(), z.number().int().min(1)).optional(),
  history: z.array(
    z.object({
      number: z.number().int().min(1),
      version: z.number().int().min(1),
      k: z.number().int().min(MIN_K),
      responses: z.number().int().min(0),
      withdrawn: z.boolean(),
      publishedOn: z.string(),
    }),
  ),
});

export const earlierPublicationsSchema = z.object({
  /** The LP work the gate's audit may spend (GateLimits.work): the preview checks within it. */
  gate: z.object({ work: z.number().int().positive() }),
  publications: z.array(
    z.object({
      number: z.number().int().min(1),
      publishedOn: z.string().regex(/^\d{4}-\d{2}$/),
      withdrawn: z.boolean(),
      publication: z.unknown(),
    }),
  ),
});

/** An earlier publication in full, as the suppression needs it. */
export interface EarlierTables {
  number: number;
  publishedOn: string;
  withdrawn: boolean;
  publication: Publication;
}

/** What a new publication will be audited with: the earlier ones and the gate's budget. */
export interface AuditedAfter {
  earlier: EarlierTables[];
  gateWork: number;
}

/** GET …/publications/earlier, read and each publication checked as the gate stored it. */
export function readEarlierPublications(value: unknown): AuditedAfter | null {
  const parsed = earlierPublicationsSchema.safeParse(value);
  if (!parsed.success) return null;
  const earlier: EarlierTables[] = [];
  for (const p of parsed.data.publications) {
    const publication = parsePublication(p.publication);
    if (!publication.ok) return null;
    earlier.push({ ...p, publication: publication.value });
  }
  return { earlier, gateWork: parsed.data.gate.work };
}
