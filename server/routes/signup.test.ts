// Issue 13 item 8, tried as an impostor would: whoever reaches a public Voz must not be able to
// create an organization called "ACNUR" and publish lookalike surveys on the trusted domain.
// Sign-up is open, by the operator's invitation only, or closed (server/config.ts VOZ_SIGNUP).
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { storedRows } from "../../test/database";
import { seededDatabase } from "../../test/harness";
import { readyCrypto, signUpBody } from "../../test/workspace-client";
import { createApp } from "../app";
import { orgCommand } from "../cli/org";

let seeded: Awaited<ReturnType<typeof seededDatabase>>;

beforeAll(() => readyCrypto());
beforeEach(async () => {
  seeded = await seededDatabase();
});
afterEach(() => seeded.cleanup());

const ORIGIN = "http://localhost";
const appWith = (signup: "open" | "invite" | "closed") =>
  createApp({ db: seeded.db, log: () => {}, signup });

const signUp = (app: ReturnType<typeof createApp>, body: Record<string, unknown>) =>
  app.request(`${ORIGIN}/api/signup`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: ORIGIN },
    body: JSON.stringify(body),
  });

/** Organization names as stored, read beside the app. */
async function organizations(): Promise<string[]> {
  const rows = await storedRows<{ name: string }>(seeded.dbPath, "select name from organizations");
  return rows.map((o) => o.name);
}

/** What the operator runs on the server: the one-time link's token, from the CLI's output. */
async function operatorInvites(name: string): Promise<string> {
  const out = await orgCommand(["create", name, "--db", seeded.dbPath]);
  const link = typeof out === "string" ? out : out.stdout;
  const token = link.match(/\/c\/signup#([A-Za-z0-9_-]{20,})/)?.[1];
  if (!token) throw new Error(`no sign-up link in: ${link}`);
  return token;
}

describe("signing up", () => {
  it("is open to anyone when the operator says so", async () => {
    const res = await signUp(appWith("open"), signUpBody("Red de Apoyo", "a@open.example"));
    expect(res.status).toBe(201);
    expect(await organizations()).toContain("Red de Apoyo");
  });

  it("by invitation, refuses an impostor with no invitation or a made-up one, and stores nothing", async () => {
    const app = appWith("invite");
    const without = await signUp(app, signUpBody("ACNUR", "impostor@evil.example"));
    expect(without.status).toBe(403);
    expect(await without.json()).toMatchObject({
      error: { code: "signup_by_invitation", field: "$.invitation" },
    });
    const madeUp = await signUp(app, {
      ...signUpBody("ACNUR", "impostor@evil.example"),
      invitation: "A".repeat(43),
    });
    expect(madeUp.status).toBe(404);
    expect(await organizations()).not.toContain("ACNUR");
  });

  it("by invitation, creates the organization the operator named, once", async () => {
    const app = appWith("invite");
    const token = await operatorInvites("Casa del Migrante");
    // The name typed in the form does not matter: the operator chose whom they invited.
    const body = { ...signUpBody("ACNUR", "owner@casa.example"), invitation: token };
    const res = await signUp(app, body);
    expect(res.status).toBe(201);
    expect(await organizations()).toContain("Casa del Migrante");
    expect(await organizations()).not.toContain("ACNUR");
    const again = await signUp(app, {
      ...signUpBody("Otra", "second@casa.example"),
      invitation: token,
    });
    expect(again.status).toBe(404);
  });

  it("answers a sign-up sent several times at once (a double click) with one 201 and 409s, never a 500", async () => {
    // Each round from its own client, so that the sign-up rate limit (20 a minute) stays out of it.
    const app = createApp({
      db: seeded.db,
      log: () => {},
      signup: "open",
      clientAddress: (c) => c.req.header("x-test-client") ?? "",
    });
    for (let round = 0; round < 5; round++) {
      const body = signUpBody(`Doble ${round}`, `double-${round}@click.example`);
      const answers = await Promise.all(
        Array.from({ length: 6 }, () =>
          app.request(`${ORIGIN}/api/signup`, {
            method: "POST",
            headers: {
              "content-type": "application/json",
              origin: ORIGIN,
              "x-test-client": `client ${round}`,
            },
            body: JSON.stringify(body),
          }),
        ),
      );
      expect(answers.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    }
    expect((await organizations()).filter((name) => name.startsWith("Doble"))).toHaveLength(5);
  });

  it("closed, refuses everyone, invited or not", async () => {
    const app = appWith("closed");
    const token = await operatorInvites("Cerrada");
    for (const extra of [{}, { invitation: token }]) {
      const res = await signUp(app, { ...signUpBody("Cerrada", "x@closed.example"), ...extra });
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ error: { code: "signup_closed" } });
    }
    expect(await organizations()).not.toContain("Cerrada");
  });
});
