// Runs small-cell suppression (DESIGN §8) off the page's thread, then the publish gate's own
// audit of the result within the gate's budget, so the preview says what the server will answer.
// HiGHS (~1.2 MB of wasm) is loaded here only, from the URL Vite gave its file.
import wasmUrl from "highs/runtime?url";
import { z } from "zod";
import { auditWithin } from "../../lib/audit";
import { loadHighs, type Spent } from "../../lib/lp";
import { hideSuppressed } from "../../lib/publication";
import { surveyStructure } from "../../lib/structure";
import { suppress } from "../../lib/suppress";
import type { GateForecast, SuppressReply, SuppressRequest } from "./protocol";

// The CSP forbids eval: without this zod probes `new Function` and a violation is reported.
z.config({ jitless: true });

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = async (event: MessageEvent<SuppressRequest>) => {
  let reply: SuppressReply;
  try {
    await loadHighs({ locateFile: () => wasmUrl });
    const { tables, k, responses, survey, history, gateWork } = event.data;
    const structure = surveyStructure(survey);
    const result = await suppress(tables, k, { history, structure });
    const publication = { k, responses, tables: hideSuppressed(result.tables) };
    const spent: Spent = { solves: 0, work: 0 };
    const checked = await auditWithin({ publication, history, structure }, gateWork, spent);
    const gate: GateForecast =
      checked === "over_budget"
        ? { verdict: "over_budget", budget: gateWork }
        : checked.ok
          ? { verdict: "accepts", work: spent.work, budget: gateWork }
          : { verdict: "unsafe", cells: checked.findings.length };
    reply = { ok: true, result, gate };
  } catch (error) {
    reply = { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  scope.postMessage(reply);
};
