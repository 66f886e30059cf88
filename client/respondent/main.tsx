// Browser entry of the respondent page: picks up the server-rendered first question, makes it
// interactive (after the first step, when a person is in the middle of it: see below), then
// starts fetching libsodium in the background (sealing awaits it on send).
import "./respondent.css";
import { hydrate, render } from "preact";
import type { Survey } from "../../surveys/schema";
import { App, type PageData } from "./app";
import type { FirstStepState } from "./first-step";
import type { FormValues } from "./form";
import { loadCrypto } from "./send";

/**
 * On a slow link people answer before the script arrives; keep what they ticked or typed in
 * the server-rendered controls instead of silently dropping it.
 */
function renderedValues(root: Element, survey: Survey): FormValues {
  const values: FormValues = {};
  for (const question of survey.questions) {
    const name = `q-${question.id}`;
    if (question.type === "single" || question.type === "multi") {
      const ticked = Array.from(
        root.querySelectorAll<HTMLInputElement>(`input[name="${name}"]:checked`),
        (input) => input.value,
      );
      if (ticked.length > 0)
        values[question.id] = question.type === "multi" ? ticked : (ticked[0] as string);
    } else {
      const field = root.querySelector<HTMLInputElement | HTMLTextAreaElement>(`#${name}-input`);
      if (field?.value) values[question.id] = field.value;
    }
  }
  return values;
}

/** A pause this long in a person's taps on the first page lets the app start (see below). */
const PAUSE_MS = 2_000;

const root = document.getElementById("voz");
const json = document.getElementById("voz-survey")?.textContent;
const early = window as {
  vozReady?: boolean;
  vozTapped?: boolean;
  vozFirstStep?: FirstStepState;
};

function start(root: Element, json: string) {
  const data = JSON.parse(json) as PageData;
  // The page FIRST_STEP put on screen, and the one it took off with its answers (first-step.ts).
  const { at, kept } = early.vozFirstStep ?? { at: 0, kept: {} };
  const initial: FormValues = {};
  for (const part of [root, ...Object.values(kept)]) {
    Object.assign(initial, renderedValues(part, data.survey));
  }
  // A tap on the main button that FIRST_STEP could not act on was marked as taken: acted on once
  // the app listens to history, so that its step gets an entry. Looked for before rendering:
  // render() takes the mark off, and a tap on the second page's button was dropped (QA pass,
  // 5 December).
  const marked = root.querySelector(".actions .primary[aria-busy]") !== null;
  const primary = () => root.querySelector<HTMLButtonElement>(".actions .primary");
  const onListening = () => {
    primary()?.removeAttribute("aria-busy");
    if (early.vozTapped && marked) primary()?.click();
  };
  const app = <App {...data} initial={initial} at={at} onListening={onListening} />;
  // On the first page the server's HTML is what the app renders: hydrate it. On the next, it is
  // the template's copy, rendered by the same app; render() checks every node against it.
  if (at === 0) hydrate(app, root);
  else render(app, root);
  early.vozReady = true;
  // Interactive now; fetch the crypto chunk while the respondent reads. A failure here is
  // retried when they press send.
  // Once it has arrived, the service worker keeps this build's files for the next visit.
  setTimeout(
    () =>
      loadCrypto()
        .then(() => navigator.serviceWorker?.register("/sw.js", { scope: "/s/" }))
        .catch(() => undefined),
    0,
  );
}

/**
 * Starting the app is one long task on a cheap phone (hydrating the first page: 0.1–0.5 s of
 * main thread at 6× CPU, more on a busy one). Begun between a person's tick on the first page
 * and their tap on "Siguiente", it holds that tap back, though FIRST_STEP would take the step at
 * once (issue 15 item 3). So while a first-page choice is ticked and FIRST_STEP can still take
 * the step, the app waits: until the step has been taken and painted, a tap FIRST_STEP could not
 * act on, a touch outside the question (quick exit, languages: the app's), or a pause.
 */
function whenFirstStepLeavesTheThread(begin: () => void) {
  const step = early.vozFirstStep;
  const armed =
    step !== undefined &&
    step.at === 0 &&
    !early.vozReady &&
    document.getElementById("voz-next") !== null &&
    root?.querySelector("main input:checked") !== null;
  if (!armed) return begin();
  let pause = setTimeout(go, PAUSE_MS);
  let begun = false;
  function go() {
    if (begun) return;
    begun = true;
    clearTimeout(pause);
    document.removeEventListener("pointerdown", touched, true);
    document.removeEventListener("keydown", touched, true);
    document.removeEventListener("click", clicked);
    begin();
  }
  function touched(event: Event) {
    const inQuestion = event.target instanceof Element && event.target.closest("#voz main");
    if (!inQuestion) return go();
    clearTimeout(pause);
    pause = setTimeout(go, PAUSE_MS);
  }
  // After FIRST_STEP's own listener (capture): it has moved on, or marked the tap as taken.
  function clicked() {
    if (early.vozTapped) go();
    else if (step?.at !== 0) requestAnimationFrame(() => setTimeout(go, 0));
  }
  document.addEventListener("pointerdown", touched, true);
  document.addEventListener("keydown", touched, true);
  document.addEventListener("click", clicked);
}

if (root && json) whenFirstStepLeavesTheThread(() => start(root, json));
