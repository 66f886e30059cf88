// `npm run -s cli -- <command> …` (DESIGN §6). Prints only the result on stdout; any
// failure is one clear line on stderr and exit code 1.
import { backupCommand } from "./cli/backup";
import { codesCommand } from "./cli/codes";
import { CliError, type Command } from "./cli/command";
import { exportCommand } from "./cli/export";
import { exportXlsFormCommand } from "./cli/export-xlsform";
import { importXlsFormCommand } from "./cli/import-xlsform";
import { keygenCommand } from "./cli/keygen";
import { openCommand } from "./cli/open";
import { openAnswersCommand } from "./cli/open-answers";
import { orgCommand } from "./cli/org";
import { publishCommand, withdrawCommand } from "./cli/publish";
import { repageCommand } from "./cli/repage";
import { suppressCommand } from "./cli/suppress";
import { tabulateCommand } from "./cli/tabulate";
import { validateCommand } from "./cli/validate";

const commands: Record<string, Command> = {
  validate: validateCommand,
  keygen: keygenCommand,
  open: openCommand,
  export: exportCommand,
  backup: backupCommand,
  repage: repageCommand,
  codes: codesCommand,
  publish: publishCommand,
  withdraw: withdrawCommand,
  tabulate: tabulateCommand,
  "open-answers": openAnswersCommand,
  suppress: suppressCommand,
  "import-xlsform": importXlsFormCommand,
  "export-xlsform": exportXlsFormCommand,
  org: orgCommand,
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = name ? commands[name] : undefined;
  if (!command) {
    process.stderr.write(`usage: cli <${Object.keys(commands).join("|")}> [options]\n`);
    return 1;
  }
  try {
    const output = await command(rest);
    const { stdout, stderr, code } =
      typeof output === "string" ? { stdout: output, stderr: "", code: 0 } : output;
    if (stdout) process.stdout.write(stdout.endsWith("\n") ? stdout : `${stdout}\n`);
    if (stderr) process.stderr.write(stderr.endsWith("\n") ? stderr : `${stderr}\n`);
    return code;
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
