import { and, eq } from "drizzle-orm";
import type { WrappedKey } from "../../client/lib/key-format";
import { hashToken, newId, newToken } from "../secrets";
import { type Db, today } from "./client";
import { invitations, members, organizations, type Role, sessions } from "./schema";
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

function emailTaken(db: Pick<Db, "select">, email: string): boolean {
  return !!db.select({ id: members.id }).from(members).where(eq(members.email, email)).get();
}

function insertMember(
  tx: Pick<Db, "insert">,
  orgId: string,
  role: Role,
  member: NewMember,
): string {
  const id = newId();
  tx.insert(members)
    .values({
      id,
      orgId,
      role,
      email: normalizeEmail(member.email),
      name: member.name || null,
      passwordHash: member.passwordHash,
      publicKey: member.publicKey,
      wrappedKey: JSON.stringify(member.wrappedKey),
    })
    .run();
  return id;
}

export type SignUp =
  | { ok: true; memberId: string; orgId: string }
  | { ok: false; reason: "email_taken" };

/** Sign-up: a new organization and its owner. */
export function createOrganization(db: Db, name: string, owner: NewMember): SignUp {
  return db.transaction((tx): SignUp => {
    if (emailTaken(tx, normalizeEmail(owner.email))) return { ok: false, reason: "email_taken" };
    const orgId = newId();
    tx.insert(organizations).values({ id: orgId, name, createdOn: today() }).run();
    return { ok: true, orgId, memberId: insertMember(tx, orgId, "owner", owner) };
  });
}

export function findMemberById(db: Db, id: string): Member | undefined {
  const row = db.select(memberColumns).from(members).where(eq(members.id, id)).get();
  return row && toMember(row);
}

export function listMembers(
  db: Db,
  orgId: string,
): (Omit<Member, "wrappedKey" | "safeguarding"> & { name: string | null })[] {
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
    .orderBy(members.email)
    .all();
}

export function organizationName(db: Db, orgId: string): string | undefined {
  return db
    .select({ name: organizations.name })
    .from(organizations)
    .where(eq(organizations.id, orgId))
    .get()?.name;
}

export interface LoginRecord {
  id: string;
  passwordHash: string;
  failedLogins: number;
  lockedUntil: number;
}

export function loginRecord(db: Db, email: string): LoginRecord | undefined {
  return db
    .select({
      id: members.id,
      passwordHash: members.passwordHash,
      failedLogins: members.failedLogins,
      lockedUntil: members.lockedUntil,
    })
    .from(members)
    .where(eq(members.email, normalizeEmail(email)))
    .get();
}

/** After 5 failures in a row, each further one locks the account for twice as long (max 1 h). */
export function recordLoginFailure(db: Db, record: LoginRecord, now: number): void {
  const failures = record.failedLogins + 1;
  const lockMs = failures < 5 ? 0 : Math.min(60 * 60_000, 60_000 * 2 ** (failures - 5));
  db.update(members)
    .set({ failedLogins: failures, lockedUntil: lockMs ? now + lockMs : 0 })
    .where(eq(members.id, record.id))
    .run();
}

export function recordLoginSuccess(db: Db, memberId: string): void {
  db.update(members).set({ failedLogins: 0, lockedUntil: 0 }).where(eq(members.id, memberId)).run();
}

export const SESSION_IDLE_MS = 2 * 60 * 60_000;
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60_000;

export function createSession(
  db: Db,
  memberId: string,
  now: number,
): { token: string; csrfToken: string } {
  const token = newToken();
  const csrfToken = newToken();
  db.insert(sessions)
    .values({ tokenHash: hashToken(token), memberId, csrfToken, createdAt: now, lastSeenAt: now })
    .run();
  return { token, csrfToken };
}

/** The session's member, if the session exists and has expired neither way; refreshes it. */
export function findSession(
  db: Db,
  token: string,
  now: number,
): { member: Member; csrfToken: string } | undefined {
  const tokenHash = hashToken(token);
  const row = db.select().from(sessions).where(eq(sessions.tokenHash, tokenHash)).get();
  if (!row) return undefined;
  if (now - row.lastSeenAt > SESSION_IDLE_MS || now - row.createdAt > SESSION_ABSOLUTE_MS) {
    db.delete(sessions).where(eq(sessions.tokenHash, tokenHash)).run();
    return undefined;
  }
  const member = findMemberById(db, row.memberId);
  if (!member) return undefined;
  db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.tokenHash, tokenHash)).run();
  return { member, csrfToken: row.csrfToken };
}

export function deleteSession(db: Db, token: string): void {
  db.delete(sessions)
    .where(eq(sessions.tokenHash, hashToken(token)))
    .run();
}

export type Joined =
  | { ok: true; memberId: string }
  | { ok: false; reason: InvitationProblem | "email_taken" };

/** Spends a one-time invitation and adds the member with the invited role and name. */
export function acceptInvitation(db: Db, token: string, member: NewMember, now: number): Joined {
  return db.transaction((tx): Joined => {
    const invitation = readInvitation(tx, token, now);
    if (!invitation.ok) return invitation;
    if (emailTaken(tx, normalizeEmail(member.email))) return { ok: false, reason: "email_taken" };
    const spent = tx
      .update(invitations)
      .set({ used: true })
      .where(and(eq(invitations.tokenHash, hashToken(token)), eq(invitations.used, false)))
      .run();
    if (spent.changes !== 1) return { ok: false, reason: "used" };
    const { orgId, role, name } = invitation;
    return { ok: true, memberId: insertMember(tx, orgId, role, { ...member, name }) };
  });
}
