// "Your account" (issues 13 and 16): the member's own safety words, computed from the key
// unlocked in this browser (not from what the server lists), so a key swapped on the server
// shows different words on the owner's screen; and a new passphrase, which rewraps the same key
// here (every survey key sealed to the member stays readable) and changes the login secret.
import { useId, useState } from "preact/hooks";
import { MIN_PASSPHRASE_LENGTH } from "../lib/key-format";
import { fill } from "../lib/labels";
import { api } from "./api";
import { paint, type Status, StatusLine, TextField } from "./fields";
import { newPassphrase } from "./keys";
import { SafetyWords } from "./safety-words";
import { RequireKey, useSession } from "./session";
import { useStrings } from "./strings";

export function Profile() {
  const { me, memberKey } = useSession();
  const id = useId();
  const t = useStrings().profile;
  const n = MIN_PASSPHRASE_LENGTH;
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [again, setAgain] = useState("");
  const [status, setStatus] = useState<Status>({ kind: "idle" });

  async function submit(event: Event) {
    event.preventDefault();
    if (!memberKey) return;
    if (next.length < MIN_PASSPHRASE_LENGTH)
      return setStatus({ kind: "error", text: fill(t.short, { n }) });
    if (next !== again) return setStatus({ kind: "error", text: t.differ });
    setStatus({ kind: "busy", text: t.busy });
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
        text: result.code === "wrong_passphrase" ? t.wrong : result.message,
      });
    }
    setCurrent("");
    setNext("");
    setAgain("");
    setStatus({ kind: "done", text: t.done });
  }

  return (
    <section class="profile">
      <h1>{t.heading}</h1>
      <RequireKey>
        {memberKey ? (
          <>
            {memberKey.publicKey !== me.member.publicKey ? (
              <p class="error" role="alert" data-testid="own-key-swapped">
                {t.swapped}
              </p>
            ) : null}
            <h2>{t.words}</h2>
            <SafetyWords publicKey={memberKey.publicKey} />
            <p class="muted">{t.wordsHint}</p>
            <form class="account" onSubmit={submit}>
              <h2>{t.change}</h2>
              <TextField
                id={`${id}-current`}
                label={t.current}
                type="password"
                autocomplete="current-password"
                value={current}
                onInput={setCurrent}
                required
              />
              <TextField
                id={`${id}-next`}
                label={t.next}
                type="password"
                autocomplete="new-password"
                value={next}
                onInput={setNext}
                required
                hint={fill(t.hint, { n })}
              />
              <TextField
                id={`${id}-again`}
                label={t.again}
                type="password"
                autocomplete="new-password"
                value={again}
                onInput={setAgain}
                required
              />
              <button type="submit" class="primary" disabled={status.kind === "busy"}>
                {t.submit}
              </button>
              <StatusLine status={status} />
            </form>
          </>
        ) : null}
      </RequireKey>
    </section>
  );
}
