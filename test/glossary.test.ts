// Every respondent-facing string of a language keeps to its glossary (issue 15 item 8): the
// "Avoid" column of docs/glossary/<language>.md lists words that language's strings must not use.
// The glossary is read as a person wrote it, so a new row is a new check.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ANONYMITY } from "../client/coordinator/poster";
import { WORKSPACE_STRINGS } from "../client/coordinator/strings";
import { FEEDBACK_STRINGS } from "../client/feedback/strings";
import { PLAIN_STRINGS } from "../client/respondent/nojs-strings";
import { RESPONDENT_STRINGS } from "../client/respondent/strings";
import { UNAVAILABLE_STRINGS } from "../client/respondent/unavailable";

const LANGUAGES = ["es", "en", "pt", "fr", "ht"] as const;

/** Every string inside a value, however nested. */
function strings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === "object") return Object.values(value).flatMap(strings);
  return [];
}

/** The words of the table's "Avoid" column. */
function avoided(language: string): string[] {
  const text = readFileSync(`docs/glossary/${language}.md`, "utf8");
  const rows = text.split("\n").filter((line) => line.startsWith("|"));
  const header = rows[0]?.split("|").map((cell) => cell.trim()) ?? [];
  const column = header.indexOf("Avoid");
  if (column === -1) throw new Error(`docs/glossary/${language}.md has no Avoid column`);
  return rows
    .slice(2)
    .flatMap((row) => (row.split("|")[column] ?? "").split(","))
    .map((word) => word.trim())
    .filter((word) => word !== "" && word !== "—");
}

/** A word as written, not inside a longer word; punctuation anywhere. */
function uses(text: string, word: string): boolean {
  if (!/\p{L}/u.test(word)) return text.includes(word);
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(?<!\\p{L})${escaped}(?!\\p{L})`, "u").test(text);
}

function respondentStrings(language: (typeof LANGUAGES)[number]): string[] {
  return [
    ...strings(RESPONDENT_STRINGS[language]),
    ...strings(PLAIN_STRINGS[language]),
    ...strings(UNAVAILABLE_STRINGS[language]),
    ...strings((FEEDBACK_STRINGS as Record<string, unknown>)[language]),
    ...strings(ANONYMITY[language]),
  ];
}

describe("the interface strings keep to each language's glossary", () => {
  it("finds the words it checks for (the check itself can fail)", () => {
    expect(avoided("pt")).toContain("telefone");
    expect(uses("no seu telefone", "telefone")).toBe(true);
    expect(uses("telefonema", "telefone")).toBe(false);
    expect(uses("na próxima vez", "Próxima")).toBe(false);
    expect(uses("toque em «Tentar»", "«")).toBe(true);
  });

  it.each(LANGUAGES)("in %s", (language) => {
    const texts = respondentStrings(language);
    expect(texts.length).toBeGreaterThan(50);
    const found = avoided(language).flatMap((word) =>
      texts.filter((text) => uses(text, word)).map((text) => `"${word}" in: ${text}`),
    );
    expect(found).toEqual([]);
  });

  // The workspace speaks to organizations, not respondents, but names the same things. Its
  // English buttons say "questionnaire" for the document a designer edits ("Edit
  // questionnaire"), which the respondent never sees.
  const WORKSPACE_ALLOWS: Record<string, string[]> = { en: ["questionnaire"] };
  it.each(["es", "en", "pt", "fr"])("in the workspace, in %s", (language) => {
    const texts = strings(WORKSPACE_STRINGS[language]);
    expect(texts.length).toBeGreaterThan(300);
    const checked = avoided(language).filter((w) => !WORKSPACE_ALLOWS[language]?.includes(w));
    const found = checked.flatMap((word) =>
      texts.filter((text) => uses(text, word)).map((text) => `"${word}" in: ${text}`),
    );
    expect(found).toEqual([]);
  });
});
