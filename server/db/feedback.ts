// Queries of the feedback channel (issue 8): channels, their sealed keys, messages, replies
// and codings; its "you said — we did" publications are kept by publications.ts, like survey
// results. Everything here is ciphertext or triage state; the month is the finest time kept
// about a message, the day about a reply.
import { and, count, eq, gt, inArray, max, ne } from "drizzle-orm";
import { type Db, forgetArrivalOrder, today, transaction } from "./client";
import { holdOffRewrites } from "./postgres-rewrite";
import type { FEEDBACK_KEY_KINDS, FeedbackStatus } from "./schema";
import {
  feedbackChannels,
  feedbackKeys,
  feedbackMessages,
  feedbackReplies,
  members,
  organizations,
} from "./tables";

export type FeedbackKeyKind = (typeof FEEDBACK_KEY_KINDS)[number];

export interface FrameCode {
  code: string;
  label: Record<string, string>;
}

/**
 * A starting frame drawn from humanitarian community-feedback practice (IFRC/UNHCR CEA coding):
 * requests, complaints about access and quality, rumours, and the serious cases that must be
 * referred. The organization edits it; codings are sealed, so the server never sees which apply.
 */
export const DEFAULT_FRAME: FrameCode[] = [
  [
    "information_request",
    "Request for information",
    "Pedido de información",
    "Pedido de informação",
    "Demande d'information",
  ],
  [
    "assistance_request",
    "Request for assistance",
    "Pedido de asistencia",
    "Pedido de assistência",
    "Demande d'assistance",
  ],
  [
    "access_complaint",
    "Complaint: access or exclusion",
    "Queja: acceso o exclusión",
    "Reclamação: acesso ou exclusão",
    "Plainte : accès ou exclusion",
  ],
  [
    "quality_complaint",
    "Complaint: quality of service",
    "Queja: calidad del servicio",
    "Reclamação: qualidade do serviço",
    "Plainte : qualité du service",
  ],
  [
    "staff_conduct",
    "Staff or volunteer conduct",
    "Conducta del personal o voluntariado",
    "Conduta da equipe ou voluntariado",
    "Conduite du personnel ou des bénévoles",
  ],
  [
    "fraud",
    "Fraud or corruption",
    "Fraude o corrupción",
    "Fraude ou corrupção",
    "Fraude ou corruption",
  ],
  [
    "sea",
    "Sexual exploitation or abuse",
    "Explotación o abuso sexual",
    "Exploração ou abuso sexual",
    "Exploitation ou abus sexuels",
  ],
  [
    "rumour",
    "Rumour or misinformation",
    "Rumor o desinformación",
    "Boato ou desinformação",
    "Rumeur ou désinformation",
  ],
  ["suggestion", "Suggestion", "Sugerencia", "Sugestão", "Suggestion"],
  ["appreciation", "Appreciation", "Agradecimiento", "Agradecimento", "Remerciements"],
  ["other", "Other", "Otro", "Outro", "Autre"],
].map(([code, en, es, pt, fr]) => ({
  code: code as string,
  label: { en, es, pt, fr } as Record<string, string>,
}));

export interface Channel {
  slug: string;
  orgId: string;
  publicKey: string;
  sensitivePublicKey: string;
  frame: FrameCode[];
  /** YYYY-MM-DD: the first month a publication counts (client/lib/feedback-tables.ts). */
  createdOn: string;
  /** Days a reply usually takes, as the owner states it; null until stated. */
  replyDays: number | null;
}

const toChannel = (row: typeof feedbackChannels.$inferSelect): Channel => ({
  slug: row.slug,
  orgId: row.orgId,
  publicKey: row.publicKey,
  sensitivePublicKey: row.sensitivePublicKey,
  createdOn: row.createdOn,
  replyDays: row.replyDays,
  frame: JSON.parse(row.frame) as FrameCode[],
});

export interface NewChannel {
  slug: string;
  publicKey: string;
  sensitivePublicKey: string;
  keys: { memberId: string; kind: FeedbackKeyKind; sealedKey: string }[];
}

export type CreateChannel = { ok: true } | { ok: false; reason: "channel_exists" | "slug_taken" };

