// Browser entry of the feedback pages: hydrates the server-rendered form, then fetches
// libsodium in the background (sealing and reading replies await it).
import "../respondent/respondent.css";
import "./feedback.css";
import { hydrate } from "preact";
import { FeedbackApp, type FeedbackPageData } from "./app";
import { loadCore } from "./send";

const root = document.getElementById("voz");
const json = document.getElementById("voz-feedback")?.textContent;
if (root && json) {
  const data = JSON.parse(json) as FeedbackPageData;
  hydrate(<FeedbackApp {...data} />, root);
  // A failure here is retried when the person presses send. Once it has arrived, the service
  // worker keeps this build's files, so the page opens again on a dead link (server/routes/pages.ts).
  setTimeout(
    () =>
      loadCore()
        .then(() => navigator.serviceWorker?.register("/sw.js?pages=feedback", { scope: "/f/" }))
        .catch(() => undefined),
    0,
  );
}
