// The owner's page (issue 16): members with their key's safety words, roles and removal;
// invitations with a name and a role, the pending ones and revoking them. Taking someone's
// reading away (removal, or a role that cannot read) rotates the keys of the surveys they could
// read: new key pairs are made here and sealed to the members who keep access.
import { useEffect, useId, useState } from "preact/hooks";
import { who } from "./access";
import { api, type MemberRow, type PendingInvitation, type Role } from "./api";
import { type Status, StatusLine } from "./fields";
import { newSurveyKey } from "./keys";
import { checkRecipients, type KeyStatus, pinsOf } from "./pins";
import { SafetyWords } from "./safety-words";
import { useSession } from "./session";

// Every sentence of this page, in one place for the workspace's string catalogue.
export const MEMBERS_TEXT = {
  heading: "Members",
  name: "Name",
  email: "Email",
  role: "Role",
  key: "Key check",
  actions: "Actions",
  roles: {
    owner: "Owner — everything, including members and access to answers",
    designer: "Designer — builds and publishes surveys; cannot read answers",
    analyst: "Analyst — reads the answers of surveys they are given",
  } satisfies Record<Role, string>,
  roleShort: { owner: "owner", designer: "designer", analyst: "analyst" } satisfies Record<
    Role,
    string
  >,
  keyStatus: {
    verified: "Verified in this browser",
    unverified: "Not verified",
    new: "Not verified",
    changed: "Changed since this browser saw it — do not trust until compared again",
  } satisfies Record<KeyStatus["kind"], string>,
  compareHint:
    "Ask this person to open “Your account” and read you their words, in person or on a call you trust. If every word matches, mark the key verified.",
  compare: "Compare words",
  markVerified: "The words match: mark verified",
  verified: (name: string) => `${name}'s key is verified in this browser.`,
  remove: "Remove",
  confirmRemove: (name: string, surveys: number) =>
    `Remove ${name}? Their sessions end at once and their copies of every key are deleted. ${
      surveys === 0
        ? "They hold no survey key."
        : `${surveys} survey(s) they can read get a new key (a new version, same questions); share those surveys' new links.`
    }`,
  confirm: "Remove for good",
  cancel: "Cancel",
  removed: (name: string) => `${name} is no longer a member.`,
  roleChanged: (name: string, role: string, rotated: number) =>
    `${name} is now ${role}.${rotated > 0 ? ` ${rotated} survey key(s) were replaced.` : ""}`,
  rotating: "Making new survey keys in this browser…",
  changedKeys: (names: string) =>
    `The key of ${names} is not the one this browser saw before; nothing was changed. Compare safety words and mark it verified first.`,
  invite: "Invite someone",
  inviteName: "Their name (shown on the invitation and the members list)",
  makeLink: "Make an invitation link",
  linkLabel: (role: string, name: string, hours: number) =>
    `Invitation link for ${name} as ${role} (valid ${hours} hours, once). Send it privately.`,
  copy: "Copy",
  copied: "Link copied.",
  copyBlocked: "Copying is blocked here; select the link and copy it.",
  pending: "Pending invitations",
  nonePending: "None.",
  expires: (date: string) => `expires ${date}`,
  revoke: "Revoke",
  revoked: (name: string) => `The invitation for ${name} can no longer be used.`,
} as const;

type Confirming = { member: MemberRow; surveys: number } | null;

export function Members() {
  const id = useId();
  const { me } = useSession();
  const [members, setMembers] = useState<MemberRow[]>([]);
  const [pending, setPending] = useState<PendingInvitation[]>([]);
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role>("analyst");
  const [link, setLink] = useState<{ url: string; hours: number; role: Role; name: string } | null>(
    null,
  );
  const [comparing, setComparing] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<Confirming>(null);
  const [status, setStatus] = useState<Status>({ kind: "idle" });
  const [, setPinsSeen] = useState(0);
  const pins = pinsOf(me);

  async function load() {
    const [list, invitations] = await Promise.all([api.members(), api.invitations()]);
    if (list.ok) {
      setMembers(list.value.members);
      pins.see(list.value.members);
    } else setStatus({ kind: "error", text: list.message });
    if (invitations.ok) setPending(invitations.value.invitations);
  }
  useEffect(() => {
    load();
  }, []);

  async function invite(event: Event) {
    event.preventDefault();
    const result = await api.invite(name.trim(), role);
    if (!result.ok) return setStatus({ kind: "error", text: result.message });
    setLink({
      url: `${location.origin}${result.value.path}`,
      hours: result.value.expiresInHours,
      role,
      name: name.trim(),
    });
    setName("");
    setStatus({ kind: "idle" });
    load();
  }

  async function revokeInvitation(invitation: PendingInvitation) {
    const result = await api.revokeInvitation(invitation.id);
    if (!result.ok) return setStatus({ kind: "error", text: result.message });
    if (link?.name === invitation.name) setLink(null);
    setStatus({ kind: "done", text: MEMBERS_TEXT.revoked(invitation.name) });
    load();
  }

  async function copy() {
    if (!link) return;
    try {
      await navigator.clipboard.writeText(link.url);
      setStatus({ kind: "done", text: MEMBERS_TEXT.copied });
    } catch {
      setStatus({ kind: "error", text: MEMBERS_TEXT.copyBlocked });
    }
  }

  /** New keys for every survey the member can read, sealed to everyone else who can. */
  async function rotationsWithout(member: MemberRow) {
    const surveys = await api.memberSurveys(member.id);
    if (!surveys.ok) return { error: surveys.message };
    const recipients = surveys.value.surveys.flatMap((s) => s.holders);
    const check = checkRecipients(pins, recipients);
    if (check.changed.length > 0) {
      const names = check.changed
        .map((changed) => who(recipients.find((r) => r.id === changed) ?? { email: changed }))
        .join(", ");
      return { error: MEMBERS_TEXT.changedKeys(names) };
    }
    const rotations = await Promise.all(
      surveys.value.surveys.map(async (s) => ({
        slug: s.slug,
        ...(await newSurveyKey(s.holders)),
      })),
    );
    return { rotations };
  }

  async function askRemove(member: MemberRow) {
    const surveys = await api.memberSurveys(member.id);
    if (!surveys.ok) return setStatus({ kind: "error", text: surveys.message });
    setConfirming({ member, surveys: surveys.value.surveys.length });
  }

  async function remove(member: MemberRow) {
    setConfirming(null);
    setStatus({ kind: "busy", text: MEMBERS_TEXT.rotating });
    const made = await rotationsWithout(member);
    if ("error" in made) return setStatus({ kind: "error", text: made.error ?? "" });
    const result = await api.removeMember(member.id, made.rotations);
    if (!result.ok) return setStatus({ kind: "error", text: result.message });
    pins.forget(member.id);
    setStatus({ kind: "done", text: MEMBERS_TEXT.removed(who(member)) });
    load();
  }

  async function changeRole(member: MemberRow, next: Role) {
    const losesReading = member.role !== "designer" && next === "designer";
    setStatus({ kind: "busy", text: MEMBERS_TEXT.rotating });
    const made = losesReading ? await rotationsWithout(member) : { rotations: [] };
    if ("error" in made) return setStatus({ kind: "error", text: made.error ?? "" });
    const result = await api.changeRole(member.id, next, made.rotations);
    if (!result.ok) return setStatus({ kind: "error", text: result.message });
    setStatus({
      kind: "done",
      text: MEMBERS_TEXT.roleChanged(
        who(member),
        MEMBERS_TEXT.roleShort[next],
        result.value.versions.length,
      ),
    });
    load();
  }

  function markVerified(member: MemberRow) {
    pins.verify(member.id, member.publicKey);
    setComparing(null);
    setPinsSeen((n) => n + 1);
    setStatus({ kind: "done", text: MEMBERS_TEXT.verified(who(member)) });
  }

  return (
    <section>
      <h1>{MEMBERS_TEXT.heading}</h1>
      <table class="list members">
        <thead>
          <tr>
            <th scope="col">{MEMBERS_TEXT.name}</th>
            <th scope="col">{MEMBERS_TEXT.role}</th>
            <th scope="col">{MEMBERS_TEXT.key}</th>
            <th scope="col">{MEMBERS_TEXT.actions}</th>
          </tr>
        </thead>
        <tbody>
          {members.map((m) => {
            const keyStatus = pins.status(m.id, m.publicKey);
            const self = m.id === me.member.id;
            return (
              <tr key={m.id} data-member={m.email}>
                <td>
                  {m.name ? <div>{m.name}</div> : null}
                  <div class="muted">{m.email}</div>
                </td>
                <td>
                  {self ? (
                    MEMBERS_TEXT.roleShort[m.role]
                  ) : (
                    <select
                      aria-label={`${MEMBERS_TEXT.role}: ${who(m)}`}
                      value={m.role}
                      disabled={status.kind === "busy"}
                      onChange={(e) => changeRole(m, e.currentTarget.value as Role)}
                    >
                      {(Object.keys(MEMBERS_TEXT.roleShort) as Role[]).map((r) => (
                        <option key={r} value={r}>
                          {MEMBERS_TEXT.roleShort[r]}
                        </option>
                      ))}
                    </select>
                  )}
                </td>
                <td>
                  <span class={`key-status ${keyStatus.kind}`} data-testid="key-status">
                    {MEMBERS_TEXT.keyStatus[keyStatus.kind]}
                  </span>
                  {self ? null : comparing === m.id ? (
                    <div class="compare">
                      <SafetyWords publicKey={m.publicKey} />
                      <p class="muted">{MEMBERS_TEXT.compareHint}</p>
                      <button type="button" onClick={() => markVerified(m)}>
                        {MEMBERS_TEXT.markVerified}
                      </button>
                    </div>
                  ) : keyStatus.kind !== "verified" ? (
                    <button type="button" onClick={() => setComparing(m.id)}>
                      {MEMBERS_TEXT.compare}
                    </button>
                  ) : null}
                </td>
                <td>
                  {self ? null : (
                    <button
                      type="button"
                      class="danger"
                      disabled={status.kind === "busy"}
                      onClick={() => askRemove(m)}
                    >
                      {MEMBERS_TEXT.remove}
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {confirming ? (
        <div class="confirm" role="alertdialog" aria-labelledby={`${id}-confirm`}>
          <p id={`${id}-confirm`}>
            {MEMBERS_TEXT.confirmRemove(who(confirming.member), confirming.surveys)}
          </p>
          <button type="button" class="danger" onClick={() => remove(confirming.member)}>
            {MEMBERS_TEXT.confirm}
          </button>{" "}
          <button type="button" onClick={() => setConfirming(null)}>
            {MEMBERS_TEXT.cancel}
          </button>
        </div>
      ) : null}
      <StatusLine status={status} />
      <section aria-labelledby={`${id}-pending`}>
        <h2 id={`${id}-pending`}>{MEMBERS_TEXT.pending}</h2>
        {pending.length === 0 ? <p class="muted">{MEMBERS_TEXT.nonePending}</p> : null}
        <ul class="pending">
          {pending.map((p) => (
            <li key={p.id} data-invitation={p.name}>
              {p.name} · {MEMBERS_TEXT.roleShort[p.role]} ·{" "}
              {MEMBERS_TEXT.expires(new Date(p.expiresAt).toLocaleString())}{" "}
              <button type="button" onClick={() => revokeInvitation(p)}>
                {MEMBERS_TEXT.revoke}
              </button>
            </li>
          ))}
        </ul>
      </section>
      <form class="invite" onSubmit={invite}>
        <h2>{MEMBERS_TEXT.invite}</h2>
        <label for={`${id}-name`}>{MEMBERS_TEXT.inviteName}</label>
        <input
          id={`${id}-name`}
          value={name}
          required
          maxLength={120}
          onInput={(e) => setName(e.currentTarget.value)}
        />
        <fieldset>
          <legend>{MEMBERS_TEXT.role}</legend>
          {(Object.keys(MEMBERS_TEXT.roles) as Role[]).map((r) => (
            <label class="choice" key={r}>
              <input
                type="radio"
                name={`${id}-role`}
                value={r}
                checked={role === r}
                onChange={() => setRole(r)}
              />
              {MEMBERS_TEXT.roles[r]}
            </label>
          ))}
        </fieldset>
        <button type="submit" class="primary">
          {MEMBERS_TEXT.makeLink}
        </button>
      </form>
      {link ? (
        <div class="invitation">
          <label for={`${id}-link`}>
            {MEMBERS_TEXT.linkLabel(MEMBERS_TEXT.roleShort[link.role], link.name, link.hours)}
          </label>
          <div class="row">
            <input
              id={`${id}-link`}
              class="link"
              readOnly
              value={link.url}
              onFocus={(e) => e.currentTarget.select()}
            />
            <button type="button" onClick={copy}>
              {MEMBERS_TEXT.copy}
            </button>
          </div>
        </div>
      ) : null}
    </section>
  );
}
