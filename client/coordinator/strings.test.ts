// The workspace catalogue (issue 16): every language has every key of the English one, each a
// non-empty string with the same {slots}, and no sentence left in English.
import { describe, expect, it } from "vitest";
import { WORKSPACE_STRINGS } from "./strings";
import { en } from "./strings/en";

/** Every string of a catalogue by its dotted path. */
function entries(value: unknown, path = ""): [string, unknown][] {
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([key, v]) => entries(v, path ? `${path}.${key}` : key));
  }
  return [[path, value]];
}

const slots = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

const ENGLISH = entries(en);
const OTHERS = Object.entries(WORKSPACE_STRINGS).filter(([code]) => code !== "en");

describe("the workspace string catalogue", () => {
  it("offers English, Spanish, Portuguese and French", () => {
    expect(Object.keys(WORKSPACE_STRINGS).sort()).toEqual(["en", "es", "fr", "pt"]);
  });

  it.each(OTHERS)("has every English key in %s, no other, each with the same slots", (_, t) => {
    const own = new Map(entries(t));
    expect([...own.keys()].sort()).toEqual(ENGLISH.map(([path]) => path).sort());
    for (const [path, english] of ENGLISH) {
      const text = own.get(path);
      expect(typeof text, path).toBe("string");
      expect((text as string).trim(), path).not.toBe("");
      expect(slots(text as string), path).toEqual(slots(english as string));
    }
  });

  it.each(OTHERS)("leaves no English sentence in %s", (_, t) => {
    const own = new Map(entries(t));
    // Same as English only where the words are names or shared by both languages.
    const copied = ENGLISH.filter(
      ([path, english]) =>
        own.get(path) === english &&
        /\b(the|and|your|you|is|are|with|this)\b/i.test(english as string),
    ).map(([path]) => path);
    expect(copied).toEqual([]);
  });

  it("finds a missing key and a lost slot (the check itself can fail)", () => {
    const broken = { ...en, account: { ...en.account, invited: "Invitación" } } as typeof en;
    const own = new Map(entries(broken));
    expect(slots(own.get("account.invited") as string)).not.toEqual(slots(en.account.invited));
    const { shell: _, ...missing } = en;
    expect(entries(missing).length).toBeLessThan(ENGLISH.length);
  });
});
