// The owner's page (issue 16): members with their key's safety words, roles and removal;
// invitations with a name and a role, the pending ones and revoking them. Taking someone's
// reading away (removal, or a role that cannot read) rotates the keys of the surveys they could
// read: new key pairs are made here and sealed to the members who keep access.

import { useEffect, useId, useState } from "preact/hooks";
import { fill } from "../lib/labels";
import { who } from "./access";
import { api, type MemberRow, type PendingInvitation, type Role } from "./api";
import { type Status, StatusLine } from "./fields";
import { newSurveyKey } from "./keys";
import { checkRecipients, pinsOf } from "./pins";
import { SafetyWords } from "./safety-words";
import { ScrollRegion } from "./scroll-region";
import { useSession } from "./session";
import { useStrings, workspaceLanguage } from "./strings";
import type { WorkspaceStrings } from "./strings/en";

type MembersStrings = WorkspaceStrings["members"];

function confirmRemove(t: MembersStrings, name: string, surveys: number): string {
  const keys = surveys === 0 ? t.holdsNoKey : fill(t.surveysRekeyed, { n: surveys });
  return `${fill(t.confirmRemove, { name })} ${keys}`;
}

function roleChanged(t: MembersStrings, name: string, role: string, rotated: number): string {
  const now = fill(t.roleChanged, { name, role });
  return rotated > 0 ? `${now} ${fill(t.keysReplaced, { n: rotated })}` : now;
}

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
  const t = useStrings().members;

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
    setStatus({ kind: "done", text: fill(t.revoked, { name: invitation.name }) });
    load();
  }

  async function copy() {
    if (!link) return;
    try {
      await navigator.clipboard.writeText(link.url);
      setStatus({ kind: "done", text: t.copied });
    } catch {
      setStatus({ kind: "error", text: t.copyBlocked });
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
      return { error: fill(t.changedKeys, { names }) };
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
    setStatus({ kind: "busy", text: t.rotating });
    const made = await rotationsWithout(member);
    if ("error" in made) return setStatus({ kind: "error", text: made.error ?? "" });
    const result = await api.removeMember(member.id, made.rotations);
    if (!result.ok) return setStatus({ kind: "error", text: result.message });
    pins.forget(member.id);
    setStatus({ kind: "done", text: fill(t.removed, { name: who(member) }) });
    load();
  }

  async function changeRole(member: MemberRow, next: Role) {
    const losesReading = member.role !== "designer" && next === "designer";
    setStatus({ kind: "busy", text: t.rotating });
    const made = losesReading ? await rotationsWithout(member) : { rotations: [] };
    if ("error" in made) return setStatus({ kind: "error", text: made.error ?? "" });
    const result = await api.changeRole(member.id, next, made.rotations);
    if (!result.ok) return setStatus({ kind: "error", text: result.message });
    setStatus({
      kind: "done",
      text: roleChanged(t, who(member), t.roleShort[next], result.value.versions.length),
    });
    load();
  }

  function markVerified(member: MemberRow) {
    pins.verify(member.id, member.publicKey);
    setComparing(null);
    setPinsSeen((n) => n + 1);
    setStatus({ kind: "done", text: fill(t.verified, { name: who(member) }) });
  }

  return (
    <section>
      <h1>{t.heading}</h1>
      <ScrollRegion label={t.heading}>
        <table class="list members">
          <thead>
            <tr>
              <th scope="col">{t.name}</th>
              <th scope="col">{t.role}</th>
              <th scope="col">{t.key}</th>
              <th scope="col">{t.actions}</th>
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
                    <div class="muted email">{m.email}</div>
                  </td>
                  <td>
                    {self ? (
                      t.roleShort[m.role]
                    ) : (
                      <select
                        aria-label={`${t.role}: ${who(m)}`}
                        value={m.role}
                        disabled={status.kind === "busy"}
                        onChange={(e) => changeRole(m, e.currentTarget.value as Role)}
                      >
                        {(Object.keys(t.roleShort) as Role[]).map((r) => (
                          <option key={r} value={r}>
                            {t.roleShort[r]}
                          </option>
                        ))}
                      </select>
                    )}
                  </td>
                  <td>
                    <span class={`key-status ${keyStatus.kind}`} data-testid="key-status">
                      {t.keyStatus[keyStatus.kind]}
                    </span>
                    {self ? null : comparing === m.id ? (
                      <div class="compare">
                        <SafetyWords publicKey={m.publicKey} />
                        <p class="muted">{t.compareHint}</p>
                        <button type="button" onClick={() => markVerified(m)}>
                          {t.markVerified}
                        </button>
                      </div>
                    ) : keyStatus.kind !== "verified" ? (
                      <button type="button" onClick={() => setComparing(m.id)}>
                        {t.compare}
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
                        {t.remove}
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </ScrollRegion>
      {confirming ? (
        <div class="confirm" role="alertdialog" aria-labelledby={`${id}-confirm`}>
          <p id={`${id}-confirm`}>{confirmRemove(t, who(confirming.member), confirming.surveys)}</p>
          <button type="button" class="danger" onClick={() => remove(confirming.member)}>
            {t.confirm}
          </button>{" "}
          <button type="button" onClick={() => setConfirming(null)}>
            {t.cancel}
          </button>
        </div>
      ) : null}
      <StatusLine status={status} />
      <section aria-labelledby={`${id}-pending`}>
        <h2 id={`${id}-pending`}>{t.pending}</h2>
        {pending.length === 0 ? <p class="muted">{t.nonePending}</p> : null}
        <ul class="pending">
          {pending.map((p) => (
            <li key={p.id} data-invitation={p.name}>
              {p.name} · {t.roleShort[p.role]} ·{" "}
              {fill(t.expires, { date: new Date(p.expiresAt).toLocaleString(workspaceLanguage()) })}{" "}
              <button type="button" onClick={() => revokeInvitation(p)}>
                {t.revoke}
              </button>
            </li>
          ))}
        </ul>
      </section>
      <form class="invite" onSubmit={invite}>
        <h2>{t.invite}</h2>
        <label for={`${id}-name`}>{t.inviteName}</label>
        <input
          id={`${id}-name`}
          value={name}
          required
          maxLength={120}
          onInput={(e) => setName(e.currentTarget.value)}
        />
        <fieldset>
          <legend>{t.role}</legend>
          {(Object.keys(t.roles) as Role[]).map((r) => (
            <label class="choice" key={r}>
              <input
                type="radio"
                name={`${id}-role`}
                value={r}
                checked={role === r}
                onChange={() => setRole(r)}
              />
              {t.roles[r]}
            </label>
          ))}
        </fieldset>
        <button type="submit" class="primary">
          {t.makeLink}
        </button>
      </form>
      {link ? (
        <div class="invitation">
          <label for={`${id}-link`}>
            {fill(t.linkLabel, {
              role: t.roleShort[link.role],
              name: link.name,
              hours: link.hours,
            })}
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
              {t.copy}
            </button>
          </div>
        </div>
      ) : null}
    </section>
  );
}
