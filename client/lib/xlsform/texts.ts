// biome-ignore-all lint/suspicious/noTemplateCurlyInString: XLSForm expressions name questions as ${name}, literally.
// The translated texts of an XLSForm (labels, hints, constraint messages) as Voz `Text`s: which
// column holds which language, what a text loses on the way (answers piped in with `${name}` of
// a question Voz cannot show there, HTML and Markdown formatting), and what fills a missing
// translation. Every change is reported.
import type { Text } from "../../../surveys/schema";
import type { ProblemList } from "./problems";
import { type Column, cellText, type Row, type Table } from "./sheets";

/** A column of a translated field with the language it was resolved to. */
export interface TextColumn {
  column: Column;
  tag: string;
}

const PIPED = /\$\{[^}]*\}/g;
const TAG = /<\/?[a-zA-Z][^>]*>/g;
const MARKDOWN = /\*\*|__|^#{1,6}\s+/gm;

export class Texts {
  constructor(
    /** The survey's languages, the default first. */
    readonly languages: readonly string[],
    private readonly columnsOf: (table: Table, field: string) => readonly TextColumn[],
    private readonly problems: ProblemList,
    /**
     * The Voz id of an earlier imported question that takes an answer, for `${name}` in a text
     * of `table`; such a reference is kept (docs/survey-format.md "Earlier answers in texts").
     */
    private readonly recall: (table: Table, name: string) => string | undefined = () => undefined,
  ) {}

