// The server's settings, read from the environment (DESIGN §6): `PORT` (default 8787), `HOST`
// (default 127.0.0.1), `VOZ_DB` (default data/voz.db), `VOZ_PUBLIC_ORIGIN` (the address people
// use, e.g. https://voz.example.org; required when HOST is not loopback), `VOZ_TRUST_PROXY=1`
// behind a reverse proxy (TRUST_PROXY, its old name, still works), `VOZ_CLIENT_LIMIT` responses
// per client per minute, `VOZ_SIGNUP` who may create an organization, `VOZ_GATE_WORK` the LP work
// the publish gate's audit may spend. docs/deploy.md shows them behind Caddy.
import { z } from "zod";
import { DEFAULT_SUBMISSION_LIMIT } from "./app";
import { DEFAULT_GATE_LIMITS } from "./gate/run";
import { parseOrigin } from "./origin";
import { SIGNUP_MODES, type SignupMode } from "./routes/accounts";

export interface Config {
  port: number;
  host: string;
  dbPath: string;
  /** Null: the loopback default, http://localhost:<port>. */
  publicOrigin: string | null;
  trustProxy: boolean;
  clientLimit: number;
  /** Default: open when people reach Voz on this machine only, else invite. */
  signup: SignupMode;
  /** The LP work the publish gate's audit may spend (GateLimits.work). */
  gateWork: number;
}

const environment = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(8787),
  HOST: z.string().min(1).default("127.0.0.1"),
  VOZ_DB: z.string().min(1).default("data/voz.db"),
  VOZ_PUBLIC_ORIGIN: z
    .string()
    .refine((url) => parseOrigin(url) !== null, {
      message: "must be an origin such as https://voz.example.org (scheme, host, port; no path)",
    })
    .optional(),
  VOZ_TRUST_PROXY: z.enum(["0", "1"]).optional(),
  TRUST_PROXY: z.enum(["0", "1"]).optional(),
  /** Responses one client address may send per minute (a help-desk kiosk may need more). */
  VOZ_CLIENT_LIMIT: z.coerce.number().int().min(1).default(DEFAULT_SUBMISSION_LIMIT.limit),
  VOZ_SIGNUP: z.enum(SIGNUP_MODES).optional(),
  /**
   * Every earlier publication is audited again with each new one, so a survey published many
   * times can outgrow the default; raising it costs the server CPU time, about 40M a second here.
   */
  VOZ_GATE_WORK: z.coerce.number().int().min(1_000_000).default(DEFAULT_GATE_LIMITS.work),
});

/**
 * VOZ_GATE_WORK alone: the command line checks and publishes as the server's gate does, and
 * needs the same setting, but none of the others.
 */
export function gateWorkOf(env: Record<string, string | undefined>): ConfigResult<number> {
  const parsed = environment.pick({ VOZ_GATE_WORK: true }).safeParse(setVariables(env));
  return parsed.success
    ? { ok: true, config: parsed.data.VOZ_GATE_WORK }
    : { ok: false, message: invalidVariable(parsed.error) };
}

/** An empty variable is an unset one, as shells and .env files often leave them. */
function setVariables(env: Record<string, string | undefined>) {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ""));
}

const invalidVariable = (error: z.ZodError) => {
  const issue = error.issues[0];
  return `Invalid environment variable ${String(issue?.path[0])}: ${issue?.message}`;
};

/** Whether `host` only takes connections from this machine. */
export function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127(\.\d{1,3}){3}$/.test(host);
}

/** Whether people reach Voz at `origin` from other machines (a loopback origin: only here). */
function servesOthers(origin: string | null | undefined): boolean {
  if (!origin) return false;
  const host = new URL(origin).hostname.replace(/^\[|\]$/g, "");
  return !isLoopback(host);
}

/** Whether anyone but this machine can reach the server these settings describe. */
export function reachableFromOthers(config: Config): boolean {
  return !isLoopback(config.host) || servesOthers(config.publicOrigin);
}

export type ConfigResult<T = Config> = { ok: true; config: T } | { ok: false; message: string };

export function parseConfig(env: Record<string, string | undefined>): ConfigResult {
  const parsed = environment.safeParse(setVariables(env));
  if (!parsed.success) return { ok: false, message: invalidVariable(parsed.error) };
  const e = parsed.data;
  if (!isLoopback(e.HOST) && !e.VOZ_PUBLIC_ORIGIN) {
    return {
      ok: false,
      message:
        `HOST=${e.HOST} takes connections from other machines: set VOZ_PUBLIC_ORIGIN to the ` +
        "address people will use, e.g. http://192.168.1.20:8787 on a local network or " +
        "https://voz.example.org behind TLS (docs/deploy.md)",
    };
  }
  return {
    ok: true,
    config: {
      port: e.PORT,
      host: e.HOST,
      dbPath: e.VOZ_DB,
      publicOrigin: e.VOZ_PUBLIC_ORIGIN ?? null,
      trustProxy: (e.VOZ_TRUST_PROXY ?? e.TRUST_PROXY) === "1",
      clientLimit: e.VOZ_CLIENT_LIMIT,
      signup: e.VOZ_SIGNUP ?? (servesOthers(e.VOZ_PUBLIC_ORIGIN) ? "invite" : "open"),
      gateWork: e.VOZ_GATE_WORK,
    },
  };
}
