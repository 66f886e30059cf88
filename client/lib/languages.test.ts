import { describe, expect, it } from "vitest";
import { directionOf, isRightToLeft, languageName } from "./languages";

describe("isRightToLeft", () => {
  it.each(["ar", "ar-SY", "fa", "fa-AF", "prs", "ps", "ur", "he", "yi", "ckb", "dv", "sd", "ug"])(
    "%s is written right to left",
    (tag) => {
      expect(isRightToLeft(tag)).toBe(true);
      expect(directionOf(tag)).toBe("rtl");
    },
  );

  it.each(["es", "es-419", "en", "pt-BR", "fr", "ht", "ku", "tr", "sw", "ti", "am", "zh-Hant"])(
    "%s is written left to right",
    (tag) => {
      expect(isRightToLeft(tag)).toBe(false);
      expect(directionOf(tag)).toBe("ltr");
    },
  );

  it("lets a script subtag decide, whichever way the language usually goes", () => {
    expect(isRightToLeft("ku-Arab")).toBe(true);
    expect(isRightToLeft("pa-Arab-PK")).toBe(true);
    expect(isRightToLeft("ff-Adlm")).toBe(true);
    expect(isRightToLeft("sd-Deva")).toBe(false);
    expect(isRightToLeft("az-Latn")).toBe(false);
    expect(isRightToLeft("uz-ARAB")).toBe(true);
  });
});

describe("languageName", () => {
  it("prefers the survey's own name for a language", () => {
    expect(languageName({ languageNames: { prs: "دری" } }, "prs")).toBe("دری");
  });

  it("otherwise names the language in itself, capitalized as a picker shows it", () => {
    expect(languageName({}, "es")).toBe("Español");
    expect(languageName({}, "pt")).toBe("Português");
    expect(languageName({}, "ar")).toBe("العربية");
  });

  it("falls back to the tag for a language no one has a name for", () => {
    expect(languageName({}, "qaa")).toBe("qaa");
  });
});
