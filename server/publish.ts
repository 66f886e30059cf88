// The publish gate (DESIGN §8, issue 12): the server re-checks every publication before the
// public sees it. It reads what the checks need (definitions, the stored k, every earlier
// publication), sends them to a worker thread (./gate/run.ts) that runs the checks of
// ./gate/check.ts, and stores the publication only if they pass and nothing was published
// meanwhile. Every refusal is a value; the routes map them to HTTP (routes/workspace.ts).
import { publishableMonths } from "../client/lib/feedback-tables";
import { type EarlierPublication, type PublishingFacts, versionGroups } from "../client/lib/policy";
import type { Survey } from "../surveys/schema";
import type { Db } from "./db/client";
import type { Channel } from "./db/feedback";
import {
  channelPublicationK,
  feedbackPublicationHistory,
  type PublicationRecord,
  publicationHistory,
  type StoreResult,
  storeFeedbackPublication,
  storePublication,
  surveyPublicationK,
} from "./db/publications";
import { surveyVersionsOf } from "./db/surveys";
import type { GateJob } from "./gate/check";
import { type Cap, capExceeded, type GateRunner, type Run } from "./gate/run";

export type GateResult =
  | { ok: true; number: number }
  | { ok: false; reason: "too_large"; cap: Cap; field: string }
  | { ok: false; reason: "conflict" }
  | Exclude<Run, { ok: true }>;

export type { ShapeProblem } from "./gate/check";

/**
 * The facts the policies read, from the stored log and the survey's versions (none for a
 * channel); also what the workspace receives (client/lib/policy.ts publishingFactsSchema),
 * so each entry carries its month.
 */
export function factsOf(
  storedK: number | null,
  history: PublicationRecord[],
  versions: readonly Survey[],
): PublishingFacts & { history: (EarlierPublication & { publishedOn: string })[] } {
  return {
    storedK,
    versionGroups: versionGroups(versions),
    history: history.map((p) => ({
      number: p.number,
      version: p.publication.version,
      k: p.publication.k,
      responses: p.publication.responses,
      withdrawn: p.withdrawn,
      publishedOn: p.publishedOn,
    })),
  };
}

interface Log {
  storedK(db: Db, slug: string): Promise<number | null>;
  history(db: Db, slug: string): Promise<PublicationRecord[]>;
  store(db: Db, slug: string, body: unknown, after: number): Promise<StoreResult>;
}

const SURVEY_LOG: Log = {
  storedK: surveyPublicationK,
  history: publicationHistory,
  store: storePublication,
};
const FEEDBACK_LOG: Log = {
  storedK: channelPublicationK,
  history: feedbackPublicationHistory,
  store: storeFeedbackPublication,
};

async function gate(
  db: Db,
  runner: GateRunner,
  log: Log,
  job: Pick<GateJob, "kind" | "slug" | "input" | "versions" | "months">,
  publicationInput: unknown,
  at: string,
): Promise<GateResult> {
  const cap = capExceeded(publicationInput, runner.limits);
  if (cap) return { ok: false, reason: "too_large", cap, field: `${at}.tables` };
  const [storedK, history] = await Promise.all([
    log.storedK(db, job.slug),
    log.history(db, job.slug),
  ]);
  const verdict: Run = await runner.run({
    ...job,
    facts: factsOf(storedK, history, job.versions),
    history: history.map((p) => p.publication),
  });
  if (!verdict.ok) return verdict;
  const stored = await log.store(db, job.slug, verdict.body, history.at(-1)?.number ?? 0);
  return stored.ok ? { ok: true, number: stored.number } : stored;
}

export async function publish(
  db: Db,
  runner: GateRunner,
  slug: string,
  input: unknown,
): Promise<GateResult> {
  const versions = await surveyVersionsOf(db, slug);
  const job = { kind: "survey" as const, slug, input, versions, months: [] };
  return gate(db, runner, SURVEY_LOG, job, input, "$");
}

/**
 * "You said — we did" (issue 8): counts of a channel's feedback pass the same gate as survey
 * results, with the variables and categories of client/lib/feedback-tables.ts.
 */
export function publishFeedback(
  db: Db,
  runner: GateRunner,
  channel: Pick<Channel, "slug" | "createdOn">,
  input: unknown,
  now = new Date(),
): Promise<GateResult> {
  const publication = (input as { publication?: unknown } | null)?.publication;
  const months = publishableMonths(channel.createdOn, now);
  const job = { kind: "feedback" as const, slug: channel.slug, input, versions: [], months };
  return gate(db, runner, FEEDBACK_LOG, job, publication, "$.publication");
}
