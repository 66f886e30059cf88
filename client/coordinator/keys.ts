// Every key operation of the workspace, behind lazy imports: libsodium-wrappers-sumo (Argon2id)
// is large, so it is fetched only when a passphrase or a sealed key is at hand (DESIGN §9.4).
// The unwrapped member key is returned to the caller, who keeps it in memory only — never in
// any storage, never sent.
import type { Survey } from "../../surveys/schema";
import type { KeyPair } from "../lib/crypto";
import type { Analyst, MemberFields, StoredResponse } from "./api";

const keyring = () =>
  import("../lib/keyring").then(async (m) => {
    await m.readyKeyring();
    return m;
  });

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
 * The survey's key pair, made here and sealed to every owner and analyst; the secret half
 * leaves this function only inside those sealed boxes.
 */
export async function newSurveyKey(analysts: readonly Analyst[]) {
  const [k, e] = await Promise.all([keyring(), envelope()]);
  const pair = e.generateKeyPair();
  return {
    publicKey: pair.publicKey,
    sealedKeys: analysts.map((a) => ({
      memberId: a.id,
      sealedKey: k.sealSurveyKey(pair, a.publicKey),
    })),
  };
}

export async function openSurveyKey(sealedKey: string, member: KeyPair): Promise<KeyPair | null> {
  return (await keyring()).openSurveyKey(sealedKey, member);
}

/** Re-seals a survey key this member holds to another member: how an owner grants access. */
export async function resealSurveyKey(
  sealedKey: string,
  member: KeyPair,
  recipientPublicKey: string,
): Promise<string | null> {
  const k = await keyring();
  const survey = k.openSurveyKey(sealedKey, member);
  return survey ? k.sealSurveyKey(survey, recipientPublicKey) : null;
}

export type OpenedResponse =
  | { ok: true; id: string; receivedOn: string; version: number; answers: Record<string, unknown> }
  | { ok: false; id: string; receivedOn: string };

/** Opens a page of responses; one that fails is counted unreadable, never thrown (DESIGN §4). */
export async function openResponses(
  responses: readonly StoredResponse[],
  surveyKey: KeyPair,
  versions: readonly Survey[],
): Promise<OpenedResponse[]> {
  const e = await envelope();
  const key = e.openKey(surveyKey);
  return responses.map((r) => {
    const opened = key ? e.open(r.ciphertext, key, versions) : null;
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
