// What the suppression's prune and loop rely on (client/lib/suppress.ts, prune.ts): questions an audit
// settled for good, carried into the audit of a state that publishes more (the prune) or hides
// more (the loop), change nothing that audit finds. Random histories of two publications of a
// g × h joint table, a random hidden set, then a random part of it published or more of it
// hidden: the carried audit and a fresh one must find the same exposures. And what the
// check for inherited exposures relies on (exposures.ts, inheritedNames): an audit asked only about
// some statistics finds about them what a whole audit finds; and an audit that stops at its first
// exposure finds one whenever a whole audit does.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { published } from "../../test/histories";
import { type Carried, exposures } from "./exposures";
import { knowledge, prepare } from "./knowledge";
import { loadHighs } from "./lp";
import type { Suppression } from "./publication";
import type { Answer } from "./question";
import { NO_STRUCTURE } from "./structure";

const counts = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 6, maxLength: 6 });
const flags = (length: number) => fc.array(fc.boolean(), { minLength: length, maxLength: length });
/** Joint counts then additions, which statistics the first publication hid, and two sets of flags. */
const cases = [counts, counts, flags(12), flags(24), flags(24)] as const;

/** Two publications of the joint table, the first as the public saw it, the second the truth. */
function frameOf(first: number[], added: number[], hiddenFirst: boolean[]) {
  const now = first.map((c, i) => c + (added[i] as number));
  return prepare(
    [published(first, (s) => hiddenFirst[s] === true), published(now, () => false)],
    NO_STRUCTURE,
  );
}

const names = (list: readonly object[]) => list.map((e) => JSON.stringify(e)).sort();

/** The carried audit and a fresh one of the same state, by name. */
async function carriedAndFresh(
  moving: Carried["moving"],
  first: number[],
  added: number[],
  hiddenFirst: boolean[],
  hiddenNow: boolean[],
  changedLater: boolean[],
) {
  const highs = await loadHighs();
  const k = 3;
  const frame = frameOf(first, added, hiddenFirst);
  const { statistics, grandTotal } = knowledge(frame).linked;
  const before: Suppression[] = statistics.map((_, s) =>
    s !== grandTotal && hiddenNow[s % 24] ? "secondary" : false,
  );
  const after = before.map((m, s) => {
    if (!changedLater[s % 24] || s === grandTotal) return m;
    return moving === "publishing" ? false : "secondary";
  });
  const proven = new Set<string>();
  exposures(highs, frame, k, { state: before, carried: { moving, skip: new Set(), proven } });
  const carried = exposures(highs, frame, k, {
    state: after,
    carried: { moving, skip: proven, proven: new Set() },
  }).exposures;
  const fresh = exposures(highs, frame, k, { state: after }).exposures;
  return { carried: names(carried), fresh: names(fresh) };
}

describe("audits carried from one state to a state that publishes more", () => {
  it("find what a fresh audit finds", async () => {
    await fc.assert(
      fc.asyncProperty(...cases, async (...drawn) => {
        const { carried, fresh } = await carriedAndFresh("publishing", ...drawn);
        expect(carried).toEqual(fresh);
      }),
      { numRuns: 300 },
    );
  });

  it("find it where HiGHS's primal simplex gives up on a random direction", async () => {
    // A counterexample of the property above (seed 1392870436): one LP of the carried audit,
    // 11 columns with three of them fixed, ended "unknown" in the primal simplex, and every
    // count it touched read as inconsistent. lp.ts (runSolving) solves it again with the dual.
    const none = new Array(24).fill(false);
    const { carried, fresh } = await carriedAndFresh(
      "publishing",
      [1, 0, 4, 1, 2, 0],
      [1, 0, 2, 1, 0, 3],
      [false, true, true, false, true, true, false, false, true, false, true, false],
      none.map((_, i) => i === 0 || i === 7 || i === 8),
      none,
    );
    expect(carried.filter((e) => e.includes("inconsistent"))).toEqual([]);
    expect(carried).toEqual(fresh);
  });
});

