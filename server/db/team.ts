// Running a team (issue 16): invitations with a name and a role, the pending list, revoking one;
// removing a member and changing roles (their survey keys rotate: server/db/access.ts); a
// member's new passphrase (their key, rewrapped in their browser).
import { and, eq, gt, ne } from "drizzle-orm";
import type { WrappedKey } from "../../client/lib/key-format";
import { hashToken, newId, newToken } from "../secrets";
import { READERS, type Rotation, type RotationResult, withdrawMember } from "./access";
import { type Db, transaction } from "./client";
import { type FeedbackKeyKind, lastChannelKey } from "./feedback";
import type { Role } from "./schema";
import {
  feedbackKeys,
  feedbackMessages,
  invitations,
  loginDevices,
  members,
  organizations,
  sessions,
} from "./tables";

/** An invitation link works once, within 72 hours. */
export const INVITATION_MS = 72 * 60 * 60_000;

export interface PendingInvitation {
  id: string;
  name: string;
  role: Role;
  /** Epoch ms. */
  expiresAt: number;
}

export async function createNamedInvitation(
  db: Db,
  orgId: string,
  name: string,
  role: Role,
  now: number,
): Promise<{ id: string; token: string }> {
  const token = newToken();
  const id = newId();
  await transaction(db, (tx) =>
    tx.insert(invitations).values({
      id,
      tokenHash: hashToken(token),
      orgId,
      name,
      role,
      expiresAt: now + INVITATION_MS,
    }),
  );
  return { id, token };
}

/** Invitations nobody has used, revoked or let expire, soonest to expire first. */
export async function pendingInvitations(
  db: Db,
  orgId: string,
  now: number,
): Promise<PendingInvitation[]> {
  return db
    .select({
      id: invitations.id,
      name: invitations.name,
      role: invitations.role,
      expiresAt: invitations.expiresAt,
    })
    .from(invitations)
    .where(
      and(
        eq(invitations.orgId, orgId),
        eq(invitations.used, false),
        eq(invitations.revoked, false),
        gt(invitations.expiresAt, now),
      ),
    )
    .orderBy(invitations.expiresAt);
}

/** A pending invitation of this organization can no longer be used; false if none. */
export async function revokeInvitation(
  db: Db,
  orgId: string,
  id: string,
  now: number,
): Promise<boolean> {
  const revoked = await transaction(db, (tx) =>
    tx
      .update(invitations)
      .set({ revoked: true })
      .where(
        and(
          eq(invitations.id, id),
          eq(invitations.orgId, orgId),
          eq(invitations.used, false),
          eq(invitations.revoked, false),
          gt(invitations.expiresAt, now),
        ),
      )
      .returning({ id: invitations.id }),
  );
  return revoked.length === 1;
}

export type InvitationProblem = "unknown" | "used" | "revoked" | "expired";

export type InvitationState =
  | { ok: true; orgId: string; organization: string; name: string; role: Role; expiresAt: number }
  | { ok: false; reason: InvitationProblem };

/**
 * What the join page shows before its form — whose invitation, to which organization, as
 * what — or why it cannot be used, so nobody fills in the whole form first. Joining reads the
 * same answer inside its transaction.
 */
export async function readInvitation(tx: Db, token: string, now: number): Promise<InvitationState> {
  const [row] = await tx
    .select({
      orgId: invitations.orgId,
      organization: organizations.name,
      name: invitations.name,
      role: invitations.role,
      expiresAt: invitations.expiresAt,
      used: invitations.used,
      revoked: invitations.revoked,
    })
    .from(invitations)
    .innerJoin(organizations, eq(organizations.id, invitations.orgId))
    .where(eq(invitations.tokenHash, hashToken(token)))
    .limit(1);
  if (!row) return { ok: false, reason: "unknown" };
  if (row.used) return { ok: false, reason: "used" };
  if (row.revoked) return { ok: false, reason: "revoked" };
  if (row.expiresAt <= now) return { ok: false, reason: "expired" };
  const { orgId, organization, name, role, expiresAt } = row;
  return { ok: true, orgId, organization, name, role, expiresAt };
}

export function invitationState(db: Db, token: string, now: number): Promise<InvitationState> {
  return readInvitation(db, token, now);
}

export type MemberChange =
  | RotationResult
  | { ok: false; reason: "unknown_member" }
  | { ok: false; reason: "yourself" }
  /** They hold the channel's last copy of a feedback key (feedback.ts lastChannelKey). */
  | { ok: false; reason: "last_key"; slug: string; kind: FeedbackKeyKind };

