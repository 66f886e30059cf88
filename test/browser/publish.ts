// Opens an extra survey on a running test server, for browser tests that need a definition of
// their own (twelve questions, five languages, a survey in Arabic…).
import { generateKeyPair, type KeyPair, ready } from "../../client/lib/crypto";
import { closeDatabase, openDatabase } from "../../server/db/client";
import { publishSurveyVersion, type SurveyState } from "../../server/db/surveys";
import { parseSurvey, type Survey } from "../../surveys/schema";
import type { TestServer } from "../harness";

/** Parses `definition` (throwing on any schema error) and opens it with a fresh key pair. */
export async function publishSurvey(
  server: TestServer,
  definition: unknown,
  state: SurveyState = "open",
): Promise<{ survey: Survey; keys: KeyPair }> {
  await ready();
  const parsed = parseSurvey(definition);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const keys = generateKeyPair();
  const db = await openDatabase(server.dbPath);
  try {
    const published = await publishSurveyVersion(db, parsed.value, keys.publicKey, state);
    if (!published.ok) throw new Error(published.reason);
  } finally {
    await closeDatabase(db);
  }
  return { survey: parsed.value, keys };
}
