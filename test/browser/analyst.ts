// An organization with the passport survey open and many sealed responses, and an analyst who
// logs in and opens them on the results page: shared by the browser tests of the results page
// and its export. The answers are made here, so each test knows what the page must show.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { expect } from "vitest";
import { seal } from "../../client/lib/crypto";
import type { TestServer } from "../harness";
import { invite, openSurvey, overHttp, type Person, signUp } from "../workspace-client";

export interface Option {
  id: string;
  label: Record<string, string>;
}
export interface Question {
  id: string;
  type: string;
  label: Record<string, string>;
  options?: Option[];
  showIf?: { question: string; equals: string | string[] };
}
export type Answers = Record<string, string | string[] | number>;

export const PASSPORT_SEED = JSON.parse(readFileSync("surveys/passport-access.json", "utf8")) as {
  questions: Question[];
  languages: string[];
};

export const passportQuestion = (id: string) =>
  PASSPORT_SEED.questions.find((q) => q.id === id) as Question;
export const optionIds = (id: string) => (passportQuestion(id).options ?? []).map((o) => o.id);
export const optionLabel = (id: string, option: string, language = "es") =>
  passportQuestion(id).options?.find((o) => o.id === option)?.label[language];

/** A spread that is not uniform, as real answers are not: option n is picked ~1/(n+1) as often. */
function skewed(i: number, id: string): string {
  const ids = optionIds(id);
  const weights = ids.map((_, n) => 1 / (n + 1));
  let at = (((i * 7919) % 1000) / 1000) * weights.reduce((a, b) => a + b, 0);
  for (const [n, weight] of weights.entries()) {
    at -= weight;
    if (at < 0) return ids[n] as string;
  }
  return ids[ids.length - 1] as string;
}

/** Response i: every required question, some skipped ones, and `cost_usd = i` to find it again. */
export function passportAnswers(i: number): Answers {
  const pick = (id: string, n: number) => optionIds(id)[n % optionIds(id).length] as string;
  const answers: Answers = {
    country: pick("country", i),
    age_group: pick("age_group", i),
    gender: pick("gender", i),
    cost_usd: i,
  };
  if (i % 5 !== 4) answers.passport = skewed(i, "passport");
  if (i % 3 !== 0) answers.applied = pick("applied", i);
  if (i % 4 !== 3) answers.visa = skewed(i + 1, "visa");
  if (answers.visa === "yes" && i % 2 === 0) answers.visa_stamped = skewed(i, "visa_stamped");
  if (i % 6 !== 5) answers.children_undocumented = i % 4;
  if (i % 3 !== 2) answers.ethnicity = skewed(i + 2, "ethnicity");
  if (i % 5 !== 0) answers.disability = skewed(i + 3, "disability");
  if (answers.applied === "waiting") answers.months_waiting = (i % 30) + 0.5;
  if (i % 2 === 0) {
    const consequences = optionIds("consequences");
    answers.consequences = consequences.filter((_, j) => j === i % 6 || j === (i + 2) % 6);
  }
  // Long, different texts: the workbook's strings pass 160 KB, the size at which the zip
  // library would hand them to a worker the page's CSP refuses (zip-without-workers.ts).
  if (i % 7 !== 0) answers.comments = `=SUMA(${i}) "hola", ${"ñandú ".repeat(140)}${i}`;
  return answers;
}

/** Signs up an organization, opens the passport survey under `slug` and seals `answers` to it. */
export async function passportWithResponses(
  server: TestServer,
  slug: string,
  answers: Answers[],
): Promise<{ analyst: Person; definition: object }> {
  const app = overHttp(server.url);
  const owner = await signUp(app, "Puentes", `owner@${slug}.example`);
  const analyst = await invite(app, owner, "analyst", `analyst@${slug}.example`);
  const definition = { ...PASSPORT_SEED, slug };
  const surveyKey = await openSurvey(owner, definition, [owner, analyst]);
  for (const given of answers) {
    await sendResponse(server, { slug, version: 1 }, definition, surveyKey.publicKey, given);
  }
  return { analyst, definition };
}

/** Seals `answers` to the survey's key and definition, and posts it as a respondent's page does. */
export async function sendResponse(
  server: TestServer,
  survey: { slug: string; version: number },
  definition: object,
  publicKey: string,
  answers: Answers | Record<string, unknown>,
): Promise<void> {
  const ciphertext = seal(
    { v: 1, survey: survey.slug, version: survey.version, answers } as never,
    publicKey,
    definition as never,
  );
  const res = await fetch(`${server.url}/api/surveys/${survey.slug}/responses`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ id: randomUUID(), ciphertext }),
  });
  expect(res.status).toBe(201);
}

/** Logs in, unlocks on the results page and waits until every response is opened. */
export async function openResults(
  page: Page,
  server: TestServer,
  analyst: Person,
  slug: string,
  responses: number,
): Promise<void> {
  await page.goto(`${server.url}/c/login`);
  await page.getByLabel("Email", { exact: true }).fill(analyst.email);
  await page.getByLabel("Passphrase", { exact: true }).fill(analyst.passphrase);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.getByRole("heading", { name: "Surveys" }).waitFor();
  await page.goto(`${server.url}/c/s/${slug}/results`);
  await page.getByLabel("Passphrase", { exact: true }).fill(analyst.passphrase);
  await page.getByRole("button", { name: "Unlock" }).click();
  await expect
    .poll(() => page.getByTestId("opened-count").textContent(), { timeout: 60_000 })
    .toBe(String(responses));
}
