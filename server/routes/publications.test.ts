// The publish gate over HTTP: hand-made unsafe publications are refused with the cells named;
// the one the real suppression makes is accepted and reaches the public page.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CountedTable, hideSuppressed, type Key } from "../../client/lib/publication";
import { suppress } from "../../client/lib/suppress";
import { seededDatabase, seedSurvey } from "../../test/harness";
import { invite, openSurvey, type Person, readyCrypto, signUp } from "../../test/workspace-client";
import { createApp } from "../app";

const SLUG = "gate-survey";
let app: ReturnType<typeof createApp>;
let analyst: Person;
let designer: Person;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  await readyCrypto();
  const seeded = await seededDatabase();
  cleanup = seeded.cleanup;
  app = createApp({ db: seeded.db, log: () => {} });
  const owner = await signUp(app, "Gate Org", "owner@gate.example");
  analyst = await invite(app, owner, "analyst", "analyst@gate.example");
  designer = await invite(app, owner, "designer", "designer@gate.example");
  await openSurvey(owner, { ...seedSurvey("passport-access"), slug: SLUG }, [owner, analyst]);
}, 60_000);
afterAll(() => cleanup());

type Cell = { key: Key; count: number | null; suppressed: false | "primary" | "secondary" };
const shown = (key: Key, count: number): Cell => ({ key, count, suppressed: false });
const hidden = (key: Key, kind: "primary" | "secondary"): Cell => ({
  key,
  count: null,
  suppressed: kind,
});

function publication(tables: { id: string; variables: string[]; cells: Cell[] }[], responses = 25) {
  return {
    format: "voz.publication/1",
    survey: SLUG,
    version: 1,
    k: 5,
    responses,
    unreadable: 0,
    tables,
  };
}

/** 25 respondents: 10 women, 1 man, 8 of another identity, 6 who preferred not to say. */
function genderTable(cells: Partial<Record<string, Cell>>) {
  const g = (gender: string | null) => ({ gender });
  return {
    id: "gender",
    variables: ["gender"],
    cells: [
      cells.woman ?? shown(g("woman"), 10),
      cells.man ?? hidden(g("man"), "primary"),
      cells.another ?? shown(g("another"), 8),
      cells.prefer_not ?? shown(g("prefer_not"), 6),
      shown(g(null), 0),
      shown(g("*"), 25),
    ],
  };
}

const COUNTRIES = ["cl", "co", "pe", "ec", "br", "ar", "mx", "pa", "other"];

const send = (body: unknown, who: Person = analyst) =>
  who.browser.request("POST", `/api/org/surveys/${SLUG}/publications`, body);

