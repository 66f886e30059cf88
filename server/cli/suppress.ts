import { type AuditInput, auditWithin } from "../../client/lib/audit";
import { DEFAULT_K, hideSuppressed, MIN_K, parseCountedTables } from "../../client/lib/publication";
import { suppress } from "../../client/lib/suppress";
import { gateWorkOf } from "../config";
import { workText } from "../gate/run";
import { CliError, type Command, parseCommandArgs } from "./command";

/** DESIGN §8: k is per survey, 5 unless given, and never below 3. */
export function parseK(text: string | undefined): number {
  if (text === undefined) return DEFAULT_K;
  const k = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(k) || k < MIN_K) {
    throw new CliError(`--k must be a whole number of at least ${MIN_K}, got "${text}"`);
  }
  return k;
}

/** The gate's budget of LP work as the server has it: VOZ_GATE_WORK, or the default. */
export function gateWork(): number {
  const work = gateWorkOf(process.env);
  if (!work.ok) throw new CliError(work.message);
  return work.config;
}

/**
 * The audit the server makes on publish, within the gate's budget of LP work
 * (server/gate/run.ts): the CLI never prints what the gate's audit would refuse.
 */
export async function refuseUnsafe(
  input: Omit<AuditInput, "spent">,
  work = gateWork(),
): Promise<void> {
  const checked = await auditWithin(input, work);
  if (checked === "over_budget") {
    throw new CliError(
      `refusing to print tables the server's gate would refuse: checking them against the earlier ` +
        `publications needs more than its ${workText(work)} of LP work; tabulate fewer breakdowns, or raise VOZ_GATE_WORK here and on the server`,
    );
  }
  const first = checked.findings[0];
  if (first) {
    throw new CliError(
      `refusing to print tables that fail the audit (${checked.findings.length} finding(s), ` +
        `first: ${first.problem} in ${first.table} ${JSON.stringify(first.key)})`,
    );
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** `suppress [--k 5] < tables.json`: disclosure control on anyone's plain-count tables. */
export const suppressCommand: Command = async (argv) => {
  const { values } = parseCommandArgs(argv, { k: { type: "string" }, db: { type: "string" } }, 0);
  const k = parseK(values.k);
  let input: unknown;
  try {
    input = JSON.parse(await readStdin());
  } catch (error) {
    throw new CliError(`stdin is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = parseCountedTables(input);
  if (!parsed.ok) {
    throw new CliError(parsed.errors.map((e) => `stdin: ${e.path}: ${e.message}`).join("\n"));
  }
  const result = await suppress(parsed.value, k);
  const output = { k, tables: hideSuppressed(result.tables) };
  const grand = result.tables[0]?.cells.find((c) => Object.values(c.key).every((v) => v === "*"));
  await refuseUnsafe({ publication: { ...output, responses: grand?.count ?? 0 } });
  return JSON.stringify(output, null, 2);
};
