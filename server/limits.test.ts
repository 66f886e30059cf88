import { describe, expect, it } from "vitest";
import { MemoryLimiter, secondsUntilTomorrow } from "./limits";

describe("MemoryLimiter", () => {
  it("allows the limit per window, then says how long to wait", async () => {
    let now = Date.UTC(2026, 10, 23, 12, 0, 0);
    const limiter = new MemoryLimiter({ limit: 3, windowMs: 60_000 }, () => now);
    for (let i = 0; i < 3; i++) expect(await limiter.hit("203.0.113.5")).toEqual({ ok: true });
    now += 15_000;
    expect(await limiter.hit("203.0.113.5")).toEqual({ ok: false, retryAfterSeconds: 45 });
    expect(await limiter.hit("203.0.113.6")).toEqual({ ok: true });
    now += 45_000;
    expect(await limiter.hit("203.0.113.5")).toEqual({ ok: true });
  });

  it("forgets every client when the UTC day changes", async () => {
    let now = Date.UTC(2026, 10, 23, 23, 59, 50);
    const limiter = new MemoryLimiter({ limit: 1, windowMs: 3_600_000 }, () => now);
    await limiter.hit("203.0.113.5");
    await limiter.hit("203.0.113.7");
    expect((await limiter.hit("203.0.113.5")).ok).toBe(false);
    now += 20_000;
    expect((await limiter.hit("203.0.113.5")).ok).toBe(true);
    expect(limiter.size).toBe(1);
  });

  it("keeps no address, only keyed hashes of them", async () => {
    const limiter = new MemoryLimiter({ limit: 5, windowMs: 60_000 });
    await limiter.hit("198.51.100.42");
    const keys = [...(limiter as unknown as { windows: Map<string, unknown> }).windows.keys()];
    expect(keys).toHaveLength(1);
    expect(keys[0]).not.toContain("198.51.100.42");
    expect(keys[0]).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  });
});

describe("secondsUntilTomorrow", () => {
  it("counts to the next UTC midnight", () => {
    expect(secondsUntilTomorrow(new Date(Date.UTC(2026, 10, 23, 23, 0, 0)))).toBe(3600);
    expect(secondsUntilTomorrow(new Date(Date.UTC(2026, 11, 31, 23, 59, 59, 500)))).toBe(1);
  });
});
