import { existsSync, readFileSync } from "node:fs";
import { z } from "zod";
import { jsonPath, parseSurvey, type Survey } from "../../surveys/schema";
import { closeDatabase, type Db, openDatabase } from "../db/client";
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
  const parsed = parseSurvey(readJsonFile(path));
  if (!parsed.ok) {
    throw new CliError(parsed.errors.map((e) => `${path}: ${e.path}: ${e.message}`).join("\n"));
  }
  return parsed.value;
}

const keyFile = z.object({ publicKey: z.string(), secretKey: z.string().optional() });

/** Reads a key file made by `keygen`. `open` needs only the public half. */
export function readKeyFile(path: string): z.infer<typeof keyFile> {
  const parsed = keyFile.safeParse(readJsonFile(path));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CliError(`${path}: ${jsonPath(issue?.path ?? [])}: ${issue?.message}`);
  }
  return parsed.data;
}

/** Runs `use` on the database and closes it once `use` has finished, even if it is async. */
export async function withDatabase<T>(
  path: string,
  mustExist: boolean,
  use: (db: Db) => T | Promise<T>,
): Promise<T> {
  if (mustExist && !existsSync(path)) throw new CliError(`no database at ${path}`);
  const db = await openDatabase(path);
  try {
    return await use(db);
  } finally {
    await closeDatabase(db);
  }
}
