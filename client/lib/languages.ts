// A survey's languages: which way each is written and what it is called in itself. Any BCP 47
// tag may be a survey language (docs/survey-format.md "Languages"). UI-free.
import type { Survey } from "../../surveys/schema";

/**
 * Languages written right to left unless a script subtag says otherwise: Arabic, Persian and
 * Dari, Pashto, Urdu, Hebrew, Yiddish, Sorani Kurdish, Dhivehi, Sindhi, Uyghur, Balochi,
 * Hazaragi, Western Punjabi, Mazanderani, Gilaki, Northern Luri, Southern Kurdish, Kashmiri,
 * Syriac, Aramaic, N'Ko, Rohingya (in Hanifi) and Adlam Fulfulde via their script subtags.
 */
const RIGHT_TO_LEFT_LANGUAGES = new Set([
  "ar",
  "arc",
  "bal",
  "bqi",
  "ckb",
  "dv",
  "fa",
  "glk",
  "haz",
  "he",
  "iw",
  "ji",
  "ks",
  "lrc",
  "mzn",
  "nqo",
  "pnb",
  "prs",
  "ps",
  "sd",
  "sdh",
  "syr",
  "ug",
  "ur",
  "yi",
]);
const RIGHT_TO_LEFT_SCRIPTS = new Set(["arab", "hebr", "syrc", "thaa", "nkoo", "adlm", "rohg"]);

export function isRightToLeft(tag: string): boolean {
  const [language = "", ...subtags] = tag.toLowerCase().split("-");
  // A script subtag is four letters (BCP 47 §2.2.3); it decides for the language (ku-Arab, sd-Deva).
  const script = subtags.find((s) => /^[a-z]{4}$/.test(s));
  if (script !== undefined) return RIGHT_TO_LEFT_SCRIPTS.has(script);
  return RIGHT_TO_LEFT_LANGUAGES.has(language);
}

export function directionOf(tag: string): "rtl" | "ltr" {
  return isRightToLeft(tag) ? "rtl" : "ltr";
}

/**
 * What a language is called in itself: the survey's `languageNames`, else the browser's
 * (Intl.DisplayNames in that language), else the tag. Old browsers lack Intl.DisplayNames, and
 * it throws on tags it cannot read.
 */
export function languageName(survey: Pick<Survey, "languageNames">, tag: string): string {
  const given = survey.languageNames?.[tag];
  if (given) return given;
  try {
    const name = new Intl.DisplayNames([tag], { type: "language" }).of(tag);
    if (name && name !== tag) return name.charAt(0).toLocaleUpperCase(tag) + name.slice(1);
  } catch {
    // Falls through to the tag itself.
  }
  return tag;
}
