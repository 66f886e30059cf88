import { describe, expect, it } from "vitest";
import { visasDraft } from "../test/fixtures/drafts";
import { describeMissing, parseDraft } from "./draft";
import type { Survey } from "./schema";

const draft = visasDraft;

describe("drafts", () => {
  it("accepts a draft whose only faults are missing or empty translations, and keeps them missing", () => {
    const parsed = parseDraft(draft());
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.missing.map((m) => m.path).sort()).toEqual([
      "$.questions[0].hint.ht",
      "$.questions[0].options[0].label.ht",
    ]);
    // Nothing was invented: the stand-in used for checking is gone again.
    const q = parsed.value.questions[0] as Survey["questions"][number];
    expect(q.hint).toEqual({ es: "Una sola respuesta." });
    expect(JSON.stringify(parsed.value)).not.toContain("…");
  });

  it("still refuses every other fault, with its path", () => {
    const bad = draft();
    (bad.questions[0] as { id: string }).id = "Visa!";
    const parsed = parseDraft(bad);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors.map((e) => e.path)).toContain("$.questions[0].id");

    const foreign = draft();
    (foreign.title as Record<string, string>).fr = "Visas";
    expect(parseDraft(foreign).ok).toBe(false);
    expect(parseDraft("not a survey").ok).toBe(false);
  });

  it("names the question, the field and the language a designer must fill", () => {
    const parsed = parseDraft(draft());
    if (!parsed.ok) throw new Error("draft refused");
    expect(parsed.missing.map((m) => describeMissing(parsed.value, m)).sort()).toEqual([
      'question 1 (visa): the hint in "ht"',
      'question 1 (visa): the option 1 label in "ht"',
    ]);
  });

  it("finds nothing missing in a complete survey", () => {
    const complete = draft();
    const [question] = complete.questions as [ReturnType<typeof draft>["questions"][number]];
    question.hint = { es: "Una sola respuesta.", ht: "Yon sèl repons." } as never;
    (question.options[0] as { label: Record<string, string> }).label.ht = "Wi";
    const parsed = parseDraft(complete);
    expect(parsed.ok && parsed.missing).toEqual([]);
  });
});
