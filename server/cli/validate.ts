import { type Command, parseCommandArgs } from "./command";
import { readSurvey } from "./files";

export const validateCommand: Command = async (argv) => {
  const { positionals } = parseCommandArgs(argv, {}, 1);
  readSurvey(positionals[0] as string);
  return "ok";
};
