// An LP's own optimum, found by HiGHS directly and not through client/lib/lp.ts's `solve`: the
// truth the LP layer's tests (lp.test.ts, seen.test.ts, implied.test.ts) compare against; and the
// plainest question to ask `solve`.
import type { Highs, Model } from "highs";
import { quiet } from "../client/lib/lp";
import type { Question } from "../client/lib/question";

/** An expression's whole interval, never settled early. */
export const interval = (expression: Question["expression"]): Question => ({
  expression,
  want: "interval",
  enough: () => false,
});

export interface Optimum {
  /** ±Infinity where the LP is unbounded that way. */
  value: number;
  /** The optimal columns' values; none where unbounded. */
  point: number[];
}

/** The optimum of `Σ coefficients · x` over `model`'s `size` columns, undefined if infeasible. */
export function optimumOf(highs: Highs, model: Model, size: number) {
  quiet(model, "objective");
  return (coefficients: readonly number[], sense: "min" | "max"): Optimum | undefined => {
    model.changeObjectiveSense(
      highs.constants.objectiveSense[sense === "min" ? "minimize" : "maximize"],
    );
    model.changeColsCost({ kind: "range", from: 0, to: size - 1 }, Float64Array.from(coefficients));
    model.run();
    const status = model.getModelStatus();
    if (status === highs.constants.modelStatus.unbounded) {
      return {
        value: sense === "max" ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY,
        point: [],
      };
    }
    if (status !== highs.constants.modelStatus.optimal) return undefined;
    return { value: model.getObjectiveValue(), point: [...model.getSolution().colValue] };
  };
}
