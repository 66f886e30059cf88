// One attacker's LP kept warm while a suppression moves its state one cell at a time: the
// prune's (client/lib/prune.ts), publishing, and the loop's before a cover (client/lib/reach.ts),
// hiding; beside the audits' own LPs (client/lib/lp.ts), which are built anew each time. UI-free.
import type { Highs, Model } from "highs";
import type { Knowledge } from "./knowledge";
import type { Expression } from "./linear";
import { modelOf, quiet, runSolving, type Spent } from "./lp";
import type { Interval } from "./question";

/** A count fixed in a probe (`fix`): its row, or its column's bounds to restore. */
export type Fixed = { row: number } | { column: number; lower: number; upper: number };

/**
 * One attacker's model kept across the audits of suppression's prune (client/lib/prune.ts),
 * for the question a candidate most often fails on, or across the covers of its loop
 * (client/lib/reach.ts). Publishing a count there fixes it, hiding it again lets it go, so each
 * question starts warm from the last optimum, where an audit builds its LP anew and solves it
 * cold: on the passport survey at 640 responses, 57 of the prune's 77 refusals were such a
 * question, ~10 ms each in an audit and ~1 ms here.
 */
export class Probe {
  private rows: number;
  /** Columns with a cost in the last question: set to 0 for the next. */
  private costed: readonly number[] = [];
  /** The expression the objective is set to: both extremes of an interval share it. */
  private aimed: Expression | undefined;

  private constructor(
    private readonly highs: Highs,
    private readonly model: Model,
    rows: number,
    private readonly columns: readonly { lower: number; upper: number }[],
  ) {
    this.rows = rows;
  }

  static of(highs: Highs, knowledge: Pick<Knowledge, "columns" | "rows">): Probe {
    const model = modelOf(highs, knowledge.columns, knowledge.rows);
    // The primal simplex even right after a row is fixed, where the last optimum is only dual
    // feasible: at 640 responses the 67 refusals took 0.27M of work so, 2.42M with the dual
    // simplex for the minimum (the maximum after it stays primal feasible either way).
    quiet(model, "objective");
    return new Probe(highs, model, knowledge.rows.length, knowledge.columns);
  }

  /**
   * Fixes `e` at `value`, as publishing it would: by a row, or where `e` is one column, by that
   * column's bounds (a row for each of the ~1,000 counts published beside the loop's probe made
   * its solves a third slower).
   */
  fix(e: Expression, value: number, { bounds = false } = {}): Fixed {
    const at = value - e.constant;
    if (bounds && e.columns.length === 1 && e.coefficients[0] === 1) {
      const column = e.columns[0] as number;
      const { lower, upper } = this.columns[column] as { lower: number; upper: number };
      this.model.changeColBounds(column, at, at);
      return { column, lower, upper };
    }
    this.model.addRow(at, at, { indices: e.columns, values: e.coefficients });
    return { row: this.rows++ };
  }

  /** Undoes a `fix`; a row stays, free (removing it would renumber the rows after it). */
  release(fixed: Fixed): void {
    if ("row" in fixed) {
      this.model.changeRowBounds(fixed.row, -this.highs.infinity, this.highs.infinity);
    } else this.model.changeColBounds(fixed.column, fixed.lower, fixed.upper);
  }

  /** The exact interval of `e`, or "infeasible"; `found` gets each optimum's column values. */
  interval(
    e: Expression,
    spent?: Spent,
    found?: (values: Float64Array) => void,
  ): Interval | "infeasible" {
    const lo = this.extreme(e, "min", spent, found);
    const hi = lo === null ? null : this.extreme(e, "max", spent, found);
    return lo === null || hi === null ? "infeasible" : { lo, hi };
  }

  /** The least or greatest value of `e`, or null where there is none (infeasible). */
  extreme(
    e: Expression,
    sense: "min" | "max",
    spent?: Spent,
    found?: (values: Float64Array) => void,
  ): number | null {
    const { model, highs } = this;
    if (this.aimed !== e) {
      const changed = [...new Set([...this.costed, ...e.columns])].sort((a, b) => a - b);
      const costs = changed.map((c) => {
        const j = e.columns.indexOf(c);
        return j < 0 ? 0 : (e.coefficients[j] as number);
      });
      if (changed.length > 0) model.changeColsCost({ kind: "set", indices: changed }, costs);
      this.costed = e.columns;
      this.aimed = e;
    }
    const { minimize, maximize } = highs.constants.objectiveSense;
    model.changeObjectiveSense(sense === "min" ? minimize : maximize);
    if (runSolving(highs, model, spent, this.rows) !== highs.constants.modelStatus.optimal) {
      return null;
    }
    found?.(model.getSolution().colValue);
    return model.getObjectiveValue() + e.constant;
  }

  dispose(): void {
    this.model.dispose();
  }
}
