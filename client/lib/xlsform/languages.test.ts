import { describe, expect, it } from "vitest";
import { canonicalTag, columnLanguage, guessLanguage, headerName } from "./languages";

describe("languages of XLSForm columns", () => {
  it("reads every way forms write a language", () => {
    const cases: [string, string][] = [
      ["English (en)", "en"],
      ["English (EN)", "en"],
      ["EN", "en"],
      ["en", "en"],
      ["english", "en"],
      ["English", "en"],
      ["Español (es)", "es"],
      ["Spanish", "es"],
      ["espanol", "es"],
      ["Français", "fr"],
      ["Portuguese (pt-br)", "pt-BR"],
      ["es-419", "es-419"],
      ["Arabic", "ar"],
      ["العربية", "ar"],
      ["Arabic (ar)", "ar"],
      ["Dari", "prs"],
      ["Dari (prs)", "prs"],
      ["دری", "prs"],
      ["Pashto", "ps"],
      ["Farsi", "fa"],
      ["Tigrinya", "ti"],
      ["ትግርኛ", "ti"],
      ["Amharic", "am"],
      ["Oromo", "om"],
      ["Afaan Oromoo", "om"],
      ["Swahili", "sw"],
      ["Kiswahili", "sw"],
      ["Somali", "so"],
      ["Hausa", "ha"],
      ["Kanuri", "kr"],
      ["Haitian Creole", "ht"],
      ["Kreyòl", "ht"],
      ["Ukrainian", "uk"],
      ["Kurdish Sorani", "ckb"],
      ["Burmese", "my"],
      ["Rohingya", "rhg"],
      ["Juba Arabic", "pga"],
      ["eng", "en"],
    ];
    for (const [written, tag] of cases) expect(columnLanguage(written)?.tag, written).toBe(tag);
  });

  it("reads a dialect in parentheses as the language it names, not as the name before it", () => {
    // REACH Iraq forms write Sorani this way; "Kurdish" alone is Kurmanji (ku), in Latin script.
    expect(columnLanguage("Kurdish (Sorani)")).toEqual({ tag: "ckb" });
    expect(columnLanguage("Kurdish (Kurmanji)")).toEqual({ tag: "ku" });
    expect(columnLanguage("English (en)")).toEqual({ tag: "en" });
    expect(columnLanguage("Español (es)")).toEqual({ tag: "es" });
  });

  it("says it cannot tell rather than guessing from an unknown name", () => {
    expect(columnLanguage("Klingon")).toBeNull();
    expect(columnLanguage("Language 2")).toBeNull();
    expect(columnLanguage("xx")).toBeNull();
  });

  it("keeps a name only when it is not the usual English or own name of the language", () => {
    expect(columnLanguage("English (en)")).toEqual({ tag: "en" });
    expect(columnLanguage("Spanish (es)")).toEqual({ tag: "es" });
    expect(columnLanguage("Castellano (es)")).toEqual({ tag: "es" });
    expect(columnLanguage("Criollo venezolano (es)")).toEqual({
      tag: "es",
      name: "Criollo venezolano",
    });
  });

  it("writes headers the reader reads back, with a language's own name", () => {
    for (const tag of ["es", "en", "ar", "prs", "ti", "pt-BR"]) {
      expect(columnLanguage(headerName(tag))).toEqual({ tag });
    }
    expect(headerName("es")).toBe("Español (es)");
    expect(columnLanguage(headerName("es", { es: "Castellano llano" }))).toEqual({
      tag: "es",
      name: "Castellano llano",
    });
  });

  it("canonicalizes tags and refuses what is not one", () => {
    expect(canonicalTag("PT-br")).toBe("pt-BR");
    expect(canonicalTag("English")).toBeNull();
    expect(canonicalTag("e")).toBeNull();
  });

  it("guesses a column's language from its texts only when one language stands out", () => {
    expect(
      guessLanguage([
        "What is your age?",
        "How many people live in your household?",
        "Do you have a passport?",
      ]),
    ).toBe("en");
    expect(
      guessLanguage(["¿Cuántos años tiene usted?", "¿Tiene pasaporte?", "Su país de origen es…"]),
    ).toBe("es");
    expect(
      guessLanguage(["Você tem passaporte?", "Quantos anos você tem?", "Qual é o seu país?"]),
    ).toBe("pt");
    expect(
      guessLanguage([
        "Avez-vous un passeport?",
        "Combien de personnes vivent avec vous?",
        "Quel est votre âge?",
      ]),
    ).toBe("fr");
    expect(guessLanguage(["هل لديك جواز سفر؟", "كم عمرك؟"])).toBe("ar");
    expect(guessLanguage(["Q1", "Q2"])).toBeNull();
  });
});
