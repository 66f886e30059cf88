import { describe, expect, it } from "vitest";
import { formatMonth, formatMonths, formatNumber, formatPercent, monthBefore } from "./locale";

// Intl separates French thousands with a narrow no-break space and month spans with thin
// spaces; compare with plain spaces.
const plain = (text: string) => text.replace(/[\u00a0\u2009\u202f]/g, " ");

describe("months and numbers in a page's language", () => {
  it("writes a month the language's way, Haitian Creole included, where Intl would say English", () => {
    expect(formatMonth("2026-12", "es")).toBe("diciembre de 2026");
    expect(formatMonth("2026-12", "pt")).toBe("dezembro de 2026");
    expect(formatMonth("2026-12", "fr")).toBe("décembre 2026");
    expect(formatMonth("2026-12", "en")).toBe("December 2026");
    expect(formatMonth("2026-12", "ht")).toBe("desanm 2026");
    expect(formatMonth("2026-07", "ht")).toBe("jiyè 2026");
  });

  it("names a month span once, and a one-month span as that month, never 'between December and December'", () => {
    expect(formatMonths("2026-12", "2026-12", "es")).toBe("diciembre de 2026");
    expect(plain(formatMonths("2018-01", "2019-12", "es"))).toBe(
      "enero de 2018 – diciembre de 2019",
    );
    expect(formatMonths("2026-11", "2026-12", "es")).toBe("noviembre–diciembre de 2026");
    expect(formatMonths("2026-11", "2026-12", "ht")).toBe("novanm 2026 – desanm 2026");
  });

  it("leaves what is not a month as it was, and a language Intl lacks without names as ISO", () => {
    expect(formatMonth("2026-12-01", "es")).toBe("2026-12-01");
    expect(formatMonth("2026-12", "ay")).toBe("2026-12");
  });

  it("finds the month before, across a year", () => {
    expect(monthBefore("2020-01")).toBe("2019-12");
    expect(monthBefore("2020-10")).toBe("2020-09");
  });

  it("writes counts and shares with the language's separators, Creole as French", () => {
    expect(formatNumber(12345, "es")).toBe("12.345");
    expect(formatNumber(12345, "pt")).toBe("12.345");
    expect(formatNumber(12345, "en")).toBe("12,345");
    expect(plain(formatNumber(12345, "fr"))).toBe("12 345");
    expect(plain(formatNumber(12345, "ht"))).toBe("12 345");
    expect(plain(formatPercent(0.404, "es"))).toBe("40 %");
    expect(formatPercent(0.404, "en")).toBe("40%");
    expect(formatNumber(7, "ay")).toBe("7");
  });
});
