// Who may read a survey's answers (issue 13 item 4), on the survey's page for owners. Giving
// access re-seals the survey's keys, opened with the owner's unlocked key, to the member's
// public key; taking it away rotates the key: a new key pair made here, published as a new
// version with the same questions and sealed to everyone who keeps access. Both check the
// recipients' keys against what this browser remembers (pins.ts) before sealing anything.
import { useEffect, useState } from "preact/hooks";
import { type Analyst, api, type Holder } from "./api";
import { type Status, StatusLine } from "./fields";
import { newSurveyKey, resealSurveyKeys } from "./keys";
import { checkRecipients, pinsOf, type SealCheck } from "./pins";
import { RequireKey, useSession } from "./session";

// Every sentence of this page, in one place for the workspace's string catalogue.
export const ACCESS_TEXT = {
  heading: "Who may read the answers",
  has: "Has access",
  hasNot: "No access",
  you: "you",
  give: "Give access",
  remove: "Remove access",
  explainRotation:
    "Removing someone's access makes a new survey key in this browser and publishes the questions again as a new version under it. Answers from then on are sealed to the new key, which only the members who keep access receive; earlier answers stay readable by those who held the old key. Links and QR codes made before carry the old key's fingerprint, so share the new link and print the poster again.",
  changed: (who: string) =>
    `${who}'s key is not the one this browser saw before. Someone may have replaced it. Nothing was sealed. Compare safety words with ${who} on the Members page, mark the key verified, then try again.`,
  unverified: (who: string) =>
    `Sealed to a key you have not verified: ${who}. Compare safety words on the Members page.`,
  granted: (who: string) => `${who} can now read the answers.`,
  noKey: "Your key does not open this survey's keys.",
  rotated: (who: string, version: number) =>
    `${who} no longer has access. The survey key was replaced: version ${version} has the same questions under a new key. Share the new link.`,
  rotating: "Making a new survey key in this browser and sealing it…",
} as const;

/** How a colleague is named: as invited, else by email (owners see it), else by role. */
export const who = (m: { name?: string | null; email?: string; role?: string }) =>
  m.name || m.email || m.role || "a member";

/** What to say about a seal check; null when every recipient's key was verified. */
export function sealWarning(
  check: SealCheck,
  people: readonly { id: string; name?: string | null; email?: string; role?: string }[],
): { refuse: boolean; text: string } | null {
  const names = (ids: string[]) =>
    ids.map((id) => who(people.find((p) => p.id === id) ?? { email: id })).join(", ");
  if (check.changed.length > 0)
    return { refuse: true, text: ACCESS_TEXT.changed(names(check.changed)) };
  if (check.unverified.length > 0) {
    return { refuse: false, text: ACCESS_TEXT.unverified(names(check.unverified)) };
  }
  return null;
}

export function Access({ slug, onRotated }: { slug: string; onRotated: () => void }) {
  const { me, memberKey } = useSession();
  const [readers, setReaders] = useState<Analyst[]>([]);
  const [holders, setHolders] = useState<Holder[]>([]);
  const [status, setStatus] = useState<Status>({ kind: "idle" });

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
    const warning = sealWarning(checkRecipients(pinsOf(me), [member]), [member]);
    if (warning?.refuse) return setStatus({ kind: "error", text: warning.text });
    const own = await api.surveyKey(slug);
    if (!own.ok) return setStatus({ kind: "error", text: own.message });
    const keys = await resealSurveyKeys(own.value.keys, memberKey, member.publicKey);
    if (keys.length === 0) return setStatus({ kind: "error", text: ACCESS_TEXT.noKey });
    const result = await api.grant(slug, member.id, keys);
    if (!result.ok) return setStatus({ kind: "error", text: result.message });
    setStatus({
      kind: "done",
      text: [ACCESS_TEXT.granted(who(member)), warning?.text].filter(Boolean).join(" "),
    });
    load();
  }

  async function revoke(member: Analyst) {
    setStatus({ kind: "busy", text: ACCESS_TEXT.rotating });
    const access = await api.access(slug);
    if (!access.ok) return setStatus({ kind: "error", text: access.message });
    const keep = access.value.holders.filter((h) => h.id !== member.id);
    const warning = sealWarning(checkRecipients(pinsOf(me), keep), keep);
    if (warning?.refuse) return setStatus({ kind: "error", text: warning.text });
    const key = await newSurveyKey(keep);
    const result = await api.rotate(slug, key, [member.id]);
    if (!result.ok) return setStatus({ kind: "error", text: result.message });
    setStatus({
      kind: "done",
      text: [ACCESS_TEXT.rotated(who(member), result.value.version), warning?.text]
        .filter(Boolean)
        .join(" "),
    });
    load();
    onRotated();
  }

  return (
    <section class="access" aria-labelledby="access-heading">
      <h2 id="access-heading">{ACCESS_TEXT.heading}</h2>
      <p class="muted">{ACCESS_TEXT.explainRotation}</p>
      <RequireKey>
        <table class="list">
          <tbody>
            {readers.map((a) => {
              const has = holders.some((h) => h.id === a.id);
              return (
                <tr key={a.id} data-member={a.email}>
                  <td>
                    {a.email} ({a.role})
                  </td>
                  <td data-testid="access">{has ? ACCESS_TEXT.has : ACCESS_TEXT.hasNot}</td>
                  <td>
                    {a.id === me.member.id ? (
                      <span class="muted">{ACCESS_TEXT.you}</span>
                    ) : has ? (
                      <button
                        type="button"
                        class="danger"
                        onClick={() => revoke(a)}
                        disabled={status.kind === "busy"}
                      >
                        {ACCESS_TEXT.remove}
                      </button>
                    ) : (
                      <button
                        type="button"
                        onClick={() => grant(a)}
                        disabled={status.kind === "busy"}
                      >
                        {ACCESS_TEXT.give}
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </RequireKey>
      <StatusLine status={status} />
    </section>
  );
}
