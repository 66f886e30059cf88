import { describe, expect, it } from "vitest";
import { audit } from "./audit";
import { FEEDBACK_COUNTRIES } from "./feedback-format";
import {
  type CountedMessage,
  feedbackPublication,
  feedbackShapeProblems,
  feedbackTables,
  publishableMonths,
} from "./feedback-tables";
import { type Publication, parsePublication } from "./publication";

const many = (n: number, message: CountedMessage) => Array.from({ length: n }, () => message);
const count = (
  table: { cells: { key: Record<string, string | null>; count: number | null }[] },
  key: Record<string, string | null>,
) => table.cells.find((c) => Object.entries(key).every(([k, v]) => c.key[k] === v))?.count;
const MONTHS = ["2026-09", "2026-10", "2026-11"];

describe("the months a publication counts", () => {
  it("run from the month the channel opened to the last closed month", () => {
    expect(publishableMonths("2026-09-14", new Date("2026-12-01T00:00:00Z"))).toEqual(MONTHS);
    expect(publishableMonths("2025-11-30", new Date("2026-02-27T12:00:00Z"))).toEqual([
      "2025-11",
      "2025-12",
      "2026-01",
    ]);
  });

  it("are none while the opening month is still open", () => {
    expect(publishableMonths("2026-12-01", new Date("2026-12-31T23:59:59Z"))).toEqual([]);
  });
});

describe("feedback tables", () => {
  const messages: CountedMessage[] = [
    ...many(6, { category: "complaint", month: "2026-09", country: "pe" }),
    ...many(2, { category: "question", month: "2026-11" }),
    ...many(4, { category: "sensitive", month: "2026-09", country: "pe" }),
    // The current month has not closed: not counted yet.
    ...many(3, { category: "thanks", month: "2026-12", country: "ht" }),
  ];

  it("count category × month over the given months, zeros included, the open month left out", () => {
    const [table] = feedbackTables(messages, { months: MONTHS });
    expect(table?.variables).toEqual(["category", "month"]);
    if (!table) return;
    expect(count(table, { category: "complaint", month: "2026-09" })).toBe(6);
    expect(count(table, { category: "complaint", month: "2026-10" })).toBe(0);
    expect(count(table, { category: "question", month: "2026-11" })).toBe(2);
    expect(count(table, { category: "thanks", month: "*" })).toBe(0);
    expect(count(table, { category: "*", month: "*" })).toBe(8);
    expect(new Set(table.cells.map((c) => c.key.month))).toEqual(new Set([...MONTHS, "*"]));
  });

  it("never count sensitive reports", () => {
    const [table] = feedbackTables(messages, { months: MONTHS });
    expect(table?.cells.some((c) => c.key.category === "sensitive")).toBe(false);
  });

  it("list every country of the form and no country, whatever the messages name", () => {
    expect(feedbackTables(messages, { months: MONTHS })).toHaveLength(1);
    const [, byCountry] = feedbackTables(messages, { months: MONTHS, byCountry: true });
    expect(byCountry?.variables).toEqual(["category", "country"]);
    if (!byCountry) return;
    expect(count(byCountry, { category: "complaint", country: "pe" })).toBe(6);
    expect(count(byCountry, { category: "question", country: null })).toBe(2);
    expect(count(byCountry, { category: "complaint", country: "ve" })).toBe(0);
    expect(new Set(byCountry.cells.map((c) => c.key.country))).toEqual(
      new Set([...FEEDBACK_COUNTRIES, null, "*"]),
    );
  });

  it("have the same cells whatever the messages say: the axes tell nobody where anyone wrote from", () => {
    const keys = (m: CountedMessage[]) =>
      feedbackTables(m, { months: MONTHS, byCountry: true }).map((t) =>
        t.cells.map((c) => JSON.stringify(c.key)),
      );
    const fromHaiti = keys([{ category: "thanks", month: "2026-10", country: "ht" }]);
    expect(fromHaiti).toEqual(keys([]));
    expect(fromHaiti).toEqual(keys(messages));
  });

  it("leave out a country that is not on the list, rather than publish free text", () => {
    const tables = feedbackTables(
      [
        { category: "thanks", month: "2026-09", country: "Lima, near the bus station" },
        { category: "thanks", month: "yesterday" },
        { category: "thanks", month: "2026-09", country: "cl" },
      ],
      { months: MONTHS, byCountry: true },
    );
    expect(tables[1]?.cells.map((c) => c.key.country)).not.toContain("Lima, near the bus station");
    expect(count(tables[0] as never, { category: "*", month: "*" })).toBe(1);
  });

  it("are empty when no month has closed yet", () => {
    expect(feedbackTables(messages, { months: [] })).toEqual([]);
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
    const months = ["2026-09", "2026-10"];
    const { publication } = await feedbackPublication("red-apoyo", messages, { k: 3, months });
    expect(parsePublication(publication).ok).toBe(true);
    expect(publication.responses).toBe(32);
    const [table] = publication.tables;
    const cell = table?.cells.find(
      (c) => c.key.category === "question" && c.key.month === "2026-10",
    );
    expect(cell).toMatchObject({ count: null });
    expect(JSON.stringify(publication)).not.toMatch(/"count":2[,}]/);
    expect((await audit(publication)).ok).toBe(true);
    expect(feedbackShapeProblems(publication, months)).toEqual([]);
  });
});

