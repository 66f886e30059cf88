// What the results page and its workers say to each other. Plaintext answers exist only inside
// the workers and this tab: the open worker returns counts and the opened answers (for the
// free-text list and the export, which never leave this tab), never envelopes.
import type { Survey } from "../../../surveys/schema";
import type { Answers } from "../../lib/answers";
import type { KeyPair } from "../../lib/crypto";
import type { CountedTable, Publication } from "../../lib/publication";
import type { SuppressResult } from "../../lib/suppress";

export interface OpenBatch {
  /** Every key of the survey this member holds: one per rotation. */
  surveyKeys: KeyPair[];
  versions: Survey[];
  /** The version tabulated; responses to other versions are only counted. */
  version: number;
  /**
   * Versions with the very same questions, tabulated with it: a key rotation publishes the
   * questions again as a new version, and must not split the answers in two.
   */
  sameQuestions: number[];
  ciphertexts: string[];
}

/** A partial tabulation of one batch; the page adds them up (addTabulations). */
export interface OpenedBatch {
  tables: CountedTable[];
  /** The opened answers to the tabulated version, in the order they were opened. */
  answers: Answers[];
  opened: number;
  unreadable: number;
  otherVersions: number;
}

export type OpenReply = { ok: true; batch: OpenedBatch } | { ok: false; message: string };

export interface SuppressRequest {
  tables: CountedTable[];
  k: number;
  /** The response count the publication will carry. */
  responses: number;
  /**
   * The version tabulated: its conditions and multi questions are relations of the audit. Null
   * for a feedback channel, whose closed months are its structure.
   */
  survey: Survey | null;
  /** Earlier publications of the same respondents, oldest first (GET …/publications/earlier). */
  history: Publication[];
  /** The LP work the server's gate may spend on its audit (GET …/publications/earlier). */
  gateWork: number;
  /**
   * Try every cover cell again however long it takes, rather than within the prune's budget
   * (SuppressResult.untried): the coordinator asked for it.
   */
  tryAll?: boolean;
  /**
   * Keep the last publication's hidden cells hidden, so that the gate relates the new one to
   * that one alone (SuppressOptions.keepPattern): quick whatever the history. A survey's
   * preview asks for it unless the coordinator chose to look at every cell again.
   */
  keepPattern?: boolean;
}

/**
 * What the gate will answer, found by the gate's own audit within its budget (auditWithin):
 * the preview says so before anyone presses Publish.
 */
export type GateForecast =
  | { verdict: "accepts"; work: number; budget: number }
  | { verdict: "over_budget"; budget: number }
  | { verdict: "unsafe"; cells: number };

export type SuppressReply =
  | { ok: true; result: SuppressResult; gate: GateForecast }
  | { ok: false; message: string };

/**
 * What the worker is doing, in LP work (client/lib/lp.ts, Spent): suppression has no known end,
 * the check has the gate's budget as its end. With many earlier publications a preview takes
 * minutes, and the page says which part it is in.
 */
export type SuppressProgress =
  | { phase: "suppressing"; work: number }
  /** The prune: cells hidden as cover tried again one by one (all of them in "Check them all"). */
  | { phase: "rechecking"; tried: number; of: number }
  | { phase: "checking"; work: number; budget: number };

/** Progress, as often as every quarter second, then one reply. */
export type SuppressMessage = { progress: SuppressProgress } | { reply: SuppressReply };
