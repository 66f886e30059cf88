// Opens one batch of responses off the page's thread and returns a partial tabulation: counts,
// the opened answers (for this tab only) and how many were unreadable. Keeps nothing.
import { z } from "zod";
import type { Answers } from "../../lib/answers";
import { openKey, openWithAny, ready } from "../../lib/crypto";
import { tabulate } from "../../lib/tabulate";
import type { OpenBatch, OpenReply } from "./protocol";

// The CSP forbids eval: without this zod probes `new Function` and a violation is reported.
z.config({ jitless: true });

const scope = self as unknown as DedicatedWorkerGlobalScope;

function openBatch({
  surveyKeys,
  versions,
  version,
  sameQuestions,
  ciphertexts,
}: OpenBatch): OpenReply {
  const survey = versions.find((v) => v.version === version);
  const keys = surveyKeys.flatMap((pair) => openKey(pair) ?? []);
  if (!survey || keys.length === 0) {
    return { ok: false, message: "the survey key or version is not usable" };
  }
  const tabulated = new Set([version, ...sameQuestions]);
  const answers: Answers[] = [];
  let unreadable = 0;
  let otherVersions = 0;
  for (const ciphertext of ciphertexts) {
    const opened = openWithAny(ciphertext, keys, versions);
    if (!opened.ok) unreadable++;
    else if (!tabulated.has(opened.envelope.version)) otherVersions++;
    else answers.push(opened.envelope.answers);
  }
  const tables = tabulate(survey, answers);
  if (!tables.ok) return { ok: false, message: `unknown breakdown ${tables.breakdown}` };
  return {
    ok: true,
    batch: { tables: tables.tables, answers, opened: answers.length, unreadable, otherVersions },
  };
}

const loaded = ready();

scope.onmessage = async (event: MessageEvent<OpenBatch>) => {
  await loaded;
  scope.postMessage(openBatch(event.data));
};
