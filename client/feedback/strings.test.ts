import { describe, expect, it } from "vitest";
import { CATEGORIES } from "../lib/feedback-format";
import { RESPONDENT_STRINGS } from "../respondent/strings";
import { FEEDBACK_STRINGS, feedbackStrings } from "./strings";

const reference = FEEDBACK_STRINGS.es;
const placeholders = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort();

describe("feedback interface strings", () => {
  it("come in the respondent page's languages, whose quick exit and names they reuse", () => {
    expect(Object.keys(FEEDBACK_STRINGS).sort()).toEqual(Object.keys(RESPONDENT_STRINGS).sort());
  });

  it.each(Object.keys(FEEDBACK_STRINGS))(
    "%s has every key and every category, none empty, with the same placeholders as Spanish",
    (code) => {
      const strings = FEEDBACK_STRINGS[code as keyof typeof FEEDBACK_STRINGS];
      expect(Object.keys(strings).sort()).toEqual(Object.keys(reference).sort());
      expect(Object.keys(strings.categories).sort()).toEqual([...CATEGORIES].sort());
      for (const [key, spanish] of Object.entries(reference)) {
        if (key === "categories") continue;
        const text = (strings as Record<string, unknown>)[key] as string;
        expect(text.trim(), `${code}.${key}`).not.toBe("");
        expect(placeholders(text), `${code}.${key}`).toEqual(placeholders(spanish as string));
      }
      for (const text of Object.values(strings.categories)) expect(text.trim()).not.toBe("");
    },
  );

  it("fall back to Spanish", () => {
    expect(feedbackStrings("qu").send).toBe("Enviar");
    expect(feedbackStrings("ht").send).toBe("Voye");
  });
});
