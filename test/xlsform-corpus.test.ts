// biome-ignore-all lint/suspicious/noTemplateCurlyInString: XLSForm expressions name questions as ${name}, literally.
// The corpus check finds silent loss on its own: its .xlsx reader agrees with read-excel-file
// cell for cell, it finds nothing lost in a faithful import, and it finds what an importer that
// dropped a condition, an option, a text or a report would have lost.

import fc from "fast-check";
import readXlsxFile from "read-excel-file/node";
import { describe, expect, it } from "vitest";
import { surveyFromXlsForm } from "../client/lib/xlsform/import";
import { type RawWorkbook, readRawXlsx } from "../scripts/xlsform-corpus/raw-xlsx";
import { checkSilentLoss } from "../scripts/xlsform-corpus/silent-loss";
import type { Survey } from "../surveys/schema";
import { ARABIC, type Form, HOUSEHOLD, xlsxBytes } from "./fixtures/xlsform";

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

describe("earlier answers inside texts, for the corpus check", () => {
  // UNHCR's roster forms name the member in every label: "How old is ${HH02}?".
  const NAMED: Form = {
    survey: [
      ["type", "name", "label::English (en)"],
      ["integer", "HH01", "How many people live here?"],
      ["integer", "HH_age", "How old is the eldest of the ${HH01}?"],
    ],
  };

  it("takes a reference kept under the question's id as the text, and finds one that was not", async () => {
    const { raw, survey, problems } = await imported(NAMED);
    expect(survey.questions[1]?.label.en).toBe("How old is the eldest of the ${hh01}?");
    expect(checkSilentLoss(raw, survey, problems).losses).toEqual([]);
    const broken: Survey = {
      ...survey,
      questions: survey.questions.map((q) =>
        q.id === "hh_age" ? { ...q, label: { en: "How old is the eldest of the ?" } } : q,
      ),
    };
    expect(checkSilentLoss(raw, broken, problems).losses.map((l) => [l.row, l.fact])).toEqual([
      [3, "label text"],
    ]);
  });
});

/** Rows as the raw reader would give them: non-empty cells as trimmed text. */
function rawOf(sheets: { sheet: string; data: unknown[][] }[]): RawWorkbook {
  return new Map(
    sheets.map(({ sheet, data }) => [
      sheet,
      new Map(
        data
          .map(
            (row, r) =>
              [
                r + 1,
                new Map(
                  row
                    .map(
                      (cell, c) =>
                        [
                          c,
                          cell === null || cell === undefined ? "" : String(cell).trim(),
                        ] as const,
                    )
                    .filter(([, text]) => text !== ""),
                ),
              ] as const,
          )
          .filter(([, cells]) => cells.size > 0),
      ),
    ]),
  );
}

describe("no silent loss in generated forms", () => {
  it("every fact of a random form is in the survey or in the report", () => {
    const names = ["a", "b", "c", "d", "e", "f", "g"];
    const row = fc.tuple(
      fc.constantFrom(
        "select_one yn",
        "select_multiple yn",
        "select_one yn or_other",
        "select one from county",
        "integer",
        "decimal",
        "text",
        "date",
        "note",
        "calculate",
        "geopoint",
        "begin_group",
        "begin_group",
        "end_group",
        "end_group",
        "begin_repeat",
        "end_repeat",
        "acknowledge",
      ),
      fc.constantFrom(...names),
      fc.option(fc.constantFrom("Question?", "Another question", "Texto ${a}", "<b>Bold</b>"), {
        nil: null,
      }),
      fc.option(fc.constantFrom("Pregunta", "Otra"), { nil: null }),
      fc.option(
        fc.constantFrom(
          "${q0} = 'yes'",
          "selected(${q1}, 'no')",
          "${q2} > 3",
          "${q3} != ''",
          "today() > ${q0}",
          "${zz} = 1",
          "${q1} != 'yes' and ${q4} = ''",
        ),
        { nil: null },
      ),
      fc.option(
        fc.constantFrom(
          ". >= 0 and . <= 9",
          "regex(., 'x')",
          "not(selected(., 'no') and count-selected(.) > 1)",
        ),
        { nil: null },
      ),
      fc.option(fc.constantFrom("field-list", "minimal", "month-year"), { nil: null }),
      fc.option(fc.constantFrom("state=${q0}", "state=${zz}"), { nil: null }),
      fc.option(fc.constantFrom("0", "high"), { nil: null }),
    );
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 14 }), (generated) => {
        // Names mostly unique, as in real forms, so each row's facts are followed.
        const rows = generated.map((r, i) => [r[0], i % 5 === 4 ? r[1] : `q${i}`, ...r.slice(2)]);
        const sheets = [
          {
            sheet: "survey",
            data: [
              [
                "type",
                "name",
                "label::English (en)",
                "label::Español (es)",
                "relevant",
                "constraint",
                "appearance",
                "choice_filter",
                "default",
              ],
              ...rows,
            ],
          },
          {
            sheet: "choices",
            data: [
              ["list_name", "name", "label::English (en)", "label::Español (es)", "state"],
              ["yn", "yes", "Yes", "Sí", null],
              ["yn", "no", "No", null, null],
              ["county", "x1", "X1", "X1", "yes"],
              ["county", "x2", "X2", "X2", null],
              ["unused", "u", "U", "U", null],
            ],
          },
        ];
        const { survey, problems, conditions } = surveyFromXlsForm(sheets, {
          slug: "gen",
          title: "Gen",
        });
        const check = checkSilentLoss(rawOf(sheets), survey, problems);
        expect(check.losses).toEqual([]);
        expect(check.relevantCells).toBe(
          conditions.kept + conditions.translated + conditions.reported,
        );
      }),
      { numRuns: 400 },
    );
  });
});
