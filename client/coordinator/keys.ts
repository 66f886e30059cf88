// Every key operation of the workspace, behind lazy imports: libsodium-wrappers-sumo (Argon2id)
// is large, so it is fetched only when a passphrase or a sealed key is at hand (DESIGN §9.4).
// The unwrapped member key is returned to the caller, who keeps it in memory only — never in
// any storage, never sent.
import type { Survey } from "../../surveys/schema";
import type { KeyPair } from "../lib/crypto";
import type { KeyGrant, MemberFields, NewSurveyKey, StoredResponse } from "./api";

const keyring = () =>
  import("../lib/keyring").then(async (m) => {
    await m.readyKeyring();
    return m;
  });

const fingerprints = () =>
  import("../lib/fingerprint").then(async (m) => {
    await (await import("../lib/crypto")).ready();
    return m;
  });

/** BIP-39 lists (MIT, @scure/bip39): one per workspace language, fetched only when shown. */
const WORD_LISTS = {
  en: () => import("@scure/bip39/wordlists/english.js"),
  es: () => import("@scure/bip39/wordlists/spanish.js"),
  fr: () => import("@scure/bip39/wordlists/french.js"),
  pt: () => import("@scure/bip39/wordlists/portuguese.js"),
} as const;
export type WordLanguage = keyof typeof WORD_LISTS;
export const WORD_LANGUAGES = Object.keys(WORD_LISTS) as WordLanguage[];

/** A member key's safety words in one language (client/lib/fingerprint.ts). */
export async function safetyWordsOf(publicKey: string, language: WordLanguage): Promise<string[]> {
  const [f, list] = await Promise.all([fingerprints(), WORD_LISTS[language]()]);
  return f.safetyWords(publicKey, list.wordlist) ?? [];
}

/** The respondents' link with the key's fingerprint (`#k=`), which their page checks. */
export async function surveyLink(url: string, publicKey: string): Promise<string> {
  return (await fingerprints()).linkWithFingerprint(url, publicKey);
}

const envelope = () =>
  import("../lib/crypto").then(async (m) => {
    await m.ready();
    return m;
  });

/** A new member's fields for sign-up or join, and their key pair to keep unlocked. */
export async function newMember(
  email: string,
  passphrase: string,
): Promise<{ fields: MemberFields; keyPair: KeyPair }> {
  const k = await keyring();
  const wrappedKey = k.createMemberKey(passphrase);
  const opened = k.unwrapMemberKey(wrappedKey, passphrase);
  if (!opened.ok) throw new Error("a fresh member key did not unwrap");
  return {
    fields: {
      email,
      // DESIGN §9.4: the server sees a derived secret, never the passphrase that wraps the key.
      password: k.loginSecret(email, passphrase),
      publicKey: wrappedKey.publicKey,
      wrappedKey,
    },
    keyPair: opened.keyPair,
  };
}

export async function loginSecret(email: string, passphrase: string): Promise<string> {
  return (await keyring()).loginSecret(email, passphrase);
}

export async function unlock(wrappedKey: unknown, passphrase: string) {
  return (await keyring()).unwrapMemberKey(wrappedKey, passphrase);
}

/**
 * A new survey key pair, made here and sealed to each recipient; the secret half leaves this
 * function only inside those sealed boxes. Opening a survey and rotating its key both use it.
 */
export async function newSurveyKey(
  recipients: readonly { id: string; publicKey: string }[],
): Promise<NewSurveyKey> {
  const [k, e] = await Promise.all([keyring(), envelope()]);
  const pair = e.generateKeyPair();
  return {
    publicKey: pair.publicKey,
    sealedKeys: recipients.map((r) => ({
      memberId: r.id,
      sealedKey: k.sealSurveyKey(pair, r.publicKey),
    })),
  };
}

export async function openSurveyKey(sealedKey: string, member: KeyPair): Promise<KeyPair | null> {
  return (await keyring()).openSurveyKey(sealedKey, member);
}

/** Re-seals one key this member holds to another member (the feedback channel's keys). */
export async function resealSurveyKey(
  sealedKey: string,
  member: KeyPair,
  recipientPublicKey: string,
): Promise<string | null> {
  const k = await keyring();
  const pair = k.openSurveyKey(sealedKey, member);
  return pair ? k.sealSurveyKey(pair, recipientPublicKey) : null;
}

/**
 * Opens every copy this member holds, newest first. A copy that does not open, or holds a key
 * pair other than the one it is filed under, is left out: it was not made for this member.
 */
export async function openSurveyKeys(
  grants: readonly KeyGrant[],
  member: KeyPair,
): Promise<KeyPair[]> {
  const k = await keyring();
  return grants.flatMap((g) => {
    const pair = k.openSurveyKey(g.sealedKey, member);
    return pair && pair.publicKey === g.publicKey ? [pair] : [];
  });
}

/** Re-seals every survey key this member holds to another member: how an owner grants access. */
export async function resealSurveyKeys(
  grants: readonly KeyGrant[],
  member: KeyPair,
  recipientPublicKey: string,
): Promise<KeyGrant[]> {
  const k = await keyring();
  return (await openSurveyKeys(grants, member)).map((pair) => ({
    publicKey: pair.publicKey,
    sealedKey: k.sealSurveyKey(pair, recipientPublicKey),
  }));
}

/**
 * A new passphrase for the member's own key pair: the pair wrapped anew and the login secrets
 * derived from the old and the new passphrase (the server checks the old, keeps the new).
 */
export async function newPassphrase(
  email: string,
  keyPair: KeyPair,
  oldPassphrase: string,
  passphrase: string,
) {
  const k = await keyring();
  return {
    password: k.loginSecret(email, oldPassphrase),
    newPassword: k.loginSecret(email, passphrase),
    wrappedKey: k.rewrapMemberKey(keyPair, passphrase),
  };
}

/** client/lib/crypto.ts firstCopies, once libsodium has loaded. */
export async function firstCopies(): Promise<(ciphertext: string) => boolean> {
  return (await envelope()).firstCopies();
}

export type OpenedResponse =
  | { ok: true; id: string; receivedOn: string; version: number; answers: Record<string, unknown> }
  | { ok: false; id: string; receivedOn: string };

/**
 * Opens a page of responses with whichever of the survey's keys fits; one that fails is counted
 * unreadable, never thrown (DESIGN §4).
 */
export async function openResponses(
  responses: readonly StoredResponse[],
  surveyKeys: readonly KeyPair[],
  versions: readonly Survey[],
): Promise<OpenedResponse[]> {
  const e = await envelope();
  const keys = surveyKeys.flatMap((pair) => e.openKey(pair) ?? []);
  return responses.map((r) => {
    const opened = e.openWithAny(r.ciphertext, keys, versions);
    return opened?.ok
      ? {
          ok: true,
          id: r.id,
          receivedOn: r.receivedOn,
          version: opened.envelope.version,
          answers: opened.envelope.answers,
        }
      : { ok: false, id: r.id, receivedOn: r.receivedOn };
  });
}