/** Opens an organization's one channel with the default frame and its first sealed keys. */
export function createChannel(db: Db, orgId: string, channel: NewChannel): Promise<CreateChannel> {
  return transaction(db, async (tx): Promise<CreateChannel> => {
    const [mine] = await tx
      .select({ slug: feedbackChannels.slug })
      .from(feedbackChannels)
      .where(eq(feedbackChannels.orgId, orgId))
      .limit(1);
    if (mine) return { ok: false, reason: "channel_exists" };
    const [taken] = await tx
      .select({ slug: feedbackChannels.slug })
      .from(feedbackChannels)
      .where(eq(feedbackChannels.slug, channel.slug))
      .limit(1);
    if (taken) return { ok: false, reason: "slug_taken" };
    await tx.insert(feedbackChannels).values({
      slug: channel.slug,
      orgId,
      publicKey: channel.publicKey,
      sensitivePublicKey: channel.sensitivePublicKey,
      frame: JSON.stringify(DEFAULT_FRAME),
      createdOn: today(),
    });
    for (const key of channel.keys) {
      await tx.insert(feedbackKeys).values({ slug: channel.slug, ...key });
    }
    return { ok: true };
  });
}

export async function channelOfOrg(db: Db, orgId: string): Promise<Channel | undefined> {
  const [row] = await db
    .select()
    .from(feedbackChannels)
    .where(eq(feedbackChannels.orgId, orgId))
    .limit(1);
  return row && toChannel(row);
}

/** A channel by its public slug, with the organization's name for the page. */
export async function publicChannel(
  db: Db,
  slug: string,
): Promise<(Channel & { orgName: string }) | undefined> {
  const [row] = await db
    .select({ channel: feedbackChannels, orgName: organizations.name })
    .from(feedbackChannels)
    .innerJoin(organizations, eq(organizations.id, feedbackChannels.orgId))
    .where(eq(feedbackChannels.slug, slug))
    .limit(1);
  return row && { ...toChannel(row.channel), orgName: row.orgName };
}

export async function setFrame(db: Db, slug: string, frame: FrameCode[]): Promise<void> {
  await transaction(db, (tx) =>
    tx
      .update(feedbackChannels)
      .set({ frame: JSON.stringify(frame) })
      .where(eq(feedbackChannels.slug, slug)),
  );
}

export async function setReplyDays(db: Db, slug: string, replyDays: number | null): Promise<void> {
  await transaction(db, (tx) =>
    tx.update(feedbackChannels).set({ replyDays }).where(eq(feedbackChannels.slug, slug)),
  );
}

export interface ChannelMember {
  id: string;
  /** As the owner wrote it on the invitation; null for an organization's first owner. */
  name: string | null;
  email: string;
  role: string;
  safeguarding: boolean;
  publicKey: string;
}

export async function channelMembers(db: Db, orgId: string): Promise<ChannelMember[]> {
  return db
    .select({
      id: members.id,
      name: members.name,
      email: members.email,
      role: members.role,
      safeguarding: members.safeguarding,
      publicKey: members.publicKey,
    })
    .from(members)
    .where(eq(members.orgId, orgId))
    .orderBy(members.email);
}

/**
 * A channel key kind whose every copy `memberId` holds (and would take with them): losing the
 * last copy loses every message of that kind for good, and new ones keep coming sealed to it.
 */
export async function lastChannelKey(
  tx: Db,
  memberId: string,
  kinds: readonly FeedbackKeyKind[],
): Promise<{ slug: string; kind: FeedbackKeyKind } | null> {
  const held = await tx
    .select({ slug: feedbackKeys.slug, kind: feedbackKeys.kind })
    .from(feedbackKeys)
    .where(and(eq(feedbackKeys.memberId, memberId), inArray(feedbackKeys.kind, [...kinds])));
  for (const { slug, kind } of held) {
    const [others] = await tx
      .select({ n: count() })
      .from(feedbackKeys)
      .where(
        and(
          eq(feedbackKeys.slug, slug),
          eq(feedbackKeys.kind, kind),
          ne(feedbackKeys.memberId, memberId),
        ),
      );
    if ((others?.n ?? 0) === 0) return { slug, kind };
  }
  return null;
}

export type KeyChange = "changed" | "unknown_member" | "not_granted" | "last_key";

/**
 * Grants or takes away the safeguarding role of a member of this organization. Taking it away
 * also drops their copy of the sensitive key: the role and the key go together.
 */
