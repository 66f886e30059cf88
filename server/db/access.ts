// Who holds which survey key (issue 13 item 4). A grant is one survey key pair sealed to one
// member's public key. A survey's key changes only by rotation: a new version with the same
// questions and a new key, sealed to the members who keep access; earlier keys stay, sealed to
// those who held them, so every earlier answer stays readable by them. Access to a survey's
// responses follows the key respondents seal to now: a member without it gets none.
import { and, desc, eq, inArray } from "drizzle-orm";
import { type Db, today, transaction } from "./client";
import type { Role } from "./schema";
import { decodeDefinition } from "./surveys";
import { members, surveyKeys, surveys, surveyVersions } from "./tables";

/** Roles that may hold a survey key and read answers. */
export const READERS: readonly Role[] = ["owner", "analyst"];

export interface KeyGrant {
  /** The survey public key this copy is the secret of. */
  publicKey: string;
  sealedKey: string;
}

export interface Holder {
  id: string;
  name: string | null;
  email: string;
  role: Role;
  publicKey: string;
}

/** The survey's keys, newest first, each with the versions sealed to it. */
async function keysOf(tx: Db, slug: string): Promise<{ publicKey: string; versions: number[] }[]> {
  const rows = await tx
    .select({ version: surveyVersions.version, publicKey: surveyVersions.publicKey })
    .from(surveyVersions)
    .where(eq(surveyVersions.slug, slug))
    .orderBy(desc(surveyVersions.version));
  const keys: { publicKey: string; versions: number[] }[] = [];
  for (const row of rows) {
    const known = keys.find((k) => k.publicKey === row.publicKey);
    if (known) known.versions.push(row.version);
    else keys.push({ publicKey: row.publicKey, versions: [row.version] });
  }
  return keys;
}

/** The key respondents seal to now: the newest version's. */
async function currentKey(tx: Db, slug: string): Promise<string | undefined> {
  return (await keysOf(tx, slug))[0]?.publicKey;
}

export function surveyKeysOf(db: Db, slug: string) {
  return keysOf(db, slug);
}

/** Members of the organization holding the survey's current key who may still read. */
async function holdersOf(tx: Db, orgId: string, slug: string): Promise<Holder[]> {
  const key = await currentKey(tx, slug);
  if (!key) return [];
  return tx
    .select({
      id: members.id,
      name: members.name,
      email: members.email,
      role: members.role,
      publicKey: members.publicKey,
    })
    .from(surveyKeys)
    .innerJoin(members, eq(members.id, surveyKeys.memberId))
    .where(
      and(
        eq(surveyKeys.slug, slug),
        eq(surveyKeys.publicKey, key),
        eq(members.orgId, orgId),
        inArray(members.role, [...READERS]),
      ),
    )
    .orderBy(members.email);
}

export async function keyHolders(db: Db, orgId: string, slug: string): Promise<Holder[]> {
  return holdersOf(db, orgId, slug);
}

/** Every key of the survey this member holds, newest first; `current` says if the newest is. */
export async function grantsOf(
  db: Db,
  slug: string,
  memberId: string,
): Promise<{ current: boolean; keys: KeyGrant[] }> {
  const keys = await keysOf(db, slug);
  const rows = await db
    .select({ publicKey: surveyKeys.publicKey, sealedKey: surveyKeys.sealedKey })
    .from(surveyKeys)
    .where(and(eq(surveyKeys.slug, slug), eq(surveyKeys.memberId, memberId)));
  const order = (k: string) => keys.findIndex((key) => key.publicKey === k);
  const held = rows
    .filter((r) => order(r.publicKey) >= 0)
    .sort((a, b) => order(a.publicKey) - order(b.publicKey));
  return { current: held[0] !== undefined && order(held[0].publicKey) === 0, keys: held };
}

/** True when the member holds the key respondents seal to now: the test for reading answers. */
export async function holdsCurrentKey(db: Db, slug: string, memberId: string): Promise<boolean> {
  const key = await currentKey(db, slug);
  if (!key) return false;
  const rows = await db
    .select({ slug: surveyKeys.slug })
    .from(surveyKeys)
    .where(
      and(
        eq(surveyKeys.slug, slug),
        eq(surveyKeys.publicKey, key),
        eq(surveyKeys.memberId, memberId),
      ),
    )
    .limit(1);
  return rows.length > 0;
}

