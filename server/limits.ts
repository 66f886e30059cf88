// Per-client rate limits that keep nothing about clients (issue 7, DESIGN §9.2): a client is
// known only by an HMAC of its address under a random secret that lives in memory and is
// replaced every UTC day, when every counter is dropped with it. Nothing here is persisted
// or logged, so yesterday's keys cannot be recomputed by anyone.
import { createHmac, randomBytes } from "node:crypto";

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
