// Which language the workspace speaks and its words (client/coordinator/strings/*.ts), read
// with useStrings(). The choice is the member's (the header's Language menu), kept on this
// device only; English until one is made. Pages not yet moved into the catalogue stay English.
import { useEffect, useState } from "preact/hooks";
import { en, type WorkspaceStrings } from "./strings/en";
import { es } from "./strings/es";
import { fr } from "./strings/fr";
import { pt } from "./strings/pt";

export const WORKSPACE_STRINGS: Record<string, WorkspaceStrings> = { en, es, pt, fr };
export const WORKSPACE_LANGUAGES = Object.keys(WORKSPACE_STRINGS);
const STORED = "voz.workspace.language";

function initial(): string {
  const stored = globalThis.localStorage?.getItem(STORED);
  return stored && stored in WORKSPACE_STRINGS ? stored : "en";
}

let language: string | null = null;
const listeners = new Set<(language: string) => void>();

export function workspaceLanguage(): string {
  language ??= initial();
  return language;
}

export function setWorkspaceLanguage(next: string): void {
  if (!(next in WORKSPACE_STRINGS)) return;
  language = next;
  globalThis.localStorage?.setItem(STORED, next);
  document.documentElement.lang = next;
  for (const listener of listeners) listener(next);
}

/** The words of the workspace in its current language; re-renders when it changes. */
export function useStrings(): WorkspaceStrings {
  const [current, setCurrent] = useState(workspaceLanguage);
  useEffect(() => {
    listeners.add(setCurrent);
    document.documentElement.lang = current;
    return () => {
      listeners.delete(setCurrent);
    };
  }, []);
  return WORKSPACE_STRINGS[current] ?? en;
}
