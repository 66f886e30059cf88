// The publish gate on "you said — we did", tried as a member with a modified workspace would
// (found by QA on 5 December): tables the workspace never makes, and a closed month's count shown
// again with another value. Each organization here has its own channel, so each test's history is
// its own.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FEEDBACK_COUNTRIES } from "../../client/lib/feedback-format";
import {
  type CountedMessage,
  feedbackPublication,
  feedbackRelease,
} from "../../client/lib/feedback-tables";
import { CHANNEL_STRUCTURE } from "../../client/lib/structure";
import { suppress } from "../../client/lib/suppress";
import { gridTable } from "../../client/lib/tabulate";
import { openChannelOn, seededDatabase } from "../../test/harness";
import { invite, openFeedbackChannel, readyCrypto, signUp } from "../../test/workspace-client";
import { createApp } from "../app";
import type { Db } from "../db/client";

let app: ReturnType<typeof createApp>;
let db: Db;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  await readyCrypto();
  const seeded = await seededDatabase();
  ({ db, cleanup } = seeded);
  app = createApp({ db, log: () => {}, loginLimit: { limit: 1000, windowMs: 60_000 } });
}, 60_000);
afterAll(() => cleanup());

/** An organization whose channel opened in September 2026, and its month axis. */
async function channelOf(name: string, slug: string) {
  const owner = await signUp(app, name, `owner@${slug}.example`);
  await openFeedbackChannel(owner, slug, []);
  await openChannelOn(db, slug, "2026-09-01");
  const { months } = await owner.browser.json<{ months: string[] }>("GET", "/api/org/feedback");
  return { owner, months };
}

const many = (n: number, category: string, month: string): CountedMessage[] =>
  Array.from({ length: n }, () => ({ category, month }));

describe("a feedback publication with a table the workspace never makes", () => {
  it("is refused as wrong_shape: month × country", async () => {
    const slug = "tablas-raras";
    const { owner, months } = await channelOf("Tablas Raras", slug);
    const countries = [...FEEDBACK_COUNTRIES, null];
    const inner = new Array<number>(months.length * countries.length).fill(0);
    inner[0] = 9;
    const table = gridTable(
      "month_country",
      [
        { variable: "month", categories: months },
        { variable: "country", categories: countries },
      ],
      inner,
    );
    const { tables } = await suppress([table], 5, { history: [], structure: CHANNEL_STRUCTURE });
    const res = await owner.browser.request("POST", "/api/org/feedback/publications", {
      publication: feedbackRelease(slug, 5, 0, tables),
      statements: [],
    });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ error: { code: "wrong_shape" } });
  });
});

describe("a closed month's count shown again with another value", () => {
  it("is refused: 8 complaints in September, then 7, would publish one person's category", async () => {
    const slug = "mes-cerrado";
    const owner = await signUp(app, "Mes Cerrado", `owner@${slug}.example`);
    const analyst = await invite(app, owner, "analyst", `analyst@${slug}.example`);
    await openFeedbackChannel(owner, slug, [analyst]);
    await openChannelOn(db, slug, "2026-09-01");
    const { months } = await owner.browser.json<{ months: string[] }>("GET", "/api/org/feedback");
    const before = [
      ...many(8, "complaint", "2026-09"),
      ...many(6, "suggestion", "2026-09"),
      ...many(7, "suggestion", "2026-10"),
    ];
    const first = await feedbackPublication(slug, before, { k: 5, months });
    const accepted = await analyst.browser.request("POST", "/api/org/feedback/publications", {
      publication: first.publication,
      statements: [],
    });
    expect(accepted.status).toBe(201);

    // One September complaint gone, and enough new messages in November for the growth rule.
    const after = [
      ...many(7, "complaint", "2026-09"),
      ...many(6, "suggestion", "2026-09"),
      ...many(7, "suggestion", "2026-10"),
      ...many(8, "suggestion", "2026-11"),
    ];
    const second = await feedbackPublication(slug, after, {
      k: 5,
      months,
      history: [first.publication],
    });
    const shown = second.publication.tables[0]?.cells.find(
      (c) => c.key.category === "complaint" && c.key.month === "2026-09",
    );
    // The suppression alone shows the 7 beside the earlier 8: only the gate can stop it.
    expect(shown?.count).toBe(7);
    const refused = await owner.browser.request("POST", "/api/org/feedback/publications", {
      publication: second.publication,
      statements: [],
    });
    expect(refused.status).toBe(422);
    const body = (await refused.json()) as {
      error: { code: string; message: string };
      problems: { table: string; key?: unknown; message: string }[];
    };
    expect(body.error.code).toBe("wrong_shape");
    expect(body.error.message).toContain("a closed month's counts never change");
    expect(body.problems).toContainEqual({
      table: "category_month",
      key: { category: "complaint", month: "2026-09" },
      message:
        "publication 1 showed 8 here and this one shows 7: a closed month's counts never change",
    });
  });
});

describe("a feedback publication from an analyst without the general key", () => {
  it("is refused with 403 not_granted, and accepted again once the key is back", async () => {
    const slug = "sin-llave";
    const owner = await signUp(app, "Sin Llave", `owner@${slug}.example`);
    const analyst = await invite(app, owner, "analyst", `analyst@${slug}.example`);
    await openFeedbackChannel(owner, slug, [analyst]);
    await openChannelOn(db, slug, "2026-09-01");
    const { months } = await owner.browser.json<{ months: string[] }>("GET", "/api/org/feedback");
    const { publication } = await feedbackPublication(slug, many(9, "complaint", "2026-09"), {
      k: 5,
      months,
    });
    const revoked = await owner.browser.request(
      "DELETE",
      `/api/org/feedback/keys/${analyst.id}?kind=general`,
    );
    expect(revoked.status).toBe(204);
    const refused = await analyst.browser.request("POST", "/api/org/feedback/publications", {
      publication,
      statements: [],
    });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: { code: "not_granted" } });
    const history = await owner.browser.json<{ publications: unknown[] }>(
      "GET",
      "/api/org/feedback/publications/earlier",
    );
    expect(history.publications).toHaveLength(0);

    const accepted = await owner.browser.request("POST", "/api/org/feedback/publications", {
      publication,
      statements: [],
    });
    expect(accepted.status).toBe(201);
  });
});
