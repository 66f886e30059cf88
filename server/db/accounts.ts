import { and, eq, gt } from "drizzle-orm";
import type { WrappedKey } from "../../client/lib/key-format";
import { hashToken, newId, newToken } from "../secrets";
import { type Db, today, transaction } from "./client";
import type { Role } from "./schema";
import { invitations, members, organizationInvitations, organizations, sessions } from "./tables";
import { type InvitationProblem, readInvitation } from "./team";

export interface NewMember {
  /** As written on the invitation; none for an organization's first owner. */
  name?: string;
  email: string;
  passwordHash: string;
  publicKey: string;
  wrappedKey: WrappedKey;
}

export interface Member {
  id: string;
  orgId: string;
  email: string;
  role: Role;
  publicKey: string;
  wrappedKey: WrappedKey;
  /** May see the feedback channel's sensitive reports (issue 8). */
  safeguarding: boolean;
}

const memberColumns = {
  id: members.id,
  orgId: members.orgId,
  email: members.email,
  role: members.role,
  publicKey: members.publicKey,
  wrappedKey: members.wrappedKey,
  safeguarding: members.safeguarding,
};

const toMember = (row: Omit<Member, "wrappedKey"> & { wrappedKey: string }): Member => ({
  ...row,
  wrappedKey: JSON.parse(row.wrappedKey) as WrappedKey,
});

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

async function emailTaken(db: Db, email: string): Promise<boolean> {
  const rows = await db
    .select({ id: members.id })
    .from(members)
    .where(eq(members.email, email))
    .limit(1);
  return rows.length > 0;
}

async function insertMember(tx: Db, orgId: string, role: Role, member: NewMember): Promise<string> {
  const id = newId();
  await tx.insert(members).values({
    id,
    orgId,
    role,
    email: normalizeEmail(member.email),
    name: member.name || null,
    passwordHash: member.passwordHash,
    publicKey: member.publicKey,
    wrappedKey: JSON.stringify(member.wrappedKey),
  });
  return id;
}

export type SignUp =
  | { ok: true; memberId: string; orgId: string }
  | { ok: false; reason: "email_taken" };

/** Sign-up: a new organization and its owner. */
export function createOrganization(db: Db, name: string, owner: NewMember): Promise<SignUp> {
  return transaction(db, async (tx): Promise<SignUp> => {
    if (await emailTaken(tx, normalizeEmail(owner.email)))
      return { ok: false, reason: "email_taken" };
    const orgId = newId();
    await tx.insert(organizations).values({ id: orgId, name, createdOn: today() });
    return { ok: true, orgId, memberId: await insertMember(tx, orgId, "owner", owner) };
  });
}

/** How long an operator's sign-up link stays valid. */
export const ORGANIZATION_INVITATION_MS = 7 * 24 * 60 * 60_000;

/** The operator lets an organization in (`cli org create`): the one-time sign-up token. */
export async function inviteOrganization(db: Db, name: string, now: number): Promise<string> {
  const token = newToken();
  await transaction(db, (tx) =>
    tx.insert(organizationInvitations).values({
      tokenHash: hashToken(token),
      name,
      expiresAt: now + ORGANIZATION_INVITATION_MS,
    }),
  );
  return token;
}

export type InvitedSignUp = SignUp | { ok: false; reason: "unknown_invitation" };

/**
 * Sign-up with the operator's invitation: the organization gets the name the operator gave it,
 * and the invitation is deleted in the same transaction, so it admits one organization.
 */
export function createInvitedOrganization(
  db: Db,
  token: string,
  owner: NewMember,
  now: number,
): Promise<InvitedSignUp> {
  return transaction(db, async (tx): Promise<InvitedSignUp> => {
    const invited = and(
      eq(organizationInvitations.tokenHash, hashToken(token)),
      gt(organizationInvitations.expiresAt, now),
    );
    const [invitation] = await tx
      .select({ name: organizationInvitations.name })
      .from(organizationInvitations)
      .where(invited)
      .limit(1);
    if (!invitation) return { ok: false, reason: "unknown_invitation" };
    const created = await createOrganization(tx, invitation.name, owner);
    if (created.ok) await tx.delete(organizationInvitations).where(invited);
    return created;
  });
}

