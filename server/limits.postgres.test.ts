// Per-client limits shared by several instances on one PostgreSQL database (issue 17). Runs in
// the postgres test project only. Each "instance" here is its own connection pool and limiter,
// as two Voz processes would have; the counts and secrets are read back with the driver alone.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { freshDatabase, storedRows } from "../test/database";
import { closeDatabase, type Db, openDatabase } from "./db/client";
import { type LimitRule, SharedLimiter } from "./limits";

let dir = "";
let location = "";
let drop: () => Promise<void>;
let instances: Db[] = [];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "voz-limits-"));
  ({ location, drop } = await freshDatabase(dir));
  instances = [await openDatabase(location), await openDatabase(location)];
});
afterEach(async () => {
  for (const db of instances) await closeDatabase(db);
  await drop();
  rmSync(dir, { recursive: true, force: true });
});

const RULE: LimitRule = { limit: 5, windowMs: 60_000 };
const NOON = Date.UTC(2026, 10, 23, 12, 0, 10);

describe("SharedLimiter", () => {
  it("holds one budget per client across instances, and other clients go on", async () => {
    let now = NOON;
    const [a, b] = instances.map(
      (db) => new SharedLimiter(db as Db, "submissions", RULE, () => now),
    );
    if (!a || !b) throw new Error("two instances");
    const verdicts = [];
    // The balancer alternates: three requests reach each instance.
    for (let i = 0; i < 6; i++) verdicts.push(await (i % 2 ? b : a).hit("203.0.113.5"));
    expect(verdicts.slice(0, 5).every((v) => v.ok)).toBe(true);
    expect(verdicts[5]).toEqual({ ok: false, retryAfterSeconds: 50 });
    expect(await a.hit("198.51.100.7")).toEqual({ ok: true });
    // Another rule is another budget.
    const logins = new SharedLimiter(instances[1] as Db, "logins", RULE, () => now);
    expect(await logins.hit("203.0.113.5")).toEqual({ ok: true });
    now += 50_000;
    expect(await b.hit("203.0.113.5")).toEqual({ ok: true });
  });

  it("counts every address of one IPv6 /64 as one client across instances", async () => {
    const [a, b] = instances.map(
      (db) => new SharedLimiter(db as Db, "submissions", RULE, () => NOON),
    );
    if (!a || !b) throw new Error("two instances");
    const verdicts = [];
    for (let i = 0; i < 6; i++) verdicts.push(await (i % 2 ? b : a).hit(`2001:db8:7:8::${i + 1}`));
    expect(verdicts.map((v) => v.ok)).toEqual([true, true, true, true, true, false]);
    expect((await a.hit("2001:db8:7:9::1")).ok).toBe(true);
  });

  it("counts requests that arrive at both instances at once exactly", async () => {
    const [a, b] = instances.map(
      (db) =>
        new SharedLimiter(db as Db, "submissions", { limit: 40, windowMs: 60_000 }, () => NOON),
    );
    if (!a || !b) throw new Error("two instances");
    const verdicts = await Promise.all(
      Array.from({ length: 60 }, (_, i) => (i % 2 ? b : a).hit("203.0.113.5")),
    );
    expect(verdicts.filter((v) => v.ok)).toHaveLength(40);
  });

  it("gives each of several clients arriving together its own budget", async () => {
    const limiter = new SharedLimiter(instances[0] as Db, "submissions", RULE, () => NOON);
    const addresses = ["203.0.113.5", "198.51.100.7", "2001:db8::42"];
    const verdicts = await Promise.all(
      Array.from({ length: 24 }, (_, i) => limiter.hit(addresses[i % 3] as string)),
    );
    for (const [n, address] of addresses.entries()) {
      const own = verdicts.filter((_, i) => i % 3 === n);
      expect(
        own.filter((v) => v.ok),
        address,
      ).toHaveLength(RULE.limit);
    }
  });

  it("writes buckets, never an address or its hash, only for the current minute", async () => {
    const limiter = new SharedLimiter(instances[0] as Db, "submissions", RULE, () => NOON);
    const addresses = ["203.0.113.5", "2001:db8::42", "198.51.100.7"];
    for (const address of addresses) await limiter.hit(address);
    const rows = await storedRows<{ rule: string; bucket: number; window_start: string }>(
      location,
      "select * from client_limits",
    );
    const secrets = await storedRows(location, "select * from limit_secrets");
    const everything = JSON.stringify([rows, secrets]);
    for (const address of addresses) expect(everything).not.toContain(address);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(Object.keys(row).sort()).toEqual(["bucket", "count", "rule", "window_start"]);
      expect(row.bucket).toBeGreaterThanOrEqual(0);
      expect(row.bucket).toBeLessThan(65_536);
      expect(Number(row.window_start) % 60_000).toBe(0);
    }
  });

  it("drops the day's secret and every count when the UTC day changes", async () => {
    let now = Date.UTC(2026, 10, 23, 23, 59, 30);
    const limiter = new SharedLimiter(instances[0] as Db, "submissions", RULE, () => now);
    await limiter.hit("203.0.113.5");
    const [before] = await storedRows<{ secret: string }>(
      location,
      "select secret from limit_secrets",
    );
    now += 60_000;
    await limiter.hit("198.51.100.7");
    const secrets = await storedRows<{ day: string; secret: string }>(
      location,
      "select day, secret from limit_secrets",
    );
    expect(secrets).toHaveLength(1);
    expect(secrets[0]?.day).toBe("2026-11-24");
    expect(secrets[0]?.secret).not.toBe(before?.secret);
    const windows = await storedRows<{ window_start: string }>(
      location,
      "select window_start from client_limits",
    );
    expect(windows.every((w) => Number(w.window_start) >= Date.UTC(2026, 10, 24))).toBe(true);
  });

  it("keeps its tables out of the write-ahead log (UNLOGGED)", async () => {
    const tables = await storedRows<{ relname: string; relpersistence: string }>(
      location,
      "select relname, relpersistence from pg_class where relname in ('client_limits', 'limit_secrets') order by relname",
    );
    expect(tables).toEqual([
      { relname: "client_limits", relpersistence: "u" },
      { relname: "limit_secrets", relpersistence: "u" },
    ]);
  });
});
