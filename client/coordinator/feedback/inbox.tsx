// The inbox: every message this member may read, newest month first, with what triage needs
// at a glance. Message text is not shown here, only on the message's own page.

import { fill } from "../../lib/labels";
import { who } from "../access";
import { onLinkClick } from "../router";
import { ScrollRegion } from "../scroll-region";
import { useStrings } from "../strings";
import type { ChannelInfo } from "./api";
import type { OpenedMessage } from "./crypto";

export const messagePath = (id: string) => `/c/feedback/m/${encodeURIComponent(id)}`;

export function Inbox({ channel, messages }: { channel: ChannelInfo; messages: OpenedMessage[] }) {
  const t = useStrings().feedback;
  const assignee = (id: string | null) => {
    if (!id) return "—";
    const member = channel.members.find((m) => m.id === id);
    return member ? who(member) : t.formerMember;
  };
  const sorted = [...messages].sort((a, b) => b.stored.month.localeCompare(a.stored.month));
  const unreadable = messages.filter((m) => !m.message).length;
  return (
    <>
      <h2>{t.inbox}</h2>
      {messages.length === 0 ? <p class="muted">{t.noMessages}</p> : null}
      {unreadable > 0 ? (
        <p class="status">
          {unreadable === 1 ? t.oneUnreadable : fill(t.unreadable, { n: unreadable })}
        </p>
      ) : null}
      {messages.length > 0 ? (
        <ScrollRegion label={t.inbox}>
          <table class="inbox">
            <caption class="muted">{fill(t.mayRead, { n: messages.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t.category}</th>
                <th scope="col">{t.month}</th>
                <th scope="col">{t.status}</th>
                <th scope="col">{t.assigned}</th>
                <th scope="col">{t.replies}</th>
              </tr>
            </thead>
            <tbody>
              {sorted.map(({ stored, message, copy }) => (
                <tr key={stored.id} data-message={stored.id}>
                  <th scope="row">
                    <a href={messagePath(stored.id)} onClick={onLinkClick}>
                      {message
                        ? (t.categories[message.category as keyof typeof t.categories] ??
                          message.category)
                        : t.unreadableMessage}
                    </a>
                    {copy ? <div class="muted copy-mark">{t.copyMark}</div> : null}
                  </th>
                  <td class="day">{stored.month}</td>
                  <td>{t.statuses[stored.status]}</td>
                  <td>{assignee(stored.assignee)}</td>
                  <td class="num">{stored.replies}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      ) : null}
    </>
  );
}