export async function findMemberById(db: Db, id: string): Promise<Member | undefined> {
  const [row] = await db.select(memberColumns).from(members).where(eq(members.id, id)).limit(1);
  return row && toMember(row);
}

export async function listMembers(
  db: Db,
  orgId: string,
): Promise<(Omit<Member, "wrappedKey" | "safeguarding"> & { name: string | null })[]> {
  return db
    .select({
      id: members.id,
      name: members.name,
      orgId: members.orgId,
      email: members.email,
      role: members.role,
      publicKey: members.publicKey,
    })
    .from(members)
    .where(eq(members.orgId, orgId))
    .orderBy(members.email);
}

export async function organizationName(db: Db, orgId: string): Promise<string | undefined> {
  const [row] = await db
    .select({ name: organizations.name })
    .from(organizations)
    .where(eq(organizations.id, orgId))
    .limit(1);
  return row?.name;
}

export interface LoginRecord {
  id: string;
  passwordHash: string;
}

export async function loginRecord(db: Db, email: string): Promise<LoginRecord | undefined> {
  const [row] = await db
    .select({ id: members.id, passwordHash: members.passwordHash })
    .from(members)
    .where(eq(members.email, normalizeEmail(email)))
    .limit(1);
  return row;
}

export const SESSION_IDLE_MS = 2 * 60 * 60_000;
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60_000;

export async function createSession(
  db: Db,
  memberId: string,
  now: number,
): Promise<{ token: string; csrfToken: string }> {
  const token = newToken();
  const csrfToken = newToken();
  await transaction(db, (tx) =>
    tx.insert(sessions).values({
      tokenHash: hashToken(token),
      memberId,
      csrfToken,
      createdAt: now,
      lastSeenAt: now,
    }),
  );
  return { token, csrfToken };
}

/** The session's member, if the session exists and has expired neither way; refreshes it. */
export async function findSession(
  db: Db,
  token: string,
  now: number,
): Promise<{ member: Member; csrfToken: string } | undefined> {
  const tokenHash = hashToken(token);
  const [row] = await db.select().from(sessions).where(eq(sessions.tokenHash, tokenHash)).limit(1);
  if (!row) return undefined;
  if (now - row.lastSeenAt > SESSION_IDLE_MS || now - row.createdAt > SESSION_ABSOLUTE_MS) {
    await transaction(db, (tx) => tx.delete(sessions).where(eq(sessions.tokenHash, tokenHash)));
    return undefined;
  }
  const member = await findMemberById(db, row.memberId);
  if (!member) return undefined;
  await transaction(db, (tx) =>
    tx.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.tokenHash, tokenHash)),
  );
  return { member, csrfToken: row.csrfToken };
}

export async function deleteSession(db: Db, token: string): Promise<void> {
  await transaction(db, (tx) =>
    tx.delete(sessions).where(eq(sessions.tokenHash, hashToken(token))),
  );
}

export type Joined =
  | { ok: true; memberId: string }
  | { ok: false; reason: InvitationProblem | "email_taken" };

/** Spends a one-time invitation and adds the member with the invited role and name. */
export function acceptInvitation(
  db: Db,
  token: string,
  member: NewMember,
  now: number,
): Promise<Joined> {
  return transaction(db, async (tx): Promise<Joined> => {
    const invitation = await readInvitation(tx, token, now);
    if (!invitation.ok) return invitation;
    if (await emailTaken(tx, normalizeEmail(member.email)))
      return { ok: false, reason: "email_taken" };
    const spent = await tx
      .update(invitations)
      .set({ used: true })
      .where(and(eq(invitations.tokenHash, hashToken(token)), eq(invitations.used, false)))
      .returning({ tokenHash: invitations.tokenHash });
    if (spent.length !== 1) return { ok: false, reason: "used" };
    const { orgId, role, name } = invitation;
    return { ok: true, memberId: await insertMember(tx, orgId, role, { ...member, name }) };
  });
}
