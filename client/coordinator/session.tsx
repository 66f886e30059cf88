// Who is logged in to the workspace and whether their key is unlocked (memory only): the
// context every page reads, kept apart from the workspace that renders the pages.
import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { KeyPair } from "../lib/crypto";
import type { PageAssets } from "../respondent/page";
import { Unlock } from "./account";
import type { Me } from "./api";

export interface Session {
  me: Me;
  /** The member's personal key pair once unlocked; only ever in this tab's memory. */
  memberKey: KeyPair | null;
  setMemberKey: (key: KeyPair | null) => void;
  /** The respondent page's assets, for the builder's preview. */
  respondent: PageAssets;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession outside a logged-in workspace");
  return session;
}

/** Pages that need the unlocked key show the unlock form in their place until then. */
export function RequireKey({ children }: { children: preact.ComponentChildren }) {
  const { me, memberKey, setMemberKey } = useSession();
  return memberKey ? children : <Unlock me={me} onUnlocked={setMemberKey} />;
}
