// The workspace API as the coordinator's browser calls it (server/routes/accounts.ts and
// workspace.ts). The session cookie is HttpOnly and travels by itself; every state change
// carries the session's CSRF token. Failures are values, as the server's error shape says.
import type { Survey } from "../../surveys/schema";
import type { WrappedKey } from "../lib/key-format";

export type Role = "owner" | "designer" | "analyst";

export interface Me {
  member: { id: string; email: string; role: Role; publicKey: string; wrappedKey: WrappedKey };
  organization: { id: string; name: string };
  csrfToken: string;
}

export interface SurveySummary {
  slug: string;
  state: "draft" | "open" | "closed";
  responses: number;
}

export interface SurveyDetail {
  slug: string;
  state: SurveySummary["state"];
  draft: Survey | null;
  versions: Survey[];
  publicKey: string | null;
  requiresCode: boolean;
  /** The cap on answers per UTC day; null for none. */
  maxPerDay: number | null;
  unspentCodes: number;
  counts: { day: string; responses: number }[];
}

export interface Analyst {
  id: string;
  /** As the owner wrote it on the invitation; null for an organization's first owner. */
  name: string | null;
  /** Only owners see colleagues' emails (server/routes/team.ts shownTo). */
  email?: string;
  role: Role;
  publicKey: string;
}

/** A member holding a survey's current key (GET …/access). */
export type Holder = Analyst;

export interface MemberRow {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  publicKey: string;
}

/** One copy of a survey key, sealed to the member reading it. */
export interface KeyGrant {
  publicKey: string;
  sealedKey: string;
}

/** A new survey key sealed to the members who keep access (server/routes/access.ts). */
export interface NewSurveyKey {
  publicKey: string;
  sealedKeys: { memberId: string; sealedKey: string }[];
}

export interface PendingInvitation {
  id: string;
  name: string;
  role: Role;
  expiresAt: number;
}

export interface StoredResponse {
  id: string;
  ciphertext: string;
  receivedOn: string;
}

export interface Failure {
  ok: false;
  /** 0 when the server could not be reached. */
  status: number;
  code: string;
  message: string;
  field?: string;
  retryAfterSeconds?: number;
}
export type Result<T> = { ok: true; value: T } | Failure;

/** New members' key material, made in this browser by keys.ts. */
export interface MemberFields {
  email: string;
  password: string;
  publicKey: string;
  wrappedKey: WrappedKey;
}

let csrfToken = "";

/** One API call; feature modules (feedback/api.ts) build on it. */
export async function call<T>(method: string, path: string, body?: unknown): Promise<Result<T>> {
  const headers: Record<string, string> = {};
  if (method !== "GET") {
    headers["x-csrf-token"] = csrfToken;
    if (body !== undefined) headers["content-type"] = "application/json";
  }
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
      cache: "no-store",
    });
  } catch {
    return { ok: false, status: 0, code: "offline", message: "the server cannot be reached" };
  }
  if (response.status === 204) return { ok: true, value: undefined as T };
  const json = (await response.json().catch(() => null)) as
    | (T & { error?: { code: string; message: string; field?: string } })
    | null;
  if (response.ok && json) {
    const token = (json as { csrfToken?: unknown }).csrfToken;
    if (typeof token === "string") csrfToken = token;
    return { ok: true, value: json };
  }
  const retryAfter = Number(response.headers.get("retry-after"));
  return {
    ok: false,
    status: response.status,
    code: json?.error?.code ?? "unexpected",
    message: json?.error?.message ?? `the server answered ${response.status}`,
    ...(json?.error?.field ? { field: json.error.field } : {}),
    ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {}),
  };
}

/** A saved draft and the translations it still lacks before it can be opened. */
export interface SavedDraft {
  slug: string;
  missing: { path: string; language: string; message: string }[];
}

const survey = (slug: string) => `/api/org/surveys/${encodeURIComponent(slug)}`;

