// XLSForm (https://xlsform.org) to a Voz survey (DESIGN §3, SPEC §A), keeping meaning: group
// conditions reach their questions (a page group becomes a section with its condition; any other
// group's condition joins each question's), `relevant` expressions become conditions with XPath's
// blank semantics, old spellings and or_other are read, every header form of language is told.
// Whatever is not carried over is reported, once per construct and column with its rows; every
// cell the walk does not take is reported by the row's leftovers, so nothing is dropped in
// silence. Pure: the caller reads the .xlsx (read-excel-file) into rows.
import type { Condition, Question, Section, Survey, Text } from "../../../surveys/schema";
import { ChoiceRows } from "./choice-rows";
import { IdSpace, toId } from "./choices";
import { parseExpression } from "./expression";
import { columnLanguage, guessLanguage } from "./languages";
import { ProblemList, type XlsProblem } from "./problems";
import { buildQuestion, type QuestionContext } from "./questions";
import {
  allOf,
  NEVER,
  type Referent,
  type Resolution,
  type Translation,
  translateRelevant,
} from "./relevant";
import { surveySettings } from "./settings";
import {
  cellText,
  fieldReader,
  findSheet,
  RowCells,
  type SheetRows,
  saysNo,
  type Table,
} from "./sheets";
import { planTexts, Texts } from "./texts";
import { computedType, type RowType, rowType } from "./types";
import { reportLeftovers } from "./wording";

export type { XlsProblem } from "./problems";

export interface ImportOptions {
  /** Overrides the form's form_id. */
  slug?: string;
  /** Overrides the form's form_title, in every language. */
  title?: string;
}

/** What happened to each non-empty `relevant` cell. */
export interface ConditionTally {
  /** Carried in the v0.1 form: "this option is chosen". */
  kept: number;
  /** Carried, rewritten: combined, negated, compared, or moved to a section or specify. */
  translated: number;
  /** Not carried: listed in the problems. */
  reported: number;
}

export interface XlsImport {
  /** Not necessarily valid: run it through parseSurvey, as the builder and CLI do. */
  survey: Survey;
  problems: XlsProblem[];
  conditions: ConditionTally;
}

const XLSFORM_SHEETS = new Set(["survey", "choices", "settings"]);
const PAGE_APPEARANCES = new Set(["field-list", "table-list"]);

type Single = Extract<Question, { type: "single" }>;

interface Frame {
  kind: "group" | "repeat";
  row: number;
  /** The section this group is, when it is a page. */
  section?: Section;
  /** The group's own condition, joined to its questions' (page groups put theirs on the section). */
  condition?: Condition;
  /** A group whose condition can never be true: its rows are left out. */
  never?: boolean;
}

interface Named {
  referent: Referent;
  question: Question;
  /** The groups around it, for telling whether an other-specify stays in its question's place. */
  context: string;
  /** XLSForm choice name → option id, for choice filters under this question. */
  optionOf: Map<string, string>;
}

export function surveyFromXlsForm(
  sheets: readonly SheetRows[],
  options: ImportOptions = {},
): XlsImport {
  return new FormImport(sheets, options).run();
}

class FormImport {
  private readonly problems = new ProblemList();
  private readonly tally: ConditionTally = { kept: 0, translated: 0, reported: 0 };
  private readonly surveyTable: Table | null;
  private readonly choicesTable: Table | null;
  private readonly settingsTable: Table | null;
  private texts!: Texts;
  private plan!: ReturnType<typeof planTexts>;

  private readonly questions: Question[] = [];
  private readonly sections: Section[] = [];
  private readonly questionIds = new IdSpace();
  private readonly names = new Map<string, Named>();
  /** Every name in the survey sheet, for saying why a reference cannot be followed. */
  private readonly declared = new Map<
    string,
    {
      row: number;
      type: RowType | null;
      inRepeat: boolean;
      constant?: string | number;
      /** Named by more than one row: which one a reference means, the form does not say. */
      repeated?: true;
    }
  >();
  private readonly frames: Frame[] = [];
  private choices!: ChoiceRows;
  private intro: Text | undefined;
  private currentRow = 0;
  private hasRoleColumn = false;

