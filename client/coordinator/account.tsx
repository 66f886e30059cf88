// Sign up, join by invitation, log in and unlock. The passphrase stays in this browser: the
// server gets an Argon2id-derived login secret, and the personal key is unwrapped here and
// kept in memory only (DESIGN §9.4).
import type { ComponentChildren } from "preact";
import { useEffect, useId, useState } from "preact/hooks";
import type { KeyPair } from "../lib/crypto";
import { MIN_PASSPHRASE_LENGTH } from "../lib/key-format";
import { fill } from "../lib/labels";
import { api, type Failure, type Me, type MemberFields, type Result, type Role } from "./api";
import { paint, type Status, StatusLine, TextField } from "./fields";
import { loginSecret, newMember, unlock } from "./keys";
import { onLinkClick } from "./router";
import { useStrings } from "./strings";
import type { WorkspaceStrings } from "./strings/en";

export type SignedIn = (me: Me, memberKey: KeyPair) => void;

type AccountStrings = WorkspaceStrings["account"];

function passphraseProblem(t: AccountStrings, passphrase: string, confirm: string): string | null {
  if (passphrase.length < MIN_PASSPHRASE_LENGTH) {
    return fill(t.tooShort, { n: MIN_PASSPHRASE_LENGTH });
  }
  if (passphrase !== confirm) return t.differ;
  return null;
}

const INVITATION_PROBLEMS = [
  "invitation_used",
  "invitation_revoked",
  "invitation_expired",
  "invitation_unknown",
] as const;

function failureText(t: AccountStrings, failure: Failure): string {
  if (failure.status === 0) return t.unreachable;
  if (failure.code === "email_taken") return t.emailTaken;
  const invitation = INVITATION_PROBLEMS.find((code) => code === failure.code);
  if (invitation) return t[invitation];
  if (failure.status === 429) {
    return failure.retryAfterSeconds
      ? fill(t.tooManyWait, { seconds: failure.retryAfterSeconds })
      : t.tooManyLater;
  }
  if (failure.code === "bad_login") return t.badLogin;
  return failure.message;
}

/** After sign-up, join or login: the session's own view of the member, and the unlocked key. */
async function finish(
  t: AccountStrings,
  keyPair: KeyPair,
  onSignedIn: SignedIn,
  setStatus: (s: Status) => void,
) {
  const me = await api.me();
  if (!me.ok) return setStatus({ kind: "error", text: failureText(t, me) });
  onSignedIn(me.value, keyPair);
}

function NewPassphrase(props: {
  passphrase: string;
  confirm: string;
  onPassphrase: (v: string) => void;
  onConfirm: (v: string) => void;
}) {
  const id = useId();
  const t = useStrings().account;
  return (
    <>
      <p class="warning" id={`${id}-warning`}>
        {t.forgetWarning}
      </p>
      <TextField
        id={`${id}-passphrase`}
        label={t.passphrase}
        type="password"
        autocomplete="new-password"
        value={props.passphrase}
        onInput={props.onPassphrase}
        required
        hint={fill(t.passphraseHint, { n: MIN_PASSPHRASE_LENGTH })}
      />
      <TextField
        id={`${id}-confirm`}
        label={t.passphraseAgain}
        type="password"
        autocomplete="new-password"
        value={props.confirm}
        onInput={props.onConfirm}
        required
      />
    </>
  );
}

/**
 * Email and a new passphrase, then the member's personal key made in this browser and sent by
 * `send` (sign-up or join); `children` are the fields only one of them asks for, before the
 * email, and `footer` what follows the status line.
 */
function NewMemberForm(props: {
  heading: string;
  submitLabel: string;
  send: (fields: MemberFields) => Promise<Result<unknown>>;
  onSignedIn: SignedIn;
  children?: ComponentChildren;
  footer?: ComponentChildren;
}) {
  const id = useId();
  const [email, setEmail] = useState("");
  const [passphrase, setPassphrase] = useState("");
  const [confirm, setConfirm] = useState("");
  const [status, setStatus] = useState<Status>({ kind: "idle" });
  const t = useStrings().account;

  async function submit(event: Event) {
    event.preventDefault();
    const problem = passphraseProblem(t, passphrase, confirm);
    if (problem) return setStatus({ kind: "error", text: problem });
    setStatus({ kind: "busy", text: t.makingKey });
    await paint();
    const { fields, keyPair } = await newMember(email.trim(), passphrase);
    const result = await props.send(fields);
    if (!result.ok) return setStatus({ kind: "error", text: failureText(t, result) });
    await finish(t, keyPair, props.onSignedIn, setStatus);
  }

  return (
    <form class="account" onSubmit={submit}>
      <h1>{props.heading}</h1>
      {props.children}
      <TextField
        id={`${id}-email`}
        label={t.yourEmail}
        type="email"
        autocomplete="username"
        value={email}
        onInput={setEmail}
        required
      />
      <NewPassphrase
        passphrase={passphrase}
        confirm={confirm}
        onPassphrase={setPassphrase}
        onConfirm={setConfirm}
      />
      <button type="submit" class="primary" disabled={status.kind === "busy"}>
        {props.submitLabel}
      </button>
      <StatusLine status={status} />
      {props.footer}
    </form>
  );
}

