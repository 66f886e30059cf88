import { createReadStream, existsSync, readFileSync } from "node:fs";
import { access } from "node:fs/promises";
import { createInterface } from "node:readline";
import { z } from "zod";
import { firstCopies } from "../../client/lib/crypto";
import { parseNewSurvey } from "../../surveys/limits";
import { jsonPath, type Survey } from "../../surveys/schema";
import {
  closeDatabase,
  type Db,
  openDatabase,
  openDatabaseForReading,
  schemaIsCurrent,
} from "../db/client";
import { isPostgresUrl } from "../db/postgres";
import { lookalikeResponses } from "../db/response-pages";
import { CliError } from "./command";

export function readJsonFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new CliError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
}

export function readSurvey(path: string): Survey {
  const parsed = parseNewSurvey(readJsonFile(path));
  if (!parsed.ok) {
    throw new CliError(parsed.errors.map((e) => `${path}: ${e.path}: ${e.message}`).join("\n"));
  }
  return parsed.value;
}

const keyFile = z.object({
  publicKey: z.string(),
  secretKey: z.string().optional(),
  /** A survey key file from the workspace after a rotation: every key of the survey. */
  keys: z.array(z.object({ publicKey: z.string(), secretKey: z.string() })).optional(),
});

/** Reads a key file made by `keygen`. `open` needs only the public half. */
export function readKeyFile(path: string): z.infer<typeof keyFile> {
  const parsed = keyFile.safeParse(readJsonFile(path));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CliError(`${path}: ${jsonPath(issue?.path ?? [])}: ${issue?.message}`);
  }
  return parsed.data;
}

/** Responses per batch sent to a worker: big enough to amortize a message, small in memory. */
export const BATCH = 1000;

/** The ciphertext of a line of the JSON Lines `export` writes; null when it holds none. */
function ciphertextOf(line: string): string | null {
  try {
    const row: unknown = JSON.parse(line);
    const ciphertext = (row as { ciphertext?: unknown } | null)?.ciphertext;
    return typeof ciphertext === "string" ? ciphertext : null;
  } catch {
    return null;
  }
}

/** An export file, read line by line in batches, never whole. */
export async function* fileBatches(path: string): AsyncGenerator<(string | null)[]> {
  try {
    await access(path);
  } catch (error) {
    throw new CliError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
  let batch: (string | null)[] = [];
  for await (const line of createInterface({ input: createReadStream(path, "utf8") })) {
    if (line.trim() === "") continue;
    batch.push(ciphertextOf(line));
    if (batch.length === BATCH) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/**
 * The batches with each sealed box once, as the workspace counts them (client/lib/crypto.ts
 * sealedDigest: the same bytes stored again are one response, and counted twice they would
 * let whoever copied them read that person's answers off two publications); `seen.copies`
 * counts those left out. Needs crypto's ready().
 */
export async function* withoutCopies(
  batches: AsyncIterable<(string | null)[]>,
  seen: { copies: number },
): AsyncGenerator<(string | null)[]> {
  const first = firstCopies();
  for await (const batch of batches) {
    yield batch.filter((ciphertext) => {
      if (ciphertext === null || first(ciphertext)) return true;
      seen.copies++;
      return false;
    });
  }
}

/**
 * The ids of a survey's stored responses whose sealed box a response before them (in id order)
 * already holds, to be left out as withoutCopies leaves them out of a file. Needs crypto's
 * ready().
 */
export async function storedCopies(db: Db, slug: string): Promise<string[]> {
  const first = firstCopies();
  const copies: string[] = [];
  for await (const { id, ciphertext } of lookalikeResponses(db, slug)) {
    if (!first(ciphertext)) copies.push(id);
  }
  return copies;
}

/** "; 3 copies of a stored response counted once", or nothing when there were none. */
export const copiesNote = (copies: number) =>
  copies === 0
    ? ""
    : `${copies} ${copies === 1 ? "copy" : "copies"} of a stored response (the same sealed bytes) counted once`;

/**
 * Runs `use` on the database and closes it once `use` has finished, even if it is async.
 * `create` opens or makes it, migrated; `existing` refuses a SQLite file that is not there;
 * `read` also writes nothing at all (openDatabaseForReading) and refuses a database this
 * version's queries would not find their tables in.
 */
export async function withDatabase<T>(
  path: string,
  access: "create" | "existing" | "read",
  use: (db: Db) => T | Promise<T>,
): Promise<T> {
  if (access !== "create" && !isPostgresUrl(path) && !existsSync(path)) {
    throw new CliError(`no database at ${path}`);
  }
  const db = access === "read" ? await openDatabaseForReading(path) : await openDatabase(path);
  try {
    if (access === "read" && !(await schemaIsCurrent(db))) {
      throw new CliError(
        `the database at ${path} was last opened by an older Voz; start this version's server on it once, then try again`,
      );
    }
    return await use(db);
  } finally {
    await closeDatabase(db);
  }
}