  constructor(
    private readonly sheets: readonly SheetRows[],
    private readonly options: ImportOptions,
  ) {
    this.surveyTable = findSheet(sheets, "survey");
    this.choicesTable = findSheet(sheets, "choices");
    this.settingsTable = findSheet(sheets, "settings");
  }

  run(): XlsImport {
    const empty: Survey = {
      slug: "",
      version: 1,
      languages: [],
      title: {},
      breakdowns: [],
      questions: [],
    };
    const survey = this.surveyTable;
    if (!survey) {
      this.problems.add(
        "survey",
        null,
        "",
        "no survey sheet",
        'the file has no "survey" sheet: is it an XLSForm?',
      );
      return { survey: empty, problems: this.problems.list(), conditions: this.tally };
    }
    for (const sheet of this.sheets) {
      const name = sheet.sheet.trim().toLowerCase();
      if (!XLSFORM_SHEETS.has(name) && sheet.data.some((r) => r.some((c) => cellText(c)))) {
        this.problems.add(
          sheet.sheet,
          null,
          "",
          "sheet outside the form",
          name === "external_choices" || name === "entities"
            ? "this sheet feeds questions Voz leaves out (choices from outside the form, entities); not imported"
            : "not part of an XLSForm (survey, choices, settings); not imported",
        );
      }
    }

    const settings = this.settingsTable;
    const settingsRow = settings?.rows[0];
    const settingCells =
      settings && settingsRow ? new RowCells(settings, settingsRow, fieldReader(settings)) : null;
    const defaultLanguage = settingCells?.take("default_language") ?? "";
    const tables = [survey, this.choicesTable, settings].filter((t): t is Table => t !== null);
    this.plan = planTexts(tables, defaultLanguage, columnLanguage, guessLanguage, this.problems);
    this.texts = new Texts(
      this.plan.languages,
      this.plan.columnsOf,
      this.problems,
      (table, name) => (table === this.surveyTable ? this.recallable(name) : undefined),
    );

    this.choices = new ChoiceRows(this.choicesTable, this.texts, this.plan, this.problems);
    const style = settingCells?.take("style") ?? "";
    this.walk(survey, /\bpages\b/.test(style));
    this.choices.report();

    const fields = surveySettings(
      settingCells,
      this.options,
      this.questions,
      this.texts,
      this.plan,
      this.problems,
    );
    if (settingCells) this.reportLeftovers(settingCells, "setting");
    const { slug, title, breakdowns, ...flags } = fields;
    const languageNames = this.plan.languageNames;
    const out: Survey = {
      slug,
      version: 1,
      languages: this.plan.languages,
      ...(Object.keys(languageNames).length > 0 ? { languageNames } : {}),
      title,
      ...(this.intro ? { intro: this.intro } : {}),
      breakdowns,
      ...(this.sections.length > 0 ? { sections: this.sections } : {}),
      questions: this.questions,
      ...flags,
    };
    return { survey: out, problems: this.problems.list(), conditions: this.tally };
  }

  /** An earlier imported question whose answer a text may show: not a note, not a calculation. */
  private recallable(name: string): string | undefined {
    const question = this.unambiguous(name)?.question;
    return question && question.type !== "note" ? question.id : undefined;
  }

  private reportLeftovers(cells: RowCells, kind: "question" | "choice" | "setting") {
    reportLeftovers(cells, kind, this.plan.unread, this.problems);
  }

  private count(translation: Translation | "reported") {
    if (translation === "reported" || !translation.ok) this.tally.reported++;
    else if (translation.kept) this.tally.kept++;
    else this.tally.translated++;
  }

