import { and, desc, eq, sql } from "drizzle-orm";
import { parseSurvey, type Survey } from "../../surveys/schema";
import { type Db, statementScope, today, transaction } from "./client";
import { organizations, surveys, surveyVersions } from "./tables";

export type SurveyState = "draft" | "open" | "closed";

export interface StoredSurvey {
  state: SurveyState;
  /** The newest version: the one respondents are served. */
  survey: Survey;
  publicKey: string;
  requiresCode: boolean;
  /** Named on every public page (issue 16); null for surveys opened from files with the CLI. */
  orgName: string | null;
}

export type PublishResult =
  | { ok: true; created: boolean }
  | { ok: false; reason: "version_exists" | "older_version" };

/**
 * Stores a survey version with its public key and sets the survey's state. A stored version
 * is immutable — responses were sealed against it — so the same version with another
 * definition or key is refused; republishing the identical version is a no-op.
 */
export function publishSurveyVersion(
  db: Db,
  survey: Survey,
  publicKey: string,
  state: SurveyState,
): Promise<PublishResult> {
  return transaction(db, async (tx): Promise<PublishResult> => {
    const versions = await tx
      .select()
      .from(surveyVersions)
      .where(eq(surveyVersions.slug, survey.slug))
      .orderBy(desc(surveyVersions.version));
    const existing = versions.find((v) => v.version === survey.version);
    if (existing) {
      const same =
        existing.publicKey === publicKey && existing.definition === JSON.stringify(survey);
      if (!same) return { ok: false, reason: "version_exists" };
    } else if ((versions[0]?.version ?? 0) > survey.version) {
      return { ok: false, reason: "older_version" };
    }
    const on = today();
    await tx
      .insert(surveys)
      .values({ slug: survey.slug, state, createdOn: on })
      .onConflictDoUpdate({ target: surveys.slug, set: { state } });
    if (existing) return { ok: true, created: false };
    await tx.insert(surveyVersions).values({
      slug: survey.slug,
      version: survey.version,
      definition: JSON.stringify(survey),
      publicKey,
      createdOn: on,
    });
    return { ok: true, created: true };
  });
}

/**
 * Decoded definitions by their stored text. Validating a definition costs about a quarter of a
 * submission's CPU (bench:ingest profile), and a stored text never changes meaning, so each is
 * decoded once. Callers share the result and must treat it as read-only.
 */
const decoded = new Map<string, Survey>();
const DECODED_MAX = 256;

export function decodeDefinition(definition: string): Survey {
  const known = decoded.get(definition);
  if (known) return known;
  const parsed = parseSurvey(JSON.parse(definition));
  // Definitions are validated before they are stored; one that no longer parses is a bug.
  if (!parsed.ok)
    throw new Error(`stored survey does not match the schema: ${parsed.errors[0]?.path}`);
  if (decoded.size >= DECODED_MAX) decoded.clear();
  decoded.set(definition, parsed.value);
  return parsed.value;
}

export async function findSurvey(db: Db, slug: string): Promise<StoredSurvey | undefined> {
  const [row] = await db
    .select({
      state: surveys.state,
      requiresCode: surveys.requiresCode,
      definition: surveyVersions.definition,
      publicKey: surveyVersions.publicKey,
      orgName: organizations.name,
    })
    .from(surveys)
    .innerJoin(surveyVersions, eq(surveyVersions.slug, surveys.slug))
    .leftJoin(organizations, eq(organizations.id, surveys.orgId))
    .where(eq(surveys.slug, slug))
    .orderBy(desc(surveyVersions.version))
    .limit(1);
  if (!row) return undefined;
  return {
    state: row.state,
    survey: decodeDefinition(row.definition),
    publicKey: row.publicKey,
    requiresCode: row.requiresCode,
    orgName: row.orgName ?? null,
  };
}

/** What the submission path needs of a survey (surveyForSubmission). */
export interface Intake {
  state: SurveyState;
  versions: Survey[];
}

/**
 * What the submission path reads per request: the survey's state, and its versions, whose
 * padded sizes are the only lengths a response may have (DESIGN §9.8). Requests that arrive in
 * one turn of the event loop share one read, sent once they are all in, so each sees the survey
 * as it was after it arrived, and a survey closed on another instance is closed for the next
 * turn (bench:ingest: on PostgreSQL one round trip per request). The result is shared: read-only.
 */
