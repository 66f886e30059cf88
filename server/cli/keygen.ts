import { writeFileSync } from "node:fs";
import { generateKeyPair, ready } from "../../client/lib/crypto";
import { CliError, type Command, parseCommandArgs } from "./command";

export const keygenCommand: Command = async (argv) => {
  const { values } = parseCommandArgs(argv, { out: { type: "string" } }, 0);
  if (!values.out) throw new CliError("keygen needs --out <key.json>");
  await ready();
  const pair = generateKeyPair();
  try {
    // "wx": losing a secret key loses every answer sealed to it, so never overwrite one.
    writeFileSync(values.out, `${JSON.stringify(pair, null, 2)}\n`, { mode: 0o600, flag: "wx" });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(
      code === "EEXIST"
        ? `${values.out} exists; refusing to overwrite a key`
        : `cannot write ${values.out}: ${code}`,
    );
  }
  return pair.publicKey;
};
