// The inbox: every message this member may read, newest month first, with what triage needs
// at a glance. Message text is not shown here, only on the message's own page.
import { who } from "../access";
import { onLinkClick } from "../router";
import type { ChannelInfo } from "./api";
import type { OpenedMessage } from "./crypto";

export const STATUS_LABELS = {
  new: "New",
  in_progress: "In progress",
  answered: "Answered",
  referred: "Referred",
  closed: "Closed",
} as const;

export const CATEGORY_LABELS: Record<string, string> = {
  question: "Question",
  suggestion: "Suggestion",
  complaint: "Complaint",
  thanks: "Thanks",
  sensitive: "Sensitive report",
};

export const messagePath = (id: string) => `/c/feedback/m/${encodeURIComponent(id)}`;

export function Inbox({ channel, messages }: { channel: ChannelInfo; messages: OpenedMessage[] }) {
  const assignee = (id: string | null) => {
    if (!id) return "—";
    const member = channel.members.find((m) => m.id === id);
    return member ? who(member) : "a former member";
  };
  const sorted = [...messages].sort((a, b) => b.stored.month.localeCompare(a.stored.month));
  const unreadable = messages.filter((m) => !m.message).length;
  return (
    <>
      <h2>Inbox</h2>
      {messages.length === 0 ? <p class="muted">No messages yet.</p> : null}
      {unreadable > 0 ? (
        <p class="status">
          {unreadable} message{unreadable === 1 ? "" : "s"} could not be opened with your keys.
        </p>
      ) : null}
      {messages.length > 0 ? (
        <table class="inbox">
          <caption class="muted">Messages you may read ({messages.length})</caption>
          <thead>
            <tr>
              <th scope="col">Category</th>
              <th scope="col">Month</th>
              <th scope="col">Status</th>
              <th scope="col">Assigned to</th>
              <th scope="col">Replies</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map(({ stored, message }) => (
              <tr key={stored.id} data-message={stored.id}>
                <th scope="row">
                  <a href={messagePath(stored.id)} onClick={onLinkClick}>
                    {message
                      ? (CATEGORY_LABELS[message.category] ?? message.category)
                      : "Unreadable"}
                  </a>
                </th>
                <td>{stored.month}</td>
                <td>{STATUS_LABELS[stored.status]}</td>
                <td>{assignee(stored.assignee)}</td>
                <td class="num">{stored.replies}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}