async function memberOf(tx: Db, orgId: string, memberId: string) {
  const [row] = await tx
    .select({ id: members.id, role: members.role })
    .from(members)
    .where(and(eq(members.id, memberId), eq(members.orgId, orgId)))
    .limit(1);
  return row;
}

export async function isMemberOf(db: Db, orgId: string, memberId: string): Promise<boolean> {
  return !!(await memberOf(db, orgId, memberId));
}

/**
 * Removes a member: their sessions end, every key copy they had goes (survey and feedback),
 * the keys of the surveys they could read rotate, and their messages are unassigned. One
 * transaction: a refused rotation leaves them a member, exactly as before.
 */
export async function removeMember(
  db: Db,
  orgId: string,
  actorId: string,
  memberId: string,
  rotations: readonly Rotation[],
): Promise<MemberChange> {
  if (memberId === actorId) return { ok: false, reason: "yourself" };
  return transaction(db, async (tx): Promise<MemberChange> => {
    if (!(await memberOf(tx, orgId, memberId))) return { ok: false, reason: "unknown_member" };
    // Before anything is written: a refusal returns, and the transaction commits what it did.
    const last = await lastChannelKey(tx, memberId, ["general", "sensitive"]);
    if (last) return { ok: false, reason: "last_key", ...last };
    const withdrawn = await withdrawMember(tx, orgId, memberId, rotations);
    if (!withdrawn.ok) return withdrawn;
    await tx.delete(sessions).where(eq(sessions.memberId, memberId));
    await tx.delete(loginDevices).where(eq(loginDevices.memberId, memberId));
    await tx.delete(feedbackKeys).where(eq(feedbackKeys.memberId, memberId));
    await tx
      .update(feedbackMessages)
      .set({ assignee: null })
      .where(eq(feedbackMessages.assignee, memberId));
    await tx.delete(members).where(eq(members.id, memberId));
    return withdrawn;
  });
}

/**
 * Changes a member's role. Someone who may no longer read (owner or analyst → designer) loses
 * every survey key copy and the channel's general key (a safeguarding member keeps the
 * sensitive one) and the surveys they could read rotate, as on removal; `rotations` must then
 * name exactly those surveys, and must be empty otherwise.
 */
export async function changeRole(
  db: Db,
  orgId: string,
  actorId: string,
  memberId: string,
  role: Role,
  rotations: readonly Rotation[],
): Promise<MemberChange> {
  if (memberId === actorId) return { ok: false, reason: "yourself" };
  return transaction(db, async (tx): Promise<MemberChange> => {
    const member = await memberOf(tx, orgId, memberId);
    if (!member) return { ok: false, reason: "unknown_member" };
    const losesReading = READERS.includes(member.role) && !READERS.includes(role);
    const last = losesReading ? await lastChannelKey(tx, memberId, ["general"]) : null;
    if (last) return { ok: false, reason: "last_key", ...last };
    const withdrawn: RotationResult = losesReading
      ? await withdrawMember(tx, orgId, memberId, rotations)
      : rotations.length === 0
        ? { ok: true, versions: [] }
        : {
            ok: false,
            reason: "rotations_mismatch",
            missing: [],
            extra: rotations.map((r) => r.slug),
          };
    if (!withdrawn.ok) return withdrawn;
    // The sensitive key stays: safeguarding, not the role, lets a member read sensitive reports.
    if (losesReading) {
      await tx
        .delete(feedbackKeys)
        .where(and(eq(feedbackKeys.memberId, memberId), eq(feedbackKeys.kind, "general")));
    }
    await tx.update(members).set({ role }).where(eq(members.id, memberId));
    return withdrawn;
  });
}

/**
 * A new passphrase: the same key pair, wrapped anew in the member's browser, and the login
 * secret derived from the new passphrase. Every other session of the member ends.
 */
export async function changePassphrase(
  db: Db,
  memberId: string,
  keepSessionHash: string,
  passwordHash: string,
  wrappedKey: WrappedKey,
): Promise<void> {
  await transaction(db, async (tx) => {
    await tx
      .update(members)
      .set({ passwordHash, wrappedKey: JSON.stringify(wrappedKey) })
      .where(eq(members.id, memberId));
    await tx
      .delete(sessions)
      .where(and(eq(sessions.memberId, memberId), ne(sessions.tokenHash, keepSessionHash)));
  });
}

export async function passwordHashOf(db: Db, memberId: string): Promise<string | undefined> {
  const [row] = await db
    .select({ passwordHash: members.passwordHash })
    .from(members)
    .where(eq(members.id, memberId))
    .limit(1);
  return row?.passwordHash;
}
