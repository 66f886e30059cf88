// Rate limits. Per client, keeping nothing that identifies a client (issue 7, DESIGN §9.2).
// One process on SQLite counts in memory: a client is known only by an HMAC of its address
// under a random secret that lives in memory and is replaced every UTC day, when every counter
// is dropped with it. Several instances on one PostgreSQL database (issue 17) must count
// together, so they count in the database — per bucket, never per address: 16 bits of an HMAC
// of the address under a secret of the day, so each bucket holds 1/65,536 of all addresses,
// and only the current window's count of each bucket is kept (docs/deploy-postgres.md says
// what a copy of the database shows). Per organization (publishing, at the end): members are
// identified anyway, so that count is kept in the database, where every instance sees it.
import { createHmac, randomBytes } from "node:crypto";
import { isIPv4, isIPv6 } from "node:net";
import type { MiddlewareHandler } from "hono";
import { type Db, dialectOf } from "./db/client";
import { countInBuckets, daySecret } from "./db/client-limits";
import { countPublicationRequest } from "./db/limits";
import { tooMany } from "./http";
import type { SessionEnv } from "./session";

export type Verdict = { ok: true } | { ok: false; retryAfterSeconds: number };

export interface LimitRule {
  /** Requests allowed per window. */
  limit: number;
  windowMs: number;
}

/** Counts a client's requests against one rule; how depends on the database (see above). */
export interface ClientLimiter {
  hit(address: string): Promise<Verdict>;
}

/**
 * The limiter for this database: in memory for SQLite (one process), shared through the
 * database for PostgreSQL (any number of instances). `name` tells the rules apart there.
 */
export function clientLimiter(db: Db, name: string, rule: LimitRule): ClientLimiter {
  return dialectOf(db) === "postgres" ? new SharedLimiter(db, name, rule) : new MemoryLimiter(rule);
}

const dayOf = (now: number) => new Date(now).toISOString().slice(0, 10);

/**
 * The part of an address that names one client: an IPv4 address (IPv4-mapped IPv6 included),
 * or the first 64 bits of an IPv6 one. A phone or a home line is given a whole /64 and can pick
 * any address in it, so counting full IPv6 addresses gave one client 2^64 budgets (QA pass:
 * 15 lookups from one /64 met no limit; from one address, a 429 at the 11th).
 */
export function clientOf(address: string): string {
  const plain = address.toLowerCase().replace(/%.*$/, ""); // a zone id names an interface
  if (!isIPv6(plain)) return plain;
  const [head = "", tail] = plain.split("::");
  const hextets = (part: string) =>
    part === ""
      ? []
      : part.split(":").flatMap((h) => {
          if (!isIPv4(h)) return [Number.parseInt(h, 16)];
          const [a = 0, b = 0, c = 0, d = 0] = h.split(".").map(Number);
          return [a * 256 + b, c * 256 + d];
        });
  const front = hextets(head);
  const back = tail === undefined ? [] : hextets(tail);
  const all = [...front, ...new Array<number>(8 - front.length - back.length).fill(0), ...back];
  if (all.slice(0, 5).every((h) => h === 0) && all[5] === 0xffff) {
    const [hi = 0, lo = 0] = all.slice(6);
    return [hi >> 8, hi & 255, lo >> 8, lo & 255].join(".");
  }
  return `${all
    .slice(0, 4)
    .map((h) => h.toString(16))
    .join(":")}::/64`;
}

/** Above this many tracked clients, expired windows are swept before adding another. */
const SWEEP_AT = 50_000;

export class MemoryLimiter implements ClientLimiter {
  private day = "";
  private secret = Buffer.alloc(0);
  private windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly rule: LimitRule,
    private readonly now: () => number = Date.now,
  ) {}

  async hit(address: string): Promise<Verdict> {
    const now = this.now();
    const day = dayOf(now);
    if (day !== this.day) {
      this.day = day;
      this.secret = randomBytes(32);
      this.windows.clear();
    }
    const key = createHmac("sha256", this.secret).update(clientOf(address)).digest("base64");
    let window = this.windows.get(key);
    if (!window || now - window.start >= this.rule.windowMs) {
      if (!window && this.windows.size >= SWEEP_AT) this.sweep(now);
      window = { start: now, count: 0 };
      this.windows.set(key, window);
    }
    window.count++;
    if (window.count <= this.rule.limit) return { ok: true };
    return {
      ok: false,
      retryAfterSeconds: Math.ceil((window.start + this.rule.windowMs - now) / 1000),
    };
  }

  /** How many clients are tracked now; for tests of the daily reset. */
  get size(): number {
    return this.windows.size;
  }

  private sweep(now: number): void {
    for (const [key, window] of this.windows) {
      if (now - window.start >= this.rule.windowMs) this.windows.delete(key);
    }
  }
}

