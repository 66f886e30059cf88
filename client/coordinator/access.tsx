// Who may read a survey's answers (issue 13 item 4), on the survey's page for owners. Giving
// access re-seals the survey's keys, opened with the owner's unlocked key, to the member's
// public key; taking it away rotates the key: a new key pair made here, published as a new
// version with the same questions and sealed to everyone who keeps access. Both check the
// recipients' keys against what this browser remembers (pins.ts) before sealing anything.

import { useEffect, useState } from "preact/hooks";
import { fill } from "../lib/labels";
import { type Analyst, api, type Holder } from "./api";
import { type Status, StatusLine } from "./fields";
import { newSurveyKey, resealSurveyKeys } from "./keys";
import { checkRecipients, pinsOf, type SealCheck } from "./pins";
import { ScrollRegion } from "./scroll-region";
import { RequireKey, useSession } from "./session";
import { useStrings } from "./strings";
import type { WorkspaceStrings } from "./strings/en";

/** How a colleague is named: as invited, else by email (owners see it), else by role. */
export const who = (m: { name?: string | null; email?: string; role?: string }) =>
  m.name || m.email || m.role || "a member";

/** What to say about a seal check; null when every recipient's key was verified. */
export function sealWarning(
  t: WorkspaceStrings["access"],
  check: SealCheck,
  people: readonly { id: string; name?: string | null; email?: string; role?: string }[],
): { refuse: boolean; text: string } | null {
  const names = (ids: string[]) =>
    ids.map((id) => who(people.find((p) => p.id === id) ?? { email: id })).join(", ");
  if (check.changed.length > 0)
    return { refuse: true, text: fill(t.changed, { who: names(check.changed) }) };
  if (check.unverified.length > 0) {
    return { refuse: false, text: fill(t.unverified, { who: names(check.unverified) }) };
  }
  return null;
}

export function Access({ slug, onRotated }: { slug: string; onRotated: () => void }) {
  const { me, memberKey } = useSession();
  const [readers, setReaders] = useState<Analyst[]>([]);
  const [holders, setHolders] = useState<Holder[]>([]);
  const [status, setStatus] = useState<Status>({ kind: "idle" });
  const strings = useStrings();
  const t = strings.access;
  const roles = strings.members.roleShort;

  async function load() {
    const [all, access] = await Promise.all([api.analysts(), api.access(slug)]);
    if (all.ok) setReaders(all.value.analysts);
    if (access.ok) setHolders(access.value.holders);
    else setStatus({ kind: "error", text: access.message });
  }
  useEffect(() => {
    load();
  }, [slug]);

  async function grant(member: Analyst) {
    if (!memberKey) return;
    const warning = sealWarning(t, checkRecipients(pinsOf(me), [member]), [member]);
    if (warning?.refuse) return setStatus({ kind: "error", text: warning.text });
    const own = await api.surveyKey(slug);
    if (!own.ok) return setStatus({ kind: "error", text: own.message });
    const keys = await resealSurveyKeys(own.value.keys, memberKey, member.publicKey);
    if (keys.length === 0) return setStatus({ kind: "error", text: t.noKey });
    const result = await api.grant(slug, member.id, keys);
    if (!result.ok) return setStatus({ kind: "error", text: result.message });
    setStatus({
      kind: "done",
      text: [fill(t.granted, { who: who(member) }), warning?.text].filter(Boolean).join(" "),
    });
    load();
  }

  async function revoke(member: Analyst) {
    setStatus({ kind: "busy", text: t.rotating });
    const access = await api.access(slug);
    if (!access.ok) return setStatus({ kind: "error", text: access.message });
    const keep = access.value.holders.filter((h) => h.id !== member.id);
    const warning = sealWarning(t, checkRecipients(pinsOf(me), keep), keep);
    if (warning?.refuse) return setStatus({ kind: "error", text: warning.text });
    const key = await newSurveyKey(keep);
    const result = await api.rotate(slug, key, [member.id]);
    if (!result.ok) return setStatus({ kind: "error", text: result.message });
    setStatus({
      kind: "done",
      text: [fill(t.rotated, { who: who(member), version: result.value.version }), warning?.text]
        .filter(Boolean)
        .join(" "),
    });
    load();
    onRotated();
  }

  return (
    <section class="access" aria-labelledby="access-heading">
      <h2 id="access-heading">{t.heading}</h2>
      <p class="muted">{t.explainRotation}</p>
      <RequireKey>
        <ScrollRegion label={t.heading}>
          <table class="list">
            <tbody>
              {readers.map((a) => {
                const has = holders.some((h) => h.id === a.id);
                return (
                  <tr key={a.id} data-member={a.email}>
                    <td>
                      {a.email} ({roles[a.role]})
                    </td>
                    <td data-testid="access">{has ? t.has : t.hasNot}</td>
                    <td>
                      {a.id === me.member.id ? (
                        <span class="muted">{t.you}</span>
                      ) : has ? (
                        <button
                          type="button"
                          class="danger"
                          onClick={() => revoke(a)}
                          disabled={status.kind === "busy"}
                        >
                          {t.remove}
                        </button>
                      ) : (
                        <button
                          type="button"
                          onClick={() => grant(a)}
                          disabled={status.kind === "busy"}
                        >
                          {t.give}
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </ScrollRegion>
      </RequireKey>
      <StatusLine status={status} />
    </section>
  );
}
