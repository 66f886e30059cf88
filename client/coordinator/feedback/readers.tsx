// Who reads what (owners only): safeguarding members hold the sensitive key, owners and
// analysts the general one. Granting reseals the key this owner holds to the member's public
// key; revoking safeguarding makes the server drop that member's sensitive key.
import { useState } from "preact/hooks";
import { useSession } from "../session";
import { type ChannelInfo, type ChannelMember, feedbackApi, type KeyKind } from "./api";
import { type ChannelKeys, resealChannelKey } from "./crypto";
import { type Outcome, OutcomeLine } from "./outcome";

export function Readers(props: {
  channel: ChannelInfo;
  keys: ChannelKeys;
  onChange: () => Promise<void>;
}) {
  const { memberKey } = useSession();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  // What the owner just asked for, shown until the channel is read back from the server.
  const [asked, setAsked] = useState<Record<string, boolean>>({});

  async function grant(member: ChannelMember, kind: KeyKind): Promise<boolean> {
    const sealed = props.keys.sealed[kind];
    const resealed =
      sealed && memberKey ? await resealChannelKey(sealed, memberKey, member.publicKey) : null;
    if (!resealed) {
      setOutcome({ ok: false, text: `You do not hold the ${kind} key, so you cannot share it.` });
      return false;
    }
    const result = await feedbackApi.grant(member.id, kind, resealed);
    if (!result.ok) setOutcome({ ok: false, text: result.message });
    return result.ok;
  }

  async function setSafeguarding(member: ChannelMember, on: boolean) {
    setOutcome(null);
    setAsked((now) => ({ ...now, [member.id]: on }));
    const result = await feedbackApi.safeguarding(member.id, on);
    const settled = () => setAsked(({ [member.id]: _, ...others }) => others);
    if (!result.ok) {
      settled();
      return setOutcome({ ok: false, text: result.message });
    }
    const granted = !on || (await grant(member, "sensitive"));
    await props.onChange();
    settled();
    if (!granted) return;
    setOutcome({
      ok: true,
      text: on
        ? `${member.email} now reads sensitive reports.`
        : `${member.email} no longer reads sensitive reports.`,
    });
  }

  async function shareGeneral(member: ChannelMember) {
    setOutcome(null);
    if (await grant(member, "general"))
      setOutcome({ ok: true, text: `${member.email} can read general feedback.` });
  }

  return (
    <section class="readers">
      <h2>Who reads feedback</h2>
      <p class="muted">
        Sensitive reports (abuse, exploitation, fraud) open only for safeguarding members. General
        feedback opens for owners and analysts who hold the general key.
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">Member</th>
            <th scope="col">Role</th>
            <th scope="col">Safeguarding</th>
            <th scope="col">General key</th>
          </tr>
        </thead>
        <tbody>
          {props.channel.members.map((m) => (
            <tr key={m.id}>
              <th scope="row">{m.email}</th>
              <td>{m.role}</td>
              <td>
                <label class="check">
                  <input
                    type="checkbox"
                    checked={asked[m.id] ?? m.safeguarding}
                    disabled={m.id in asked}
                    onChange={(e) => setSafeguarding(m, e.currentTarget.checked)}
                  />{" "}
                  <span class="visually-hidden">Safeguarding for {m.email}</span>
                </label>
              </td>
              <td>
                {m.role === "owner" || m.role === "analyst" ? (
                  <button type="button" onClick={() => shareGeneral(m)}>
                    Share with {m.email}
                  </button>
                ) : (
                  "—"
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <OutcomeLine outcome={outcome} />
    </section>
  );
}
