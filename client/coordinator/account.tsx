// Sign up, join by invitation, log in and unlock. The passphrase stays in this browser: the
// server gets an Argon2id-derived login secret, and the personal key is unwrapped here and
// kept in memory only (DESIGN §9.4).
import type { ComponentChildren } from "preact";
import { useEffect, useId, useState } from "preact/hooks";
import type { KeyPair } from "../lib/crypto";
import { MIN_PASSPHRASE_LENGTH } from "../lib/key-format";
import { api, type Failure, type Me, type MemberFields, type Result, type Role } from "./api";
import { paint, type Status, StatusLine, TextField } from "./fields";
import { loginSecret, newMember, unlock } from "./keys";
import { onLinkClick } from "./router";

export type SignedIn = (me: Me, memberKey: KeyPair) => void;

export const FORGET_WARNING =
  "Keep this passphrase safe: if you forget this passphrase, the answers sealed to you cannot be read by anyone, not even us.";

function passphraseProblem(passphrase: string, confirm: string): string | null {
  if (passphrase.length < MIN_PASSPHRASE_LENGTH) {
    return `The passphrase needs at least ${MIN_PASSPHRASE_LENGTH} characters; a few unusual words work well.`;
  }
  if (passphrase !== confirm) return "The two passphrases differ.";
  return null;
}

// What the join page says about its link, before and after the form.
export const INVITATION_TEXT = {
  invitation_used:
    "This invitation link was already used. Ask the person who invited you for a new one.",
  invitation_revoked:
    "This invitation was withdrawn by the organization. Ask the person who invited you.",
  invitation_expired:
    "This invitation has expired (links last 72 hours). Ask the person who invited you for a new one.",
  invitation_unknown:
    "This invitation link is not valid. Check that you copied all of it, including the part after “#”.",
  checking: "Checking the invitation…",
  heading: "Join your organization's workspace",
  invited: (name: string, organization: string, role: string) =>
    `Invitation for ${name} to join ${organization} as ${role}.`,
  roles: {
    owner: "owner (everything, including members and access to answers)",
    designer: "designer (builds and publishes surveys; cannot read answers)",
    analyst: "analyst (reads the answers of surveys they are given)",
  },
} as const;

function failureText(failure: Failure): string {
  if (failure.status === 0)
    return "The server cannot be reached. Check the connection and try again.";
  if (failure.code === "email_taken") return "This email already has an account. Log in instead.";
  const invitation = INVITATION_TEXT[failure.code as keyof typeof INVITATION_TEXT];
  if (typeof invitation === "string") return invitation;
  if (failure.status === 429) {
    const wait = failure.retryAfterSeconds ? ` in ${failure.retryAfterSeconds} seconds` : " later";
    return `Too many attempts. Try again${wait}.`;
  }
  if (failure.code === "bad_login") return "The email or the passphrase is wrong.";
  return failure.message;
}

/** After sign-up, join or login: the session's own view of the member, and the unlocked key. */
async function finish(keyPair: KeyPair, onSignedIn: SignedIn, setStatus: (s: Status) => void) {
  const me = await api.me();
  if (!me.ok) return setStatus({ kind: "error", text: failureText(me) });
  onSignedIn(me.value, keyPair);
}