async function insertGrant(tx: Db, slug: string, memberId: string, grant: KeyGrant) {
  await tx
    .insert(surveyKeys)
    .values({ slug, memberId, ...grant })
    .onConflictDoUpdate({
      target: [surveyKeys.slug, surveyKeys.publicKey, surveyKeys.memberId],
      set: { sealedKey: grant.sealedKey },
    });
}

/** The first key of a survey, sealed to its first readers (opening it). */
export async function storeFirstKey(
  db: Db,
  slug: string,
  publicKey: string,
  sealed: readonly { memberId: string; sealedKey: string }[],
): Promise<void> {
  await transaction(db, async (tx) => {
    for (const s of sealed) {
      await insertGrant(tx, slug, s.memberId, { publicKey, sealedKey: s.sealedKey });
    }
  });
}

export type GrantResult =
  | { ok: true }
  | { ok: false; reason: "current_key_missing" | "unknown_key"; publicKey?: string };

/**
 * Gives a member copies of the survey's keys (an owner's browser sealed them). The current key
 * must be among them: a grant is access to answers arriving now; older keys open older ones.
 */
export async function grantKeys(
  db: Db,
  slug: string,
  memberId: string,
  grants: readonly KeyGrant[],
): Promise<GrantResult> {
  return transaction(db, async (tx): Promise<GrantResult> => {
    const keys = (await keysOf(tx, slug)).map((k) => k.publicKey);
    const unknown = grants.find((g) => !keys.includes(g.publicKey));
    if (unknown) return { ok: false, reason: "unknown_key", publicKey: unknown.publicKey };
    if (!grants.some((g) => g.publicKey === keys[0])) {
      return { ok: false, reason: "current_key_missing" };
    }
    for (const grant of grants) await insertGrant(tx, slug, memberId, grant);
    return { ok: true };
  });
}

export interface Rotation {
  slug: string;
  /** The new survey public key, made in the rotating member's browser. */
  publicKey: string;
  /** Its secret half sealed to each member who keeps access. */
  sealedKeys: readonly { memberId: string; sealedKey: string }[];
}

export type RotationRefusal =
  | { reason: "no_version"; slug: string }
  | { reason: "not_granted"; slug: string; memberIds: string[] }
  | { reason: "key_reused"; slug: string }
  | { reason: "nobody_left"; slug: string }
  /** Someone's access changed since the browser read the holders: it must read them again. */
  | { reason: "holders_changed"; slug: string; missing: string[]; extra: string[] }
  /** Removing or demoting a member: these surveys must be rotated too (or not at all). */
  | { reason: "rotations_mismatch"; missing: string[]; extra: string[] };

export type RotationResult =
  | { ok: true; versions: { slug: string; version: number }[] }
  | ({ ok: false } & RotationRefusal);

type Checked =
  | { ok: true; version: number; definition: string }
  | ({ ok: false } & RotationRefusal);

/**
 * Reads only: may this rotation go ahead? The new key must be new, the withdrawn members must
 * hold the current key, and it must be sealed to exactly the members who keep access — no one
 * dropped or added on the quiet, and someone left to read.
 */
async function checkRotation(
  tx: Db,
  orgId: string,
  rotation: Rotation,
  withdrawn: readonly string[],
): Promise<Checked> {
  const { slug } = rotation;
  const keys = await keysOf(tx, slug);
  if (keys.length === 0) return { ok: false, reason: "no_version", slug };
  if (keys.some((k) => k.publicKey === rotation.publicKey)) {
    return { ok: false, reason: "key_reused", slug };
  }
  const holders = (await holdersOf(tx, orgId, slug)).map((h) => h.id);
  const withoutKey = withdrawn.filter((id) => !holders.includes(id));
  if (withoutKey.length > 0)
    return { ok: false, reason: "not_granted", slug, memberIds: withoutKey };
  const keep = holders.filter((id) => !withdrawn.includes(id));
  if (keep.length === 0) return { ok: false, reason: "nobody_left", slug };
  const sealedTo = rotation.sealedKeys.map((s) => s.memberId);
  const missing = keep.filter((id) => !sealedTo.includes(id));
  const extra = sealedTo.filter((id) => !keep.includes(id));
  if (missing.length > 0 || extra.length > 0 || new Set(sealedTo).size !== sealedTo.length) {
    return { ok: false, reason: "holders_changed", slug, missing, extra };
  }
  const [latest] = await tx
    .select({ version: surveyVersions.version, definition: surveyVersions.definition })
    .from(surveyVersions)
    .where(eq(surveyVersions.slug, slug))
    .orderBy(desc(surveyVersions.version))
    .limit(1);
  if (!latest) return { ok: false, reason: "no_version", slug };
  return { ok: true, version: latest.version + 1, definition: latest.definition };
}

