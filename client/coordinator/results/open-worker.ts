// Opens one batch of responses off the page's thread and returns a partial tabulation: counts,
// the opened answers (for this tab only) and how many were unreadable. Keeps nothing.
import { z } from "zod";
import type { Answers } from "../../lib/answers";
import { open, openKey, ready } from "../../lib/crypto";
import { tabulate } from "../../lib/tabulate";
import type { OpenBatch, OpenReply } from "./protocol";

// The CSP forbids eval: without this zod probes `new Function` and a violation is reported.
z.config({ jitless: true });

const scope = self as unknown as DedicatedWorkerGlobalScope;

function openBatch({ surveyKey, versions, version, ciphertexts }: OpenBatch): OpenReply {
  const survey = versions.find((v) => v.version === version);
  const key = openKey(surveyKey);
  if (!survey || !key) return { ok: false, message: "the survey key or version is not usable" };
  const answers: Answers[] = [];
  let unreadable = 0;
  let otherVersions = 0;
  for (const ciphertext of ciphertexts) {
    const opened = open(ciphertext, key, versions);
    if (!opened.ok) unreadable++;
    else if (opened.envelope.version !== version) otherVersions++;
    else answers.push(opened.envelope.answers);
  }
  const tabulated = tabulate(survey, answers);
  if (!tabulated.ok) return { ok: false, message: `unknown breakdown ${tabulated.breakdown}` };
  return {
    ok: true,
    batch: { tables: tabulated.tables, answers, opened: answers.length, unreadable, otherVersions },
  };
}

const loaded = ready();

scope.onmessage = async (event: MessageEvent<OpenBatch>) => {
  await loaded;
  scope.postMessage(openBatch(event.data));
};
