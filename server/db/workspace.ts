// Queries of the coordinators' workspace: an organization's surveys, drafts, versions, keys.
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Survey } from "../../surveys/schema";
import { type Db, today, transaction } from "./client";
import { decodeDefinition as decode, type SurveyState } from "./surveys";
import { members, responseDays, surveys, surveyVersions } from "./tables";

export interface OrgSurvey {
  slug: string;
  state: SurveyState;
  draft: Survey | null;
  versions: Survey[];
  publicKey: string | null;
  requiresCode: boolean;
  /** The cap on answers per UTC day; null for none. */
  maxPerDay: number | null;
}

/** A survey of this organization; undefined for another organization's, as for none. */
export async function orgSurvey(
  db: Db,
  orgId: string,
  slug: string,
): Promise<OrgSurvey | undefined> {
  const [row] = await db
    .select()
    .from(surveys)
    .where(and(eq(surveys.slug, slug), eq(surveys.orgId, orgId)))
    .limit(1);
  if (!row) return undefined;
  const versions = await db
    .select()
    .from(surveyVersions)
    .where(eq(surveyVersions.slug, slug))
    .orderBy(surveyVersions.version);
  return {
    slug,
    state: row.state,
    draft: row.draft ? decode(row.draft) : null,
    versions: versions.map((v) => decode(v.definition)),
    publicKey: versions.at(-1)?.publicKey ?? null,
    requiresCode: row.requiresCode,
    maxPerDay: row.maxResponsesPerDay,
  };
}

export async function listOrgSurveys(db: Db, orgId: string) {
  return db
    .select({
      slug: surveys.slug,
      state: surveys.state,
      responses: sql<number>`coalesce(sum(${responseDays.responses}), 0)`.mapWith(Number),
    })
    .from(surveys)
    .leftJoin(responseDays, eq(responseDays.slug, surveys.slug))
    .where(eq(surveys.orgId, orgId))
    .groupBy(surveys.slug)
    .orderBy(surveys.slug);
}

export type CreateDraft = { ok: true } | { ok: false; reason: "slug_taken" };

export async function createDraft(db: Db, orgId: string, survey: Survey): Promise<CreateDraft> {
  const inserted = await transaction(db, (tx) =>
    tx
      .insert(surveys)
      .values({
        slug: survey.slug,
        orgId,
        state: "draft",
        createdOn: today(),
        draft: JSON.stringify(survey),
      })
      .onConflictDoNothing()
      .returning({ slug: surveys.slug }),
  );
  return inserted.length === 1 ? { ok: true } : { ok: false, reason: "slug_taken" };
}

export async function saveDraft(db: Db, slug: string, survey: Survey): Promise<void> {
  await transaction(db, (tx) =>
    tx
      .update(surveys)
      .set({ draft: JSON.stringify(survey) })
      .where(eq(surveys.slug, slug)),
  );
}

/**
 * Publishes the draft as the next version, sealed to `publicKey` (the survey's key, made in
 * a coordinator's browser when it is first opened; later versions keep it). Returns the
 * version number, or null when there is no draft.
 */
export function publishDraft(db: Db, slug: string, publicKey: string): Promise<number | null> {
  return transaction(db, async (tx) => {
    const [row] = await tx
      .select({ draft: surveys.draft })
      .from(surveys)
      .where(eq(surveys.slug, slug))
      .limit(1);
    if (!row?.draft) return null;
    const [last] = await tx
      .select({ version: surveyVersions.version })
      .from(surveyVersions)
      .where(eq(surveyVersions.slug, slug))
      .orderBy(desc(surveyVersions.version))
      .limit(1);
    const version = (last?.version ?? 0) + 1;
    // The server numbers versions: a stale browser tab cannot overwrite a published one.
    const definition = JSON.stringify({ ...decode(row.draft), version });
    await tx
      .insert(surveyVersions)
      .values({ slug, version, definition, publicKey, createdOn: today() });
    await tx.update(surveys).set({ draft: definition }).where(eq(surveys.slug, slug));
    return version;
  });
}

/** Members of the organization who may analyse: owners and analysts, with their public keys. */
export async function analystsOf(db: Db, orgId: string) {
  return db
    .select({
      id: members.id,
      name: members.name,
      email: members.email,
      role: members.role,
      publicKey: members.publicKey,
    })
    .from(members)
    .where(and(eq(members.orgId, orgId), inArray(members.role, ["owner", "analyst"])))
    .orderBy(members.email);
}
