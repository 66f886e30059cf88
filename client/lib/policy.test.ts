import { describe, expect, it } from "vitest";
import type { Survey } from "../../surveys/schema";
import {
  checkBelowK,
  checkGrowth,
  checkK,
  checkPolicies,
  type EarlierPublication,
  kFloor,
  policyMessage,
  versionGroups,
} from "./policy";
import type { Publication } from "./publication";

const earlier = (p: Partial<EarlierPublication>): EarlierPublication => ({
  number: 1,
  version: 1,
  k: 5,
  responses: 20,
  withdrawn: false,
  ...p,
});

function publication(responses: number, cells: Publication["tables"][number]["cells"]) {
  return {
    format: "voz.publication/1",
    survey: "s",
    version: 1,
    k: 5,
    responses,
    unreadable: 0,
    tables: [{ id: "q", variables: ["q"], cells }],
  } satisfies Publication;
}

describe("k", () => {
  it("is at least 3 before anything is published, and never below any k published since", () => {
    expect(kFloor({ storedK: null, history: [] })).toBe(3);
    expect(kFloor({ storedK: 6, history: [earlier({ k: 5 })] })).toBe(6);
    // A publication stored before the column existed still counts.
    expect(kFloor({ storedK: null, history: [earlier({ k: 8, withdrawn: true })] })).toBe(8);
  });

  it("refuses a k below the floor, naming $.k and the floor", () => {
    const facts = { storedK: 5, history: [] };
    expect(checkK(5, facts)).toEqual({ ok: true });
    const verdict = checkK(3, facts);
    expect(verdict).toEqual({ ok: false, reason: "k_below_floor", field: "$.k", k: 3, floor: 5 });
    if (!verdict.ok) expect(policyMessage(verdict)).toContain("at least 5");
  });
});

describe("growth", () => {
  it("needs k more responses than the largest earlier publication of the same version", () => {
    const history = [
      earlier({ number: 1, responses: 20 }),
      earlier({ number: 2, responses: 30, withdrawn: true }),
      earlier({ number: 3, version: 2, responses: 90 }),
    ];
    const verdict = checkGrowth({ version: 1, k: 5, responses: 31 }, { storedK: 5, history });
    expect(verdict).toEqual({
      ok: false,
      reason: "needs_growth",
      field: "$.responses",
      version: 1,
      needed: 4,
      since: { number: 2, responses: 30 },
    });
    if (!verdict.ok) {
      expect(policyMessage(verdict)).toBe(
        "4 more responses are needed before version 1 can be published again (publication 2 counted 30)",
      );
    }
    expect(checkGrowth({ version: 1, k: 5, responses: 35 }, { storedK: 5, history }).ok).toBe(true);
  });

  it("treats versions the same apart from their number as one: they count the same people", () => {
    const history = [earlier({ version: 1, responses: 20 })];
    const facts = { storedK: 5, history, versionGroups: { "1": 1, "2": 1, "3": 3 } };
    expect(checkGrowth({ version: 2, k: 5, responses: 21 }, facts)).toMatchObject({
      ok: false,
      needed: 4,
    });
    expect(checkGrowth({ version: 3, k: 5, responses: 6 }, facts)).toEqual({ ok: true });
  });

  it("groups versions that ask the same questions, whatever their number and wording", () => {
    const survey = (version: number, breakdown: string, title: string) =>
      ({ slug: "s", version, breakdowns: [breakdown], title: { en: title } }) as unknown as Survey;
    const versions = [survey(3, "b", "x"), survey(1, "a", "x"), survey(2, "a", "y")];
    expect(versionGroups([...versions, survey(4, "b", "z")])).toEqual({
      "1": 1,
      "2": 1,
      "3": 3,
      "4": 3,
    });
  });

  it("asks for no growth of a version never published before", () => {
    const history = [earlier({ version: 1, responses: 500 })];
    expect(checkGrowth({ version: 2, k: 5, responses: 5 }, { storedK: 5, history })).toEqual({
      ok: true,
    });
  });

  it("says one response, not one responses", () => {
    const verdict = checkGrowth(
      { version: 1, k: 5, responses: 24 },
      { storedK: 5, history: [earlier({})] },
    );
    expect(verdict.ok || policyMessage(verdict)).toMatch(/^1 more response is needed/);
  });
});

describe("below k respondents", () => {
  const hidden = (q: string | null) => ({
    key: { q },
    count: null,
    suppressed: "primary" as const,
  });
  it("allows the grand total alone", () => {
    const p = publication(3, [
      hidden("a"),
      hidden(null),
      { key: { q: "*" }, count: 3, suppressed: false },
    ]);
    expect(checkBelowK(p)).toEqual({ ok: true });
  });

  it("refuses any other cell shown, zeros included", () => {
    const p = publication(3, [
      hidden("a"),
      { key: { q: null }, count: 0, suppressed: false },
      { key: { q: "*" }, count: 3, suppressed: false },
    ]);
    expect(checkBelowK(p)).toMatchObject({
      ok: false,
      reason: "below_k",
      cells: [{ table: "q", key: { q: null } }],
    });
  });

  it("does not apply from k respondents on", () => {
    const p = publication(5, [
      { key: { q: "a" }, count: 5, suppressed: false },
      { key: { q: null }, count: 0, suppressed: false },
      { key: { q: "*" }, count: 5, suppressed: false },
    ]);
    expect(checkPolicies(p, { storedK: null, history: [] })).toEqual({ ok: true });
  });
});
