// The feedback channel's workspace routes (server/routes/feedback-workspace.ts) as this
// browser calls them. The server sees status, assignee and ciphertexts; nothing here is
// plaintext except the frame's labels, which the organization chose to share with members.
import { call, type Role } from "../api";

export type FeedbackStatus = "new" | "in_progress" | "answered" | "referred" | "closed";
export const STATUSES: readonly FeedbackStatus[] = [
  "new",
  "in_progress",
  "answered",
  "referred",
  "closed",
];

export interface FrameCode {
  code: string;
  label: Record<string, string>;
}

/** Emails and safeguarding roles reach owners only (server/routes/team.ts shownTo). */
export interface ChannelMember {
  id: string;
  name: string | null;
  email?: string;
  role: Role;
  safeguarding?: boolean;
  publicKey: string;
}

export interface ChannelInfo {
  slug: string;
  publicKey: string;
  sensitivePublicKey: string;
  frame: FrameCode[];
  /** Days a reply usually takes, as the feedback page states it; null: not stated. */
  replyDays: number | null;
  members: ChannelMember[];
  /** The month axis of a publication made now (client/lib/feedback-tables.ts). */
  months: string[];
}

export interface StoredMessage {
  id: string;
  sensitive: boolean;
  ciphertext: string;
  month: string;
  status: FeedbackStatus;
  assignee: string | null;
  coding: string | null;
  replies: number;
}

export type KeyKind = "general" | "sensitive";
export interface SealedFor {
  memberId: string;
  kind: KeyKind;
  sealedKey: string;
}

export interface Triage {
  status?: FeedbackStatus;
  assignee?: string | null;
  coding?: string | null;
}

const member = (id: string) => encodeURIComponent(id);

export const feedbackApi = {
  channel: () => call<ChannelInfo>("GET", "/api/org/feedback"),
  open: (body: {
    slug: string;
    publicKey: string;
    sensitivePublicKey: string;
    keys: SealedFor[];
  }) => call<{ slug: string }>("PUT", "/api/org/feedback", body),
  keys: () => call<{ general?: string; sensitive?: string }>("GET", "/api/org/feedback/key"),
  grant: (memberId: string, kind: KeyKind, sealedKey: string) =>
    call<{ granted: string }>("PUT", `/api/org/feedback/keys/${member(memberId)}`, {
      kind,
      sealedKey,
    }),
  safeguarding: (memberId: string, safeguarding: boolean) =>
    call<{ safeguarding: boolean }>("PUT", `/api/org/members/${member(memberId)}/safeguarding`, {
      safeguarding,
    }),
  messages: (cursor: string) =>
    call<{ messages: StoredMessage[]; next: string | null }>(
      "GET",
      `/api/org/feedback/messages${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ""}`,
    ),
  triage: (id: string, change: Triage) =>
    call<{ id: string }>("PATCH", `/api/org/feedback/messages/${encodeURIComponent(id)}`, change),
  reply: (id: string, ciphertext: string) =>
    call<{ number: number }>(
      "POST",
      `/api/org/feedback/messages/${encodeURIComponent(id)}/replies`,
      { ciphertext },
    ),
  replyTime: (replyDays: number | null) =>
    call<{ replyDays: number | null }>("PUT", "/api/org/feedback/reply-time", { replyDays }),
  frame: (frame: FrameCode[]) =>
    call<{ frame: FrameCode[] }>("PUT", "/api/org/feedback/frame", { frame }),
  publish: (body: unknown) =>
    call<{ number: number }>("POST", "/api/org/feedback/publications", body),
  /** Every earlier publication of the channel, withdrawn ones included, oldest first. */
  earlier: () => call<unknown>("GET", "/api/org/feedback/publications/earlier"),
  withdraw: () => call<{ withdrawn: number }>("DELETE", "/api/org/feedback/publications/current"),
};
