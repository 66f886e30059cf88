// A hostile reader of Voz's publications, written apart from the product's audit
// (client/lib/{knowledge,lp,audit,structure,statistics}.ts are not imported): it reads the
// public survey definition and every publication, and sets up its own linear program over the
// latent joint table of everyone's answers — one unknown count per possible answer sheet per
// slice of respondents (those who came between two publications) — with the survey's rules
// written out here from DESIGN §3 and §8. Then it bounds whatever it likes. Small surveys only:
// the joint table has one column per possible answer sheet.
import highsLoader, { type Highs } from "highs";

/** The survey as the attacker reads it: only what DESIGN §3 publishes. */
export interface PublicQuestion {
  id: string;
  type: "single" | "multi" | "number";
  required?: boolean;
  options?: { id: string; exclusive?: boolean }[];
  bins?: number[];
  showIf?: Condition;
}
export type Condition =
  | { question: string; equals: string | string[] }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

export interface PublicTable {
  variables: string[];
  cells: { key: Record<string, string | null>; count: number | null }[];
}
export interface PublicRelease {
  responses: number;
  tables: PublicTable[];
}

export type Sheet = Record<string, string | string[] | number>;

/** DESIGN §3: single → the answer is one of; multi → includes any; unanswered → false. */
function holds(c: Condition, sheet: Sheet): boolean {
  if ("all" in c) return c.all.every((x) => holds(x, sheet));
  if ("any" in c) return c.any.some((x) => holds(x, sheet));
  if ("not" in c) return !holds(c.not, sheet);
  const wanted = Array.isArray(c.equals) ? c.equals : [c.equals];
  const given = sheet[c.question];
  if (typeof given === "string") return wanted.includes(given);
  if (Array.isArray(given)) return given.some((g) => wanted.includes(g));
  return false;
}

/** Every answer sheet the rules allow (shown → maybe answered; required → answered). */
export function sheets(questions: readonly PublicQuestion[]): Sheet[] {
  let all: Sheet[] = [{}];
  for (const q of questions) {
    const next: Sheet[] = [];
    for (const sheet of all) {
      const shown = !q.showIf || holds(q.showIf, sheet);
      if (!shown || !q.required) next.push(sheet);
      if (!shown) continue;
      for (const value of valuesOf(q)) next.push({ ...sheet, [q.id]: value });
    }
    all = next;
  }
  return all;
}

function valuesOf(q: PublicQuestion): (string | string[] | number)[] {
  const ids = (q.options ?? []).map((o) => o.id);
  if (q.type === "single") return ids;
  if (q.type === "number") return (q.bins ?? []).map((edge) => edge);
  const out: string[][] = [];
  for (let mask = 1; mask < 1 << ids.length; mask++) {
    const chosen = ids.filter((_, i) => mask & (1 << i));
    const alone = (q.options ?? []).filter((o) => o.exclusive && chosen.includes(o.id));
    if (alone.length > 0 && chosen.length > 1) continue;
    out.push(chosen);
  }
  return out;
}

/** DESIGN §7: what category of a variable an answer sheet falls in ("*" takes everything). */
export function inCell(
  questions: readonly PublicQuestion[],
  sheet: Sheet,
  key: Record<string, string | null>,
): boolean {
  return Object.entries(key).every(([variable, category]) => {
    if (category === "*") return true;
    const [id, option] = variable.split(".");
    const q = questions.find((x) => x.id === id);
    const value = sheet[id as string];
    if (!q) return false;
    if (option !== undefined) {
      if (value === undefined) return category === null;
      return category === ((value as string[]).includes(option) ? "yes" : "no");
    }
    if (value === undefined) return category === null;
    if (q.type === "number") {
      const edges = q.bins ?? [];
      const i = edges.indexOf(value as number);
      const hi = edges[i + 1];
      return category === (hi === undefined ? `${value}+` : `${value}-${hi}`);
    }
    return category === value;
  });
}

let loading: Promise<Highs> | undefined;
const highs = () => {
  loading ??= highsLoader();
  return loading;
};

export interface Interval {
  lo: number;
  hi: number;
}

/**
 * The attacker's LP: x[slice][sheet] ≥ 0, each slice holds N_t − N_{t−1} sheets, and every
 * published count of release t is the sum of the matching sheets of slices 0..t.
 *
 * `VOZ_ATTACK_INTEGER=1` makes every x a whole number (HiGHS's branch and bound): an attacker
 * that is never weaker, since its bounds lie inside the LP's, and that DESIGN §8's "counts are
 * whole numbers" allows, where the product's audit only rounds its LP's bounds. It costs 30 to
 * 50 times the LP's time, so the suite runs the LP attacker and a long run may ask for this one.
 */
export class Attacker {
  private readonly n: number;
  private constructor(
    private readonly solver: Highs,
    private readonly questions: readonly PublicQuestion[],
    private readonly sheets: readonly Sheet[],
    private readonly model: ReturnType<Highs["createModel"]>,
    private readonly slices: number,
    private readonly possible: (slice: number, sheet: Sheet) => boolean,
  ) {
    this.n = sheets.length;
  }

