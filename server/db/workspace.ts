// Queries of the coordinators' workspace: an organization's surveys, drafts, versions, keys.
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { type MissingTranslation, parseDraft } from "../../surveys/draft";
import { parseSurvey, type Survey } from "../../surveys/schema";
import { type Db, today, transaction } from "./client";
import { decodeDefinition as decode, type SurveyState } from "./surveys";
import {
  invitationCodes,
  members,
  publications,
  responseDays,
  responseParts,
  surveyKeys,
  surveys,
  surveyVersions,
} from "./tables";

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

/** A stored draft: the survey contract, except that translations may be missing. */
function decodeDraft(definition: string): Survey {
  const parsed = parseDraft(JSON.parse(definition));
  // Drafts are validated before they are stored; one that no longer parses is a bug.
  if (!parsed.ok)
    throw new Error(`stored draft does not match the schema: ${parsed.errors[0]?.path}`);
  return parsed.value;
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
    draft: row.draft ? decodeDraft(row.draft) : null,
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

export type PublishDraft =
  | { ok: true; version: number }
  | { ok: false; reason: "no_draft" }
  | { ok: false; reason: "incomplete"; draft: Survey; missing: MissingTranslation[] };

/**
 * Publishes the draft as the next version, sealed to `publicKey` (the survey's key, made in
 * a coordinator's browser when it is first opened; later versions keep it). A draft that still
 * lacks translations is refused here, where it stops being a draft (issue 16).
 */
export function publishDraft(db: Db, slug: string, publicKey: string): Promise<PublishDraft> {
  return transaction(db, async (tx): Promise<PublishDraft> => {
    const [row] = await tx
      .select({ draft: surveys.draft })
      .from(surveys)
      .where(eq(surveys.slug, slug))
      .limit(1);
    if (!row?.draft) return { ok: false, reason: "no_draft" };
    const complete = parseSurvey(JSON.parse(row.draft));
    if (!complete.ok) {
      const draft = parseDraft(JSON.parse(row.draft));
      if (!draft.ok) throw new Error(`stored draft does not match the schema: ${slug}`);
      return { ok: false, reason: "incomplete", draft: draft.value, missing: draft.missing };
    }
    const [last] = await tx
      .select({ version: surveyVersions.version })
      .from(surveyVersions)
      .where(eq(surveyVersions.slug, slug))
      .orderBy(desc(surveyVersions.version))
      .limit(1);
    const version = (last?.version ?? 0) + 1;
    // The server numbers versions: a stale browser tab cannot overwrite a published one.
    const definition = JSON.stringify({ ...complete.value, version });
    await tx
      .insert(surveyVersions)
      .values({ slug, version, definition, publicKey, createdOn: today() });
    await tx.update(surveys).set({ draft: definition }).where(eq(surveys.slug, slug));
    return { ok: true, version };
  });
}

export type DeleteSurvey = { ok: true } | { ok: false; reason: "has_responses" };

/**
 * Deletes a survey that nobody has answered: its draft, versions, sealed keys and invitation
 * codes. Once one response is stored (or results published) it is refused — answers people
 * gave are not thrown away with a click; such a survey is closed instead (docs/workspace.md).
 */
export function deleteSurvey(db: Db, slug: string): Promise<DeleteSurvey> {
  return transaction(db, async (tx): Promise<DeleteSurvey> => {
    const [day] = await tx
      .select({ slug: responseDays.slug })
      .from(responseDays)
      .where(eq(responseDays.slug, slug))
      .limit(1);
    const [part] = await tx
      .select({ slug: responseParts.slug })
      .from(responseParts)
      .where(eq(responseParts.slug, slug))
      .limit(1);
    const [published] = await tx
      .select({ slug: publications.slug })
      .from(publications)
      .where(eq(publications.slug, slug))
      .limit(1);
    if (day || part || published) return { ok: false, reason: "has_responses" };
    await tx.delete(surveyKeys).where(eq(surveyKeys.slug, slug));
    await tx.delete(invitationCodes).where(eq(invitationCodes.slug, slug));
    await tx.delete(surveyVersions).where(eq(surveyVersions.slug, slug));
    await tx.delete(surveys).where(eq(surveys.slug, slug));
    return { ok: true };
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
