// Queries of the coordinators' workspace: an organization's surveys, drafts, versions, keys.
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Survey } from "../../surveys/schema";
import { type Db, today } from "./client";
import { members, responseDays, surveyKeys, surveys, surveyVersions } from "./schema";
import { decodeDefinition as decode, type SurveyState } from "./surveys";

export interface OrgSurvey {
  slug: string;
  state: SurveyState;
  draft: Survey | null;
  versions: Survey[];
  publicKey: string | null;
  requiresCode: boolean;
}

/** A survey of this organization; undefined for another organization's, as for none. */
export function orgSurvey(db: Db, orgId: string, slug: string): OrgSurvey | undefined {
  const row = db
    .select()
    .from(surveys)
    .where(and(eq(surveys.slug, slug), eq(surveys.orgId, orgId)))
    .get();
  if (!row) return undefined;
  const versions = db
    .select()
    .from(surveyVersions)
    .where(eq(surveyVersions.slug, slug))
    .orderBy(surveyVersions.version)
    .all();
  return {
    slug,
    state: row.state,
    draft: row.draft ? decode(row.draft) : null,
    versions: versions.map((v) => decode(v.definition)),
    publicKey: versions.at(-1)?.publicKey ?? null,
    requiresCode: row.requiresCode,
  };
}

export async function listOrgSurveys(db: Db, orgId: string) {
  const rows = db
    .select({
      slug: surveys.slug,
      state: surveys.state,
      responses: sql<number>`coalesce(sum(${responseDays.responses}), 0)`.mapWith(Number),
    })
    .from(surveys)
    .leftJoin(responseDays, eq(responseDays.slug, surveys.slug))
    .where(eq(surveys.orgId, orgId))
    .groupBy(surveys.slug)
    .orderBy(surveys.slug)
    .all();
  return rows;
}

export type CreateDraft = { ok: true } | { ok: false; reason: "slug_taken" };

export function createDraft(db: Db, orgId: string, survey: Survey): CreateDraft {
  const inserted = db
    .insert(surveys)
    .values({
      slug: survey.slug,
      orgId,
      state: "draft",
      createdOn: today(),
      draft: JSON.stringify(survey),
    })
    .onConflictDoNothing()
    .run();
  return inserted.changes === 1 ? { ok: true } : { ok: false, reason: "slug_taken" };
}

export function saveDraft(db: Db, slug: string, survey: Survey): void {
  db.update(surveys)
    .set({ draft: JSON.stringify(survey) })
    .where(eq(surveys.slug, slug))
    .run();
}

/**
 * Publishes the draft as the next version, sealed to `publicKey` (the survey's key, made in
 * a coordinator's browser when it is first opened; later versions keep it). Returns the
 * version number, or null when there is no draft.
 */
export function publishDraft(db: Db, slug: string, publicKey: string): number | null {
  return db.transaction(
    (tx) => {
      const row = tx
        .select({ draft: surveys.draft })
        .from(surveys)
        .where(eq(surveys.slug, slug))
        .get();
      if (!row?.draft) return null;
      const last = tx
        .select({ version: surveyVersions.version })
        .from(surveyVersions)
        .where(eq(surveyVersions.slug, slug))
        .orderBy(desc(surveyVersions.version))
        .get();
      const version = (last?.version ?? 0) + 1;
      // The server numbers versions: a stale browser tab cannot overwrite a published one.
      const definition = JSON.stringify({ ...decode(row.draft), version });
      tx.insert(surveyVersions)
        .values({ slug, version, definition, publicKey, createdOn: today() })
        .run();
      tx.update(surveys).set({ draft: definition }).where(eq(surveys.slug, slug)).run();
      return version;
    },
    { behavior: "immediate" },
  );
}

/** Members of the organization who may analyse: owners and analysts, with their public keys. */
export function analystsOf(db: Db, orgId: string) {
  return db
    .select({
      id: members.id,
      email: members.email,
      role: members.role,
      publicKey: members.publicKey,
    })
    .from(members)
    .where(and(eq(members.orgId, orgId), inArray(members.role, ["owner", "analyst"])))
    .orderBy(members.email)
    .all();
}

export function storeSurveyKey(db: Db, slug: string, memberId: string, sealedKey: string): void {
  db.insert(surveyKeys)
    .values({ slug, memberId, sealedKey })
    .onConflictDoUpdate({ target: [surveyKeys.slug, surveyKeys.memberId], set: { sealedKey } })
    .run();
}

export function surveyKeyFor(db: Db, slug: string, memberId: string): string | undefined {
  return db
    .select({ sealedKey: surveyKeys.sealedKey })
    .from(surveyKeys)
    .where(and(eq(surveyKeys.slug, slug), eq(surveyKeys.memberId, memberId)))
    .get()?.sealedKey;
}

export function revokeSurveyKey(db: Db, slug: string, memberId: string): boolean {
  return (
    db
      .delete(surveyKeys)
      .where(and(eq(surveyKeys.slug, slug), eq(surveyKeys.memberId, memberId)))
      .run().changes > 0
  );
}