function NewPassphrase(props: {
  passphrase: string;
  confirm: string;
  onPassphrase: (v: string) => void;
  onConfirm: (v: string) => void;
}) {
  const id = useId();
  return (
    <>
      <p class="warning" id={`${id}-warning`}>
        {FORGET_WARNING}
      </p>
      <TextField
        id={`${id}-passphrase`}
        label="Passphrase"
        type="password"
        autocomplete="new-password"
        value={props.passphrase}
        onInput={props.onPassphrase}
        required
        hint={`At least ${MIN_PASSPHRASE_LENGTH} characters. It never leaves this browser.`}
      />
      <TextField
        id={`${id}-confirm`}
        label="Passphrase again"
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

  async function submit(event: Event) {
    event.preventDefault();
    const problem = passphraseProblem(passphrase, confirm);
    if (problem) return setStatus({ kind: "error", text: problem });
    setStatus({ kind: "busy", text: "Making your personal key…" });
    await paint();
    const { fields, keyPair } = await newMember(email.trim(), passphrase);
    const result = await props.send(fields);
    if (!result.ok) return setStatus({ kind: "error", text: failureText(result) });
    await finish(keyPair, props.onSignedIn, setStatus);
  }

  return (
    <form class="account" onSubmit={submit}>
      <h1>{props.heading}</h1>
      {props.children}
      <TextField
        id={`${id}-email`}
        label="Your email"
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
  return (
    <NewMemberForm
      heading={
        invitation
          ? "Create the workspace you were invited to set up"
          : "Create your organization's workspace"
      }
      submitLabel="Create workspace"
      send={(fields) => api.signUp(invitation ? { invitation } : organization.trim(), fields)}
      onSignedIn={onSignedIn}
      footer={
        <p>
          Already have an account?{" "}
          <a href="/c/login" onClick={onLinkClick}>
            Log in
          </a>
        </p>
      }
    >
      {invitation ? null : (
        <TextField
          id={`${id}-org`}
          label="Organization"
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
  useEffect(() => {
    if (!token) return;
    api
      .checkInvitation(token)
      .then((r) =>
        setInvitation(r.ok ? { ok: true, ...r.value } : { ok: false, text: failureText(r) }),
      );
  }, [token]);
  if (!token) {
    return (
      <div class="account">
        <h1>Join a workspace</h1>
        <p>This page needs the whole invitation link, including the part after “#”.</p>
      </div>
    );
  }
  if (!invitation) return <p class="loading">{INVITATION_TEXT.checking}</p>;
  if (!invitation.ok) {
    return (
      <div class="account">
        <h1>{INVITATION_TEXT.heading}</h1>
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
      heading={INVITATION_TEXT.heading}
      submitLabel="Join"
      send={send}
      onSignedIn={onSignedIn}
    >
      <p data-testid="invitation">
        {INVITATION_TEXT.invited(
          invitation.name,
          invitation.organization,
          INVITATION_TEXT.roles[invitation.role],
        )}
      </p>
    </NewMemberForm>
  );
}

export function LogIn({ onSignedIn }: { onSignedIn: SignedIn }) {
  const id = useId();
  const [email, setEmail] = useState("");
  const [passphrase, setPassphrase] = useState("");
  const [status, setStatus] = useState<Status>({ kind: "idle" });

  async function submit(event: Event) {
    event.preventDefault();
    setStatus({ kind: "busy", text: "Checking…" });
    await paint();
    const result = await api.logIn(email.trim(), await loginSecret(email, passphrase));
    if (!result.ok) return setStatus({ kind: "error", text: failureText(result) });
    const me = await api.me();
    if (!me.ok) return setStatus({ kind: "error", text: failureText(me) });
    setStatus({ kind: "busy", text: "Unlocking your key…" });
    await paint();
    const opened = await unlock(me.value.member.wrappedKey, passphrase);
    if (!opened.ok) {
      return setStatus({
        kind: "error",
        text: "You are logged in, but your stored key did not open with this passphrase.",
      });
    }
    onSignedIn(me.value, opened.keyPair);
  }

  return (
    <form class="account" onSubmit={submit}>
      <h1>Log in</h1>
      <TextField
        id={`${id}-email`}
        label="Email"
        type="email"
        autocomplete="username"
        value={email}
        onInput={setEmail}
        required
      />
      <TextField
        id={`${id}-passphrase`}
        label="Passphrase"
        type="password"
        autocomplete="current-password"
        value={passphrase}
        onInput={setPassphrase}
        required
      />
      <button type="submit" class="primary" disabled={status.kind === "busy"}>
        Log in
      </button>
      <StatusLine status={status} />
      <p>
        New organization?{" "}
        <a href="/c/signup" onClick={onLinkClick}>
          Create a workspace
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

  async function submit(event: Event) {
    event.preventDefault();
    setStatus({ kind: "busy", text: "Unlocking…" });
    await paint();
    const opened = await unlock(me.member.wrappedKey, passphrase);
    setPassphrase("");
    if (!opened.ok) {
      return setStatus({ kind: "error", text: "That passphrase does not open your key." });
    }
    onUnlocked(opened.keyPair);
  }

  return (
    <form class="unlock" onSubmit={submit}>
      <p>Your key is locked. Enter your passphrase to read answers; it stays in this tab only.</p>
      <TextField
        id={`${id}-passphrase`}
        label="Passphrase"
        type="password"
        autocomplete="current-password"
        value={passphrase}
        onInput={setPassphrase}
        required
      />
      <button type="submit" class="primary" disabled={status.kind === "busy"}>
        Unlock
      </button>
      <StatusLine status={status} />
    </form>
  );
}