export function surveyForSubmission(db: Db, slug: string): Promise<Intake | undefined> {
  let turn = intakeTurns.get(db);
  if (!turn) {
    const started = new Promise<void>((resolve) =>
      setImmediate(() => {
        intakeTurns.delete(db);
        resolve();
      }),
    );
    turn = { started, reads: new Map() };
    intakeTurns.set(db, turn);
  }
  let read = turn.reads.get(slug);
  if (!read) {
    read = turn.started.then(() => readIntake(db, slug));
    turn.reads.set(slug, read);
  }
  return read;
}

const intakeTurns = new WeakMap<
  Db,
  { started: Promise<void>; reads: Map<string, Promise<Intake | undefined>> }
>();

/**
 * One prepared query; a version's definition is read and decoded once per process, since a
 * stored version never changes while its row exists (publishSurveyVersion) and the key below
 * names the row's contents (a survey deleted and made again under its slug has another key or
 * definition). Reading every definition on every request was a tenth of a submission's CPU
 * (bench:ingest profile).
 */
async function readIntake(db: Db, slug: string): Promise<Intake | undefined> {
  let query = intakeQueries.get(statementScope(db));
  if (!query) {
    query = prepareIntakeQuery(db);
    intakeQueries.set(statementScope(db), query);
  }
  const rows = await query.execute({ slug });
  const state = rows[0]?.state;
  if (!state) return undefined;
  const versions: Survey[] = [];
  for (const { version, publicKey, size } of rows) {
    if (version === null) continue;
    const key = `${slug}\n${version}\n${publicKey}\n${size}`;
    let survey = versionsByRow.get(key);
    if (!survey) {
      const [row] = await db
        .select({ definition: surveyVersions.definition })
        .from(surveyVersions)
        .where(and(eq(surveyVersions.slug, slug), eq(surveyVersions.version, version)))
        .limit(1);
      if (!row) continue;
      survey = decodeDefinition(row.definition);
      if (versionsByRow.size >= DECODED_MAX) versionsByRow.clear();
      versionsByRow.set(key, survey);
    }
    versions.push(survey);
  }
  return { state, versions };
}

const prepareIntakeQuery = (db: Db) =>
  db
    .select({
      state: surveys.state,
      version: surveyVersions.version,
      publicKey: surveyVersions.publicKey,
      size: sql<number>`length(${surveyVersions.definition})`.mapWith(Number),
    })
    .from(surveys)
    .leftJoin(surveyVersions, eq(surveyVersions.slug, surveys.slug))
    .where(eq(surveys.slug, sql.placeholder("slug")))
    .orderBy(surveyVersions.version)
    .prepare("voz_survey_for_submission");

/** Built once per session, like the submission queries in responses.ts. */
const intakeQueries = new WeakMap<object, ReturnType<typeof prepareIntakeQuery>>();
const versionsByRow = new Map<string, Survey>();

/** Every stored version, oldest first: a response opens against the version it names. */
export async function surveyVersionsOf(db: Db, slug: string): Promise<Survey[]> {
  const rows = await db
    .select({ definition: surveyVersions.definition })
    .from(surveyVersions)
    .where(eq(surveyVersions.slug, slug))
    .orderBy(surveyVersions.version);
  return rows.map((row) => decodeDefinition(row.definition));
}

export async function setSurveyState(db: Db, slug: string, state: SurveyState): Promise<boolean> {
  const changed = await transaction(db, (tx) =>
    tx
      .update(surveys)
      .set({ state })
      .where(eq(surveys.slug, slug))
      .returning({ slug: surveys.slug }),
  );
  return changed.length > 0;
}

/** null removes the cap. */
export async function setDailyCap(
  db: Db,
  slug: string,
  maxPerDay: number | null,
): Promise<boolean> {
  const changed = await transaction(db, (tx) =>
    tx
      .update(surveys)
      .set({ maxResponsesPerDay: maxPerDay })
      .where(eq(surveys.slug, slug))
      .returning({ slug: surveys.slug }),
  );
  return changed.length > 0;
}
