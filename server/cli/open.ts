import { isPublicKey, ready } from "../../client/lib/crypto";
import { publishSurveyVersion, setDailyCap } from "../db/surveys";
import { CliError, type Command, DEFAULT_DB, parseCommandArgs } from "./command";
import { readKeyFile, readSurvey, withDatabase } from "./files";

export const openCommand: Command = async (argv) => {
  const { values, positionals } = parseCommandArgs(
    argv,
    {
      key: { type: "string" },
      db: { type: "string", default: DEFAULT_DB },
      "max-per-day": { type: "string" },
    },
    1,
  );
  if (!values.key) throw new CliError("open needs --key <key.json>");
  const cap = values["max-per-day"];
  if (cap !== undefined && !/^[1-9][0-9]{0,8}$/.test(cap)) {
    throw new CliError("--max-per-day takes a whole number of responses, at least 1");
  }
  const survey = readSurvey(positionals[0] as string);
  const { publicKey } = readKeyFile(values.key);
  await ready();
  if (!isPublicKey(publicKey))
    throw new CliError(`${values.key}: $.publicKey is not an X25519 public key`);
  const result = await withDatabase(values.db, "create", async (db) => {
    const published = await publishSurveyVersion(db, survey, publicKey, "open");
    if (published.ok && cap !== undefined) await setDailyCap(db, survey.slug, Number(cap));
    return published;
  });
  if (!result.ok) {
    throw new CliError(
      result.reason === "version_exists"
        ? `${survey.slug} version ${survey.version} is already stored with another definition or key; bump "version"`
        : `${survey.slug} already has a newer version than ${survey.version}`,
    );
  }
  return `/s/${survey.slug}`;
};
