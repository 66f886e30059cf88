import { describe, expect, it } from "vitest";
import { audit } from "./audit";
import {
  type CountedMessage,
  feedbackPublication,
  feedbackShapeProblems,
  feedbackTables,
} from "./feedback-tables";
import { parsePublication } from "./publication";

const many = (n: number, message: CountedMessage) => Array.from({ length: n }, () => message);
const count = (
  table: { cells: { key: Record<string, string | null>; count: number | null }[] },
  key: Record<string, string | null>,
) => table.cells.find((c) => Object.entries(key).every(([k, v]) => c.key[k] === v))?.count;

describe("feedback tables", () => {
  const messages: CountedMessage[] = [
    ...many(6, { category: "complaint", month: "2026-09", country: "pe" }),
    ...many(2, { category: "question", month: "2026-11" }),
    ...many(4, { category: "sensitive", month: "2026-09", country: "pe" }),
  ];

  it("count category × month with margins, every category and every month in between", () => {
    const [table] = feedbackTables(messages);
    expect(table?.variables).toEqual(["category", "month"]);
    if (!table) return;
    expect(count(table, { category: "complaint", month: "2026-09" })).toBe(6);
    // October had no feedback: its zeros are published, not left out (DESIGN §8).
    expect(count(table, { category: "complaint", month: "2026-10" })).toBe(0);
    expect(count(table, { category: "question", month: "2026-11" })).toBe(2);
    expect(count(table, { category: "thanks", month: "*" })).toBe(0);
    expect(count(table, { category: "*", month: "*" })).toBe(8);
  });

  it("never count sensitive reports", () => {
    const [table] = feedbackTables(messages);
    expect(table?.cells.some((c) => c.key.category === "sensitive")).toBe(false);
  });

  it("add category × country only when chosen, with no country as its own category", () => {
    expect(feedbackTables(messages)).toHaveLength(1);
    const [, byCountry] = feedbackTables(messages, { byCountry: true });
    expect(byCountry?.variables).toEqual(["category", "country"]);
    if (!byCountry) return;
    expect(count(byCountry, { category: "complaint", country: "pe" })).toBe(6);
    expect(count(byCountry, { category: "question", country: null })).toBe(2);
    expect(count(byCountry, { category: "*", country: "*" })).toBe(8);
  });

  it("leave out a month or a country that is not a code, rather than publish free text", () => {
    const tables = feedbackTables(
      [
        { category: "thanks", month: "2026-09", country: "Lima, near the bus station" },
        { category: "thanks", month: "yesterday" },
        { category: "thanks", month: "2026-09", country: "cl" },
      ],
      { byCountry: true },
    );
    expect(tables[1]?.cells.map((c) => c.key.country)).not.toContain("Lima, near the bus station");
    expect(count(tables[0] as never, { category: "*", month: "*" })).toBe(1);
  });

  it("are empty when there is nothing to count", () => {
    expect(feedbackTables([])).toEqual([]);
  });
});

describe("feedback publication", () => {
  it("hides the count of 2 and whatever would give it away, and passes the audit", async () => {
    const messages = [
      ...many(9, { category: "complaint", month: "2026-09" }),
      ...many(7, { category: "suggestion", month: "2026-09" }),
      ...many(8, { category: "complaint", month: "2026-10" }),
      ...many(2, { category: "question", month: "2026-10" }),
      ...many(6, { category: "suggestion", month: "2026-10" }),
    ];
    const publication = await feedbackPublication("red-apoyo", messages, { k: 3 });
    expect(parsePublication(publication).ok).toBe(true);
    expect(publication.responses).toBe(32);
    const [table] = publication.tables;
    const cell = table?.cells.find(
      (c) => c.key.category === "question" && c.key.month === "2026-10",
    );
    expect(cell).toMatchObject({ count: null });
    expect(JSON.stringify(publication)).not.toMatch(/"count":2[,}]/);
    expect((await audit(publication)).ok).toBe(true);
    expect(feedbackShapeProblems(publication)).toEqual([]);
  });
});

describe("feedback shape", () => {
  const base = async () =>
    feedbackPublication("red-apoyo", many(5, { category: "thanks", month: "2026-09" }), { k: 3 });

  it("refuses sensitive reports, free-text countries and other variables", async () => {
    const publication = await base();
    const table = publication.tables[0];
    if (!table) throw new Error("no table");
    const withCell = (key: Record<string, string | null>) => ({
      ...publication,
      tables: [
        { ...table, cells: [...table.cells, { key, count: 0, suppressed: false as const }] },
      ],
    });
    expect(
      feedbackShapeProblems(withCell({ category: "sensitive", month: "2026-09" })),
    ).toHaveLength(1);
    expect(feedbackShapeProblems(withCell({ category: "thanks", month: "Sept" }))).toHaveLength(1);
    expect(
      feedbackShapeProblems({
        ...publication,
        tables: [{ id: "t", variables: ["comment"], cells: [] }],
      }),
    ).toEqual([{ table: "t", message: "not a feedback variable: comment" }]);
  });
});