  /**
   * The imported question a name means, unless more than one row bears it (pyxform refuses such
   * a form): read as the latest of them, a reference could silently follow another question than
   * the designer meant.
   */
  private unambiguous(name: string): Named | undefined {
    return this.declared.get(name)?.repeated ? undefined : this.names.get(name);
  }

  private resolve = (name: string): Resolution => {
    if (this.declared.get(name)?.repeated) {
      return {
        ok: false,
        construct: "names a repeated name",
        message: `names \${${name}}, which more than one row of the form is called`,
      };
    }
    const named = this.unambiguous(name);
    if (named) return { ok: true, referent: named.referent };
    const declared = this.declared.get(name);
    if (declared?.constant !== undefined && declared.row < this.currentRow) {
      return { ok: true, constant: declared.constant };
    }
    if (!declared) {
      return {
        ok: false,
        construct: "names no question",
        message: `names \${${name}}, which is no question of the form`,
      };
    }
    if (declared.row >= this.currentRow) {
      return {
        ok: false,
        construct: "depends on a later question",
        message: "depends on a question that comes later; Voz conditions only look back",
      };
    }
    if (declared.inRepeat) {
      return {
        ok: false,
        construct: "depends on a question in a repeat",
        message: "depends on a question inside a repeat, which Voz does not import",
      };
    }
    if (declared.type?.kind === "left out" && declared.type.calculated) {
      return {
        ok: false,
        construct: "depends on a calculation",
        message: "depends on a calculated field, which Voz does not import",
      };
    }
    return {
      ok: false,
      construct: "depends on a question left out",
      message: "depends on a question that was left out (its row says why)",
    };
  };

  private relevant(cells: RowCells): Translation | null {
    const source = cells.take("relevant");
    if (!source) return null;
    const translation = translateRelevant(source, this.resolve);
    this.count(translation);
    if (translation.missing) {
      this.problems.add(
        cells.table.sheet,
        cells.row.row,
        this.header(cells.table, "relevant"),
        "choice not in the list",
        `names ${translation.missing.map((m) => `'${m}'`).join(", ")}, which the question's list does not have: no answer is that choice, so that part of the condition is never true, as in Kobo and ODK (a typo?)`,
      );
    }
    if (!translation.ok) {
      this.problems.add(
        cells.table.sheet,
        cells.row.row,
        this.header(cells.table, "relevant"),
        translation.construct,
        translation.construct === NEVER
          ? translation.message
          : `${translation.message}; this condition is left out, so what it governs is always shown`,
      );
    }
    return translation;
  }

  private header(table: Table, field: string): string {
    return (
      table.columns.find((c) => c.field === field && c.language === undefined)?.header ?? field
    );
  }

  /** The innermost page (section) around the current row, and the frames inside it. */
  private page(): { section?: Section; inner: Frame[] } {
    let at = this.frames.length - 1;
    while (at >= 0 && this.frames[at]?.section === undefined) at--;
    return at < 0
      ? { inner: this.frames }
      : {
          section: (this.frames[at] as Frame).section as Section,
          inner: this.frames.slice(at + 1),
        };
  }