describe("feedback shape", () => {
  const months = ["2026-09"];
  const base = async () =>
    (
      await feedbackPublication("red-apoyo", many(5, { category: "thanks", month: "2026-09" }), {
        k: 3,
        months,
      })
    ).publication;

  it("refuses sensitive reports, months outside the window and other variables", async () => {
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
      feedbackShapeProblems(withCell({ category: "sensitive", month: "2026-09" }), months),
    ).toHaveLength(1);
    expect(
      feedbackShapeProblems(withCell({ category: "thanks", month: "Sept" }), months),
    ).toHaveLength(1);
    expect(
      feedbackShapeProblems(withCell({ category: "thanks", month: "2026-12" }), months),
    ).toEqual([{ table: "category_month", message: 'not a category of month: "2026-12"' }]);
    expect(
      feedbackShapeProblems(
        {
          ...publication,
          tables: [{ id: "t", variables: ["comment"], cells: [] }],
        },
        months,
      ),
    ).toEqual([
      {
        table: "t",
        message:
          "not a table feedback publishes: only category_month (category × month) and category_country (category × country)",
      },
    ]);
  });

  it("holds a closed month's counts to what an earlier publication showed, and totals from falling", async () => {
    // Published in October, then in November: the window grows by the month that closed.
    const months = ["2026-09", "2026-10"];
    const publish = async (messages: CountedMessage[], history: Publication[] = []) =>
      (
        await feedbackPublication("red-apoyo", messages, {
          k: 3,
          months: history.length === 0 ? ["2026-09"] : months,
          history,
          byCountry: true,
        })
      ).publication;
    const september = [
      ...many(8, { category: "complaint", month: "2026-09", country: "ve" }),
      ...many(6, { category: "thanks", month: "2026-09", country: "ve" }),
    ];
    const first = await publish(september);
    // October adds to the window: September's counts stay, totals grow.
    const october = [...september, ...many(5, { category: "thanks", month: "2026-10" })];
    expect(feedbackShapeProblems(await publish(october, [first]), months, [first])).toEqual([]);
    // One September complaint fewer: the month's own cell, its total and the country's fall.
    const fewer = [...october.slice(1)];
    const problems = feedbackShapeProblems(await publish(fewer, [first]), months, [first]);
    expect(problems).toContainEqual({
      table: "category_month",
      key: { category: "complaint", month: "2026-09" },
      message:
        "publication 1 showed 8 here and this one shows 7: a closed month's counts never change",
    });
    expect(problems).toContainEqual({
      table: "category_country",
      key: { category: "complaint", country: "ve" },
      message:
        "publication 1 showed 8 here and this one shows 7: a count over closed months never falls",
    });
  });

  it("refuses a month axis that leaves out a month of the window", async () => {
    const publication = await base();
    expect(feedbackShapeProblems(publication, ["2026-08", "2026-09"])).toEqual([
      { table: "category_month", message: 'month lacks "2026-08"' },
    ]);
  });
});
