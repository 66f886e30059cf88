// Runs small-cell suppression (DESIGN §8) of survey results or feedback counts off the page's
// thread, then the publish gate's own audit of the result within the gate's budget, so the
// preview says what the server will answer.
// HiGHS (~1.2 MB of wasm) is loaded here only, from the URL Vite gave its file.
import wasmUrl from "highs/runtime?url";
import { z } from "zod";
import { auditWithin } from "../../lib/audit";
import { loadHighs, type Spent } from "../../lib/lp";
import { hideSuppressed } from "../../lib/publication";
import { CHANNEL_STRUCTURE, surveyStructure } from "../../lib/structure";
import { suppress } from "../../lib/suppress";
import type {
  GateForecast,
  SuppressMessage,
  SuppressProgress,
  SuppressReply,
  SuppressRequest,
} from "./protocol";

// The CSP forbids eval: without this zod probes `new Function` and a violation is reported.
z.config({ jitless: true });

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (message: SuppressMessage) => scope.postMessage(message);

/** Posts progress at most every quarter second: a solve can take a millisecond. */
function reporter(): (progress: SuppressProgress) => void {
  let last = Number.NEGATIVE_INFINITY;
  return (progress) => {
    const now = performance.now();
    if (now - last < 250) return;
    last = now;
    post({ progress });
  };
}

scope.onmessage = async (event: MessageEvent<SuppressRequest>) => {
  let reply: SuppressReply;
  try {
    await loadHighs({ locateFile: () => wasmUrl });
    const { tables, k, responses, survey, history, gateWork, tryAll, keepPattern } = event.data;
    const structure = survey ? surveyStructure(survey) : CHANNEL_STRUCTURE;
    const report = reporter();
    // The prune's solves are reported as its progress through the cells it tries again.
    let rechecking: { tried: number; of: number } | null = null;
    const result = await suppress(tables, k, {
      history,
      structure,
      keepPattern: keepPattern === true,
      ...(tryAll ? { pruneWork: Number.POSITIVE_INFINITY } : {}),
      watch: ({ work }) =>
        report(
          rechecking ? { phase: "rechecking", ...rechecking } : { phase: "suppressing", work },
        ),
      rechecked: (tried, of) => {
        rechecking = { tried, of };
        report({ phase: "rechecking", tried, of });
      },
    });
    const publication = { k, responses, tables: hideSuppressed(result.tables) };
    const spent: Spent = {
      solves: 0,
      work: 0,
      watch: ({ work }) => report({ phase: "checking", work, budget: gateWork }),
    };
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
  post({ reply });
};
