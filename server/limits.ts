// Rate limits. Per client, keeping nothing about clients (issue 7, DESIGN §9.2): a client is
// known only by an HMAC of its address under a random secret that lives in memory and is
// replaced every UTC day, when every counter is dropped with it. Nothing about a client is
// persisted or logged, so yesterday's keys cannot be recomputed by anyone. Per organization
// (publishing, at the end): members are identified anyway, so that count is kept in the
// database, where every instance sees it.
import { createHmac, randomBytes } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import type { Db } from "./db/client";
import { countPublicationRequest } from "./db/limits";
import { tooMany } from "./http";
import type { SessionEnv } from "./session";

export type Verdict = { ok: true } | { ok: false; retryAfterSeconds: number };

export interface LimitRule {
  /** Requests allowed per window. */
  limit: number;
  windowMs: number;
}

/** Above this many tracked clients, expired windows are swept before adding another. */
const SWEEP_AT = 50_000;

export class ClientLimiter {
  private day = "";
  private secret = Buffer.alloc(0);
  private windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly rule: LimitRule,
    private readonly now: () => number = Date.now,
  ) {}

  hit(address: string): Verdict {
    const now = this.now();
    const day = new Date(now).toISOString().slice(0, 10);
    if (day !== this.day) {
      this.day = day;
      this.secret = randomBytes(32);
      this.windows.clear();
    }
    const key = createHmac("sha256", this.secret).update(address).digest("base64");
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
