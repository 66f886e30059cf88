// Login attempts (issue 13 item 7): wrong passwords counted in the database, a delay that grows
// instead of a lock, and a count of its own for each browser a member has logged in from, so
// that whoever knows only an email slows down strangers' browsers and never the member's own.
import { and, desc, eq, lte, notInArray, sql } from "drizzle-orm";
import { hashToken, newToken } from "../secrets";
import { type Db, transaction } from "./client";
import { loginDevices, members } from "./tables";

/**
 * The wait before the next attempt after `failures` wrong passwords in a row: none for the first
 * three (typos), then 1 s doubling to at most a minute. Whoever keeps guessing gets about 1,400
 * guesses a day on one count.
 */
export function loginDelayMs(failures: number): number {
  return failures < 3 ? 0 : Math.min(MAX_LOGIN_DELAY_MS, 1000 * 2 ** (failures - 3));
}

export const MAX_LOGIN_DELAY_MS = 60_000;
/** How long one attempt holds its count while the password is checked. */
const ATTEMPT_MS = 5_000;
/** Browsers remembered per member; logging in from another forgets the least recent. */
export const DEVICES_PER_MEMBER = 10;

/**
 * Whose count an attempt goes on: the browser's, when it holds a device token this member's
 * login gave it (`device` is the token's hash), else the account's, shared by every other browser.
 */
export interface LoginGate {
  memberId: string;
  device: string | null;
}

/** The gate for an attempt on `memberId` from a browser holding `deviceToken` (if any). */
export async function loginGate(
  db: Db,
  memberId: string,
  deviceToken: string | undefined,
): Promise<LoginGate> {
  if (!deviceToken) return { memberId, device: null };
  const tokenHash = hashToken(deviceToken);
  const [row] = await db
    .select({ tokenHash: loginDevices.tokenHash })
    .from(loginDevices)
    .where(and(eq(loginDevices.tokenHash, tokenHash), eq(loginDevices.memberId, memberId)))
    .limit(1);
  return { memberId, device: row ? tokenHash : null };
}

/** The row holding a gate's count, and its columns: the member's, or the browser's. */
function counterOf(gate: LoginGate) {
  return gate.device === null
    ? {
        table: members,
        key: eq(members.id, gate.memberId),
        failed: members.failedLogins,
        until: members.lockedUntil,
      }
    : {
        table: loginDevices,
        key: eq(loginDevices.tokenHash, gate.device),
        failed: loginDevices.failedLogins,
        until: loginDevices.lockedUntil,
      };
}

export type LoginClaim = { ok: true } | { ok: false; retryAt: number };

/**
 * Takes the gate for one login attempt, unless a delay or another attempt holds it: guesses
 * sent in parallel wait for each other instead of all being checked against one count
 * (v0.1: 11 concurrent wrong passwords were checked, and counted once).
 */
export async function claimLoginAttempt(db: Db, gate: LoginGate, now: number): Promise<LoginClaim> {
  const { table, key, until } = counterOf(gate);
  const claimed = await transaction(db, (tx) =>
    tx
      .update(table)
      .set({ lockedUntil: now + ATTEMPT_MS })
      .where(and(key, lte(until, now)))
      .returning({ until }),
  );
  if (claimed.length === 1) return { ok: true };
  const [row] = await db.select({ until }).from(table).where(key).limit(1);
  return { ok: false, retryAt: row?.until ?? now };
}

/** Counts a wrong password (in the database, so parallel ones all count) and sets the delay. */
export async function recordLoginFailure(db: Db, gate: LoginGate, now: number): Promise<void> {
  const { table, key, failed } = counterOf(gate);
  await transaction(db, async (tx) => {
    const [row] = await tx
      .update(table)
      .set({ failedLogins: sql`${failed} + 1` })
      .where(key)
      .returning({ failed });
    await tx
      .update(table)
      .set({ lockedUntil: now + loginDelayMs(row?.failed ?? 0) })
      .where(key);
  });
}

/** A right password clears its own gate's count only: the account's stays with strangers. */
export async function recordLoginSuccess(db: Db, gate: LoginGate): Promise<void> {
  const { table, key } = counterOf(gate);
  await transaction(db, (tx) =>
    tx.update(table).set({ failedLogins: 0, lockedUntil: 0 }).where(key),
  );
}

/**
 * Remembers the browser a member just logged in from: the token for its `voz_device` cookie when
 * it holds none of this member's yet, else null (its row is kept fresh). Keeps the member's
 * DEVICES_PER_MEMBER most recent browsers.
 */
export async function rememberDevice(
  db: Db,
  memberId: string,
  deviceToken: string | undefined,
  now: number,
): Promise<string | null> {
  const known = await loginGate(db, memberId, deviceToken);
  return transaction(db, async (tx) => {
    if (known.device !== null) {
      await tx
        .update(loginDevices)
        .set({ lastLoginAt: now })
        .where(eq(loginDevices.tokenHash, known.device));
      return null;
    }
    const token = newToken();
    await tx
      .insert(loginDevices)
      .values({ tokenHash: hashToken(token), memberId, lastLoginAt: now });
    const kept = tx
      .select({ tokenHash: loginDevices.tokenHash })
      .from(loginDevices)
      .where(eq(loginDevices.memberId, memberId))
      .orderBy(desc(loginDevices.lastLoginAt))
      .limit(DEVICES_PER_MEMBER);
    await tx
      .delete(loginDevices)
      .where(and(eq(loginDevices.memberId, memberId), notInArray(loginDevices.tokenHash, kept)));
    return token;
  });
}
