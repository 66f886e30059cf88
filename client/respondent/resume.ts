// "Let respondents resume on this device" (issue 6 item 3), for surveys that set
// `resumeOnDevice`. It is the one exception to DESIGN §9.5's "no answers on the device", chosen
// per survey: unsent answers wait in localStorage, and are removed once the response is sent
// or queued (as ciphertext), or on quick exit. Surveys without the flag never touch storage.
import type { Survey } from "../../surveys/schema";
import type { FormValues } from "./form";

export interface Saved {
  values: FormValues;
  /** Where the respondent was: a question's index, or the review. */
  at: number | "review";
}

const keyOf = (survey: Survey) => `voz-resume:${survey.slug}:${survey.version}`;

/** Storage may be missing or refuse (private windows, full quota): resuming is a convenience. */
function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

export function saveAnswers(survey: Survey, saved: Saved): void {
  if (!survey.resumeOnDevice) return;
  try {
    storage()?.setItem(keyOf(survey), JSON.stringify(saved));
  } catch {
    // Nothing to do: the answers stay on the page, as without the option.
  }
}

/** What an earlier visit left, keeping only values this survey version can have. */
export function savedAnswers(survey: Survey): Saved | null {
  if (!survey.resumeOnDevice) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(storage()?.getItem(keyOf(survey)) ?? "null");
  } catch {
    return null;
  }
  if (typeof parsed !== "object" || parsed === null) return null;
  const { values, at } = parsed as { values?: unknown; at?: unknown };
  if (typeof values !== "object" || values === null) return null;
  const kept: FormValues = {};
  for (const question of survey.questions) {
    const value = (values as Record<string, unknown>)[question.id];
    const isText = typeof value === "string";
    const isList = Array.isArray(value) && value.every((one) => typeof one === "string");
    if (isText || isList) kept[question.id] = value as string | string[];
  }
  const valid =
    at === "review" ||
    (typeof at === "number" && Number.isInteger(at) && at >= 0 && at < survey.questions.length);
  return { values: kept, at: valid ? (at as number | "review") : 0 };
}

export function forgetSaved(survey: Survey): void {
  if (!survey.resumeOnDevice) return;
  try {
    storage()?.removeItem(keyOf(survey));
  } catch {
    // Storage that cannot be read held nothing of ours.
  }
}