  private walk(table: Table, pages: boolean) {
    const field = fieldReader(table);
    let repeatDepth = 0;
    /** Whether each open group has a condition: a hidden calculation's value is blank. */
    const conditioned: boolean[] = [];
    for (const row of table.rows) {
      const type = computedType(rowType(field(row, "type")), field(row, "calculation"));
      // Some forms repeat a group's name on its end row: that names nothing new.
      const name = type?.kind === "end" ? "" : field(row, "name");
      const earlier = name ? this.declared.get(name) : undefined;
      if (earlier) earlier.repeated = true;
      else if (name) {
        const always = repeatDepth === 0 && !conditioned.includes(true) && !field(row, "relevant");
        const constant =
          type?.kind === "left out" && type.calculated && always
            ? constantOf(field(row, "calculation"))
            : undefined;
        this.declared.set(name, {
          row: row.row,
          type,
          inRepeat: repeatDepth > 0,
          ...(constant === undefined ? {} : { constant }),
        });
      }
      if (type?.kind === "begin") {
        repeatDepth += type.what === "repeat" || repeatDepth > 0 ? 1 : 0;
        conditioned.push(field(row, "relevant") !== "");
      }
      if (type?.kind === "end") {
        if (repeatDepth > 0) repeatDepth--;
        conditioned.pop();
      }
    }
    this.hasRoleColumn = table.columns.some((c) => c.field === "voz_role");

    for (const row of table.rows) {
      this.currentRow = row.row;
      const cells = new RowCells(table, row, field);
      const type = computedType(rowType(cells.take("type")), cells.peek("calculation"));
      const inRepeat = this.frames.some((f) => f.kind === "repeat");
      if (inRepeat || this.frames.some((f) => f.never)) {
        // Everything inside a repeat, or a group never shown, is left out with it; its end
        // closes it.
        if (type?.kind === "begin") this.frames.push({ kind: type.what, row: row.row });
        if (type?.kind === "end") this.frames.pop();
        if (inRepeat) this.leaveInRepeat(cells);
        else this.leaveNeverShown(cells);
        continue;
      }
      if (!type) {
        if (cells.take("relevant")) this.count("reported");
        this.problems.add(
          table.sheet,
          row.row,
          this.header(table, "type"),
          "row without a type",
          "a row without a type is left out",
        );
        continue;
      }
      switch (type.kind) {
        case "begin":
          this.begin(cells, type.what, pages);
          break;
        case "end":
          this.end(cells, type.what);
          break;
        case "left out":
          if (cells.take("relevant")) this.count("reported");
          cells.take("name");
          this.problems.add(
            table.sheet,
            row.row,
            this.header(table, "type"),
            type.construct,
            type.message,
          );
          continue;
        default:
          this.question(cells, type);
      }
      this.reportLeftovers(cells, "question");
    }
    for (const frame of this.frames.splice(0)) {
      this.problems.add(
        table.sheet,
        frame.row,
        this.header(table, "type"),
        "group never closed",
        "a group is never closed (no end group); it is closed at the end of the form",
      );
      if (frame.section) this.closeSection(table, frame);
    }
  }

  /** A repeat's row, or a row inside one: left out with the repeat, its condition too. */
  private leaveInRepeat(cells: RowCells) {
    if (cells.take("relevant")) this.count("reported");
    this.problems.add(
      cells.table.sheet,
      cells.row.row,
      this.header(cells.table, "type"),
      "repeat",
      "repeats (rosters, loops) are left out with everything inside them: a Voz response is one set of answers, and per-person rosters would make a household's answers easier to single out",
    );
  }

  /** A row inside a group whose condition can never be true: the form never shows it. */
  private leaveNeverShown(cells: RowCells) {
    if (cells.take("relevant")) this.count("reported");
    this.problems.add(
      cells.table.sheet,
      cells.row.row,
      this.header(cells.table, "type"),
      "never shown",
      "inside a group whose condition can never be true: the form never shows it, so it is left out",
    );
    cells.takeColumns(cells.table.columns.map((c) => c.index));
  }