export function SignUp({ onSignedIn }: { onSignedIn: SignedIn }) {
  const id = useId();
  const [organization, setOrganization] = useState("");
  // A link from whoever runs this server (`cli org create`) carries its token in the fragment,
  // so it never reaches a server log; the organization is the one they named.
  const [invitation] = useState(() => location.hash.replace(/^#/, ""));
  const t = useStrings().account;
  return (
    <NewMemberForm
      heading={invitation ? t.signUpInvited : t.signUpHeading}
      submitLabel={t.createWorkspace}
      send={(fields) => api.signUp(invitation ? { invitation } : organization.trim(), fields)}
      onSignedIn={onSignedIn}
      footer={
        <p>
          {t.haveAccount}{" "}
          <a href="/c/login" onClick={onLinkClick}>
            {t.logIn}
          </a>
        </p>
      }
    >
      {invitation ? null : (
        <TextField
          id={`${id}-org`}
          label={t.organization}
          value={organization}
          onInput={setOrganization}
          required
        />
      )}
    </NewMemberForm>
  );
}

type Invitation =
  | { ok: true; organization: string; name: string; role: Role }
  | { ok: false; text: string };

export function Join({ onSignedIn }: { onSignedIn: SignedIn }) {
  // The token rides in the fragment, so it never reaches a server log or a Referer header.
  const [token] = useState(() => location.hash.replace(/^#/, ""));
  // Checked before the form: a used or withdrawn link says so before anyone types a passphrase.
  const [invitation, setInvitation] = useState<Invitation | null>(null);
  const t = useStrings().account;
  useEffect(() => {
    if (!token) return;
    api
      .checkInvitation(token)
      .then((r) =>
        setInvitation(r.ok ? { ok: true, ...r.value } : { ok: false, text: failureText(t, r) }),
      );
  }, [token]);
  if (!token) {
    return (
      <div class="account">
        <h1>{t.joinHeading}</h1>
        <p>{t.wholeLink}</p>
      </div>
    );
  }
  if (!invitation) return <p class="loading">{t.checking}</p>;
  if (!invitation.ok) {
    return (
      <div class="account">
        <h1>{t.invitedHeading}</h1>
        <p class="error" role="alert" data-testid="invitation-problem">
          {invitation.text}
        </p>
      </div>
    );
  }
  const send = async (fields: MemberFields) => {
    const result = await api.join(token, fields);
    // Spent: the token leaves the address bar and history.
    if (result.ok) history.replaceState(null, "", "/join");
    return result;
  };
  return (
    <NewMemberForm
      heading={t.invitedHeading}
      submitLabel={t.join}
      send={send}
      onSignedIn={onSignedIn}
    >
      <p data-testid="invitation">
        {fill(t.invited, {
          name: invitation.name,
          organization: invitation.organization,
          role: t.roles[invitation.role],
        })}
      </p>
    </NewMemberForm>
  );
}

export function LogIn({ onSignedIn }: { onSignedIn: SignedIn }) {
  const id = useId();
  const [email, setEmail] = useState("");
  const [passphrase, setPassphrase] = useState("");
  const [status, setStatus] = useState<Status>({ kind: "idle" });

  const t = useStrings().account;

  async function submit(event: Event) {
    event.preventDefault();
    setStatus({ kind: "busy", text: t.checkingLogin });
    await paint();
    const result = await api.logIn(email.trim(), await loginSecret(email, passphrase));
    if (!result.ok) return setStatus({ kind: "error", text: failureText(t, result) });
    const me = await api.me();
    if (!me.ok) return setStatus({ kind: "error", text: failureText(t, me) });
    setStatus({ kind: "busy", text: t.unlockingKey });
    await paint();
    const opened = await unlock(me.value.member.wrappedKey, passphrase);
    if (!opened.ok) return setStatus({ kind: "error", text: t.keyDidNotOpen });
    onSignedIn(me.value, opened.keyPair);
  }

  return (
    <form class="account" onSubmit={submit}>
      <h1>{t.logIn}</h1>
      <TextField
        id={`${id}-email`}
        label={t.email}
        type="email"
        autocomplete="username"
        value={email}
        onInput={setEmail}
        required
      />
      <TextField
        id={`${id}-passphrase`}
        label={t.passphrase}
        type="password"
        autocomplete="current-password"
        value={passphrase}
        onInput={setPassphrase}
        required
      />
      <button type="submit" class="primary" disabled={status.kind === "busy"}>
        {t.logIn}
      </button>
      <StatusLine status={status} />
      <p>
        {t.newOrganization}{" "}
        <a href="/c/signup" onClick={onLinkClick}>
          {t.createAWorkspace}
        </a>
      </p>
    </form>
  );
}

/** After a reload the session survives but the key does not: it was only ever in memory. */
export function Unlock({ me, onUnlocked }: { me: Me; onUnlocked: (key: KeyPair) => void }) {
  const id = useId();
  const [passphrase, setPassphrase] = useState("");
  const [status, setStatus] = useState<Status>({ kind: "idle" });
  const t = useStrings().account;

  async function submit(event: Event) {
    event.preventDefault();
    setStatus({ kind: "busy", text: t.unlocking });
    await paint();
    const opened = await unlock(me.member.wrappedKey, passphrase);
    setPassphrase("");
    if (!opened.ok) {
      return setStatus({ kind: "error", text: t.wrongPassphrase });
    }
    onUnlocked(opened.keyPair);
  }

  return (
    <form class="unlock" onSubmit={submit}>
      <p>{t.lockedKey}</p>
      <TextField
        id={`${id}-passphrase`}
        label={t.passphrase}
        type="password"
        autocomplete="current-password"
        value={passphrase}
        onInput={setPassphrase}
        required
      />
      <button type="submit" class="primary" disabled={status.kind === "busy"}>
        {t.unlock}
      </button>
      <StatusLine status={status} />
    </form>
  );
}
