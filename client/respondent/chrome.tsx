// What every page a respondent or a person giving feedback sees shares: the quick exit
// (DESIGN §9.5) and the language picker. The pages keep their own state; they pass `forget`
// to wipe it before the exit.
import { languageName } from "./strings";

/** Where the quick exit leads (server/routes/pages.ts): a neutral page on this origin. */
export const NEUTRAL_PATH = "/home";

/**
 * Deletes what the service worker keeps (server/routes/pages.ts): the copy of this page would
 * show that it was opened. The scripts go too; the next visit fetches them again.
 */
function forgetOfflineCopies(): Promise<unknown> {
  if (typeof caches === "undefined") return Promise.resolve();
  return caches.keys().then((keys) => Promise.all(keys.map((key) => caches.delete(key))));
}

/** Longest the exit waits for the caches to go: leaving matters more. */
const WIPE_WAIT_MS = 300;

/**
 * Someone walks up. The screen goes blank at once (the neutral page may take seconds on 2G),
 * `forget` takes the answers out of memory, the offline copies go, and `replace` takes the
 * page out of history.
 */
export function QuickExit({ label, forget }: { label: string; forget: () => void }) {
  const leave = (event: Event) => {
    event.preventDefault();
    forget();
    document.title = "";
    document.body.replaceChildren();
    const wait = new Promise((resolve) => setTimeout(resolve, WIPE_WAIT_MS));
    Promise.race([forgetOfflineCopies(), wait])
      .catch(() => undefined)
      .then(() => location.replace(NEUTRAL_PATH));
  };
  return (
    <a class="quick-exit" href={NEUTRAL_PATH} onClick={leave}>
      {label}
    </a>
  );
}

export function LanguagePicker({
  languages,
  current,
  label,
  onPick,
}: {
  languages: readonly string[];
  current: string;
  label: string;
  onPick: (language: string) => void;
}) {
  return (
    <nav class="languages" aria-label={label}>
      {languages.map((code) => (
        <button
          type="button"
          key={code}
          lang={code}
          aria-pressed={code === current ? "true" : "false"}
          onClick={() => onPick(code)}
        >
          {languageName(code)}
        </button>
      ))}
    </nav>
  );
}
