// "Your account" (issues 13 and 16): the member's own safety words, computed from the key
// unlocked in this browser (not from what the server lists), so a key swapped on the server
// shows different words on the owner's screen; and a new passphrase, which rewraps the same key
// here (every survey key sealed to the member stays readable) and changes the login secret.
import { useId, useState } from "preact/hooks";
import { MIN_PASSPHRASE_LENGTH } from "../lib/key-format";
import { api } from "./api";
import { paint, type Status, StatusLine, TextField } from "./fields";
import { newPassphrase } from "./keys";
import { SafetyWords } from "./safety-words";
import { RequireKey, useSession } from "./session";

// Every sentence of this page, in one place for the workspace's string catalogue.
export const PROFILE_TEXT = {
  heading: "Your account",
  words: "Your key's safety words",
  wordsHint:
    "When an owner asks, read them these words — in person or on a call you trust. If theirs differ, stop: someone may have replaced your key on the server.",
  swapped:
    "The server lists a public key for you that is not yours. Survey keys sealed to it cannot reach you and may reach someone else. Tell your organization's owners at once.",
  change: "Change your passphrase",
  current: "Current passphrase",
  next: "New passphrase",
  again: "New passphrase again",
  hint: `At least ${MIN_PASSPHRASE_LENGTH} characters. Your key is rewrapped in this browser; other sessions end.`,
  submit: "Change passphrase",
  busy: "Rewrapping your key…",
  short: `The new passphrase needs at least ${MIN_PASSPHRASE_LENGTH} characters.`,
  differ: "The two new passphrases differ.",
  wrong: "The current passphrase is wrong.",
  done: "Your passphrase is changed. Use the new one from now on.",
} as const;

export function Profile() {
  const { me, memberKey } = useSession();
  const id = useId();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [again, setAgain] = useState("");
  const [status, setStatus] = useState<Status>({ kind: "idle" });

  async function submit(event: Event) {
    event.preventDefault();
    if (!memberKey) return;
    if (next.length < MIN_PASSPHRASE_LENGTH)
      return setStatus({ kind: "error", text: PROFILE_TEXT.short });
    if (next !== again) return setStatus({ kind: "error", text: PROFILE_TEXT.differ });
    setStatus({ kind: "busy", text: PROFILE_TEXT.busy });
    await paint();
    const fields = await newPassphrase(me.member.email, memberKey, current, next);
    const result = await api.changePassphrase(
      fields.password,
      fields.newPassword,
      fields.wrappedKey,
    );
    if (!result.ok) {
      return setStatus({
        kind: "error",
        text: result.code === "wrong_passphrase" ? PROFILE_TEXT.wrong : result.message,
      });
    }
    setCurrent("");
    setNext("");
    setAgain("");
    setStatus({ kind: "done", text: PROFILE_TEXT.done });
  }

  return (
    <section class="profile">
      <h1>{PROFILE_TEXT.heading}</h1>
      <RequireKey>
        {memberKey ? (
          <>
            {memberKey.publicKey !== me.member.publicKey ? (
              <p class="error" role="alert" data-testid="own-key-swapped">
                {PROFILE_TEXT.swapped}
              </p>
            ) : null}
            <h2>{PROFILE_TEXT.words}</h2>
            <SafetyWords publicKey={memberKey.publicKey} />
            <p class="muted">{PROFILE_TEXT.wordsHint}</p>
            <form class="account" onSubmit={submit}>
              <h2>{PROFILE_TEXT.change}</h2>
              <TextField
                id={`${id}-current`}
                label={PROFILE_TEXT.current}
                type="password"
                autocomplete="current-password"
                value={current}
                onInput={setCurrent}
                required
              />
              <TextField
                id={`${id}-next`}
                label={PROFILE_TEXT.next}
                type="password"
                autocomplete="new-password"
                value={next}
                onInput={setNext}
                required
                hint={PROFILE_TEXT.hint}
              />
              <TextField
                id={`${id}-again`}
                label={PROFILE_TEXT.again}
                type="password"
                autocomplete="new-password"
                value={again}
                onInput={setAgain}
                required
              />
              <button type="submit" class="primary" disabled={status.kind === "busy"}>
                {PROFILE_TEXT.submit}
              </button>
              <StatusLine status={status} />
            </form>
          </>
        ) : null}
      </RequireKey>
    </section>
  );
}
