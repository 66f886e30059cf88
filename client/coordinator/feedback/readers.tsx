// Who reads what (owners only): safeguarding members hold the sensitive key, owners and
// analysts the general one. Granting reseals the key this owner holds to the member's public
// key; revoking safeguarding makes the server drop that member's sensitive key.
import { useState } from "preact/hooks";
import { fill } from "../../lib/labels";
import { ScrollRegion } from "../scroll-region";
import { useSession } from "../session";
import { useStrings } from "../strings";
import { type ChannelInfo, type ChannelMember, feedbackApi, type KeyKind } from "./api";
import { type ChannelKeys, resealChannelKey } from "./crypto";
import { type Outcome, OutcomeLine } from "./outcome";

export function Readers(props: {
  channel: ChannelInfo;
  keys: ChannelKeys;
  onChange: () => Promise<void>;
}) {
  const { memberKey } = useSession();
  const strings = useStrings();
  const t = strings.readers;
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  // What the owner just asked for, shown until the channel is read back from the server.
  const [asked, setAsked] = useState<Record<string, boolean>>({});

  async function grant(member: ChannelMember, kind: KeyKind): Promise<boolean> {
    const sealed = props.keys.sealed[kind];
    const resealed =
      sealed && memberKey ? await resealChannelKey(sealed, memberKey, member.publicKey) : null;
    if (!resealed) {
      setOutcome({ ok: false, text: kind === "sensitive" ? t.noSensitiveKey : t.noGeneralKey });
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
      text: fill(on ? t.readsSensitive : t.noLongerSensitive, { who: member.email ?? "" }),
    });
  }

  async function shareGeneral(member: ChannelMember) {
    setOutcome(null);
    if (await grant(member, "general"))
      setOutcome({ ok: true, text: fill(t.readsGeneral, { who: member.email ?? "" }) });
  }

  return (
    <section class="readers">
      <h2>{t.heading}</h2>
      <p class="muted">{t.intro}</p>
      <ScrollRegion label={t.heading}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t.member}</th>
              <th scope="col">{t.role}</th>
              <th scope="col">{t.safeguarding}</th>
              <th scope="col">{t.generalKey}</th>
            </tr>
          </thead>
          <tbody>
            {props.channel.members.map((m) => (
              <tr key={m.id}>
                <th scope="row" class="email">
                  {m.email}
                </th>
                <td>{strings.members.roleShort[m.role]}</td>
                <td>
                  <label class="check">
                    <input
                      type="checkbox"
                      checked={asked[m.id] ?? m.safeguarding}
                      disabled={m.id in asked}
                      onChange={(e) => setSafeguarding(m, e.currentTarget.checked)}
                    />{" "}
                    <span class="visually-hidden">
                      {fill(t.safeguardingFor, { who: m.email ?? "" })}
                    </span>
                  </label>
                </td>
                <td>
                  {m.role === "owner" || m.role === "analyst" ? (
                    <button type="button" onClick={() => shareGeneral(m)}>
                      {fill(t.shareWith, { who: m.email ?? "" })}
                    </button>
                  ) : (
                    "—"
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      <OutcomeLine outcome={outcome} />
    </section>
  );
}