/**
 * Publishes the newest version's questions again as the next version, under the new key;
 * drops every key copy the withdrawn members had; seals the new key to those who keep access.
 */
async function applyRotation(
  tx: Db,
  rotation: Rotation,
  withdrawn: readonly string[],
  checked: { version: number; definition: string },
): Promise<void> {
  const { slug } = rotation;
  const { version } = checked;
  await tx.insert(surveyVersions).values({
    slug,
    version,
    definition: JSON.stringify({ ...decodeDefinition(checked.definition), version }),
    publicKey: rotation.publicKey,
    createdOn: today(),
  });
  if (withdrawn.length > 0) {
    await tx
      .delete(surveyKeys)
      .where(and(eq(surveyKeys.slug, slug), inArray(surveyKeys.memberId, [...withdrawn])));
  }
  for (const s of rotation.sealedKeys) {
    await insertGrant(tx, slug, s.memberId, {
      publicKey: rotation.publicKey,
      sealedKey: s.sealedKey,
    });
  }
}

/** Rotates one survey's key, taking access from `withdrawn` (may be empty: a plain rotation). */
export async function rotateSurveyKey(
  db: Db,
  orgId: string,
  rotation: Rotation,
  withdrawn: readonly string[],
): Promise<RotationResult> {
  return transaction(db, async (tx): Promise<RotationResult> => {
    const checked = await checkRotation(tx, orgId, rotation, withdrawn);
    if (!checked.ok) return checked;
    await applyRotation(tx, rotation, withdrawn, checked);
    return { ok: true, versions: [{ slug: rotation.slug, version: checked.version }] };
  });
}

/** The organization's surveys whose current key this member holds: each must be rotated. */
async function surveysReadBy(tx: Db, orgId: string, memberId: string): Promise<string[]> {
  const rows = await tx
    .select({ slug: surveyKeys.slug })
    .from(surveyKeys)
    .innerJoin(surveys, eq(surveys.slug, surveyKeys.slug))
    .where(and(eq(surveyKeys.memberId, memberId), eq(surveys.orgId, orgId)))
    .groupBy(surveyKeys.slug)
    .orderBy(surveyKeys.slug);
  const read: string[] = [];
  for (const { slug } of rows) {
    if ((await holdersOf(tx, orgId, slug)).some((h) => h.id === memberId)) read.push(slug);
  }
  return read;
}

export async function surveysToRotate(
  db: Db,
  orgId: string,
  memberId: string,
): Promise<{ slug: string; holders: Holder[] }[]> {
  const read = await surveysReadBy(db, orgId, memberId);
  return Promise.all(
    read.map(async (slug) => ({
      slug,
      holders: (await holdersOf(db, orgId, slug)).filter((h) => h.id !== memberId),
    })),
  );
}

/**
 * Inside the caller's transaction: takes every survey key from a member who is leaving or may
 * no longer read, rotating exactly the surveys whose current key they hold. Every rotation is
 * checked before any is written, so a refusal leaves the database as it was.
 */
export async function withdrawMember(
  tx: Db,
  orgId: string,
  memberId: string,
  rotations: readonly Rotation[],
): Promise<RotationResult> {
  const needed = await surveysReadBy(tx, orgId, memberId);
  const given = rotations.map((r) => r.slug);
  const missing = needed.filter((s) => !given.includes(s));
  const extra = given.filter((s) => !needed.includes(s));
  if (missing.length > 0 || extra.length > 0 || new Set(given).size !== given.length) {
    return { ok: false, reason: "rotations_mismatch", missing, extra };
  }
  const checked: { rotation: Rotation; version: number; definition: string }[] = [];
  for (const rotation of rotations) {
    const check = await checkRotation(tx, orgId, rotation, [memberId]);
    if (!check.ok) return check;
    checked.push({ rotation, ...check });
  }
  for (const c of checked) await applyRotation(tx, c.rotation, [memberId], c);
  const versions = checked.map((c) => ({ slug: c.rotation.slug, version: c.version }));
  // Copies of older keys of surveys they no longer held the current key of go too.
  await tx.delete(surveyKeys).where(eq(surveyKeys.memberId, memberId));
  return { ok: true, versions };
}
