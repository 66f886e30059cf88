// The corpus check finds silent loss on its own: its .xlsx reader agrees with read-excel-file
// cell for cell, it finds nothing lost in a faithful import, and it finds what an importer that
// dropped a condition, an option, a text or a report would have lost.
import readXlsxFile from "read-excel-file/node";
import { describe, expect, it } from "vitest";
import { surveyFromXlsForm } from "../client/lib/xlsform/import";
import { readRawXlsx } from "../scripts/xlsform-corpus/raw-xlsx";
import { checkSilentLoss } from "../scripts/xlsform-corpus/silent-loss";
import type { Survey } from "../surveys/schema";
import { ARABIC, HOUSEHOLD, xlsxBytes } from "./fixtures/xlsform";

async function imported(form = HOUSEHOLD) {
  const bytes = await xlsxBytes(form);
  const result = surveyFromXlsForm(await readXlsxFile(bytes), { slug: "check", title: "Check" });
  return { raw: readRawXlsx(bytes), ...result };
}

describe("the corpus check for silent loss", () => {
  it("reads every cell as read-excel-file does, with its own zip and XML reading", async () => {
    const bytes = await xlsxBytes(HOUSEHOLD);
    const raw = readRawXlsx(bytes);
    for (const { sheet, data } of await readXlsxFile(bytes)) {
      data.forEach((row, r) => {
        row.forEach((cell, c) => {
          const text = cell === null ? undefined : String(cell);
          expect(
            raw
              .get(sheet)
              ?.get(r + 1)
              ?.get(c),
            `${sheet} ${r + 1}:${c}`,
          ).toBe(text);
        });
      });
    }
  });

  it("finds nothing lost in a faithful import, and counts every relevant cell", async () => {
    for (const form of [HOUSEHOLD, ARABIC]) {
      const { raw, survey, problems, conditions } = await imported(form);
      const check = checkSilentLoss(raw, survey, problems);
      expect(check.losses).toEqual([]);
      expect(check.relevantCells).toBe(
        conditions.kept + conditions.translated + conditions.reported,
      );
      expect(check.facts).toBeGreaterThan(30);
    }
  });

  it("finds a group condition that did not reach a question", async () => {
    const { raw, survey, problems } = await imported();
    const county = survey.questions.find((q) => q.id === "county");
    const broken: Survey = {
      ...survey,
      questions: survey.questions.map((q) =>
        q === county ? { ...q, showIf: { question: "hh_size", gt: 1 } } : q,
      ),
    };
    expect(checkSilentLoss(raw, broken, problems).losses).toEqual([
      { sheet: "survey", row: 4, column: "relevant", fact: "group condition reaches county" },
    ]);
  });

  it("finds a dropped option, a dropped translation and a dropped report", async () => {
    const { raw, survey, problems } = await imported();
    const broken: Survey = {
      ...survey,
      questions: survey.questions.map((q) =>
        q.id === "needs" && q.type === "multi"
          ? { ...q, options: q.options.filter((o) => o.id !== "water") }
          : q.id === "hh_size"
            ? { ...q, label: { en: q.label.en as string, fr: "?" } }
            : q,
      ),
    };
    const facts = checkSilentLoss(raw, broken, problems).losses.map((l) => l.fact);
    expect(facts).toContain("choice water of needs");
    expect(facts).toContain("label text");
    const unreported = problems.filter((p) => p.construct !== "group title");
    expect(checkSilentLoss(raw, survey, unreported).losses.map((l) => [l.row, l.fact])).toEqual([
      [4, "group title"],
      [4, "group title"],
      [6, "group title"],
      [6, "group title"],
    ]);
  });
});