describe("audits carried from one state to a state that hides more", () => {
  it("find what a fresh audit finds", async () => {
    let found = 0;
    await fc.assert(
      fc.asyncProperty(...cases, async (...drawn) => {
        const { carried, fresh } = await carriedAndFresh("hiding", ...drawn);
        expect(carried).toEqual(fresh);
        found += fresh.length > 0 ? 1 : 0;
      }),
      { numRuns: 300 },
    );
    // Hiding more leaves something exposed often enough for the comparison to mean something.
    expect(found).toBeGreaterThan(30);
  });
});

describe("audits asked only about some statistics", () => {
  it("find about them what a whole audit finds", async () => {
    const highs = await loadHighs();
    await fc.assert(
      fc.asyncProperty(...cases, async (first, added, hiddenFirst, hiddenNow, asked) => {
        const k = 3;
        // A fresh frame for each audit: the inherited check keeps what it learnt per frame.
        const frame = () => frameOf(first, added, hiddenFirst);
        const { statistics, grandTotal } = knowledge(frame()).linked;
        const state: Suppression[] = statistics.map((_, s) =>
          s !== grandTotal && hiddenNow[s % 24] ? "secondary" : false,
        );
        const only = new Set(statistics.flatMap((_, s) => (asked[s % 24] ? [s] : [])));
        const about = (e: { statistic: number; part?: number }) =>
          only.has(e.statistic) || (e.part !== undefined && only.has(e.part));
        const whole = exposures(highs, frame(), k, { state });
        const some = exposures(highs, frame(), k, { state, only });
        expect(names(some.exposures.filter(about))).toEqual(names(whole.exposures.filter(about)));
        expect(names(some.inherited.filter(about))).toEqual(names(whole.inherited.filter(about)));
      }),
      { numRuns: 300 },
    );
  });
});

describe("audits that stop at the first exposure (the prune's)", () => {
  it("find one exactly when a whole audit finds any", async () => {
    const highs = await loadHighs();
    await fc.assert(
      fc.asyncProperty(
        counts,
        counts,
        flags(12),
        flags(24),
        fc.nat(),
        async (first, added, hiddenFirst, hiddenNow, focus) => {
          const frame = frameOf(first, added, hiddenFirst);
          const { statistics, grandTotal } = knowledge(frame).linked;
          const state: Suppression[] = statistics.map((_, s) =>
            s !== grandTotal && hiddenNow[s % 24] ? "secondary" : false,
          );
          const whole = exposures(highs, frame, 3, { state }).exposures;
          const firstOnly = { focus: focus % statistics.length };
          const stopped = exposures(highs, frame, 3, { state, firstOnly }).exposures;
          expect(stopped.length > 0).toBe(whole.length > 0);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("audits sharing one cache, as a suppression run's do", () => {
  it("find what an audit without it finds, and solve nothing when asked the same again", async () => {
    const highs = await loadHighs();
    let sharing = 0;
    await fc.assert(
      fc.asyncProperty(...cases, async (first, added, hiddenFirst, hiddenA, hiddenB) => {
        const k = 3;
        const frame = frameOf(first, added, hiddenFirst);
        const { statistics, grandTotal } = knowledge(frame).linked;
        const stateOf = (hidden: boolean[]): Suppression[] =>
          statistics.map((_, s) => (s !== grandTotal && hidden[s % 24] ? "secondary" : false));
        const cache = new Map<string, Answer[]>();
        exposures(highs, frame, k, { state: stateOf(hiddenA), cache });
        const state = stateOf(hiddenB);
        const cached = exposures(highs, frame, k, { state, cache }).exposures;
        const plain = exposures(highs, frameOf(first, added, hiddenFirst), k, { state }).exposures;
        expect(names(cached)).toEqual(names(plain));
        sharing += cached.filter((e) => e.kind === "sharing").length > 0 ? 1 : 0;
        const spent = { solves: 0, work: 0 };
        const again = exposures(highs, frame, k, { state, cache, spent }).exposures;
        expect(names(again)).toEqual(names(plain));
        expect(spent.solves).toBe(0);
      }),
      { numRuns: 300 },
    );
    // Groups shown to share an answer are sized in sharing.ts, with a cache of its own.
    expect(sharing).toBeGreaterThan(10);
  });
});
