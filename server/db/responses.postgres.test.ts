// Two instances storing into one PostgreSQL database at the same moment (issue 17): what one
// does must hold against what the other does — an id stored once, a cap never passed, a code
// spent once — and a retry that reaches the other instance is answered as a retry, never 5xx.
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { generateKeyPair, ready } from "../../client/lib/crypto";
import { freshDatabase, storedRows } from "../../test/database";
import { seedSurvey } from "../../test/harness";
import { closeDatabase, type Db, openDatabase } from "./client";
import { createCodes } from "./codes";
import { ResponseWriter } from "./responses";
import { publishSurveyVersion, setDailyCap } from "./surveys";

const SLUG = "passport-access";
let dir = "";
let location = "";
let drop: () => Promise<void>;
let a: Db;
let b: Db;

beforeEach(async () => {
  await ready();
  dir = mkdtempSync(join(tmpdir(), "voz-race-"));
  ({ location, drop } = await freshDatabase(dir));
  a = await openDatabase(location);
  b = await openDatabase(location);
  await publishSurveyVersion(a, seedSurvey(SLUG), generateKeyPair().publicKey, "open");
});
afterEach(async () => {
  await closeDatabase(a);
  await closeDatabase(b);
  await drop();
  rmSync(dir, { recursive: true, force: true });
});

// Shaped like a sealed envelope is enough here: the storage never opens one.
const ciphertext = () => Buffer.from(randomUUID().repeat(10)).toString("base64");
const rowsOf = async (id: string) =>
  storedRows(location, "select id from response_parts where id = ? and part = 0", id);

describe("two instances storing at once", () => {
  it("store an id sent to both once, and answer the other as a retry", async () => {
    for (let round = 0; round < 20; round++) {
      const response = { id: randomUUID(), slug: SLUG, ciphertext: ciphertext() };
      const results = await Promise.all([
        new ResponseWriter(a).store(response),
        new ResponseWriter(b).store(response),
      ]);
      expect(results.sort()).toEqual(["duplicate", "stored"]);
      expect(await rowsOf(response.id)).toHaveLength(1);
    }
  });

  it("keep other bytes under a taken id out, whichever instance got there first", async () => {
    const id = randomUUID();
    const results = await Promise.all([
      new ResponseWriter(a).store({ id, slug: SLUG, ciphertext: ciphertext() }),
      new ResponseWriter(b).store({ id, slug: SLUG, ciphertext: ciphertext() }),
    ]);
    expect(results.sort()).toEqual(["conflict", "stored"]);
  });

  it("never pass a daily cap together", async () => {
    await setDailyCap(a, SLUG, 5);
    const writers = [new ResponseWriter(a), new ResponseWriter(b)];
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        writers[i % 2]?.store({ id: randomUUID(), slug: SLUG, ciphertext: ciphertext() }),
      ),
    );
    expect(results.filter((r) => r === "stored")).toHaveLength(5);
    expect(results.filter((r) => r === "over_cap")).toHaveLength(7);
  });

  it("spend a code once, and answer a retry of the response it admitted as a retry", async () => {
    const [code] = (await createCodes(a, SLUG, 1)) ?? [];
    if (!code) throw new Error("no code");
    const [first, second] = [
      { id: randomUUID(), slug: SLUG, ciphertext: ciphertext(), code },
      { id: randomUUID(), slug: SLUG, ciphertext: ciphertext(), code },
    ];
    const race = await Promise.all([
      new ResponseWriter(a).store(first),
      new ResponseWriter(b).store(second),
    ]);
    const admitted = race[0] === "stored" ? first : second;
    expect([...race].sort()).toEqual(["code_invalid", "stored"]);
    const retries = await Promise.all([
      new ResponseWriter(a).store(admitted),
      new ResponseWriter(b).store(admitted),
    ]);
    expect(retries).toEqual(["duplicate", "duplicate"]);

    // The same response sent to both before either stored it: one stores, one is its retry.
    const [fresh] = (await createCodes(a, SLUG, 1)) ?? [];
    const both = { id: randomUUID(), slug: SLUG, ciphertext: ciphertext(), code: fresh };
    const twice = await Promise.all([
      new ResponseWriter(a).store(both),
      new ResponseWriter(b).store(both),
    ]);
    expect(twice.sort()).toEqual(["duplicate", "stored"]);
  });
});