  /**
   * `possible(slice, sheet)` says what the attacker knows of when answers arrived: a feedback
   * message of a month that had closed before a publication cannot be in a later slice.
   */
  static async of(
    questions: readonly PublicQuestion[],
    releases: readonly PublicRelease[],
    possible: (slice: number, sheet: Sheet) => boolean = () => true,
  ): Promise<Attacker> {
    const solver = await highs();
    const all = sheets(questions);
    const n = all.length;
    const column = (slice: number, sheet: number) => slice * n + sheet;
    const rows: { index: number[]; rhs: number }[] = [];
    releases.forEach((release, t) => {
      const before = t === 0 ? 0 : (releases[t - 1] as PublicRelease).responses;
      rows.push({ index: all.map((_, s) => column(t, s)), rhs: release.responses - before });
      for (const table of release.tables) {
        for (const cell of table.cells) {
          if (cell.count === null) continue;
          const matching = all.flatMap((sheet, s) =>
            inCell(questions, sheet, cell.key) ? [s] : [],
          );
          const index: number[] = [];
          for (let u = 0; u <= t; u++) for (const s of matching) index.push(column(u, s));
          rows.push({ index, rhs: cell.count });
        }
      }
    });
    const starts = [0];
    const indices: number[] = [];
    for (const row of rows) {
      indices.push(...row.index);
      starts.push(indices.length);
    }
    const size = n * releases.length;
    const integer = process.env.VOZ_ATTACK_INTEGER === "1";
    const model = solver.createModel({
      numCols: size,
      numRows: rows.length,
      colCost: new Array(size).fill(0),
      colLower: new Array(size).fill(0),
      colUpper: Array.from({ length: size }, (_, c) =>
        possible(Math.floor(c / n), all[c % n] as Sheet) ? solver.infinity : 0,
      ),
      ...(integer
        ? { integrality: new Int32Array(size).fill(solver.constants.variableType.integer) }
        : {}),
      rowLower: rows.map((r) => r.rhs),
      rowUpper: rows.map((r) => r.rhs),
      matrix: {
        format: "csr",
        numRows: rows.length,
        numCols: size,
        starts,
        indices,
        values: indices.map(() => 1),
      },
    });
    model.options.set(
      integer
        ? // The objective is a count, so a gap under 1 is the exact bound.
          { output_flag: false, mip_rel_gap: 0, mip_abs_gap: 0.5 }
        : // Primal simplex from the last basis: only the objective changes between questions.
          { output_flag: false, presolve: "off", simplex_strategy: 4 },
    );
    return new Attacker(solver, questions, all, model, releases.length, possible);
  }

  /** Answer sheets in the joint table (columns per slice). */
  get size(): number {
    return this.n;
  }

  /**
   * The tightest whole-number bounds on the key's count among the respondents of slices
   * (from, to]: a count at release `to` (from = −1), or the change since release `from`.
   */
  bounds(key: Record<string, string | null>, to: number, from = -1): Interval | "infeasible" {
    return this.boundsWhere((sheet) => inCell(this.questions, sheet, key), to, from);
  }

  /**
   * Whether the survey's rules (and what is known of when answers came) allow an answer sheet
   * with `where` among the respondents of slices (from, to], before any count is read.
   */
  allows(where: (sheet: Sheet) => boolean, to = this.slices - 1, from = -1): boolean {
    return this.sheets.some((sheet) => {
      if (!where(sheet)) return false;
      for (let u = from + 1; u <= to; u++) if (this.possible(u, sheet)) return true;
      return false;
    });
  }

  /** The same bounds for the respondents whose answer sheet satisfies `where`. */
  boundsWhere(where: (sheet: Sheet) => boolean, to: number, from = -1): Interval | "infeasible" {
    const cost = new Array<number>(this.n * this.slices).fill(0);
    this.sheets.forEach((sheet, s) => {
      if (!where(sheet)) return;
      for (let u = from + 1; u <= to; u++) cost[u * this.n + s] = 1;
    });
    const { model, solver } = this;
    model.changeColsCost({ kind: "range", from: 0, to: cost.length - 1 }, cost);
    const ends: number[] = [];
    for (const sense of ["min", "max"] as const) {
      model.changeObjectiveSense(
        sense === "min"
          ? solver.constants.objectiveSense.minimize
          : solver.constants.objectiveSense.maximize,
      );
      model.run();
      if (model.getModelStatus() !== solver.constants.modelStatus.optimal) return "infeasible";
      ends.push(model.getObjectiveValue());
    }
    return {
      lo: Math.ceil((ends[0] as number) - 1e-6),
      hi: Math.floor((ends[1] as number) + 1e-6),
    };
  }

  dispose(): void {
    this.model.dispose();
  }
}
