// What an import could not carry over, or changed, or needs the designer to decide: one entry
// per construct and column with every row it concerns (DESIGN §6 `import-xlsform`), so a form
// with a thousand `appearance` cells gets one line, not a thousand.

export interface XlsProblem {
  sheet: string;
  /** Spreadsheet row numbers (the header is row 1), ascending; empty for a whole sheet. */
  rows: number[];
  /** The column's header as written, or "" when the problem is not about one column. */
  column: string;
  /** What kind of thing it is — the grouping key, e.g. "type geopoint", "function today()". */
  construct: string;
  message: string;
}

/** How many of an entry's names its message shows; the rows say where the rest are. */
const NAMES_SHOWN = 3;

export class ProblemList {
  private readonly entries = new Map<string, XlsProblem>();
  private readonly rowSets = new Map<string, Set<number>>();
  private readonly namings = new Map<
    string,
    { names: Set<string>; message: (names: string) => string }
  >();

  /** Adds one row to the entry for (sheet, column, construct); the first message stays. */
  add(sheet: string, row: number | null, column: string, construct: string, message: string) {
    const key = JSON.stringify([sheet, column, construct]);
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { sheet, rows: [], column, construct, message };
      this.entries.set(key, entry);
      this.rowSets.set(key, new Set());
    }
    if (row !== null) this.rowSets.get(key)?.add(row);
  }

  /**
   * As `add`, for an entry whose message names what its rows changed (`Q1.a → q1_a`): a fixed
   * example would tell the designer nothing about their own form. The first message stays.
   */
  addNamed(
    sheet: string,
    row: number,
    column: string,
    construct: string,
    named: string,
    message: (names: string) => string,
  ) {
    // The message is made in `list`, once every name is in.
    this.add(sheet, row, column, construct, "");
    const key = JSON.stringify([sheet, column, construct]);
    let naming = this.namings.get(key);
    if (!naming) {
      naming = { names: new Set(), message };
      this.namings.set(key, naming);
    }
    naming.names.add(named);
  }

  /** Entries in the order first met, each with its rows sorted. */
  list(): XlsProblem[] {
    return [...this.entries].map(([key, entry]) => {
      const naming = this.namings.get(key);
      const names = naming ? [...naming.names] : [];
      const shown = [
        ...names.slice(0, NAMES_SHOWN),
        ...(names.length > NAMES_SHOWN ? ["…"] : []),
      ].join(", ");
      return {
        ...entry,
        rows: [...(this.rowSets.get(key) ?? [])].sort((a, b) => a - b),
        ...(naming ? { message: naming.message(shown) } : {}),
      };
    });
  }

  /** Whether (sheet, row, column) is named by any entry. */
  has(sheet: string, row: number, column: string): boolean {
    for (const [key, entry] of this.entries) {
      if (entry.sheet === sheet && entry.column === column && this.rowSets.get(key)?.has(row)) {
        return true;
      }
    }
    return false;
  }
}
