// The owner's page: who is in the organization, and invitation links for new members. The
// link carries its token in the fragment; the new member makes their own key when joining.
import { useEffect, useId, useState } from "preact/hooks";
import { api, type Role } from "./api";
import { type Status, StatusLine } from "./fields";

const ROLE_TEXT: Record<Role, string> = {
  owner: "Owner — everything, including members and access to answers",
  designer: "Designer — builds and publishes surveys; cannot read answers",
  analyst: "Analyst — reads the answers of surveys they are given",
};

export function Members() {
  const id = useId();
  const [members, setMembers] = useState<{ id: string; email: string; role: Role }[]>([]);
  const [role, setRole] = useState<Role>("analyst");
  const [link, setLink] = useState<{ url: string; hours: number; role: Role } | null>(null);
  const [status, setStatus] = useState<Status>({ kind: "idle" });

  async function load() {
    const result = await api.members();
    if (result.ok) setMembers(result.value.members);
    else setStatus({ kind: "error", text: result.message });
  }
  useEffect(() => {
    load();
  }, []);

  async function invite(event: Event) {
    event.preventDefault();
    const result = await api.invite(role);
    if (!result.ok) return setStatus({ kind: "error", text: result.message });
    setLink({
      url: `${location.origin}${result.value.path}`,
      hours: result.value.expiresInHours,
      role,
    });
    setStatus({ kind: "idle" });
  }

  async function copy() {
    if (!link) return;
    try {
      await navigator.clipboard.writeText(link.url);
      setStatus({ kind: "done", text: "Link copied." });
    } catch {
      setStatus({ kind: "error", text: "Copying is blocked here; select the link and copy it." });
    }
  }

  return (
    <section>
      <h1>Members</h1>
      <table class="list">
        <thead>
          <tr>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <tr key={m.id}>
              <td>{m.email}</td>
              <td>{m.role}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form class="invite" onSubmit={invite}>
        <h2>Invite someone</h2>
        <fieldset>
          <legend>Role</legend>
          {(Object.keys(ROLE_TEXT) as Role[]).map((r) => (
            <label class="choice" key={r}>
              <input
                type="radio"
                name={`${id}-role`}
                value={r}
                checked={role === r}
                onChange={() => setRole(r)}
              />
              {ROLE_TEXT[r]}
            </label>
          ))}
        </fieldset>
        <button type="submit" class="primary">
          Make an invitation link
        </button>
      </form>
      {link ? (
        <div class="invitation">
          <label for={`${id}-link`}>
            Invitation link for one {link.role} (valid {link.hours} hours, once). Send it privately.
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
              Copy
            </button>
          </div>
        </div>
      ) : null}
      <StatusLine status={status} />
    </section>
  );
}
