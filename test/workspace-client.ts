// Drives the real app as a coordinator's browser would: keys made with the real key ring,
// the session cookie kept, Origin and CSRF token sent on every state change.
import { randomUUID } from "node:crypto";
import { generateKeyPair, type KeyPair, ready } from "../client/lib/crypto";
import {
  type Category,
  newReplyCode,
  replyKey,
  replyLookup,
  sealMessage,
} from "../client/lib/feedback";
import {
  createMemberKey,
  loginSecret,
  readyKeyring,
  sealSurveyKey,
  unwrapMemberKey,
} from "../client/lib/keyring";

/** The app itself (`app.request`), or a real server through `overHttp`. */
type App = { request(input: string, init: RequestInit): Response | Promise<Response> };
export const ORIGIN = "http://localhost";

/** A server listening at `url`, driven with fetch; its own origin stands in for ORIGIN. */
export function overHttp(url: string): App {
  return {
    request(input, init) {
      const headers = new Headers(init.headers);
      if (headers.has("origin")) headers.set("origin", new URL(url).origin);
      return fetch(`${url}${input.slice(ORIGIN.length)}`, { ...init, headers });
    },
  };
}

export class Browser {
  cookie = "";
  csrf = "";

  constructor(private readonly app: App) {}

  async request(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) {
    const res = await this.app.request(`${ORIGIN}${path}`, {
      method,
      headers: {
        origin: ORIGIN,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(this.csrf ? { "x-csrf-token": this.csrf } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const set = res.headers.get("set-cookie");
    if (set) this.cookie = set.split(";")[0] ?? "";
    return res;
  }

  async json<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<T> {
    const res = await this.request(method, path, body);
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }
}

export interface Person {
  browser: Browser;
  id: string;
  email: string;
  passphrase: string;
  keyPair: KeyPair;
}

export async function readyCrypto(): Promise<void> {
  await ready();
  await readyKeyring();
}

function newMemberFields(email: string, passphrase: string) {
  const wrappedKey = createMemberKey(passphrase);
  const opened = unwrapMemberKey(wrappedKey, passphrase);
  if (!opened.ok) throw new Error("a fresh key did not unwrap");
  return {
    fields: {
      email,
      password: loginSecret(email, passphrase),
      publicKey: wrappedKey.publicKey,
      wrappedKey,
    },
    keyPair: opened.keyPair,
  };
}

/** The body a browser posts to /api/signup (after readyCrypto), for pages that post it themselves. */
export function signUpBody(organization: string, email: string) {
  return { organization, ...newMemberFields(email, `passphrase of ${email}`).fields };
}

export async function signUp(app: App, organization: string, email: string): Promise<Person> {
  const browser = new Browser(app);
  const passphrase = `passphrase of ${email}`;
  const { fields, keyPair } = newMemberFields(email, passphrase);
  const res = await browser.json<{ memberId: string; csrfToken: string }>("POST", "/api/signup", {
    organization,
    ...fields,
  });
  browser.csrf = res.csrfToken;
  return { browser, id: res.memberId, email, passphrase, keyPair };
}

export async function invite(
  app: App,
  owner: Person,
  role: string,
  email: string,
): Promise<Person> {
  const { token } = await owner.browser.json<{ token: string }>("POST", "/api/org/invitations", {
    name: `Invited as ${email}`,
    role,
  });
  const browser = new Browser(app);
  const passphrase = `passphrase of ${email}`;
  const { fields, keyPair } = newMemberFields(email, passphrase);
  const res = await browser.json<{ memberId: string; csrfToken: string }>("POST", "/api/join", {
    token,
    ...fields,
  });
  browser.csrf = res.csrfToken;
  return { browser, id: res.memberId, email, passphrase, keyPair };
}

/** Creates a draft and publishes it as version 1, its key sealed to the given members. */
export async function openSurvey(
  designer: Person,
  definition: unknown,
  analysts: Person[],
): Promise<KeyPair> {
  await designer.browser.json("POST", "/api/org/surveys", { definition });
  const surveyKey = generateKeyPair();
  const slug = (definition as { slug: string }).slug;
  await designer.browser.json("POST", `/api/org/surveys/${slug}/versions`, {
    publicKey: surveyKey.publicKey,
    sealedKeys: analysts.map((a) => ({
      memberId: a.id,
      sealedKey: sealSurveyKey(surveyKey, a.keyPair.publicKey),
    })),
  });
  return surveyKey;
}

export interface FeedbackKeys {
  general: KeyPair;
  sensitive: KeyPair;
}

/**
 * Opens the organization's feedback channel as the owner's browser would: two key pairs made
 * here, the general one sealed to `readers` and the owner, the sensitive one to the owner, who
 * takes the safeguarding role first.
 */
export async function openFeedbackChannel(
  owner: Person,
  slug: string,
  readers: Person[] = [],
): Promise<FeedbackKeys> {
  await owner.browser.json("PUT", `/api/org/members/${owner.id}/safeguarding`, {
    safeguarding: true,
  });
  const keys = { general: generateKeyPair(), sensitive: generateKeyPair() };
  await owner.browser.json("PUT", "/api/org/feedback", {
    slug,
    publicKey: keys.general.publicKey,
    sensitivePublicKey: keys.sensitive.publicKey,
    keys: [
      ...[owner, ...readers].map((p) => ({
        memberId: p.id,
        kind: "general",
        sealedKey: sealSurveyKey(keys.general, p.keyPair.publicKey),
      })),
      {
        memberId: owner.id,
        kind: "sensitive",
        sealedKey: sealSurveyKey(keys.sensitive, owner.keyPair.publicKey),
      },
    ],
  });
  return keys;
}

/**
 * Sends a sealed feedback message as a person's browser would (sealed to the channel's general
 * key, with a fresh reply code); the message's id, or an error if the app refuses it.
 */
export async function sendFeedbackMessage(
  app: App,
  slug: string,
  written: { category: Category; message: string },
  publicKey: string,
): Promise<string> {
  const code = newReplyCode();
  const id = randomUUID();
  const res = await app.request(`${ORIGIN}/api/feedback/${slug}/messages`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      id,
      ciphertext: sealMessage(
        { ...written, replyKey: Buffer.from(replyKey(code)).toString("base64") },
        publicKey,
      ),
      sensitive: false,
      lookup: replyLookup(code),
    }),
  });
  if (res.status !== 201) throw new Error(`feedback message → ${res.status} ${await res.text()}`);
  return id;
}
