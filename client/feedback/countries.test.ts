import { describe, expect, it } from "vitest";
import { COUNTRY, FEEDBACK_COUNTRIES } from "../lib/feedback-format";
import { countryChoices } from "./countries";

describe("the feedback form's countries", () => {
  it.each([
    ["es", "us", "Estados Unidos"],
    ["en", "do", "Dominican Republic"],
    ["pt", "us", "Estados Unidos"],
    ["fr", "us", "États-Unis"],
    ["ht", "us", "Etazini"],
  ])("are named in the page's language (%s)", (language, code, name) => {
    expect(countryChoices(language).find((c) => c.code === code)?.name).toBe(name);
  });

  it.each(["es", "en", "pt", "fr", "ht"])(
    "are sorted by name as %s sorts, every code once",
    (language) => {
      const choices = countryChoices(language);
      const names = choices.map((c) => c.name);
      expect(names).toEqual([...names].sort(new Intl.Collator(language).compare));
      expect(choices.map((c) => c.code).sort()).toEqual([...FEEDBACK_COUNTRIES].sort());
    },
  );

  it("offers lower-case ISO codes, each once: the country axis of the channel's publications", () => {
    expect(FEEDBACK_COUNTRIES.filter((code) => !COUNTRY.test(code))).toEqual([]);
    expect(new Set(FEEDBACK_COUNTRIES).size).toBe(FEEDBACK_COUNTRIES.length);
  });

  it("sorts accented names where the language puts them, not by code", () => {
    const french = countryChoices("fr").map((c) => c.name);
    // "États-Unis" sorts with the E's, before "Guyana"; by code (us) it would come near the end.
    expect(french.indexOf("États-Unis")).toBeLessThan(french.indexOf("Guyana"));
    expect(countryChoices("es")[0]?.name).toBe("Argentina");
  });
});
