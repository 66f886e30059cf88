// Seals the answers in the browser and hands the ciphertext to the server (DESIGN §4, §5).
// Plaintext answers never leave this module except inside the sealed box, and nothing here
// writes to any storage. UI-free; expected failures are values.
import type { Survey } from "../../surveys/schema";
import type { Answers } from "../lib/answers";

/** One response as it travels: sealed once, then retried byte for byte (the server is idempotent). */
export interface Submission {
  id: string;
  ciphertext: string;
}

export type SendFailure =
  /** The link's `#k=` names another survey key than the page's: nothing was sealed or sent. */
  | "key_mismatch"
  | "offline"
  | "rate_limited"
  | "server"
  | "closed"
  | "gone"
  | "rejected"
  | "code_required"
  | "code_invalid";

export type SendResult = { ok: true; receipt: string } | { ok: false; reason: SendFailure };

interface Sealing {
  seal: typeof import("../lib/crypto").seal;
  checkSurveyKey: typeof import("../lib/fingerprint").checkSurveyKey;
}

let sealer: Promise<Sealing> | null = null;

/**
 * Starts fetching libsodium (~150 KB) without waiting for it; sealing awaits the same download.
 * A failed download (flaky network) is forgotten, so the next attempt fetches again.
 */
export function loadCrypto(): Promise<Sealing> {
  if (!sealer) {
    // Destructured, so the bundler can leave out what this page never calls (opening).
    const loading = Promise.all([import("../lib/crypto"), import("../lib/fingerprint")]).then(
      async ([{ ready, seal }, { checkSurveyKey }]) => {
        await ready();
        return { seal, checkSurveyKey };
      },
    );
    sealer = loading;
    loading.catch(() => {
      if (sealer === loading) sealer = null;
    });
  }
  return sealer;
}

/** A random UUID v4; old browsers and plain-http pages lack crypto.randomUUID. */
export function newResponseId(random: Crypto = globalThis.crypto): string {
  if (typeof random.randomUUID === "function") return random.randomUUID();
  const bytes = random.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export type Sealed =
  | { ok: true; submission: Submission }
  | { ok: false; reason: "offline" | "key_mismatch" };

/**
 * Seals the answers to the page's public key, padded to the survey's one size. `fragment` is the
 * link's `#…`: when it names a key fingerprint (`#k=`, DESIGN §9.9) that is not this key's,
 * nothing is sealed — whoever could change the key in the database could read the answers.
 * "offline": libsodium could not be downloaded, nothing was sealed.
 */
export async function sealAnswers(
  survey: Survey,
  answers: Answers,
  publicKey: string,
  fragment: string,
): Promise<Sealed> {
  let sealing: Sealing;
  try {
    sealing = await loadCrypto();
  } catch {
    return { ok: false, reason: "offline" };
  }
  if (!sealing.checkSurveyKey(fragment, publicKey).ok) return { ok: false, reason: "key_mismatch" };
  const envelope = { v: 1 as const, survey: survey.slug, version: survey.version, answers };
  return {
    ok: true,
    submission: { id: newResponseId(), ciphertext: sealing.seal(envelope, publicKey, survey) },
  };
}

/** Long enough for a slow 2G upload of a few hundred bytes; short enough to offer a retry. */
const TIMEOUT_MS = 45_000;

export function postResponse(
  slug: string,
  submission: Submission,
  code?: string,
): Promise<SendResult> {
  return postSealed(
    `/api/surveys/${encodeURIComponent(slug)}/responses`,
    JSON.stringify(code ? { ...submission, code } : submission),
  );
}

/** Posts sealed bytes (JSON) to a route that answers with a receipt (responses, feedback messages). */
export async function postSealed(path: string, body: string): Promise<SendResult> {
  const abort = typeof AbortController === "function" ? new AbortController() : null;
  const timer = abort ? setTimeout(() => abort.abort(), TIMEOUT_MS) : undefined;
  let response: Response;
  try {
    response = await fetch(path, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
      // Respondents carry no cookie; never send one a coordinator may have on this phone.
      credentials: "omit",
      cache: "no-store",
      signal: abort?.signal,
    });
  } catch {
    return { ok: false, reason: "offline" };
  } finally {
    clearTimeout(timer);
  }
  return readResult(response);
}

async function readResult(response: Response): Promise<SendResult> {
  if (response.status === 200 || response.status === 201) {
    const receipt = await response
      .json()
      .then((json: { receipt?: unknown }) => json.receipt)
      .catch(() => undefined);
    // A 2xx without a receipt came from something between us and the server (a captive portal).
    return typeof receipt === "string" ? { ok: true, receipt } : { ok: false, reason: "offline" };
  }
  if (response.status === 403) {
    const code = await response
      .json()
      .then((json: { error?: { code?: unknown } }) => json.error?.code)
      .catch(() => undefined);
    return { ok: false, reason: code === "code_invalid" ? "code_invalid" : "code_required" };
  }
  if (response.status === 404) return { ok: false, reason: "gone" };
  if (response.status === 410) return { ok: false, reason: "closed" };
  if (response.status === 429) return { ok: false, reason: "rate_limited" };
  if (response.status >= 500) return { ok: false, reason: "server" };
  return { ok: false, reason: "rejected" };
}
