// The feedback channel's key work in a member's browser, behind lazy imports like ../keys.ts:
// making the channel's two key pairs, opening the caller's sealed copies, opening messages and
// codings, sealing codings and replies. Secret keys and plaintexts stay in this tab's memory.
import type { KeyPair } from "../../lib/crypto";
import type { Message } from "../../lib/feedback";
import type { CountedMessage } from "../../lib/feedback-tables";
import { openSurveyKey, resealSurveyKey } from "../keys";
import type { ChannelMember, SealedFor, StoredMessage } from "./api";

const libs = () =>
  Promise.all([
    import("../../lib/feedback"),
    import("../../lib/crypto"),
    import("../../lib/keyring"),
  ]).then(async ([feedback, crypto, keyring]) => {
    await Promise.all([feedback.ready(), keyring.readyKeyring()]);
    return { feedback, crypto, keyring };
  });

/** Both key pairs, made here; each secret half leaves only sealed to a member (issue 8 §3). */
export async function newChannelKeys(readers: readonly ChannelMember[]) {
  const { crypto, keyring } = await libs();
  const general = crypto.generateKeyPair();
  const sensitive = crypto.generateKeyPair();
  const keys: SealedFor[] = [];
  for (const m of readers) {
    if (m.role === "owner" || m.role === "analyst")
      keys.push({
        memberId: m.id,
        kind: "general",
        sealedKey: keyring.sealSurveyKey(general, m.publicKey),
      });
    if (m.safeguarding)
      keys.push({
        memberId: m.id,
        kind: "sensitive",
        sealedKey: keyring.sealSurveyKey(sensitive, m.publicKey),
      });
  }
  return { publicKey: general.publicKey, sensitivePublicKey: sensitive.publicKey, keys };
}

export interface ChannelKeys {
  general: KeyPair | null;
  sensitive: KeyPair | null;
  /** The sealed copies as the server gave them, for resealing to another member. */
  sealed: { general?: string; sensitive?: string };
}

export async function openChannelKeys(
  sealed: { general?: string; sensitive?: string },
  member: KeyPair,
): Promise<ChannelKeys> {
  return {
    general: sealed.general ? await openSurveyKey(sealed.general, member) : null,
    sensitive: sealed.sensitive ? await openSurveyKey(sealed.sensitive, member) : null,
    sealed,
  };
}

export const resealChannelKey = resealSurveyKey;

export interface OpenedMessage {
  stored: StoredMessage;
  /** Null when the message did not open: counted unreadable, never guessed at. */
  message: Message | null;
  codes: string[];
  /**
   * The same sealed bytes as a message stored in an earlier month (or the same month, under a
   * smaller id): never counted again (client/lib/crypto.ts sealedDigest).
   */
  copy: boolean;
}

export async function openMessages(
  stored: readonly StoredMessage[],
  keys: ChannelKeys,
): Promise<OpenedMessage[]> {
  const { feedback, crypto } = await libs();
  const general = keys.general ? crypto.openKey(keys.general) : null;
  const sensitive = keys.sensitive ? crypto.openKey(keys.sensitive) : null;
  const copies = copiesOf(stored, crypto.firstCopies);
  return stored.map((s) => {
    const key = s.sensitive ? sensitive : general;
    const opened = key ? feedback.openMessage(s.ciphertext, key) : null;
    const coding = key && s.coding ? feedback.openCoding(s.coding, key) : null;
    return {
      stored: s,
      message: opened?.ok ? opened.message : null,
      codes: coding?.codes ?? [],
      copy: copies.has(s.id),
    };
  });
}

/**
 * What a publication may count: general messages that opened, each box once (sensitive reports
 * are never counted in public; feedbackTables leaves them out as well), and how many did not
 * open. Those are counted only in the publication's closed months: the open month is never
 * published, not even as the number of messages in it that failed to open (QA, 5 December).
 */
export function publicCounts(messages: readonly OpenedMessage[], months: readonly string[]) {
  const general = messages.filter((m) => !m.stored.sensitive);
  const window = new Set(months);
  const counted: CountedMessage[] = general.flatMap(({ stored, message, copy }) =>
    message && !copy
      ? [{ category: message.category, month: stored.month, country: message.country }]
      : [],
  );
  const unreadable = general.filter(
    (m) => !m.message && !m.copy && window.has(m.stored.month),
  ).length;
  return { counted, unreadable, copies: general.filter((m) => m.copy).length };
}

/**
 * Whoever holds a person's sealed message (a seized phone, a copy of the database) can store it
 * again under new ids without reading it, k times in a quiet month: counted, that month's cells
 * would publish the person's category and country as a count of k. Each box counts once, in the
 * month it was first stored (a copy is only ever made later), so a closed month that was
 * published never changes. General messages and sensitive reports are looked at apart: the
 * sender sets the flag, and a copy flagged sensitive (never counted, and listed only to
 * safeguarding members) must not stand in for the general message it copies.
 */
function copiesOf(
  stored: readonly StoredMessage[],
  firstCopies: () => (ciphertext: string) => boolean,
): Set<string> {
  const byMonth = [...stored].sort(
    (a, b) => a.month.localeCompare(b.month) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  const first = { general: firstCopies(), sensitive: firstCopies() };
  return new Set(
    byMonth
      .filter((s) => !first[s.sensitive ? "sensitive" : "general"](s.ciphertext))
      .map((s) => s.id),
  );
}

/** The coding is sealed to the key of the message's own kind, so it is no wider read than it. */
export async function sealCodes(codes: string[], publicKey: string): Promise<string> {
  const { feedback } = await libs();
  return feedback.sealCoding({ codes }, publicKey);
}

/** Null when the message carries no usable reply key (the person cannot read a reply then). */
export async function sealReplyTo(message: Message, text: string): Promise<string | null> {
  const { feedback } = await libs();
  const key = feedback.replyKeyFromMessage(message);
  return key ? feedback.sealReply(text, key) : null;
}
