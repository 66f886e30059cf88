// The defender's LP over a whole history (cover.ts, over knowledge.ts with `defender`): each move
// it finds goes to the audits as a table the attacker cannot rule out once the counts it moved
// are hidden (points.ts), and the audits trust such points without solving. Random
// histories of three publications of a g × h joint table, each hiding statistics of its own: every
// point must fit every earlier publication, every margin and every growth, checked from the
// tables (test/histories.ts), not by our model. And which moves coverFor asks the LP for.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  contradictions,
  countsByKey,
  grand,
  hiddenStatistics,
  jointCounts,
  published,
} from "../../test/histories";
import { type CoverModel, coverFor, coverModel, covers, isCoverable } from "./cover";
import { exposures } from "./exposures";
import { knowledge, prepare } from "./knowledge";
import { evaluate } from "./linear";
import { loadHighs } from "./lp";
import type { Suppression } from "./publication";
import { NO_STRUCTURE } from "./structure";

describe("the defender's moves over a whole history", () => {
  it("are tables every earlier publication allows", async () => {
    const highs = await loadHighs();
    const k = 3;
    let checked = 0;
    await fc.assert(
      fc.asyncProperty(
        jointCounts(6),
        jointCounts(4),
        jointCounts(4),
        hiddenStatistics,
        hiddenStatistics,
        hiddenStatistics,
        async (first, more, most, hid0, hid1, hidNow) => {
          const second = first.map((c, i) => c + (more[i] as number));
          const now = second.map((c, i) => c + (most[i] as number));
          fc.pre(grand(second) - grand(first) >= k && grand(now) - grand(second) >= k);
          const truth = published(now, () => false);
          const frame = prepare(
            [
              published(first, (s) => hid0[s] === true),
              published(second, (s) => hid1[s] === true),
              truth,
            ],
            NO_STRUCTURE,
          );
          const defender = knowledge(frame, { defender: true });
          const { statistics, grandTotal } = frame.linked;
          const truthCounts = statistics.map((s) => countsByKey(now).get(s.id) ?? 0);
          const state: Suppression[] = statistics.map((_, s) =>
            s !== grandTotal && hidNow[s % 12] ? "secondary" : false,
          );
          const points: Float64Array[] = [];
          const model = coverModel(
            highs,
            defender,
            truthCounts.map((c) => 1 + c),
            state.map((m) => m !== false),
            {
              found: (values) =>
                points.push(
                  Float64Array.from(
                    frame.releases.flatMap((_, t) =>
                      statistics.map((_, s) => evaluate(defender.value(t, s), values)),
                    ),
                  ),
                ),
            },
          );
          const cover = covers(defender, model, k);
          try {
            for (const e of exposures(highs, frame, k, { state }).exposures) {
              if (!isCoverable(e)) continue;
              for (const s of cover.of(e) ?? []) {
                state[s] = "secondary";
                cover.hidden(s);
              }
            }
          } finally {
            cover.dispose();
          }
          for (const point of points) expect(contradictions(frame, point)).toEqual([]);
          checked += points.length;
        },
      ),
      { numRuns: 60, seed: 20261206 },
    );
    // The test means something only if the defender moved.
    expect(checked).toBeGreaterThan(60);
  });
});

describe("coverFor", () => {
  /** A defender's LP in which the target can reach exactly [min, max], recording what it is asked. */
  const reaching = (min: number, max: number) => {
    const asked: string[] = [];
    const model: CoverModel = {
      cover(_target, direction, at) {
        asked.push(`${direction} ${at}`);
        const reached = direction === "up" ? at <= max : at >= min;
        return reached ? [asked.length] : null;
      },
      hidden() {},
      dispose() {},
    };
    return { model, asked };
  };
  const target = { constant: 0, columns: [0], coefficients: [1] };
  const narrow = (lo: number, hi: number) =>
    ({ kind: "interval", release: 0, statistic: 0, lo, hi }) as const;

  it("goes down as far as zero allows and up for the rest", () => {
    const { model, asked } = reaching(0, 20);
    expect(coverFor(narrow(2, 3), target, model, 5)).toEqual([1, 2]);
    expect(asked).toEqual(["down 0", "up 5"]);
  });

  it("takes all k up where the way down is shut, with one move", () => {
    const { model, asked } = reaching(3, 20);
    expect(coverFor(narrow(3, 4), target, model, 5)).toEqual([2]);
    expect(asked).toEqual(["down 0", "up 8"]);
  });

  it("gives up where the way up is shut, since down already reached zero", () => {
    const { model, asked } = reaching(0, 4);
    expect(coverFor(narrow(3, 3), target, model, 5)).toBeNull();
    expect(asked).toEqual(["down 0", "up 5"]);
  });
});
