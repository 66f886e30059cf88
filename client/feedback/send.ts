// Seals a feedback message in the browser and asks for its replies (issue 8). The reply code
// is made here and shown once; only its lookup hash is sent or queued, and the key derived
// from it travels only inside the sealed message. UI-free; expected failures are values.
import { config } from "zod";
import type { Written } from "../lib/feedback";
import type { Category } from "../lib/feedback-format";
import type { Queued } from "../respondent/queue";
import { newResponseId, postSealed, type SendResult } from "../respondent/send";

type Core = typeof import("../lib/feedback");

let core: Promise<Core> | null = null;

/** libsodium and the feedback core, fetched once; a failed download is retried next time. */
export function loadCore(): Promise<Core> {
  if (!core) {
    // Before the first schema is built: zod's probe of `new Function` breaks our CSP. Only
    // `config` is imported here: a dynamic import("zod") would make all of zod one shared chunk,
    // which the respondent page's crypto chunk would then download too (75 KB).
    config({ jitless: true });
    const loading = import("../lib/feedback").then(async (m) => {
      await m.ready();
      return m;
    });
    core = loading;
    loading.catch(() => {
      if (core === loading) core = null;
    });
  }
  return core;
}

export interface Draft {
  category: Category | "";
  country: string;
  program: string;
  message: string;
}

export interface Channel {
  slug: string;
  orgName: string;
  publicKey: string;
  sensitivePublicKey: string;
  categories: Category[];
  /** Days a reply usually takes, as the organization states it; null: not stated. */
  replyDays: number | null;
}

export type Sealed =
  | { ok: true; item: Queued & { feedback: NonNullable<Queued["feedback"]> }; code: string }
  | { ok: false; reason: "offline" }
  | { ok: false; reason: "invalid"; fields: string[] };

/** Sensitive reports go to the key only safeguarding members hold (DESIGN, issue 8 §3). */
export async function sealDraft(channel: Channel, draft: Draft): Promise<Sealed> {
  let f: Core;
  try {
    f = await loadCore();
  } catch {
    return { ok: false, reason: "offline" };
  }
  const sealed = f.sealNewMessage(writtenOf(draft), channel);
  if (!sealed.ok)
    return { ok: false, reason: "invalid", fields: sealed.errors.map((e) => e.field) };
  return {
    ok: true,
    code: sealed.code,
    item: {
      id: newResponseId(),
      slug: channel.slug,
      ciphertext: sealed.ciphertext,
      feedback: { sensitive: sealed.sensitive, lookup: sealed.lookup },
    },
  };
}

/** The form's draft as a message says it: no empty optional field, the program trimmed. */
export function writtenOf(draft: Draft): Written {
  return {
    category: draft.category as Category,
    ...(draft.country ? { country: draft.country } : {}),
    ...(draft.program.trim() ? { program: draft.program.trim() } : {}),
    message: draft.message,
  };
}

export function postMessage(item: Queued): Promise<SendResult> {
  return postSealed(`/api/feedback/${encodeURIComponent(item.slug)}/messages`, messageBody(item));
}

/**
 * The message's post, as long whether it is a sensitive report or not (DESIGN §9.8): the
 * connection shows a body's length, and `true` is a byte shorter than `false`, so it is written
 * ` true` (JSON allows the space). Id, ciphertext and lookup each have one length already.
 */
function messageBody({ id, ciphertext, feedback }: Queued): string {
  const fields = JSON.stringify({ id, ciphertext, lookup: feedback?.lookup });
  return `${fields.slice(0, -1)},"sensitive":${feedback?.sensitive ? " true" : "false"}}`;
}

export type Lookup =
  | { ok: true; status: string; replies: { text: string | null; day: string }[] }
  | { ok: false; reason: "not_a_code" | "unknown" | "offline" | "server" }
  | { ok: false; reason: "rate_limited"; minutes: number };

/** Asks for the replies to the message of a typed code and opens them here. */
export async function readReplies(slug: string, typed: string): Promise<Lookup> {
  let f: Core;
  try {
    f = await loadCore();
  } catch {
    return { ok: false, reason: "offline" };
  }
  const code = f.normalizeReplyCode(typed);
  if (code === null) return { ok: false, reason: "not_a_code" };
  let response: Response;
  try {
    // POST, so the lookup never lands in a URL, a history entry or a log.
    response = await fetch(`/api/feedback/${encodeURIComponent(slug)}/replies`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ lookup: f.replyLookup(code) }),
      credentials: "omit",
      cache: "no-store",
    });
  } catch {
    return { ok: false, reason: "offline" };
  }
  if (response.status === 404) return { ok: false, reason: "unknown" };
  if (response.status === 429) {
    const seconds = Number(response.headers.get("retry-after")) || 60;
    return { ok: false, reason: "rate_limited", minutes: Math.max(1, Math.ceil(seconds / 60)) };
  }
  const json = (await response.json().catch(() => null)) as {
    status?: string;
    replies?: { ciphertext: string; day: string }[];
  } | null;
  if (!response.ok || !json?.replies) return { ok: false, reason: "server" };
  const key = f.replyKey(code);
  return {
    ok: true,
    status: json.status ?? "new",
    replies: json.replies.map((r) => ({ text: f.openReply(r.ciphertext, key), day: r.day })),
  };
}
