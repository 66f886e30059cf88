// What every page a respondent or a person giving feedback sees shares: the top bar with the
// quick exit (DESIGN §9.5) and the language picker. The bar has its own row, so neither control
// ever lies over a question or over the other (issue 15). The pages keep their own state; they
// pass `forget` to wipe it before the exit.
import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import { directionOf } from "../lib/languages";
import { forgetQueue, queued } from "./queue";
import type { RespondentStrings } from "./strings";

/** Where the quick exit leads (server/routes/pages.ts): a neutral page on this origin. */
export const NEUTRAL_PATH = "/home";

/** Longest the exit waits for the phone to delete what it keeps before leaving anyway. */
const WIPE_WAIT_MS = 3_000;

function settled(worker: ServiceWorker | null): Promise<void> {
  if (!worker || worker.state === "activated" || worker.state === "redundant") {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    worker.addEventListener("statechange", () => {
      if (worker.state === "activated" || worker.state === "redundant") resolve();
    });
  });
}

/**
 * Deletes what the service worker keeps (server/routes/pages.ts): the copy of a page would show
 * that it was opened, and so would the worker itself. A worker still installing would fill a
 * cache after it was deleted, so each one is let finish first. The scripts go too; the next
 * visit fetches them again.
 */
async function forgetOfflineCopies(): Promise<void> {
  const workers = navigator.serviceWorker;
  if (workers) {
    const registrations = await workers.getRegistrations();
    await Promise.all(
      registrations.map(async (registration) => {
        await Promise.all([registration.installing, registration.waiting].map(settled));
        await registration.unregister();
      }),
    );
  }
  if (typeof caches !== "undefined") {
    await Promise.all((await caches.keys()).map((key) => caches.delete(key)));
  }
}

/** Everything this origin keeps on the phone, but a queued answer the person chose to keep. */
function forgetDevice(keepQueued: boolean): Promise<unknown> {
  return Promise.all([forgetOfflineCopies(), keepQueued ? null : forgetQueue()]);
}

export interface QuickExitProps {
  t: RespondentStrings;
  /** Takes the page's answers out of memory and stops its work (sending, saving). */
  forget: () => void;
  /** Brings history back to the page's own entry, so no step of it stays behind. */
  rewind?: () => Promise<void>;
}

/**
 * Someone walks up. The screen goes blank at once (the neutral page may take seconds on 2G),
 * `forget` takes the answers out of memory, what the phone keeps is deleted, and the page's
 * history entries are replaced by the neutral page. Only a sealed answer still waiting to be
 * sent makes it ask first: deleting it loses the answer, keeping it leaves a trace.
 */
export function QuickExit({ t, forget, rewind }: QuickExitProps) {
  const [asking, setAsking] = useState(false);

  function leave(keepQueued: boolean) {
    forget();
    document.title = "";
    document.body.replaceChildren();
    const wiped = forgetDevice(keepQueued).catch(() => undefined);
    const waited = new Promise((resolve) => setTimeout(resolve, WIPE_WAIT_MS));
    Promise.all([Promise.race([wiped, waited]), (rewind?.() ?? Promise.resolve()).catch(() => {})])
      .catch(() => undefined)
      .then(() => {
        // The page's own entry now names the neutral page; the new entry prunes every step
        // that was ahead of it. Back from the neutral page reaches only the neutral page.
        history.replaceState(null, "", NEUTRAL_PATH);
        location.assign(NEUTRAL_PATH);
      });
  }

  async function start(event: Event) {
    event.preventDefault();
    const waiting = await queued().catch(() => []);
    if (waiting.length > 0) setAsking(true);
    else leave(false);
  }

  return (
    <>
      <a class="quick-exit" href={NEUTRAL_PATH} onClick={start}>
        {t.quickExit}
      </a>
      {asking ? (
        <div class="pending" role="alertdialog" aria-labelledby="pending-title">
          <p id="pending-title" class="pending-title">
            {t.pendingTitle}
          </p>
          <p>{t.pendingNote}</p>
          <div class="actions">
            <button type="button" class="primary" onClick={() => leave(false)}>
              {t.pendingDelete}
            </button>
            <button type="button" class="secondary" onClick={() => leave(true)}>
              {t.pendingKeep}
            </button>
          </div>
        </div>
      ) : null}
    </>
  );
}

/** A link that opens the page in another language; the script switches in place instead. */
export function languageHref(language: string): string {
  return `?lang=${encodeURIComponent(language)}`;
}

/** Buttons of a form that posts the page's answers, where a link would lose them. */
export interface LanguageButtons {
  /** The id of the form they post: they sit in the top bar, outside it. */
  form: string;
  name: string;
  valueOf: (language: string) => string;
  /**
   * The value of the form's main button under `name`. The bar's buttons come before the form's
   * own in the document, and Enter in a field presses a form's first button: a hidden copy of
   * the main one comes first of all, so that Enter still goes on (or sends) rather than switch
   * language.
   */
  main: string;
}

export function LanguagePicker({
  languages,
  current,
  label,
  onPick,
  nameOf,
  hrefOf = languageHref,
  buttons,
}: {
  languages: readonly string[];
  /** Each language's name in itself (strings.ts languageName). */
  nameOf: (language: string) => string;
  current: string;
  label: string;
  /** Absent on pages without a script: the links load the page in that language. */
  onPick?: (language: string) => void;
  /** Where a link leads: this page in that language unless a page answering a post says. */
  hrefOf?: (language: string) => string;
  buttons?: LanguageButtons;
}) {
  return (
    <>
      {buttons ? (
        <button
          type="submit"
          form={buttons.form}
          name={buttons.name}
          value={buttons.main}
          class="visually-hidden"
          tabIndex={-1}
          aria-hidden="true"
        />
      ) : null}
      <details class="languages">
        <summary>
          <span class="visually-hidden">{label}: </span>
          <span lang={current} dir={directionOf(current)}>
            {nameOf(current)}
          </span>
        </summary>
        <ul aria-label={label}>
          {languages.map((code) => (
            <li key={code}>
              {buttons ? (
                <button
                  type="submit"
                  form={buttons.form}
                  name={buttons.name}
                  value={buttons.valueOf(code)}
                  lang={code}
                  dir={directionOf(code)}
                  aria-current={code === current ? "true" : undefined}
                >
                  {nameOf(code)}
                </button>
              ) : (
                <a
                  href={hrefOf(code)}
                  lang={code}
                  hreflang={code}
                  dir={directionOf(code)}
                  aria-current={code === current ? "true" : undefined}
                  onClick={
                    onPick
                      ? (event) => {
                          event.preventDefault();
                          event.currentTarget.closest("details")?.removeAttribute("open");
                          onPick(code);
                        }
                      : undefined
                  }
                >
                  {nameOf(code)}
                </a>
              )}
            </li>
          ))}
        </ul>
      </details>
    </>
  );
}

/**
 * The bar above every page: quick exit first in the tab order and at the end of the row, the
 * language picker in its own space beside it; on a narrow screen with large text they wrap
 * onto two rows rather than overlap.
 */
export function TopBar({
  exit,
  languages,
}: {
  exit: ComponentChildren;
  languages?: ComponentChildren;
}) {
  return (
    <header class="topbar">
      {exit}
      {languages ?? null}
    </header>
  );
}
