// Synthetic answers for the benchmarks: valid for any survey, reproducible from a seed, and
// skewed the way field data is (a few popular options, a long tail of rare ones), since small
// cells are what suppression works on.
import { readFileSync } from "node:fs";
import { type Answers, checkAnswers, isShown, offeredOptions } from "../client/lib/answers";
import { seededRandom } from "../client/lib/random";
import { parseSurvey, type Question, type Survey } from "../surveys/schema";

export function readSurveyFile(path: string): Survey {
  const parsed = parseSurvey(JSON.parse(readFileSync(path, "utf8")));
  if (!parsed.ok) throw new Error(`${path}: ${JSON.stringify(parsed.errors)}`);
  return parsed.value;
}

/** Zipf-like: option i is chosen with weight 1 / (i + 1)^1.4. */
function skewed(next: () => number, n: number): number {
  const weights = Array.from({ length: n }, (_, i) => 1 / (i + 1) ** 1.4);
  let pick = next() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < n; i++) {
    pick -= weights[i] as number;
    if (pick <= 0) return i;
  }
  return n - 1;
}

function answer(q: Question, next: () => number, earlier: Answers): Answers[string] | undefined {
  switch (q.type) {
    case "single": {
      const offered = offeredOptions(q, earlier);
      return offered[skewed(next, offered.length)]?.id;
    }
    case "multi": {
      const offered = offeredOptions(q, earlier);
      const chosen = offered.filter((_, i) => next() < 0.55 / (i + 1));
      const exclusive = chosen.find((o) => o.exclusive);
      if (exclusive) return [exclusive.id];
      return chosen.length > 0 ? chosen.map((o) => o.id) : [offered[0]?.id as string];
    }
    case "number": {
      const edges = q.bins ?? [q.min ?? 0, q.max ?? 100];
      const bin = skewed(next, edges.length);
      const lo = edges[bin] as number;
      const hi = edges[bin + 1] ?? Math.max(lo * 2, lo + 1);
      const value = Math.floor(lo + next() * (hi - lo));
      return Math.min(q.max ?? value, Math.max(q.min ?? value, value));
    }
    case "month": {
      const [from, to] = [q.min ?? q.bins?.[0] ?? "2015-01", q.max ?? "2025-12"].map(monthIndex);
      const index = (from as number) + Math.floor(next() * ((to as number) - (from as number) + 1));
      return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
    }
    case "note":
      return undefined;
    case "text":
      return next() < 0.05 ? "sin comentarios" : undefined;
  }
}

const monthIndex = (month: string) =>
  Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;

/** `n` valid answer sets; optional questions are skipped one time in ten. */
export function syntheticAnswers(survey: Survey, n: number, seed = 1): Answers[] {
  const next = seededRandom(seed);
  const all: Answers[] = [];
  for (let r = 0; r < n; r++) {
    const answers: Answers = {};
    for (const q of survey.questions) {
      if (!isShown(survey, q, answers) || (!q.required && next() < 0.1)) continue;
      const value = answer(q, next, answers);
      if (value !== undefined) answers[q.id] = value;
    }
    const problems = checkAnswers(survey, answers);
    if (problems.length > 0)
      throw new Error(`synthetic answers invalid: ${JSON.stringify(problems)}`);
    all.push(answers);
  }
  return all;
}