  private clean(table: Table, row: Row, column: Column, raw: string): string {
    let text = raw;
    if (!/[$<*_#]/.test(text)) return text;
    let lost = false;
    text = text.replace(PIPED, (reference) => {
      const id = this.recall(table, reference.slice(2, -1).trim());
      if (id !== undefined) return `\${${id}}`;
      lost = true;
      return "…";
    });
    if (lost) {
      this.problems.add(
        table.sheet,
        row.row,
        column.header,
        "answer shown inside a text",
        "shows an answer inside the text (${…}) of a question that is not an earlier imported question taking an answer (a calculation, a later or left-out question, or a choice label); the place is marked … — reword it in the builder",
      );
    }
    if (text.search(TAG) >= 0 || text.search(MARKDOWN) >= 0) {
      this.problems.add(
        table.sheet,
        row.row,
        column.header,
        "formatting",
        "HTML or Markdown formatting (colours, bold, headings) left out: Voz shows plain text",
      );
      text = text.replace(TAG, "").replace(MARKDOWN, "").replace(/\s+/g, " ");
    }
    return text.trim();
  }

  /** The field's texts on one row, by language; languages with no text are absent. */
  read(table: Table, row: Row, field: string): Text {
    const text: Text = {};
    for (const { column, tag } of this.columnsOf(table, field)) {
      const raw = cellText(row.cells[column.index]);
      if (!raw) continue;
      const cleaned = this.clean(table, row, column, raw);
      if (!cleaned) continue;
      if (tag in text) {
        if (text[tag] !== cleaned) {
          this.problems.add(
            table.sheet,
            row.row,
            column.header,
            "second column in one language",
            "a second column in the same language; the first one's text is kept",
          );
        }
      } else {
        text[tag] = cleaned;
      }
    }
    return text;
  }

  /**
   * The same text in every survey language: a missing translation takes the first language's
   * text and is reported at its column, so the survey is valid and the designer knows what to
   * translate.
   */
  complete(table: Table, row: Row, field: string, text: Text): Text {
    const first = this.languages.find((l) => l in text);
    if (first === undefined) return text;
    const out: Text = {};
    for (const language of this.languages) {
      if (language in text) {
        out[language] = text[language] as string;
        continue;
      }
      out[language] = text[first] as string;
      const column = this.columnsOf(table, field).find((c) => c.tag === language)?.column;
      this.problems.add(
        table.sheet,
        row.row,
        column?.header ?? `${field}::${language}`,
        "missing translation",
        `empty in this language: the ${first} text is used until someone translates it`,
      );
    }
    return out;
  }

  /** `read` then `complete`; undefined when the row has no text for the field at all. */
  full(table: Table, row: Row, field: string): Text | undefined {
    const text = this.read(table, row, field);
    return Object.keys(text).length === 0 ? undefined : this.complete(table, row, field, text);
  }
}

/** Fields whose columns carry a language part (`label::English (en)`). */
const TEXT_FIELDS = new Set(["label", "hint", "constraint_message", "voz_title"]);

export interface TextPlan {
  /** The default language first, then in the order the label columns come. */
  languages: string[];
  /** Names written in headers that are neither the English nor the own name of the language. */
  languageNames: Record<string, string>;
  columnsOf: (table: Table, field: string) => readonly TextColumn[];
  /** Why a column's texts are left out (unknown language, or a language without labels). */
  unread: Map<Column, { construct: string; message: string }>;
}

/**
 * Decides which column is which language. A plain `label` column is the settings'
 * default_language; without one, a guess from its words that is reported as a question for the
 * designer — never a silent choice.
 */
export function planTexts(
  tables: readonly Table[],
  defaultLanguage: string,
  resolveLanguage: (written: string) => { tag: string; name?: string } | null,
  guess: (texts: string[]) => string | null,
  problems: ProblemList,
): TextPlan {
  const languageNames: Record<string, string> = {};
  const unread = new Map<Column, { construct: string; message: string }>();
  const fromDefault = defaultLanguage ? resolveLanguage(defaultLanguage) : null;
  const plain = tables.flatMap((t) =>
    t.columns.filter((c) => c.field === "label" && c.language === undefined).map((c) => ({ t, c })),
  );
  let plainTag = fromDefault?.tag ?? null;
  if (plain.length > 0 && !plainTag) {
    const texts = plain.flatMap(({ t, c }) =>
      t.rows.slice(0, 300).map((r) => cellText(r.cells[c.index])),
    );
    // No guess (short texts: "Yes", "No"): the language of the other label columns, if any.
    const explicit = tables
      .flatMap((t) => t.columns)
      .find((c) => c.field === "label" && c.language !== undefined);
    const guessed =
      guess(texts.filter(Boolean)) ??
      ((explicit?.language && resolveLanguage(explicit.language)?.tag) || null);
    plainTag = guessed ?? "und";
    const { t, c } = plain[0] as { t: Table; c: Column };
    problems.add(
      t.sheet,
      1,
      c.header,
      "language of the label column",
      defaultLanguage
        ? `settings names the default language "${defaultLanguage}", which Voz cannot tell; ${guessed ? `the texts read as ${guessed}, guessed from their words or the other label columns` : "the texts are marked und (language not known)"} — confirm or change the language in the builder`
        : `the label column names no language and settings has no default_language; ${guessed ? `the texts read as ${guessed}, guessed from their words or the other label columns` : "the texts are marked und (language not known)"} — confirm or change the language in the builder`,
    );
  }

  // Without a plain label column, a plain hint or message column is in the default language,
  // or else in the language of the first label column.
  if (!plainTag) {
    const firstLabel = tables
      .flatMap((t) => t.columns)
      .find((c) => c.field === "label" && c.language !== undefined);
    plainTag = (firstLabel?.language && resolveLanguage(firstLabel.language)?.tag) || null;
  }

  // Which languages have label texts, in order of their first label column.
  const withLabels: string[] = [];
  const tagOf = new Map<Column, string>();
  for (const table of tables) {
    for (const column of table.columns) {
      if (!TEXT_FIELDS.has(column.field)) continue;
      const found =
        column.language === undefined
          ? plainTag && { tag: plainTag }
          : resolveLanguage(column.language);
      if (!found) {
        unread.set(column, {
          construct: "language not told",
          message: `Voz cannot tell which language "${column.language}" is, so this column is left out; write its header with the code, e.g. ${column.field}::${column.language} (xx)`,
        });
        continue;
      }
      tagOf.set(column, found.tag);
      if (found.name && column.language !== undefined) languageNames[found.tag] ??= found.name;
      if (
        column.field === "label" &&
        !withLabels.includes(found.tag) &&
        table.rows.some((r) => cellText(r.cells[column.index]) !== "")
      ) {
        withLabels.push(found.tag);
      }
    }
  }
  const languages =
    fromDefault && withLabels.includes(fromDefault.tag)
      ? [fromDefault.tag, ...withLabels.filter((t) => t !== fromDefault.tag)]
      : withLabels;

  const byTable = new Map<Table, Map<string, TextColumn[]>>();
  for (const [column, tag] of tagOf) {
    if (!languages.includes(tag)) {
      unread.set(column, {
        construct: "language without labels",
        message: `texts in a language no label is written in; left out (add its labels to keep them)`,
      });
    }
  }
  for (const table of tables) {
    const fields = new Map<string, TextColumn[]>();
    // A column that names its language wins over the plain one for the same language.
    const ordered = [
      ...table.columns.filter((c) => c.language !== undefined),
      ...table.columns.filter((c) => c.language === undefined),
    ];
    for (const column of ordered) {
      const tag = tagOf.get(column);
      if (!tag || !languages.includes(tag)) continue;
      const list = fields.get(column.field) ?? [];
      list.push({ column, tag });
      fields.set(column.field, list);
    }
    byTable.set(table, fields);
  }
  for (const tag of Object.keys(languageNames)) {
    if (!languages.includes(tag)) delete languageNames[tag];
  }
  return {
    languages,
    languageNames,
    columnsOf: (table, field) => byTable.get(table)?.get(field) ?? [],
    unread,
  };
}
