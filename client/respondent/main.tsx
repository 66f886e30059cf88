// Browser entry of the respondent page: picks up the server-rendered first question, makes it
// interactive, then starts fetching libsodium in the background (sealing awaits it on send).
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

const root = document.getElementById("voz");
const json = document.getElementById("voz-survey")?.textContent;
if (root && json) {
  const data = JSON.parse(json) as PageData;
  const early = window as {
    vozReady?: boolean;
    vozTapped?: boolean;
    vozFirstStep?: FirstStepState;
  };
  // The page FIRST_STEP put on screen, and the one it took off with its answers (first-step.ts).
  const { at, kept } = early.vozFirstStep ?? { at: 0, kept: {} };
  const initial: FormValues = {};
  for (const part of [root, ...Object.values(kept)]) {
    Object.assign(initial, renderedValues(part, data.survey));
  }
  const app = <App {...data} initial={initial} at={at} />;
  // On the first page the server's HTML is what the app renders: hydrate it. On the next, it is
  // the template's copy, rendered by the same app; render() checks every node against it.
  if (at === 0) hydrate(app, root);
  else render(app, root);
  // A tap on the main button that FIRST_STEP could not act on was marked as taken: act on it.
  early.vozReady = true;
  const tapped = root.querySelector<HTMLButtonElement>(".actions .primary[aria-busy]");
  tapped?.removeAttribute("aria-busy");
  if (early.vozTapped && tapped) tapped.click();
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
