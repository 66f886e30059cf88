// One attacker's LP kept warm across the audits of suppression's prune (client/lib/prune.ts),
// beside the audits' own LPs (client/lib/lp.ts), which are built anew each time. UI-free.
import type { Highs, Model, ObjectiveSense } from "highs";
import type { Knowledge } from "./knowledge";
import type { Expression } from "./linear";
import { modelOf, quiet, runSolving, type Spent } from "./lp";
import type { Interval } from "./question";

/**
 * One attacker's model kept across the audits of suppression's prune (client/lib/prune.ts),
 * for the question a candidate most often fails on. Publishing a count there is a row fixing it,
 * so each question starts warm from the last optimum, where an audit builds its LP anew and
 * solves it cold: on the passport survey at 640 responses, 57 of the prune's 77 refusals were
 * such a question, ~10 ms each in an audit and ~1 ms here.
 */
export class Probe {
  private rows: number;
  /** Columns with a cost in the last question: set to 0 for the next. */
  private costed: readonly number[] = [];

  private constructor(
    private readonly highs: Highs,
    private readonly model: Model,
    rows: number,
  ) {
    this.rows = rows;
  }

  static of(highs: Highs, knowledge: Pick<Knowledge, "columns" | "rows">): Probe {
    const model = modelOf(highs, knowledge.columns, knowledge.rows);
    // The primal simplex even right after a row is fixed, where the last optimum is only dual
    // feasible: at 640 responses the 67 refusals took 0.27M of work so, 2.42M with the dual
    // simplex for the minimum (the maximum after it stays primal feasible either way).
    quiet(model, "objective");
    return new Probe(highs, model, knowledge.rows.length);
  }

  /** Fixes `e` at `value`, as publishing it would; returns the row that `release` undoes. */
  fix(e: Expression, value: number): number {
    this.model.addRow(value - e.constant, value - e.constant, {
      indices: e.columns,
      values: e.coefficients,
    });
    return this.rows++;
  }

  /** Undoes a `fix`: the row stays, free (removing it would renumber the rows after it). */
  release(row: number): void {
    this.model.changeRowBounds(row, -this.highs.infinity, this.highs.infinity);
  }

  /** The exact interval of `e`, or "infeasible"; `found` gets each optimum's column values. */
  interval(
    e: Expression,
    spent?: Spent,
    found?: (values: Float64Array) => void,
  ): Interval | "infeasible" {
    const { model, highs } = this;
    const changed = [...new Set([...this.costed, ...e.columns])].sort((a, b) => a - b);
    const costs = changed.map((c) => {
      const j = e.columns.indexOf(c);
      return j < 0 ? 0 : (e.coefficients[j] as number);
    });
    if (changed.length > 0) model.changeColsCost({ kind: "set", indices: changed }, costs);
    this.costed = e.columns;
    const { minimize, maximize } = highs.constants.objectiveSense;
    const bound = (sense: ObjectiveSense) => {
      model.changeObjectiveSense(sense);
      if (runSolving(highs, model, spent, this.rows) !== highs.constants.modelStatus.optimal) {
        return null;
      }
      found?.(model.getSolution().colValue);
      return model.getObjectiveValue() + e.constant;
    };
    const lo = bound(minimize);
    const hi = lo === null ? null : bound(maximize);
    return lo === null || hi === null ? "infeasible" : { lo, hi };
  }

  dispose(): void {
    this.model.dispose();
  }
}
