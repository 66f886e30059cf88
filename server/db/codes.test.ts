import { describe, expect, it } from "vitest";
import { seal } from "../../client/lib/crypto";
import { seedSurvey, useSeededApp } from "../../test/harness";
import { sqliteOf } from "./client";
import { createCodes, normalizeCode } from "./codes";

const SLUG = "passport-access";

const t = useSeededApp();

function send(body: Record<string, unknown>) {
  return t.app.request(`/api/surveys/${SLUG}/responses`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

const response = () => ({
  id: crypto.randomUUID(),
  ciphertext: seal(
    {
      v: 1,
      survey: SLUG,
      version: 1,
      answers: { country: "br", age_group: "18_24", gender: "man" },
    },
    t.keys[SLUG]?.publicKey ?? "",
    seedSurvey(SLUG),
  ),
});

describe("invitation codes", () => {
  it("accept a response only with an unspent code, each code once", async () => {
    const [code, other] = (await createCodes(t.db, SLUG, 2)) ?? [];
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
    const without = await send(response());
    expect(without.status).toBe(403);
    expect(await without.json()).toMatchObject({
      error: { code: "code_required", field: "$.code" },
    });
    expect((await send({ ...response(), code: "ZZZZZ-ZZZZZ" })).status).toBe(403);

    const first = { ...response(), code };
    expect((await send(first)).status).toBe(201);
    const reuse = await send({ ...response(), code });
    expect(reuse.status).toBe(403);
    expect(await reuse.json()).toMatchObject({ error: { code: "code_invalid" } });
    // A retry of the stored response still gets its receipt although its code is spent.
    expect((await send(first)).status).toBe(201);
    // Codes typed by hand: lower case, no dash, O for 0.
    expect(
      (
        await send({
          ...response(),
          code: other?.toLowerCase().replace("-", "").replace(/0/g, "o"),
        })
      ).status,
    ).toBe(201);
    expect(
      sqliteOf(t.db).prepare("select count(*) as n from response_parts where part = 0").get(),
    ).toEqual({ n: 2 });
  });

  it("keep nothing that links a spent code to its response: no id, no time, no order", async () => {
    await createCodes(t.db, SLUG, 50);
    const codes = (await createCodes(t.db, SLUG, 50)) ?? [];
    for (const code of codes.slice(0, 10))
      expect((await send({ ...response(), code })).status).toBe(201);
    const columns = sqliteOf(t.db)
      .prepare("select name from pragma_table_info('invitation_codes')")
      .all();
    expect(columns.map((c) => (c as { name: string }).name).sort()).toEqual(["code_hash", "slug"]);
    // A spent code's row is gone: 100 made, 10 spent.
    expect(sqliteOf(t.db).prepare("select count(*) as n from invitation_codes").get()).toEqual({
      n: 90,
    });
    for (const table of ["invitation_codes", "response_parts"]) {
      const { sql } = sqliteOf(t.db)
        .prepare("select sql from sqlite_master where name = ?")
        .get(table) as { sql: string };
      expect(sql).toContain("WITHOUT ROWID");
    }
    const stored = JSON.stringify(sqliteOf(t.db).prepare("select * from invitation_codes").all());
    for (const code of codes) expect(stored).not.toContain(code);
  });

  it("read codes the way people copy them", () => {
    expect(normalizeCode("ab1cd-ef0gh")).toBe(normalizeCode("AB1CDEF0GH"));
    expect(normalizeCode("o l i")).toBe("011");
  });

  it("cannot be made for an unknown survey", async () => {
    expect(await createCodes(t.db, "nope", 3)).toBeNull();
  });
});
