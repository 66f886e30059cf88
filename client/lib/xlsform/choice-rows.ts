// The choices sheet as the import uses it: its lists, each choice's label (read once, however
// many questions share the list), and which rows questions carried — so that a choice no
// question asks is reported, and so are the cells of carried rows nobody took.
import type { Text } from "../../../surveys/schema";
import { type Choice, readChoiceLists } from "./choices";
import type { ProblemList } from "./problems";
import { type Column, fieldReader, type Row, RowCells, type Table } from "./sheets";
import type { TextPlan, Texts } from "./texts";
import { reportLeftovers } from "./wording";

export class ChoiceRows {
  readonly lists: Map<string, Choice[]>;
  private readonly labels = new Map<Choice, Text>();
  /** Rows carried as options (or reported as never offered), with the filter columns read. */
  private readonly taken = new Map<Row, Set<number>>();

  constructor(
    readonly table: Table | null,
    private readonly texts: Texts,
    private readonly plan: TextPlan,
    private readonly problems: ProblemList,
  ) {
    this.lists = table ? readChoiceLists(table, fieldReader(table), problems) : new Map();
  }

  label(choice: Choice): Text {
    const cached = this.labels.get(choice);
    if (cached) return cached;
    const table = this.table as Table;
    let label = this.texts.full(table, choice.row, "label");
    if (!label) {
      label = Object.fromEntries(this.plan.languages.map((l) => [l, choice.name]));
      this.problems.add(
        table.sheet,
        choice.row.row,
        this.plan.columnsOf(table, "label")[0]?.column.header ?? "label",
        "no label",
        "a choice without a label shows its name until someone writes one",
      );
    }
    this.labels.set(choice, label);
    return label;
  }

  carry(choices: readonly Choice[], columns: readonly Column[]) {
    // One set shared by the rows a question carries; a row two questions carry gets its own.
    const shared = new Set(columns.map((c) => c.index));
    for (const choice of choices) {
      const before = this.taken.get(choice.row);
      this.taken.set(choice.row, before ? new Set([...before, ...shared]) : shared);
    }
  }

  /** After the walk: unused choices are reported, and carried rows' cells nobody took. */
  report() {
    const table = this.table;
    if (!table) return;
    const field = fieldReader(table);
    const labels = this.plan.columnsOf(table, "label").map((c) => c.column.index);
    const listColumn =
      table.columns.find((c) => c.field === "list_name" && c.language === undefined)?.header ??
      "list_name";
    for (const choices of this.lists.values()) {
      for (const choice of choices) {
        const taken = this.taken.get(choice.row);
        if (!taken) {
          this.problems.add(
            table.sheet,
            choice.row.row,
            listColumn,
            "choice not used",
            "a choice no question asks (its list is unused, or its question was left out); not imported",
          );
          continue;
        }
        const cells = new RowCells(table, choice.row, field);
        cells.take("list_name");
        cells.take("name");
        cells.takeColumns([...labels, ...taken]);
        reportLeftovers(cells, "choice", this.plan.unread, this.problems);
      }
    }
  }
}
