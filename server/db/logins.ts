// Login attempts (issue 13 item 7): wrong passwords counted in the database, a delay that grows
// instead of a lock, and a count of its own for each browser a member has logged in from, so
// that whoever knows only an email slows down strangers' browsers and never the member's own.
// Strangers' attempts count on the email tried, whether or not it has an account: counted only
// on accounts, the delay told anyone which emails have one.
import { and, desc, eq, lt, lte, notInArray, sql } from "drizzle-orm";
import { hashToken, newToken } from "../secrets";
import { normalizeEmail } from "./accounts";
import { type Db, transaction } from "./client";
import { loginCounts, loginDevices } from "./tables";

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
/**
 * An email's count is forgotten a day after its last attempt: the table would otherwise keep,
 * for good, a hash of every address anyone ever tried (a copy of it confirms a guessed one was).
 * Someone who keeps guessing keeps the count; waiting a day to win three free guesses back is
 * no faster than the delay.
 */
export const LOGIN_COUNT_KEPT_MS = 24 * 60 * 60_000;
/** Browsers remembered per member; logging in from another forgets the least recent. */
export const DEVICES_PER_MEMBER = 10;

/** The key of an email's count (schema.ts `loginCounts`): the same for every spelling of it. */
export const emailHashOf = (email: string) => hashToken(`login ${normalizeEmail(email)}`);

/**
 * Whose count an attempt goes on: the browser's, when it holds a device token the member's
 * login gave it (`device` is the token's hash), else the email's, shared by every other browser.
 */
export interface LoginGate {
  emailHash: string;
  device: string | null;
}

/**
 * The gate for an attempt on `email` from a browser holding `deviceToken` (if any); `memberId`
 * is the email's account, if it has one.
 */
export async function loginGate(
  db: Db,
  email: string,
  memberId: string | undefined,
  deviceToken: string | undefined,
): Promise<LoginGate> {
  return { emailHash: emailHashOf(email), device: await ownDevice(db, memberId, deviceToken) };
}

/** The hash of `deviceToken` when `memberId`'s login gave it to this browser, else null. */
async function ownDevice(
  db: Db,
  memberId: string | undefined,
  deviceToken: string | undefined,
): Promise<string | null> {
  if (!deviceToken) return null;
  const tokenHash = hashToken(deviceToken);
  // Looked up whether or not the email tried has an account, so the work does not say which.
  const [row] = await db
    .select({ memberId: loginDevices.memberId })
    .from(loginDevices)
    .where(eq(loginDevices.tokenHash, tokenHash))
    .limit(1);
  return row !== undefined && row.memberId === memberId ? tokenHash : null;
}

/** The row holding a gate's count, and its columns: the email's, or the browser's. */
function counterOf(gate: LoginGate) {
  return gate.device === null
    ? {
        table: loginCounts,
        key: eq(loginCounts.emailHash, gate.emailHash),
        failed: loginCounts.failedLogins,
        until: loginCounts.lockedUntil,
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
  const claimed = await transaction(db, async (tx) => {
    await tx.delete(loginCounts).where(lt(loginCounts.lockedUntil, now - LOGIN_COUNT_KEPT_MS));
    if (gate.device === null) {
      await tx.insert(loginCounts).values({ emailHash: gate.emailHash }).onConflictDoNothing();
    }
    return tx
      .update(table)
      .set({ lockedUntil: now + ATTEMPT_MS })
      .where(and(key, lte(until, now)))
      .returning({ until });
  });
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

/** A right password clears its own gate's count only: the email's stays with strangers. */
export async function recordLoginSuccess(db: Db, gate: LoginGate): Promise<void> {
  const { table, key } = counterOf(gate);
  await transaction(db, (tx) =>
    // An email's row goes: the table keeps only emails someone is guessing.
    gate.device === null
      ? tx.delete(loginCounts).where(key)
      : tx.update(table).set({ failedLogins: 0, lockedUntil: 0 }).where(key),
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
  const known = await ownDevice(db, memberId, deviceToken);
  return transaction(db, async (tx) => {
    if (known !== null) {
      await tx
        .update(loginDevices)
        .set({ lastLoginAt: now })
        .where(eq(loginDevices.tokenHash, known));
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
