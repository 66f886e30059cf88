import { type ParseArgsConfig, parseArgs } from "node:util";

/**
 * A command takes its arguments and returns what to print; user errors throw CliError. A
 * command that prints a result and also says something on stderr (import-xlsform's report)
 * returns both, with its exit code.
 */
export type Command = (argv: string[]) => Promise<string | CommandOutput>;
export interface CommandOutput {
  stdout: string;
  stderr: string;
  code: 0 | 1;
}

/** An expected failure: the message is printed to stderr as it is, and the exit code is 1. */
export class CliError extends Error {}

export const DEFAULT_DB = "data/voz.db";

/** node:util parseArgs, with its usage errors turned into CliError. */
export function parseCommandArgs<T extends ParseArgsConfig["options"]>(
  argv: string[],
  options: T,
  positionals: number,
) {
  let parsed: ReturnType<typeof parseArgs<{ args: string[]; options: T; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  if (parsed.positionals.length !== positionals) {
    throw new CliError(`expected ${positionals} argument(s), got ${parsed.positionals.length}`);
  }
  return parsed;
}
