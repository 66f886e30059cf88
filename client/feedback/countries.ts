// The feedback form's country list in the page's language, sorted by name as that language
// sorts (issue 15 item 7). The codes are FEEDBACK_COUNTRIES, the publications' country axis:
// one list, so the form never offers a country the counts cannot show. Names come from the
// browser's own Intl.DisplayNames, so no list of names ships per language; Haitian Creole, which
// browsers do not name countries in, has a table of its own.
import { FEEDBACK_COUNTRIES, type FeedbackCountry } from "../lib/feedback-format";

/** Creole names. */
const CREOLE: Record<FeedbackCountry, string> = {
  ar: "Ajantin",
  bo: "Bolivi",
  br: "Brezil",
  cl: "Chili",
  co: "Kolonbi",
  cr: "Kosta Rika",
  do: "Repiblik Dominikèn",
  ec: "Ekwatè",
  gy: "Giyàn",
  ht: "Ayiti",
  mx: "Meksik",
  pa: "Panama",
  pe: "Pewou",
  py: "Paragwe",
  tt: "Trinidad ak Tobago",
  us: "Etazini",
  uy: "Irigwe",
  ve: "Venezyela",
};

/** Each country in its own language: where a browser has no Intl.DisplayNames (before 2020). */
const OWN: Record<FeedbackCountry, string> = {
  ar: "Argentina",
  bo: "Bolivia",
  br: "Brasil",
  cl: "Chile",
  co: "Colombia",
  cr: "Costa Rica",
  do: "República Dominicana",
  ec: "Ecuador",
  gy: "Guyana",
  ht: "Ayiti",
  mx: "México",
  pa: "Panamá",
  pe: "Perú",
  py: "Paraguay",
  tt: "Trinidad and Tobago",
  us: "United States",
  uy: "Uruguay",
  ve: "Venezuela",
};

export interface CountryChoice {
  /** ISO 3166 alpha-2, lower case, as the message carries it. */
  code: FeedbackCountry;
  name: string;
}

function namer(language: string): (code: FeedbackCountry) => string | undefined {
  if (language === "ht") return (code) => CREOLE[code];
  try {
    const names = new Intl.DisplayNames([language], { type: "region", fallback: "none" });
    return (code) => names.of(code.toUpperCase());
  } catch {
    return () => undefined;
  }
}

export function countryChoices(language: string): CountryChoice[] {
  const name = namer(language);
  return FEEDBACK_COUNTRIES.map((code) => ({ code, name: name(code) ?? OWN[code] })).sort((a, b) =>
    a.name.localeCompare(b.name, language),
  );
}
