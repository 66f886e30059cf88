import { writeFileSync } from "node:fs";
import { extname } from "node:path";
import type { Answers } from "../../client/lib/answers";
import { openKey, openWithAny, ready } from "../../client/lib/crypto";
import { FORMATS, type MicrodataFormat, microdataFile } from "../../client/lib/microdata/files";
import { CliError, type Command, parseCommandArgs } from "./command";
import { copiesNote, fileBatches, readKeyFile, readSurvey, withoutCopies } from "./files";

/**
 * `open-answers <survey.json> --key <key.json> --in <responses.jsonl> --out <file>
 * [--language <code>] [--include-text]`: the answers as CSV, Excel or Stata (by the extension
 * of --out), on the coordinator's machine, the same file the workspace's results page writes.
 */
export const openAnswersCommand: Command = async (argv) => {
  const { values, positionals } = parseCommandArgs(
    argv,
    {
      key: { type: "string" },
      in: { type: "string" },
      out: { type: "string" },
      language: { type: "string" },
      "include-text": { type: "boolean", default: false },
      db: { type: "string" },
    },
    1,
  );
  if (!values.key) throw new CliError("open-answers needs --key <key.json>");
  if (!values.in) throw new CliError("open-answers needs --in <responses.jsonl>");
  if (!values.out) throw new CliError("open-answers needs --out <file.csv|file.xlsx|file.dta>");
  const format = extname(values.out).slice(1).toLowerCase();
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw new CliError(`--out: write a .csv, .xlsx or .dta file, not "${extname(values.out)}"`);
  }
  const survey = readSurvey(positionals[0] as string);
  const language = values.language ?? (survey.languages[0] as string);
  if (!survey.languages.includes(language)) {
    throw new CliError(
      `--language: "${language}" is not a language of ${survey.slug}; choose from ${survey.languages.join(", ")}`,
    );
  }
  const pair = readKeyFile(values.key);
  if (!pair.secretKey) throw new CliError(`${values.key} has no secretKey; opening needs it`);
  await ready();
  const pairs = pair.keys ?? [{ publicKey: pair.publicKey, secretKey: pair.secretKey }];
  const keys = pairs.flatMap((p) => openKey(p) ?? []);
  if (keys.length !== pairs.length) {
    throw new CliError(`${values.key} does not hold a key pair made by keygen`);
  }

  const answers: Answers[] = [];
  let unreadable = 0;
  const seen = { copies: 0 };
  for await (const batch of withoutCopies(fileBatches(values.in), seen)) {
    for (const ciphertext of batch) {
      const opened = ciphertext === null ? null : openWithAny(ciphertext, keys, [survey]);
      if (opened?.ok) answers.push(opened.envelope.answers);
      else unreadable++;
    }
  }
  const file = await microdataFile(survey, answers, {
    format: format as MicrodataFormat,
    language,
    includeText: values["include-text"],
  });
  try {
    // Opened answers: readable by this user only, and never written over another file.
    writeFileSync(values.out, Buffer.from(await file.arrayBuffer()), { mode: 0o600, flag: "wx" });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(
      code === "EEXIST"
        ? `${values.out} exists; refusing to overwrite it`
        : `cannot write ${values.out}: ${code}`,
    );
  }
  const copies = seen.copies > 0 ? `; ${copiesNote(seen.copies)}` : "";
  return `${answers.length} responses written to ${values.out}; ${unreadable} unreadable (wrong key, altered, or another survey version)${copies}`;
};
