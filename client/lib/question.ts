// A question to the attacker's LP (client/lib/lp.ts) and its answer: what its callers
// (exposures.ts, sharing.ts, probe.ts) ask, and how LP values round to counts. UI-free.
import type { Expression } from "./linear";

/** LP values are floats; counts are whole numbers, and an attacker knows it. */
export const EPSILON = 1e-6;
export const roundUp = (value: number) => Math.ceil(value - EPSILON);
export const roundDown = (value: number) => Math.floor(value + EPSILON);

export interface Interval {
  lo: number;
  hi: number;
}

/**
 * What to learn about one linear expression: its whole interval (`"interval"`), or only its
 * maximum (`"max"`). `enough(lo, hi)` says when a range already seen at feasible points is
 * enough of an answer; then the exact bounds are not solved for (every optimum is a feasible
 * table, so the true interval contains every value seen).
 */
export interface Question {
  expression: Expression;
  want: "interval" | "max";
  enough(lo: number, hi: number): boolean;
  /**
   * For an interval: solve the minimum first, and stop there when it already settles the
   * question (the answer's `hi` is then +Infinity, not solved for).
   */
  enoughAbove?(lo: number): boolean;
  /** A bound the expression can never go below (0 for a count): reaching it settles the minimum. */
  lowest?: number;
  /**
   * Solve this one before the random directions: for a caller that stops at the first bad
   * answer and expects it here (client/lib/exposures.ts, `firstOnly`).
   */
  early?: boolean;
  /**
   * Known to be enough from an earlier audit (client/lib/exposures.ts, `Carried`): answered so with
   * no solve, yet still part of the component's questions, so that its cached answers still match.
   */
  known?: boolean;
}

/** Per question: the exact bounds, "enough" when settled early, or "infeasible". */
export type Answer = Interval | "enough" | "infeasible";
