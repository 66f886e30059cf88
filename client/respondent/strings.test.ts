import { describe, expect, it } from "vitest";
import { PLAIN_STRINGS, plainStrings } from "./nojs-strings";
import { languageName, RESPONDENT_STRINGS, respondentStrings } from "./strings";

const languages = Object.keys(RESPONDENT_STRINGS);
const reference = RESPONDENT_STRINGS.es;
const placeholders = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort();

describe("respondent interface strings", () => {
  it("come in Spanish, English, Portuguese, French, Haitian Creole and Arabic", () => {
    expect(languages.sort()).toEqual(["ar", "en", "es", "fr", "ht", "pt"]);
  });

  it.each(languages)(
    "%s has every key, none empty, with the same placeholders as Spanish",
    (code) => {
      const strings = RESPONDENT_STRINGS[code as keyof typeof RESPONDENT_STRINGS] as Record<
        string,
        unknown
      >;
      expect(Object.keys(strings).sort()).toEqual(Object.keys(reference).sort());
      for (const [key, spanish] of Object.entries(reference)) {
        const text = strings[key];
        expect(typeof text, `${code}.${key}`).toBe("string");
        expect((text as string).trim(), `${code}.${key}`).not.toBe("");
        expect(placeholders(text as string), `${code}.${key}`).toEqual(placeholders(spanish));
      }
    },
  );

  it("fall back to the survey's default language, then Spanish", () => {
    expect(respondentStrings("pt").next).toBe("Continuar");
    expect(respondentStrings("qu", "en").next).toBe("Next");
    expect(respondentStrings("qu", "qu").next).toBe("Siguiente");
    expect(languageName("ht")).toBe("Kreyòl ayisyen");
    expect(languageName("prs", { languageNames: { prs: "دری" } })).toBe("دری");
    expect(languageName("ar")).toBe("العربية");
    expect(languageName("xx")).toBe("xx");
  });

  it("of the form without JavaScript come in the same languages, none empty, same fallback", () => {
    expect(Object.keys(PLAIN_STRINGS).sort()).toEqual(languages.sort());
    for (const strings of Object.values(PLAIN_STRINGS)) {
      for (const text of Object.values(strings)) expect(text.trim()).not.toBe("");
    }
    expect(plainStrings("qu", "en").alreadySent).toBe(PLAIN_STRINGS.en.alreadySent);
    expect(plainStrings("qu", "qu").about).toBe(PLAIN_STRINGS.es.about);
  });
});