/**
 * Several instances, one count: requests are counted per bucket in fixed windows aligned to
 * the clock, in the database (server/db/client-limits.ts). Two clients in one bucket share a
 * budget; with 65,536 buckets that is rare, and the limit is generous (mobile carriers put
 * many phones behind one address anyway). Outsiders cannot aim at a bucket: the secret is
 * random, made each day, and only in the database.
 *
 * Requests that arrive in one turn of the event loop are counted together, in one statement
 * sent once they are all in (bench:ingest: one round trip per request was most of a
 * submission's time on PostgreSQL): each gets its own place in its bucket's count, exactly as
 * if they had been counted one by one in that order.
 */
export class SharedLimiter implements ClientLimiter {
  private day = "";
  private secret: Promise<string> = Promise.resolve("");
  /** Requests waiting to be counted, by window start and bucket: each waits for its place. */
  private waiting = new Map<number, Map<number, Waiting[]>>();

  constructor(
    private readonly db: Db,
    private readonly name: string,
    private readonly rule: LimitRule,
    private readonly now: () => number = Date.now,
  ) {}

  async hit(address: string): Promise<Verdict> {
    const now = this.now();
    const day = dayOf(now);
    if (day !== this.day) {
      this.day = day;
      this.secret = daySecret(this.db, day, Date.parse(day));
      // A failure here is the database's; the next request asks again.
      this.secret.catch(() => {
        this.day = "";
      });
    }
    const bucket = bucketOf(await this.secret, clientOf(address));
    const windowStart = now - (now % this.rule.windowMs);
    const place = await this.place(bucket, windowStart);
    if (place <= this.rule.limit) return { ok: true };
    return {
      ok: false,
      retryAfterSeconds: Math.max(1, Math.ceil((windowStart + this.rule.windowMs - now) / 1000)),
    };
  }

  /** This request's place in its bucket's window, counted with the others of this turn. */
  private place(bucket: number, windowStart: number): Promise<number> {
    return new Promise((resolve, reject) => {
      if (this.waiting.size === 0) setImmediate(() => this.count());
      let buckets = this.waiting.get(windowStart);
      if (!buckets) {
        buckets = new Map();
        this.waiting.set(windowStart, buckets);
      }
      const inBucket = buckets.get(bucket) ?? [];
      inBucket.push({ resolve, reject });
      buckets.set(bucket, inBucket);
    });
  }

  private async count(): Promise<void> {
    const waiting = this.waiting;
    this.waiting = new Map();
    // One statement per window: a turn that straddles two counts each bucket in both.
    for (const [windowStart, buckets] of waiting) {
      try {
        const hits = new Map([...buckets].map(([bucket, w]) => [bucket, w.length]));
        const counts = await countInBuckets(this.db, this.name, hits, windowStart);
        for (const [bucket, inBucket] of buckets) {
          const count = counts.get(bucket);
          if (count === undefined) throw new Error("an upsert returned no row");
          for (const [i, w] of inBucket.entries()) w.resolve(count - inBucket.length + i + 1);
        }
      } catch (error) {
        for (const inBucket of buckets.values()) for (const w of inBucket) w.reject(error);
      }
    }
  }
}

interface Waiting {
  resolve: (place: number) => void;
  reject: (error: unknown) => void;
}

/** 16 bits of HMAC-SHA-256: which of 65,536 buckets an address falls in today. */
export function bucketOf(secret: string, address: string): number {
  return createHmac("sha256", secret).update(address).digest().readUInt16BE(0);
}

/** Seconds until the next UTC midnight, when a survey's daily cap resets. */
export function secondsUntilTomorrow(now: Date = new Date()): number {
  const tomorrow = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  return Math.max(1, Math.ceil((tomorrow - now.getTime()) / 1000));
}

/**
 * Publish and withdraw requests per organization (issue 12): each one may run an audit for
 * seconds, and a flood of republications is how differencing attacks are tried. The count
 * lives in the database (server/db/limits.ts), shared by every instance.
 */
export function limitPublications(
  db: Db,
  rule: LimitRule,
  now: () => number = Date.now,
): MiddlewareHandler<SessionEnv> {
  return async (c, next) => {
    const counted = await countPublicationRequest(db, c.get("member").orgId, rule, now());
    if (!counted.ok) {
      return tooMany(
        c,
        counted.retryAfterSeconds,
        `your organization may publish or withdraw ${rule.limit} times per ${Math.round(rule.windowMs / 60_000)} minutes; try again later`,
      );
    }
    await next();
  };
}