export const api = {
  me: () => call<Me>("GET", "/api/me"),
  /** With the operator's sign-up token, the organization is the one it names. */
  signUp: (organization: string | { invitation: string }, fields: MemberFields) =>
    call<{ memberId: string; csrfToken: string }>("POST", "/api/signup", {
      ...(typeof organization === "string" ? { organization } : organization),
      ...fields,
    }),
  join: (token: string, fields: MemberFields) =>
    call<{ memberId: string; csrfToken: string }>("POST", "/api/join", { token, ...fields }),
  logIn: (email: string, password: string) =>
    call<{ csrfToken: string }>("POST", "/api/login", { email, password }),
  logOut: async () => {
    const result = await call<void>("POST", "/api/logout");
    csrfToken = "";
    return result;
  },
  members: () => call<{ members: MemberRow[] }>("GET", "/api/org/members"),
  invite: (name: string, role: Role) =>
    call<{ id: string; token: string; path: string; expiresInHours: number }>(
      "POST",
      "/api/org/invitations",
      { name, role },
    ),
  invitations: () => call<{ invitations: PendingInvitation[] }>("GET", "/api/org/invitations"),
  revokeInvitation: (id: string) =>
    call<void>("DELETE", `/api/org/invitations/${encodeURIComponent(id)}`),
  checkInvitation: (token: string) =>
    call<{ organization: string; name: string; role: Role; expiresAt: number }>(
      "POST",
      "/api/invitations/check",
      { token },
    ),
  memberSurveys: (memberId: string) =>
    call<{ surveys: { slug: string; holders: Holder[] }[] }>(
      "GET",
      `/api/org/members/${encodeURIComponent(memberId)}/surveys`,
    ),
  removeMember: (memberId: string, rotations: ({ slug: string } & NewSurveyKey)[]) =>
    call<{ versions: { slug: string; version: number }[] }>(
      "POST",
      `/api/org/members/${encodeURIComponent(memberId)}/removal`,
      { rotations },
    ),
  changeRole: (memberId: string, role: Role, rotations: ({ slug: string } & NewSurveyKey)[]) =>
    call<{ versions: { slug: string; version: number }[] }>(
      "PUT",
      `/api/org/members/${encodeURIComponent(memberId)}/role`,
      { role, rotations },
    ),
  changePassphrase: (password: string, newPassword: string, wrappedKey: WrappedKey) =>
    call<{ changed: true }>("PUT", "/api/me/passphrase", { password, newPassword, wrappedKey }),
  analysts: () => call<{ analysts: Analyst[] }>("GET", "/api/org/analysts"),
  surveys: () => call<{ surveys: SurveySummary[] }>("GET", "/api/org/surveys"),
  survey: (slug: string) => call<SurveyDetail>("GET", survey(slug)),
  create: (definition: Survey) => call<SavedDraft>("POST", "/api/org/surveys", { definition }),
  saveDraft: (slug: string, definition: Survey) =>
    call<SavedDraft>("PUT", `${survey(slug)}/draft`, { definition }),
  /** Only a survey nobody has answered (409 has_responses otherwise). */
  deleteSurvey: (slug: string) => call<undefined>("DELETE", survey(slug)),
  publish: (
    slug: string,
    firstKey?: { publicKey: string; sealedKeys: { memberId: string; sealedKey: string }[] },
  ) => call<{ version: number }>("POST", `${survey(slug)}/versions`, firstKey ?? {}),
  setState: (slug: string, state: "open" | "closed") =>
    call<{ state: string }>("POST", `${survey(slug)}/state`, { state }),
  /** Every copy of the survey's keys this member holds, newest (the current one) first. */
  surveyKey: (slug: string) =>
    call<{ sealedKey: string; keys: KeyGrant[] }>("GET", `${survey(slug)}/key`),
  access: (slug: string) =>
    call<{ holders: Holder[]; keys: { publicKey: string; versions: number[] }[] }>(
      "GET",
      `${survey(slug)}/access`,
    ),
  grant: (slug: string, memberId: string, keys: KeyGrant[]) =>
    call<{ granted: string }>("PUT", `${survey(slug)}/analysts/${encodeURIComponent(memberId)}`, {
      keys,
    }),
  /** Revoking is rotating: a new version under a new key, sealed to those who keep access. */
  rotate: (slug: string, key: NewSurveyKey, revoke: string[]) =>
    call<{ version: number }>("POST", `${survey(slug)}/rotations`, { ...key, revoke }),
  makeCodes: (slug: string, count: number) =>
    call<{ codes: string[] }>("POST", `${survey(slug)}/codes`, { count }),
  setAdmission: (slug: string, admission: { maxPerDay: number | null; requiresCode: boolean }) =>
    call<{ maxPerDay: number | null; requiresCode: boolean }>(
      "PUT",
      `${survey(slug)}/admission`,
      admission,
    ),
  /** The stored k and every publication so far (client/lib/policy.ts publishingFactsSchema). */
  publications: (slug: string) => call<unknown>("GET", `${survey(slug)}/publications`),
  /** The earlier publications a new one of this version is audited against, oldest first. */
  earlierPublications: (slug: string, version: number) =>
    call<unknown>("GET", `${survey(slug)}/publications/earlier?version=${version}`),
  responses: (slug: string, after: string) =>
    call<{ responses: StoredResponse[]; next: string | null }>(
      "GET",
      `${survey(slug)}/responses?after=${encodeURIComponent(after)}&limit=500`,
    ),
};
