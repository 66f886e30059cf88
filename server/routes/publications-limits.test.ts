// What keeps the publish gate from stalling or flooding the server (issue 12): size caps and
// the byte limit answered before any work, a budget of LP work that refuses the same
// publication the same way at any load, a wall-clock backstop after which the worker is ended, a
// bound on audits at once, and a per-organization rate limit that holds across instances.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditWithin } from "../../client/lib/audit";
import { readEarlierPublications } from "../../client/lib/policy";
import { surveyStructure } from "../../client/lib/structure";
import { safePublication, seededDatabase, seedSurvey } from "../../test/harness";
import { invite, openSurvey, type Person, readyCrypto, signUp } from "../../test/workspace-client";
import { type AppDeps, createApp } from "../app";
import type { Db } from "../db/client";
import { DEFAULT_GATE_LIMITS } from "../gate/run";

let db: Db;
let cleanup: () => void;
let analyst: Person;
let otherOrg: Person;
const SLUG = "limits-survey";
const OTHER = "other-limits-survey";
const BUSY = "busy-survey";
const FORECAST = "forecast-survey";

/** The same database behind apps with other gate settings, as instances would share it. */
const appWith = (deps: Omit<AppDeps, "db" | "log">) => createApp({ db, log: () => {}, ...deps });
const unlimited = { publicationLimit: { limit: 1000, windowMs: 60_000 } };

