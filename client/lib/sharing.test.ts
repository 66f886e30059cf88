// Whether a group that may all have given one answer singles anyone out (client/lib/sharing.ts),
// on the g × h table of test/histories.ts at k = 3: the group with g = a, found by the LP to be
// possibly all in h = x, is a finding only if it may hold 1..k−1 people, and only if the larger
// group around it (everyone) is not known to be at least k people who all said x.
import { describe, expect, it } from "vitest";
import { published } from "../../test/histories";
import { knowledge, prepare } from "./knowledge";
import { loadHighs } from "./lp";
import { type Key, statisticId } from "./publication";
import { judgeSharing } from "./sharing";
import { NO_STRUCTURE } from "./structure";

const K = 3;
const a = { g: "a" };
const ax = { g: "a", h: "x" };
const ay = { g: "a", h: "y" };
const b = { g: "b" };
const bx = { g: "b", h: "x" };
const by = { g: "b", h: "y" };

/**
 * One publication of `joint` (a,x a,y b,x b,y c,x c,y) hiding `hidden`, and what sharing.ts finds
 * of g = a all in x.
 */
async function judge(joint: number[], hidden: Key[]) {
  const hide = new Set(hidden.map(statisticId));
  const release = published(joint, () => false);
  const shown = {
    ...release,
    tables: release.tables.map((t) => ({
      ...t,
      cells: t.cells.map((c) =>
        hide.has(statisticId(c.key))
          ? { key: c.key, count: null, suppressed: "secondary" as const }
          : c,
      ),
    })),
  };
  const model = knowledge(prepare([shown], NO_STRUCTURE));
  const group = model.statisticOf(a) as number;
  const part = model.statisticOf(ax) as number;
  const judged = judgeSharing(
    await loadHighs(),
    model,
    K,
    [{ what: { release: 0, statistic: group, part }, group: model.value(0, group) }],
    new Map(),
    {},
  );
  return { ...judged, group, part };
}

describe("a group that may all have given one answer", () => {
  it("is a finding when it may hold 1..k−1 people and others gave another answer", async () => {
    // g = a and g = b hidden with their lines: a is 0..9 as far as a reader can tell.
    const { sharing, inconsistent, group, part } = await judge(
      [2, 0, 3, 4, 3, 5],
      [a, ax, ay, b, bx, by],
    );
    expect(sharing).toEqual([{ release: 0, statistic: group, part }]);
    expect(inconsistent).toEqual([]);
  });

  it("is no news when everyone, at least k people, said x", async () => {
    // The same hidden cells, but y is published as 0: all 9 said x, so g = a did too.
    const { sharing } = await judge([2, 0, 3, 0, 4, 0], [a, ax, ay, b, bx, by]);
    expect(sharing).toEqual([]);
  });

  it("singles no one out when it is published as k or more, or as 0", async () => {
    expect((await judge([5, 0, 3, 4, 3, 5], [ax, ay, bx, by])).sharing).toEqual([]);
    expect((await judge([0, 0, 3, 4, 3, 5], [ax, ay, bx, by])).sharing).toEqual([]);
  });
});
