import type { Answers } from "../../client/lib/answers";
import { open, openKey, ready } from "../../client/lib/crypto";
import { FORMAT, hideSuppressed, type Publication } from "../../client/lib/publication";
import { suppress } from "../../client/lib/suppress";
import { tabulate } from "../../client/lib/tabulate";
import { CliError, type Command, parseCommandArgs } from "./command";
import { readCiphertexts, readKeyFile, readSurvey } from "./files";
import { parseK, refuseUnsafe } from "./suppress";

/**
 * `tabulate <survey.json> --key <key.json> --in <responses.jsonl> [--k 5] [--by a,b]`: opens,
 * tabulates and suppresses on the coordinator's machine and prints the publication (DESIGN §7).
 */
export const tabulateCommand: Command = async (argv) => {
  const { values, positionals } = parseCommandArgs(
    argv,
    {
      key: { type: "string" },
      in: { type: "string" },
      k: { type: "string" },
      by: { type: "string" },
      db: { type: "string" },
    },
    1,
  );
  if (!values.key) throw new CliError("tabulate needs --key <key.json>");
  if (!values.in) throw new CliError("tabulate needs --in <responses.jsonl>");
  const k = parseK(values.k);
  const survey = readSurvey(positionals[0] as string);
  const pair = readKeyFile(values.key);
  if (!pair.secretKey) throw new CliError(`${values.key} has no secretKey; opening needs it`);
  await ready();
  const key = openKey({ publicKey: pair.publicKey, secretKey: pair.secretKey });
  if (!key) throw new CliError(`${values.key} does not hold a key pair made by keygen`);

  const answers: Answers[] = [];
  let unreadable = 0;
  for (const ciphertext of readCiphertexts(values.in)) {
    const opened = ciphertext === null ? null : open(ciphertext, key, survey);
    if (opened?.ok) answers.push(opened.envelope.answers);
    else unreadable++;
  }

  const breakdowns = values.by?.split(",").filter((id) => id !== "");
  const tabulated = tabulate(survey, answers, breakdowns ? { breakdowns } : {});
  if (!tabulated.ok) {
    throw new CliError(
      `--by: "${tabulated.breakdown}" is not a tabulated variable of ${survey.slug}; ` +
        `choose from ${tabulated.variables.join(", ")}`,
    );
  }
  const suppressed = await suppress(tabulated.tables, k);
  const publication: Publication = {
    format: FORMAT,
    survey: survey.slug,
    version: survey.version,
    k,
    responses: answers.length,
    unreadable,
    tables: hideSuppressed(suppressed.tables),
  };
  await refuseUnsafe(publication);
  return JSON.stringify(publication, null, 2);
};