export function setSafeguarding(
  db: Db,
  orgId: string,
  memberId: string,
  safeguarding: boolean,
): Promise<KeyChange> {
  return transaction(db, async (tx): Promise<KeyChange> => {
    const [member] = await tx
      .select({ id: members.id })
      .from(members)
      .where(and(eq(members.id, memberId), eq(members.orgId, orgId)));
    if (!member) return "unknown_member";
    if (!safeguarding) {
      if (await lastChannelKey(tx, memberId, ["sensitive"])) return "last_key";
      await tx
        .delete(feedbackKeys)
        .where(and(eq(feedbackKeys.memberId, memberId), eq(feedbackKeys.kind, "sensitive")));
    }
    await tx.update(members).set({ safeguarding }).where(eq(members.id, memberId));
    return "changed";
  });
}

export async function storeFeedbackKey(
  db: Db,
  slug: string,
  memberId: string,
  kind: FeedbackKeyKind,
  sealedKey: string,
): Promise<void> {
  await transaction(db, (tx) =>
    tx
      .insert(feedbackKeys)
      .values({ slug, memberId, kind, sealedKey })
      .onConflictDoUpdate({
        target: [feedbackKeys.slug, feedbackKeys.memberId, feedbackKeys.kind],
        set: { sealedKey },
      }),
  );
}

export function revokeFeedbackKey(
  db: Db,
  slug: string,
  memberId: string,
  kind: FeedbackKeyKind,
): Promise<KeyChange> {
  return transaction(db, async (tx): Promise<KeyChange> => {
    const last = await lastChannelKey(tx, memberId, [kind]);
    if (last?.slug === slug) return "last_key";
    const deleted = await tx
      .delete(feedbackKeys)
      .where(
        and(
          eq(feedbackKeys.slug, slug),
          eq(feedbackKeys.memberId, memberId),
          eq(feedbackKeys.kind, kind),
        ),
      )
      .returning({ slug: feedbackKeys.slug });
    return deleted.length > 0 ? "changed" : "not_granted";
  });
}

export async function feedbackKeysFor(
  db: Db,
  slug: string,
  memberId: string,
): Promise<Partial<Record<FeedbackKeyKind, string>>> {
  const rows = await db
    .select({ kind: feedbackKeys.kind, sealedKey: feedbackKeys.sealedKey })
    .from(feedbackKeys)
    .where(and(eq(feedbackKeys.slug, slug), eq(feedbackKeys.memberId, memberId)));
  return Object.fromEntries(rows.map((r) => [r.kind, r.sealedKey]));
}

export interface NewMessage {
  id: string;
  slug: string;
  sensitive: boolean;
  ciphertext: string;
  lookup: string;
}

/** As for responses: `duplicate` is a retry of exactly what is stored, never refused. */
export type StoreMessage = "stored" | "duplicate" | "id_taken" | "lookup_taken";

/**
 * Stores a message and, before the caller's 201, forgets the order it came in: on SQLite the log
 * is cut, on PostgreSQL the feedback tables are rewritten in key order when enough have come
 * since the last rewrite (client.ts forgetArrivalOrder).
 */
export async function storeMessage(
  db: Db,
  message: NewMessage,
  now = new Date(),
): Promise<StoreMessage> {
  const result = await transaction(db, async (tx): Promise<StoreMessage> => {
    await holdOffRewrites(tx);
    const [existing] = await tx
      .select()
      .from(feedbackMessages)
      .where(eq(feedbackMessages.id, message.id))
      .limit(1);
    if (existing) {
      const same =
        existing.slug === message.slug &&
        existing.sensitive === message.sensitive &&
        existing.ciphertext === message.ciphertext &&
        existing.lookup === message.lookup;
      return same ? "duplicate" : "id_taken";
    }
    const [lookupTaken] = await tx
      .select({ id: feedbackMessages.id })
      .from(feedbackMessages)
      .where(eq(feedbackMessages.lookup, message.lookup))
      .limit(1);
    if (lookupTaken) return "lookup_taken";
    await tx.insert(feedbackMessages).values({ ...message, month: now.toISOString().slice(0, 7) });
    return "stored";
  });
  // The message's frames must not wait in SQLite's log, in commit order, for the next batch of
  // responses to cut it; on PostgreSQL this rewrites the feedback tables when enough have come.
  if (result === "stored") await forgetArrivalOrder(db);
  return result;
}

export interface ListedMessage {
  id: string;
  sensitive: boolean;
  ciphertext: string;
  month: string;
  status: FeedbackStatus;
  assignee: string | null;
  coding: string | null;
  replies: number;
}