describe("POST /api/org/surveys/:slug/publications (the publish gate)", () => {
  it("refuses a cell of 2 left visible, naming it", async () => {
    const res = await send(
      publication([
        genderTable({ woman: shown({ gender: "woman" }, 9), man: shown({ gender: "man" }, 2) }),
      ]),
    );
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body.error.code).toBe("unsafe_publication");
    expect(body.cells).toContainEqual({
      problem: "small_count",
      table: "gender",
      key: { gender: "man" },
      count: 2,
      // Release 0 is this publication: the survey has no earlier one.
      release: 0,
    });
  });

  it("refuses a lone suppressed cell, which the total gives away", async () => {
    const res = await send(publication([genderTable({})]));
    expect(res.status).toBe(422);
    expect((await res.json()).cells).toContainEqual(
      expect.objectContaining({
        problem: "narrow_interval",
        table: "gender",
        key: { gender: "man" },
        lo: 1,
        hi: 1,
      }),
    );
  });

  it("refuses a pair that covers each other in one table but not in a linked one", async () => {
    // In "gender" the man (1) and another-identity (8) cells hide each other; but "gender×country"
    // publishes every another-identity cell, whose sum (8) gives the man cell away again.
    const inGender = genderTable({ another: hidden({ gender: "another" }, "secondary") });
    const everyoneInChile: Record<string, number> = {
      woman: 10,
      man: 1,
      another: 8,
      prefer_not: 6,
    };
    const hide: Record<string, "primary" | "secondary"> = {
      "man|cl": "primary",
      "man|*": "primary",
      "another|*": "secondary",
    };
    const cells: Cell[] = [];
    for (const gender of ["woman", "man", "another", "prefer_not", null, "*"]) {
      for (const country of [...COUNTRIES, null, "*"]) {
        const inChile = gender === "*" ? 25 : (everyoneInChile[gender ?? ""] ?? 0);
        const count = country === "cl" || country === "*" ? inChile : 0;
        const kind = hide[`${gender}|${country}`];
        const key = { gender, country };
        cells.push(kind ? hidden(key, kind) : shown(key, count));
      }
    }
    const crossed = { id: "gender×country", variables: ["gender", "country"], cells };
    const res = await send(publication([inGender, crossed]));
    expect(res.status).toBe(422);
    const findings = (await res.json()).cells as { key: Key }[];
    expect(findings.some((f) => f.key.gender === "man")).toBe(true);
  });

  it("accepts what the real suppression makes of the same counts, and the public page shows it", async () => {
    const counted: CountedTable = {
      id: "gender",
      variables: ["gender"],
      cells: [
        { key: { gender: "woman" }, count: 10 },
        { key: { gender: "man" }, count: 1 },
        { key: { gender: "another" }, count: 8 },
        { key: { gender: "prefer_not" }, count: 6 },
        { key: { gender: null }, count: 0 },
        { key: { gender: "*" }, count: 25 },
      ],
    };
    const { tables, secondaries } = await suppress([counted], 5);
    expect(secondaries).toBeGreaterThan(0);
    const res = await send(publication(hideSuppressed(tables)));
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ number: 1 });
    const page = await (await app.request(`/r/${SLUG}.json`)).json();
    expect(page.tables[0].cells.filter((c: { suppressed: boolean }) => c.suppressed)).toHaveLength(
      1 + secondaries,
    );
  });

  it("refuses a table of free text or of invented categories", async () => {
    const text = await send(
      publication([
        {
          id: "comments",
          variables: ["comments"],
          cells: [
            shown({ comments: "Maria lives at 5th street" }, 25),
            shown({ comments: "*" }, 25),
          ],
        },
      ]),
    );
    expect(text.status).toBe(422);
    expect((await text.json()).error.code).toBe("wrong_shape");
    const invented = await send(
      publication([genderTable({ woman: shown({ gender: "Maria" }, 10) })]),
    );
    expect(invented.status).toBe(422);
    expect(JSON.stringify(await invented.json())).toContain(
      '\\"Maria\\" is not a category of gender',
    );
  });

  it("refuses a table that leaves out categories of its variable, naming them", async () => {
    // Without "another" and no answer, the table says nobody chose either: a full grid of the
    // categories it names, so only the survey version can tell that two are missing.
    const g = (gender: string) => ({ gender });
    const res = await send(
      publication([
        {
          id: "gender",
          variables: ["gender"],
          cells: [
            shown(g("woman"), 10),
            shown(g("man"), 9),
            shown(g("prefer_not"), 6),
            shown(g("*"), 25),
          ],
        },
      ]),
    );
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body.error).toMatchObject({ code: "wrong_shape", field: "$.tables" });
    expect(body.error.message).toContain('lacks categories of gender: "another", null');
    expect(body.problems).toContainEqual(
      expect.objectContaining({ table: "gender", variable: "gender", missing: ["another", null] }),
    );
  });

  it("refuses a grand total that is not the response count, naming the cell", async () => {
    const res = await send(publication([genderTable({})], 30));
    expect(res.status).toBe(400);
    expect((await res.json()).error.field).toBe("$.tables[0].cells[5].count");
  });

  it("answers 400 naming the field for a malformed publication, and 403 to a designer", async () => {
    const bad = await send({ ...publication([genderTable({})]), k: 2 });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.field).toBe("$.k");
    expect((await send(publication([genderTable({})]), designer)).status).toBe(403);
  });

  it("lets an analyst withdraw the current publication", async () => {
    const res = await analyst.browser.request(
      "DELETE",
      `/api/org/surveys/${SLUG}/publications/current`,
    );
    expect(res.status).toBe(200);
    expect((await app.request(`/r/${SLUG}.json`)).status).toBe(404);
  });
});
