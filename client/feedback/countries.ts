// The feedback form's country list in the page's language, sorted by name as that language
// sorts (issue 15 item 7): names from the browser's own Intl.DisplayNames, so no list ships in
// the script; Haitian Creole, which browsers do not name countries in, from a table of its own.
import { COUNTRIES } from "./strings";

/** Creole names of the countries the form lists. */
const CREOLE: Record<string, string> = {
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

export interface CountryChoice {
  /** ISO 3166 alpha-2, lower case, as the message carries it. */
  code: string;
  name: string;
}

function namer(language: string): (code: string) => string | undefined {
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
  return COUNTRIES.map(([code, own]) => ({ code, name: name(code) ?? own })).sort((a, b) =>
    a.name.localeCompare(b.name, language),
  );
}
