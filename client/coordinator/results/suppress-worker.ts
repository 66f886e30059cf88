// Runs small-cell suppression (DESIGN §8) off the page's thread. HiGHS (~1.2 MB of wasm) is
// loaded here only, from the URL Vite gave its file.
import wasmUrl from "highs/runtime?url";
import { z } from "zod";
import { loadHighs } from "../../lib/lp";
import { surveyStructure } from "../../lib/structure";
import { suppress } from "../../lib/suppress";
import type { SuppressReply, SuppressRequest } from "./protocol";

// The CSP forbids eval: without this zod probes `new Function` and a violation is reported.
z.config({ jitless: true });

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = async (event: MessageEvent<SuppressRequest>) => {
  let reply: SuppressReply;
  try {
    await loadHighs({ locateFile: () => wasmUrl });
    const { tables, k, survey, history } = event.data;
    const structure = surveyStructure(survey);
    reply = { ok: true, result: await suppress(tables, k, { history, structure }) };
  } catch (error) {
    reply = { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  scope.postMessage(reply);
};
