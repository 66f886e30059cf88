import { describe, expect, it } from "vitest";
import { clientOf, MemoryLimiter, secondsUntilTomorrow } from "./limits";

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

describe("one client, many addresses", () => {
  it("counts every address of one IPv6 /64 as one client, and another /64 apart", async () => {
    const limiter = new MemoryLimiter({ limit: 10, windowMs: 60_000 });
    const verdicts = [];
    for (let i = 0; i < 15; i++)
      verdicts.push((await limiter.hit(`2001:db8:1:2::${i.toString(16)}`)).ok);
    expect(verdicts.filter((ok) => !ok)).toHaveLength(5);
    // Written out in full, in capitals, or with an embedded IPv4 tail: still the same /64.
    expect((await limiter.hit("2001:0DB8:0001:0002:ffff:0:0:1")).ok).toBe(false);
    expect((await limiter.hit("2001:db8:1:2:0:0:1.2.3.4")).ok).toBe(false);
    expect((await limiter.hit("2001:db8:1:3::1")).ok).toBe(true);
  });

  it("counts an IPv4 address and its IPv4-mapped IPv6 form as one client", async () => {
    const limiter = new MemoryLimiter({ limit: 1, windowMs: 60_000 });
    expect((await limiter.hit("203.0.113.5")).ok).toBe(true);
    expect((await limiter.hit("::ffff:203.0.113.5")).ok).toBe(false);
    expect((await limiter.hit("::ffff:cb00:7105")).ok).toBe(false);
    expect((await limiter.hit("203.0.113.6")).ok).toBe(true);
  });

  it("names the client by the address's first 64 bits, or its IPv4 address", () => {
    expect(clientOf("2001:db8:1:2::e")).toBe("2001:db8:1:2::/64");
    expect(clientOf("2001:db8::")).toBe("2001:db8:0:0::/64");
    expect(clientOf("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
    expect(clientOf("::ffff:192.0.2.128")).toBe("192.0.2.128");
    expect(clientOf("unknown")).toBe("unknown");
  });
});

describe("secondsUntilTomorrow", () => {
  it("counts to the next UTC midnight", () => {
    expect(secondsUntilTomorrow(new Date(Date.UTC(2026, 10, 23, 23, 0, 0)))).toBe(3600);
    expect(secondsUntilTomorrow(new Date(Date.UTC(2026, 11, 31, 23, 59, 59, 500)))).toBe(1);
  });
});
