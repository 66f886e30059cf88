import { isPublicKey, ready } from "../../client/lib/crypto";
import { publishSurveyVersion } from "../db/surveys";
import { CliError, type Command, DEFAULT_DB, parseCommandArgs } from "./command";
import { readKeyFile, readSurvey, withDatabase } from "./files";

export const openCommand: Command = async (argv) => {
  const { values, positionals } = parseCommandArgs(
    argv,
    { key: { type: "string" }, db: { type: "string", default: DEFAULT_DB } },
    1,
  );
  if (!values.key) throw new CliError("open needs --key <key.json>");
  const survey = readSurvey(positionals[0] as string);
  const { publicKey } = readKeyFile(values.key);
  await ready();
  if (!isPublicKey(publicKey))
    throw new CliError(`${values.key}: $.publicKey is not an X25519 public key`);
  const result = withDatabase(values.db, false, (db) =>
    publishSurveyVersion(db, survey, publicKey, "open"),
  );
  if (!result.ok) {
    throw new CliError(
      result.reason === "version_exists"
        ? `${survey.slug} version ${survey.version} is already stored with another definition or key; bump "version"`
        : `${survey.slug} already has a newer version than ${survey.version}`,
    );
  }
  return `/s/${survey.slug}`;
};