  private begin(cells: RowCells, what: "group" | "repeat", pages: boolean) {
    const { table, row } = cells;
    if (what === "repeat") {
      this.frames.push({ kind: "repeat", row: row.row });
      this.leaveInRepeat(cells);
      cells.takeColumns(table.columns.map((c) => c.index));
      return;
    }
    const name = cells.take("name") || `group_${row.row}`;
    // Forms fill `required` down the whole column, FALSE on group rows too; a group asks
    // nothing, so a false one loses nothing. A true one is left for the leftovers' report.
    if (saysNo(cells.peek("required"))) cells.take("required");
    const appearances = cells.take("appearance").split(/\s+/).filter(Boolean);
    const outer = this.page();
    const isPage =
      !outer.section &&
      (appearances.some((a) => PAGE_APPEARANCES.has(a)) || (pages && this.frames.length === 0));
    for (const a of appearances) {
      if (PAGE_APPEARANCES.has(a) && (isPage || outer.section)) continue;
      this.problems.add(
        table.sheet,
        row.row,
        this.header(table, "appearance"),
        `appearance ${a}`,
        APPEARANCE,
      );
    }
    const translation = this.relevant(cells);
    const textColumns = [
      ...this.plan.columnsOf(table, "label"),
      ...this.plan.columnsOf(table, "hint"),
    ].map((c) => c.column.index);
    if (translation && !translation.ok && translation.construct === NEVER) {
      this.frames.push({ kind: "group", row: row.row, never: true });
      // Its title and hint go with it; any other cell is reported as leftovers are.
      cells.takeColumns(textColumns);
      return;
    }
    const own = translation?.ok ? (translation.condition ?? undefined) : undefined;
    const label = this.texts.full(table, row, "label");
    const hint = this.texts.full(table, row, "hint");
    cells.takeColumns(textColumns);
    if (isPage) {
      const showIf = allOf([...outer.inner.map((f) => f.condition), own]);
      const section: Section = {
        id: this.questionIds.claim(toId(name)),
        ...(label ? { title: label } : {}),
        ...(hint ? { intro: hint } : {}),
        ...(showIf ? { showIf } : {}),
      };
      this.frames.push({ kind: "group", row: row.row, section });
      return;
    }
    this.frames.push({ kind: "group", row: row.row, ...(own ? { condition: own } : {}) });
    if (hint && !(label && outer.section)) {
      for (const { column } of this.plan.columnsOf(table, "hint")) {
        if (!cellText(row.cells[column.index])) continue;
        this.problems.add(
          table.sheet,
          row.row,
          column.header,
          "group hint",
          "a group's hint is left out: outside a page, Voz shows no group heading to put it under",
        );
      }
    }
    if (!label) return;
    if (outer.section) {
      // A heading inside a page stays a heading: a note, shown when its group is.
      this.add(
        {
          type: "note",
          id: this.questionIds.claim(toId(name)),
          label,
          ...(hint ? { hint } : {}),
        },
        null,
      );
      this.problems.add(
        table.sheet,
        row.row,
        this.header(table, "type"),
        "group inside a page",
        "a group inside a page became a note with its title, at the start of its questions",
      );
    } else {
      this.problems.add(
        table.sheet,
        row.row,
        this.plan.columnsOf(table, "label")[0]?.column.header ?? "label",
        "group title",
        "a group's title is left out: outside a page, Voz shows one question at a time without a heading (make the group a page with appearance field-list to keep it)",
      );
    }
  }

  private end(cells: RowCells, what: "group" | "repeat") {
    const { table, row } = cells;
    // An end row may repeat its group's name: structure, not content.
    cells.take("name");
    if (cells.take("relevant")) {
      this.count("reported");
      this.problems.add(
        table.sheet,
        row.row,
        this.header(table, "relevant"),
        "condition on an end row",
        "a condition on an end row governs nothing; left out",
      );
    }
    const frame = this.frames.at(-1);
    if (!frame || frame.kind !== what) {
      this.problems.add(
        table.sheet,
        row.row,
        this.header(table, "type"),
        "end without begin",
        `an end ${what} with no open ${what}; ignored`,
      );
      return;
    }
    this.frames.pop();
    if (frame.section) this.closeSection(table, frame);
  }

  private closeSection(table: Table, frame: Frame) {
    const section = frame.section as Section;
    if (this.questions.some((q) => q.section === section.id)) {
      this.sections.push(section);
    } else {
      this.problems.add(
        table.sheet,
        frame.row,
        this.header(table, "type"),
        "page without questions",
        "a page whose questions were all left out is left out too",
      );
    }
  }