/** Which messages a member may know of: general ones, sensitive ones, or both. */
export interface Visibility {
  general: boolean;
  sensitive: boolean;
}

const visibleKinds = (v: Visibility) => [
  ...(v.general ? [false] : []),
  ...(v.sensitive ? [true] : []),
];

/** One page of a channel's messages in order of their random ids (not of arrival). */
export async function messagePage(
  db: Db,
  slug: string,
  visibility: Visibility,
  after: string,
  limit: number,
): Promise<ListedMessage[]> {
  const kinds = visibleKinds(visibility);
  if (kinds.length === 0) return [];
  return db
    .select({
      id: feedbackMessages.id,
      sensitive: feedbackMessages.sensitive,
      ciphertext: feedbackMessages.ciphertext,
      month: feedbackMessages.month,
      status: feedbackMessages.status,
      assignee: feedbackMessages.assignee,
      coding: feedbackMessages.coding,
      replies: count(feedbackReplies.number),
    })
    .from(feedbackMessages)
    .leftJoin(feedbackReplies, eq(feedbackReplies.messageId, feedbackMessages.id))
    .where(
      and(
        eq(feedbackMessages.slug, slug),
        inArray(feedbackMessages.sensitive, kinds),
        gt(feedbackMessages.id, after),
      ),
    )
    .groupBy(feedbackMessages.id)
    .orderBy(feedbackMessages.id)
    .limit(limit);
}

/** A message the member may know of; undefined alike for a missing and a hidden one. */
export async function visibleMessage(
  db: Db,
  slug: string,
  id: string,
  visibility: Visibility,
): Promise<{ id: string; sensitive: boolean } | undefined> {
  const [row] = await db
    .select({ id: feedbackMessages.id, sensitive: feedbackMessages.sensitive })
    .from(feedbackMessages)
    .where(and(eq(feedbackMessages.slug, slug), eq(feedbackMessages.id, id)))
    .limit(1);
  if (!row) return undefined;
  return (row.sensitive ? visibility.sensitive : visibility.general) ? row : undefined;
}

export interface Triage {
  status?: FeedbackStatus | undefined;
  assignee?: string | null | undefined;
  coding?: string | null | undefined;
}

export async function triageMessage(db: Db, id: string, triage: Triage): Promise<void> {
  const set = Object.fromEntries(Object.entries(triage).filter(([, v]) => v !== undefined));
  if (Object.keys(set).length === 0) return;
  await transaction(db, async (tx) => {
    await holdOffRewrites(tx);
    await tx.update(feedbackMessages).set(set).where(eq(feedbackMessages.id, id));
  });
}

/**
 * Adds a reply and marks a new or in-progress message answered, in one transaction. A referred
 * or closed one stays so: the person holding the reply code reads that status too.
 */
export function addReply(db: Db, messageId: string, ciphertext: string): Promise<number> {
  return transaction(db, async (tx) => {
    await holdOffRewrites(tx);
    const [last] = await tx
      .select({ number: max(feedbackReplies.number) })
      .from(feedbackReplies)
      .where(eq(feedbackReplies.messageId, messageId));
    const number = (last?.number ?? 0) + 1;
    await tx.insert(feedbackReplies).values({ messageId, number, ciphertext, day: today() });
    await tx
      .update(feedbackMessages)
      .set({ status: "answered" })
      .where(
        and(
          eq(feedbackMessages.id, messageId),
          inArray(feedbackMessages.status, ["new", "in_progress"]),
        ),
      );
    return number;
  });
}

/** What the person holding the reply code may see: the status and the sealed replies. */
export async function repliesByLookup(
  db: Db,
  slug: string,
  lookup: string,
): Promise<{ status: FeedbackStatus; replies: { ciphertext: string; day: string }[] } | undefined> {
  const [message] = await db
    .select({ id: feedbackMessages.id, status: feedbackMessages.status })
    .from(feedbackMessages)
    .where(and(eq(feedbackMessages.slug, slug), eq(feedbackMessages.lookup, lookup)))
    .limit(1);
  if (!message) return undefined;
  const replies = await db
    .select({ ciphertext: feedbackReplies.ciphertext, day: feedbackReplies.day })
    .from(feedbackReplies)
    .where(eq(feedbackReplies.messageId, message.id))
    .orderBy(feedbackReplies.number);
  return { status: message.status, replies };
}
