import { inviteOrganization, ORGANIZATION_INVITATION_MS } from "../db/accounts";
import { parseOrigin } from "../origin";
import { CliError, type Command, DEFAULT_DB, parseCommandArgs } from "./command";
import { withDatabase } from "./files";

const USAGE = 'org create "<organization name>" [--origin https://voz.example.org] [--db <file>]';

/**
 * `org create`: the operator lets an organization in when sign-up is by invitation
 * (VOZ_SIGNUP=invite, docs/deploy.md). Prints the one-time sign-up link for its first owner,
 * who makes their keys in their own browser; the organization gets the name given here.
 */
export const orgCommand: Command = async (argv) => {
  const { values, positionals } = parseCommandArgs(
    argv,
    {
      db: { type: "string", default: DEFAULT_DB },
      origin: { type: "string", default: process.env.VOZ_PUBLIC_ORIGIN ?? "" },
    },
    2,
  );
  const [action, name = ""] = positionals as [string, string | undefined];
  if (action !== "create") throw new CliError(`usage: cli ${USAGE}`);
  const trimmed = name.trim();
  if (trimmed.length < 1 || trimmed.length > 120) {
    throw new CliError("the organization's name must be 1 to 120 characters");
  }
  const origin = values.origin ? parseOrigin(values.origin) : "";
  if (origin === null)
    throw new CliError(`--origin must be an origin such as https://voz.example.org`);
  const token = await withDatabase(values.db, "existing", (db) =>
    inviteOrganization(db, trimmed, Date.now()),
  );
  const days = ORGANIZATION_INVITATION_MS / (24 * 60 * 60_000);
  // In the fragment, the token never reaches a server log or a Referer header.
  return {
    stdout: `${origin}/c/signup#${token}`,
    stderr: `One-time sign-up link for "${trimmed}", valid ${days} days: send it to its first owner.`,
    code: 0,
  };
};
