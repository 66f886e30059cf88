// Whether an exposure the suppression loop found (client/lib/suppress.ts) still needs cover once
// the cells hidden since it was found are hidden: asked of the attacker's model, kept warm in a
// probe (probe.ts) as the loop hides cells, before the defender's LP (cover.ts). UI-free.
import type { Highs } from "highs";
import { attains, type CoverModel, type Covers, coverFor, targetOf } from "./cover";
import { type Frame, type Knowledge, knowledge } from "./knowledge";
import { type Expression, evaluate } from "./linear";
import type { Spent } from "./lp";
import { type Fixed, Probe } from "./probe";

/** Optima kept to answer from (50, 200 and 600 answered the same at 60 and 300). */
const OPTIMA = 50;

export interface Reaching {
  highs: Highs;
  frame: Frame;
  /** Whether statistic `s` of the last release is published in the loop's state now. */
  published: (s: number) => boolean;
  /** The last release's true counts, by statistic. */
  counts: readonly number[];
  k: number;
  spent?: Spent;
  /** Each optimum of the attacker's model (Points.from). */
  found?: (model: Knowledge, values: Float64Array) => void;
}

/**
 * `covers`, asking first whether the attacker, with every cell hidden by now, can already take
 * what an exposure is about as far as its cover would (coverFor: k values wide, or someone
 * elsewhere). Then no cell needs hiding, and the defender's LP is not solved: the loop covers the
 * exposures of one audit one after another, and the cells hidden for the first few settle most
 * of the rest. The passport survey's fresh publication of 60: 462 covers, 400 of which hid
 * nothing; with this check 15.6M of the loop's work instead of 50.3M (docs/measured/disclosure.md).
 * The attacker's model has every count of the last release as a column, those published held at
 * their counts, and hiding one lets it go: the same LP an audit would build in that state.
 * Skipping a cover is only ever a cell not hidden; the loop's next audit judges the state.
 */
export function reaching(
  covers: Covers,
  { highs, frame, published, counts, k, spent, found }: Reaching,
): Covers {
  // Built at the first question, in the loop's state then: a loop that finds nothing to cover
  // builds no model.
  let model: { attacker: Knowledge; probe: Probe; held: Map<number, Fixed> } | undefined;
  const asking = () => {
    if (model) return model;
    const last = frame.releases.length - 1;
    const attacker = knowledge(frame, { state: frame.linked.statistics.map(() => "secondary") });
    const probe = Probe.of(highs, attacker);
    const held = new Map<number, Fixed>();
    frame.linked.statistics.forEach((_, s) => {
      const value = attacker.value(last, s);
      if (value.columns.length === 0 || !published(s)) return;
      held.set(s, probe.fix(value, counts[s] as number, { bounds: true }));
    });
    model = { attacker, probe, held };
    return model;
  };
  // The last optima: hiding only widens what the attacker allows, so each stays a table it
  // cannot rule out, and one that already reaches a value answers without a solve (at 60, 144
  // of 480 questions).
  const optima: Float64Array[] = [];
  /** coverFor's questions, answered by whether the attacker reaches each value: [] or null. */
  const reaches = (target: Expression): CoverModel => ({
    cover: (_, direction, at) => {
      if (optima.some((values) => attains(evaluate(target, values), direction, at))) return [];
      const { attacker, probe } = asking();
      const value = probe.extreme(target, direction === "up" ? "max" : "min", spent, (values) => {
        optima.push(values);
        if (optima.length > OPTIMA) optima.shift();
        found?.(attacker, values);
      });
      return value !== null && attains(value, direction, at) ? [] : null;
    },
    hidden: () => {},
    dispose: () => {},
  });
  return {
    of: (e) => {
      const target = targetOf(asking().attacker, e);
      return coverFor(e, target, reaches(target), k) ? [] : covers.of(e);
    },
    hidden: (s) => {
      covers.hidden(s);
      const fixed = model?.held.get(s);
      if (!model || !fixed) return;
      model.probe.release(fixed);
      model.held.delete(s);
    },
    dispose: () => {
      covers.dispose();
      model?.probe.dispose();
    },
  };
}