  /** Adds a question in its place: its section, and the conditions of the groups around it. */
  private add(
    question: Question,
    own: Condition | null,
    xlsName?: string,
    optionOf?: Map<string, string>,
  ) {
    const { section, inner } = this.page();
    const showIf = allOf([...inner.map((f) => f.condition), own ?? undefined]);
    const placed = {
      ...question,
      ...(showIf && !("specifies" in question && question.specifies) ? { showIf } : {}),
      ...(section ? { section: section.id } : {}),
    } as Question;
    this.questions.push(placed);
    if (xlsName !== undefined) {
      this.names.set(xlsName, {
        referent: {
          id: placed.id,
          type: placed.type,
          ...(optionOf ? { options: optionOf } : {}),
        },
        question: placed,
        context: this.frames.map((f) => f.row).join(","),
        optionOf: optionOf ?? new Map(),
      });
    }
  }

  private question(cells: RowCells, type: Parameters<typeof buildQuestion>[2]) {
    const built = buildQuestion(this.context, cells, type);
    if (!built) {
      // The row is reported as left out; its other cells go with it.
      cells.takeColumns(cells.table.columns.map((c) => c.index));
      return;
    }
    const xlsName = this.declaredName(cells);
    const { question, own } = built;
    if (question.type === "note" && built.role === "intro" && !own && this.frames.length === 0) {
      // A Voz export writes the survey's intro as a note marked voz_role intro (export.ts).
      this.intro = question.label;
      return;
    }
    this.add(question, own, xlsName, built.optionOf);
    if (built.specify) this.add(built.specify, null, `${xlsName}_other`);
  }

  private declaredName(cells: RowCells): string {
    return cells.take("name");
  }

  private get context(): QuestionContext {
    const choices = this.choicesTable;
    return {
      texts: this.texts,
      columnsOf: this.plan.columnsOf,
      languages: this.plan.languages,
      problems: this.problems,
      header: (table, field) => this.header(table, field),
      relevant: (cells) => this.relevant(cells),
      dropRelevant: (cells) => {
        if (cells.take("relevant")) this.count("reported");
      },
      claimId: (wanted) => this.questionIds.claim(wanted),
      lists: this.choices.lists,
      choicesTable: choices,
      choiceLabel: (choice) => this.choices.label(choice),
      carryChoices: (list, columns) => this.choices.carry(list, columns),
      resolveParent: (name) => {
        // A repeated name is no parent either: resolve says why.
        const named = this.unambiguous(name);
        if (named?.question.type === "single") {
          return { ok: true, question: named.question as Single, optionOf: named.optionOf };
        }
        return named ? { ok: true, referent: named.referent } : this.resolve(name);
      },
      canSpecify: (questionId, option) => {
        const here = this.frames.map((f) => f.row).join(",");
        for (let i = this.questions.length - 1; i >= 0; i--) {
          const q = this.questions[i] as Question;
          if (q.type === "text" && q.specifies?.question === questionId) {
            if (q.specifies.option === option) return false;
            continue;
          }
          const named = [...this.names.values()].find((n) => n.question === q);
          return q.id === questionId && named?.context === here;
        }
        return false;
      },
      hasRoleColumn: this.hasRoleColumn,
    };
  }
}

/** A calculation that is one fixed value (`15`, `'FCFA'`, `-1`), or undefined. */
function constantOf(calculation: string): string | number | undefined {
  const parsed = calculation ? parseExpression(calculation) : null;
  if (!parsed?.ok) return undefined;
  const { expr } = parsed;
  if (expr.kind === "string" || expr.kind === "number") return expr.value;
  if (expr.kind === "negate" && expr.operand.kind === "number") return -expr.operand.value;
  return undefined;
}

const APPEARANCE =
  "how the question is drawn (appearance) is left out: Voz draws each kind of question one way, made for small phones";
