// Which language the workspace speaks and its words (client/coordinator/strings/*.ts), read
// with useStrings(). The choice is the member's (the header's Language menu), kept on this
// device only; English until one is made. zod's own messages (a wrong type in an imported
// survey, say) follow it too; the validator's own are shown through checks.ts.
import { useEffect, useState } from "preact/hooks";
import { config } from "zod";
import zodEn from "zod/v4/locales/en.js";
import zodEs from "zod/v4/locales/es.js";
import zodFr from "zod/v4/locales/fr.js";
import zodPt from "zod/v4/locales/pt.js";
import { en, type WorkspaceStrings } from "./strings/en";
import { es } from "./strings/es";
import { fr } from "./strings/fr";
import { pt } from "./strings/pt";

export const WORKSPACE_STRINGS: Record<string, WorkspaceStrings> = { en, es, pt, fr };
export const WORKSPACE_LANGUAGES = Object.keys(WORKSPACE_STRINGS);
const STORED = "voz.workspace.language";
const ZOD_LOCALES: Record<string, typeof zodEn> = { en: zodEn, es: zodEs, pt: zodPt, fr: zodFr };

function initial(): string {
  const stored = globalThis.localStorage?.getItem(STORED);
  return stored && stored in WORKSPACE_STRINGS ? stored : "en";
}

let language: string | null = null;
const listeners = new Set<(language: string) => void>();

export function workspaceLanguage(): string {
  if (language === null) {
    language = initial();
    config((ZOD_LOCALES[language] ?? zodEn)());
  }
  return language;
}

export function setWorkspaceLanguage(next: string): void {
  if (!(next in WORKSPACE_STRINGS)) return;
  language = next;
  config((ZOD_LOCALES[next] ?? zodEn)());
  globalThis.localStorage?.setItem(STORED, next);
  document.documentElement.lang = next;
  for (const listener of listeners) listener(next);
}

/** The words of the workspace in its current language; re-renders when it changes. */
export function useStrings(): WorkspaceStrings {
  const [current, setCurrent] = useState(workspaceLanguage);
  useEffect(() => {
    listeners.add(setCurrent);
    // The language may have changed between this render and now (a page drawn just as the
    // member picks another): catch up rather than keep, and stamp on the page, the old one.
    const now = workspaceLanguage();
    setCurrent(now);
    document.documentElement.lang = now;
    return () => {
      listeners.delete(setCurrent);
    };
  }, []);
  return WORKSPACE_STRINGS[current] ?? en;
}
