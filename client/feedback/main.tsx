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
  // A failure here is retried when the person presses send.
  setTimeout(() => loadCore().catch(() => undefined), 0);
}
