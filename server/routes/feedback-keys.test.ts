// The last copy of a channel key (found by QA on 5 December): one request, or one checkbox,
// deleted it, and with it every message of that kind, while the channel's page kept sealing new
// ones to a key nobody held. Each test has its own organization, whose owner reads both kinds.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seededDatabase } from "../../test/harness";
import {
  invite,
  openFeedbackChannel,
  type Person,
  readyCrypto,
  signUp,
} from "../../test/workspace-client";
import { createApp } from "../app";

let app: ReturnType<typeof createApp>;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  await readyCrypto();
  const seeded = await seededDatabase();
  cleanup = seeded.cleanup;
  app = createApp({ db: seeded.db, log: () => {}, loginLimit: { limit: 1000, windowMs: 60_000 } });
}, 60_000);
afterAll(() => cleanup());

/** An organization with a channel; `readers` hold its general key beside the owner. */
async function organization(name: string, readers: string[] = []) {
  const slug = name.toLowerCase().replace(/\s+/g, "-");
  const owner = await signUp(app, name, `owner@${slug}.example`);
  const others: Person[] = [];
  for (const role of readers)
    others.push(await invite(app, owner, role, `another-${role}@${slug}.example`));
  await openFeedbackChannel(owner, slug, others);
  return { owner, others };
}

const keyOf = async (who: Person) =>
  (await who.browser.request("GET", "/api/org/feedback/key")).status;

describe("the last copy of a channel key", () => {
  it("cannot be revoked, and can once someone else holds the kind", async () => {
    const { owner } = await organization("Sola Llave");
    const refused = await owner.browser.request(
      "DELETE",
      `/api/org/feedback/keys/${owner.id}?kind=general`,
    );
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({
      error: { code: "last_key", field: "memberId" },
    });
    expect(await keyOf(owner)).toBe(200);

    const { owner: other, others } = await organization("Dos Llaves", ["analyst"]);
    const analyst = others[0] as Person;
    const revoked = await other.browser.request(
      "DELETE",
      `/api/org/feedback/keys/${analyst.id}?kind=general`,
    );
    expect(revoked.status).toBe(204);
    // Now the owner's copy is the last.
    const last = await other.browser.request(
      "DELETE",
      `/api/org/feedback/keys/${other.id}?kind=general`,
    );
    expect(last.status).toBe(409);
  });

  it("is not dropped by unticking the last safeguarding member", async () => {
    const { owner } = await organization("Sin Resguardo");
    const res = await owner.browser.request("PUT", `/api/org/members/${owner.id}/safeguarding`, {
      safeguarding: false,
    });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({
      error: { code: "last_key", field: "$.safeguarding" },
    });
    const channel = await owner.browser.json<{ members: { id: string; safeguarding?: boolean }[] }>(
      "GET",
      "/api/org/feedback",
    );
    expect(channel.members.find((m) => m.id === owner.id)?.safeguarding).toBe(true);
  });

  it("is not taken away by removing or demoting the member who holds it", async () => {
    const { owner, others } = await organization("Cambio de Rol", ["owner"]);
    const second = others[0] as Person;
    // The second owner alone holds nothing extra: the first owner alone holds the sensitive key.
    const removal = await second.browser.request("POST", `/api/org/members/${owner.id}/removal`, {
      rotations: [],
    });
    expect(removal.status).toBe(409);
    expect(await removal.json()).toMatchObject({ error: { code: "last_key" } });
    expect(await keyOf(owner)).toBe(200);

    // The second owner's general copy goes; demoting the first would take the last one.
    expect(
      (await owner.browser.request("DELETE", `/api/org/feedback/keys/${second.id}?kind=general`))
        .status,
    ).toBe(204);
    const demotion = await second.browser.request("PUT", `/api/org/members/${owner.id}/role`, {
      role: "designer",
      rotations: [],
    });
    expect(demotion.status).toBe(409);
    expect(await demotion.json()).toMatchObject({ error: { code: "last_key" } });
  });
});