/** The analyst's session, talking to another app over the same database. */
function through(app: ReturnType<typeof createApp>, person: Person) {
  return (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    app.request(`http://localhost${path}`, {
      method,
      headers: {
        origin: "http://localhost",
        cookie: person.browser.cookie,
        "x-csrf-token": person.browser.csrf,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
}

beforeAll(async () => {
  await readyCrypto();
  const seeded = await seededDatabase();
  db = seeded.db;
  cleanup = seeded.cleanup;
  const app = appWith(unlimited);
  const owner = await signUp(app, "Limits Org", "owner@limits.example");
  analyst = await invite(app, owner, "analyst", "analyst@limits.example");
  await openSurvey(owner, { ...seedSurvey("cso-program-awareness"), slug: SLUG }, [analyst]);
  otherOrg = await signUp(app, "Other Limits Org", "owner@other-limits.example");
  await openSurvey(otherOrg, { ...seedSurvey("cso-program-awareness"), slug: OTHER }, [otherOrg]);
}, 60_000);
afterAll(() => cleanup());

const path = `/api/org/surveys/${SLUG}/publications`;

/**
 * Two hidden counts the audit must bound with the LP (each 0..N: safe, so only the budget can
 * refuse it); a publication with nothing hidden needs no LP and no work.
 */
function twoHidden(slug: string, responses: number) {
  const base = safePublication(slug, responses);
  const hidden = { count: null, suppressed: "secondary" as const };
  const table = {
    id: "registered",
    variables: ["registered"],
    cells: [
      { key: { registered: "yes" }, ...hidden },
      { key: { registered: "no" }, ...hidden },
      { key: { registered: null }, count: 0, suppressed: false as const },
      { key: { registered: "*" }, count: responses, suppressed: false as const },
    ],
  };
  return { ...base, tables: [table] };
}

describe("caps, answered before any audit", () => {
  it("refuses more tables than the cap with 413 naming the cap and its limit", async () => {
    const send = through(appWith({ ...unlimited, gate: { maxTables: 3 } }), analyst);
    const base = safePublication(SLUG, 20);
    const tables = Array.from({ length: 4 }, (_, i) => ({ ...base.tables[0], id: `t${i}` }));
    const res = await send("POST", path, { ...base, tables });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({
      error: {
        code: "too_many_tables",
        message: "the publication has 4 tables; the gate checks at most 3",
        field: "$.tables",
      },
      cap: { cap: "tables", limit: 3, found: 4 },
    });
  });

  it("refuses more cells than the cap, feedback included", async () => {
    const send = through(appWith({ ...unlimited, gate: { maxCells: 7 } }), analyst);
    const base = safePublication(SLUG, 20);
    const two = [base.tables[0], { ...base.tables[0], id: "again" }];
    const res = await send("POST", path, { ...base, tables: two });
    expect(res.status).toBe(413);
    expect((await res.json()).error).toMatchObject({ code: "too_many_cells", field: "$.tables" });
  });

  it("refuses a body over the byte limit with 413 before reading it", async () => {
    const send = through(appWith(unlimited), analyst);
    const res = await send("POST", path, `{"padding":"${"x".repeat(2 * 1024 * 1024)}"}`);
    expect(res.status).toBe(413);
    expect((await res.json()).error).toMatchObject({ code: "too_large", field: "$" });
  });
});

describe("the gate's budgets", () => {
  it("refuses a publication whose audit needs more LP work than the budget, the same every time", async () => {
    const app = appWith({ ...unlimited, gate: { work: 1 } });
    const send = through(app, analyst);
    for (let attempt = 0; attempt < 2; attempt++) {
      const res = await send("POST", path, twoHidden(SLUG, 20));
      expect(res.status).toBe(422);
      expect(await res.json()).toEqual({
        error: {
          code: "audit_over_budget",
          message:
            "checking this publication after the earlier ones needs more than the gate's 1 unit of LP work; publish fewer tables or breakdowns, or ask whoever runs the server to raise VOZ_GATE_WORK",
          field: "$.tables",
        },
      });
    }
    expect((await app.request(`/r/${SLUG}.json`)).status).toBe(404);
  });

  it("answers 503 with Retry-After when the wall clock runs out first, and the server answers on", async () => {
    const app = appWith({ ...unlimited, gate: { budgetMs: 1 } });
    const res = await through(app, analyst)("POST", path, safePublication(SLUG, 20));
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("1");
    expect(await res.json()).toEqual({
      error: {
        code: "audit_timeout",
        message: "the server could not finish the audit within 0.001 s; try again later",
      },
    });
    expect((await app.request("/api/surveys/passport-access")).status).toBe(200);
    // Nothing was stored: the public page still has nothing to show.
    expect((await app.request(`/r/${SLUG}.json`)).status).toBe(404);
  });

  it("checks at most `workers` publications at once and asks the rest to retry", async () => {
    const send = through(appWith({ ...unlimited, gate: { workers: 1 } }), analyst);
    const [a, b] = await Promise.all([
      send("POST", path, safePublication(SLUG, 20)),
      send("POST", path, safePublication(SLUG, 30)),
    ]);
    const statuses = [a.status, b.status].sort();
    expect(statuses).toEqual([201, 503]);
    const busy = a.status === 503 ? a : b;
    expect(Number(busy.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await busy.json()).error.code).toBe("gate_busy");
  });
});

describe("the workspace's forecast of the gate", () => {
  it("reads the gate's budget with the earlier publications and, auditing within it, answers as the gate does", async () => {
    const owner = await signUp(appWith(unlimited), "Forecast Org", "owner@forecast.example");
    const survey = { ...seedSurvey("cso-program-awareness"), slug: FORECAST };
    await openSurvey(owner, survey, [owner]);
    const path = `/api/org/surveys/${FORECAST}/publications`;
    const first = await through(appWith(unlimited), owner)("POST", path, twoHidden(FORECAST, 20));
    expect(first.status).toBe(201);

    // What the results page does before Publish (client/coordinator/results/suppress-worker.ts).
    const second = twoHidden(FORECAST, 40);
    const forecast = async (send: ReturnType<typeof through>) => {
      const read = await send("GET", `${path}/earlier?version=1`);
      const after = readEarlierPublications(await read.json());
      if (!after) throw new Error("GET …/earlier was not understood");
      const spent = { solves: 0, work: 0 };
      const history = after.earlier.map((e) => e.publication);
      expect(history).toHaveLength(1);
      const structure = surveyStructure(survey);
      const checked = await auditWithin(
        { publication: second, history, structure },
        after.gateWork,
        spent,
      );
      return { budget: after.gateWork, checked, work: spent.work };
    };
    const needed = await forecast(through(appWith(unlimited), owner));
    expect(needed.budget).toBe(DEFAULT_GATE_LIMITS.work);
    expect(needed.checked).toMatchObject({ ok: true });
    expect(needed.work).toBeGreaterThan(0);

    // One unit less than the forecast needed: both refuse; exactly that much: both accept.
    const short = through(appWith({ ...unlimited, gate: { work: needed.work - 1 } }), owner);
    expect(await forecast(short)).toMatchObject({
      budget: needed.work - 1,
      checked: "over_budget",
    });
    const refused = await short("POST", path, second);
    expect(refused.status).toBe(422);
    expect((await refused.json()).error.code).toBe("audit_over_budget");
    const enough = through(appWith({ ...unlimited, gate: { work: needed.work } }), owner);
    expect(await forecast(enough)).toMatchObject({ budget: needed.work, checked: { ok: true } });
    expect((await enough("POST", path, second)).status).toBe(201);
  });
});

describe("publications per organization", () => {
  it("counts publish and withdraw requests across instances sharing the database", async () => {
    // An organization that has not published yet: the requests above counted for the first.
    const rule = { publicationLimit: { limit: 3, windowMs: 60 * 60_000 } };
    const owner = await signUp(appWith(unlimited), "Busy Org", "owner@busy.example");
    await openSurvey(owner, { ...seedSurvey("cso-program-awareness"), slug: BUSY }, [owner]);
    const path = `/api/org/surveys/${BUSY}/publications`;
    const first = through(appWith(rule), owner);
    const second = through(appWith(rule), owner);
    expect((await first("DELETE", `${path}/current`)).status).not.toBe(429);
    expect((await second("DELETE", `${path}/current`)).status).not.toBe(429);
    expect((await first("POST", path, { not: "a publication" })).status).toBe(400);
    const refused = await second("POST", path, safePublication(BUSY, 40));
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(3000);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect((await refused.json()).error.code).toBe("rate_limited");
    expect((await first("DELETE", `${path}/current`)).status).toBe(429);

    // Another organization has its own budget.
    const other = through(appWith(rule), otherOrg);
    const theirs = await other("POST", `/api/org/surveys/${OTHER}/publications`, {
      ...safePublication(OTHER, 20),
    });
    expect(theirs.status).toBe(201);
  });
});
