// Opens one batch of responses off the page's thread and returns a partial tabulation: counts,
// free-text answers (for this tab only) and how many were unreadable. Keeps nothing.
import { z } from "zod";
import type { Answers } from "../../lib/answers";
import { openKey, openWithAny, ready } from "../../lib/crypto";
import { tabulate } from "../../lib/tabulate";
import type { FreeText, OpenBatch, OpenReply } from "./protocol";

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
  const texts: FreeText[] = [];
  let unreadable = 0;
  let otherVersions = 0;
  const textQuestions = survey.questions.filter((q) => q.type === "text").map((q) => q.id);
  for (const ciphertext of ciphertexts) {
    const opened = openWithAny(ciphertext, keys, versions);
    if (!opened.ok) unreadable++;
    else if (!tabulated.has(opened.envelope.version)) otherVersions++;
    else {
      answers.push(opened.envelope.answers);
      for (const question of textQuestions) {
        const value = opened.envelope.answers[question];
        if (typeof value === "string" && value.trim() !== "") texts.push({ question, text: value });
      }
    }
  }
  const tables = tabulate(survey, answers);
  if (!tables.ok) return { ok: false, message: `unknown breakdown ${tables.breakdown}` };
  return {
    ok: true,
    batch: { tables: tables.tables, texts, opened: answers.length, unreadable, otherVersions },
  };
}

const loaded = ready();

scope.onmessage = async (event: MessageEvent<OpenBatch>) => {
  await loaded;
  scope.postMessage(openBatch(event.data));
};
