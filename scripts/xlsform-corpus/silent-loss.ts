// Silent loss, told apart from the importer's own account: from the raw sheets (raw-xlsx.ts),
// every fact a form states — a question row, its label texts, its `relevant`, the `relevant`
// of each group around it, a group's title, each choice row, each other non-empty cell — must
// be found in the imported survey or named by a problem at its sheet, row (and column). A fact
// that is in neither is a silent loss. The checks read the survey as data and re-derive ids by
// the documented rule (lower case, a–z 0–9 _, at most 40), so they do not call the importer.

import type { XlsProblem } from "../../client/lib/xlsform/problems";
import type { Condition, Question, Survey } from "../../surveys/schema";
import type { RawWorkbook } from "./raw-xlsx";

export interface Loss {
  sheet: string;
  row: number;
  column: string;
  fact: string;
}

export interface Check {
  losses: Loss[];
  /** Non-empty `relevant` cells on the survey sheet, counted here. */
  relevantCells: number;
  /** Facts checked, for scale. */
  facts: number;
}

const idOf = (name: string) =>
  name
    .toLowerCase()
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9_]+/g, "_")
    .slice(0, 40);

/** An id the importer may have given a name: the id itself, or it with `_2`, `_3`… */
const sameId = (id: string, name: string, renamed = true) => {
  const base = idOf(name);
  return id === base || (renamed && id.startsWith(`${base.slice(0, 36)}_`) && /_\d+$/.test(id));
};

function refsOf(condition: Condition | undefined, out = new Set<string>()): Set<string> {
  if (!condition) return out;
  if ("all" in condition) for (const c of condition.all) refsOf(c, out);
  else if ("any" in condition) for (const c of condition.any) refsOf(c, out);
  else if ("not" in condition) refsOf(condition.not, out);
  else out.add(condition.question);
  return out;
}

const header = (text: string) => text.trim().toLowerCase();
const isLabel = (h: string) => /^(label|caption)\s*(::?.*)?$/.test(h);
const isHint = (h: string) => /^hint\s*(::?.*)?$/.test(h);
const isConstraintMessage = (h: string) =>
  /^(constraint[ _]message|bind::?jr:constraintmsg)\s*(::?.*)?$/.test(h);
const isRelevant = (h: string) =>
  ["relevant", "relevance", "bind:relevant", "bind::relevant"].includes(h);
/** Columns whose cells the checks below follow one by one; any other cell must be reported. */
const FOLLOWED = (h: string) =>
  [
    "type",
    "name",
    "required",
    "constraint",
    "choice_filter",
    "appearance",
    "list_name",
    "list name",
  ].includes(h.replace(/^bind::?/, "")) ||
  isLabel(h) ||
  isHint(h) ||
  isRelevant(h) ||
  isConstraintMessage(h) ||
  h.startsWith("voz_");

function sheetNamed(raw: RawWorkbook, name: string) {
  for (const [sheet, rows] of raw) if (sheet.trim().toLowerCase() === name) return { sheet, rows };
  return null;
}

export function checkSilentLoss(
  raw: RawWorkbook,
  survey: Survey,
  problems: readonly XlsProblem[],
): Check {
  const losses: Loss[] = [];
  let facts = 0;
  let relevantCells = 0;
  const reportedRows = new Map<string, Set<number>>();
  const reportedCells = new Set<string>();
  for (const p of problems) {
    const rows = reportedRows.get(p.sheet) ?? new Set<number>();
    for (const r of p.rows) {
      rows.add(r);
      reportedCells.add(`${p.sheet}\u0000${r}\u0000${p.column.trim()}`);
    }
    reportedRows.set(p.sheet, rows);
  }
  const rowReported = (sheet: string, row: number) => reportedRows.get(sheet)?.has(row) ?? false;
  const cellReported = (sheet: string, row: number, column: string) =>
    reportedCells.has(`${sheet}\u0000${row}\u0000${column.trim()}`);
  const expect = (ok: boolean, sheet: string, row: number, column: string, fact: string) => {
    facts++;
    if (!ok && !cellReported(sheet, row, column)) losses.push({ sheet, row, column, fact });
  };

  const sections = new Map((survey.sections ?? []).map((s) => [s.id, s]));
  const effective = (q: Question): Set<string> => {
    const refs = refsOf(q.showIf);
    if (q.section) refsOf(sections.get(q.section)?.showIf, refs);
    if (q.type === "text" && q.specifies) {
      // Shown only when that option is chosen, so only when its question is shown.
      const specified = survey.questions.find((p) => p.id === q.specifies?.question);
      refs.add(q.specifies.question);
      if (specified) for (const r of effective(specified)) refs.add(r);
    }
    return refs;
  };
  const covers = (refs: Set<string>, names: string[]) =>
    names.every((n) => [...refs].some((id) => sameId(id, n)));
  /** Calculations that are one fixed value: a condition may read the value in their place. */
  const fixed = new Set<string>();
  const namesIn = (expression: string) =>
    [...expression.matchAll(/\$\{([^}]+)\}/g)]
      .map((m) => (m[1] as string).trim())
      .filter((name) => !fixed.has(name));
  const texts = (
    q: Question | { title?: Record<string, string> },
    field: "label" | "hint" | "title" | "constraintMessage",
  ) =>
    Object.values(
      ((q as Record<string, unknown>)[field] as Record<string, string> | undefined) ?? {},
    );

  /**
   * Whether a raw text is among the imported ones: as written, or with each `${name}` that names
   * an imported question written `${its id}` (an earlier answer shown inside the text, kept) —
   * any id the importer may have given that name, since a renamed one cannot be told from here.
   */
  const hasText = (imported: string[], text: string) => {
    if (imported.includes(text)) return true;
    const literal = (part: string) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    let pattern = "";
    let last = 0;
    for (const match of text.matchAll(/\$\{\s*([^}]*?)\s*\}/g)) {
      const ids = survey.questions.filter((q) => sameId(q.id, match[1] ?? "")).map((q) => q.id);
      pattern += literal(text.slice(last, match.index));
      pattern += ids.length > 0 ? `\\$\\{(?:${ids.join("|")})\\}` : literal(match[0]);
      last = (match.index ?? 0) + match[0].length;
    }
    if (last === 0) return false;
    const whole = new RegExp(`^${pattern}${literal(text.slice(last))}$`);
    return imported.some((t) => whole.test(t));
  };

  const surveySheet = sheetNamed(raw, "survey");
  const choicesSheet = sheetNamed(raw, "choices");
  const listRows = new Map<string, { row: number; name: string }[]>();
  const listOfRow = new Map<number, string>();
  /** Choice rows found as options of a kept question; only their cells are checked one by one. */
  const optionRows = new Set<number>();
  /** Per list, the words of the kept choice filters that read it: the columns they carried. */
  const filterWords = new Map<string, Set<string>>();
  if (choicesSheet) {
    const head = choicesSheet.rows.get(1) ?? new Map();
    const col = (names: string[]) => [...head].find(([, h]) => names.includes(header(h)))?.[0];
    const listCol = col(["list_name", "list name"]);
    const nameCol = col(["name", "value"]);
    for (const [row, cells] of choicesSheet.rows) {
      if (row === 1 || listCol === undefined || nameCol === undefined) continue;
      const list = cells.get(listCol);
      const name = cells.get(nameCol);
      if (!list || !name) continue;
      const rows = listRows.get(list) ?? [];
      rows.push({ row, name });
      listRows.set(list, rows);
      listOfRow.set(row, list);
    }
  }

  if (surveySheet) {
    const { sheet, rows } = surveySheet;
    const head = rows.get(1) ?? new Map<number, string>();
    const columns = [...head].map(([index, text]) => ({ index, text, h: header(text) }));
    const at = (cells: Map<number, string>, pick: (h: string) => boolean) =>
      columns
        .filter((c) => pick(c.h) && cells.get(c.index))
        .map((c) => ({ column: c.text, value: cells.get(c.index) as string }));
    const typeCol = columns.find((c) => c.h === "type")?.index;
    const nameCol = columns.find((c) => ["name", "value", "tag"].includes(c.h))?.index;
    const nameHeader = columns.find((c) => c.index === nameCol)?.text ?? "name";
    const calculationCol = columns.find((c) =>
      ["calculation", "calculate", "bind:calculate"].includes(c.h),
    )?.index;
    for (const [, cells] of rows) {
      const type = typeCol === undefined ? "" : (cells.get(typeCol) ?? "").trim().toLowerCase();
      const value = calculationCol === undefined ? "" : (cells.get(calculationCol) ?? "").trim();
      const name = nameCol === undefined ? "" : (cells.get(nameCol) ?? "");
      if (type === "calculate" && name && /^(-?\d+(\.\d+)?|'[^']*'|"[^"]*")$/.test(value)) {
        fixed.add(name);
      }
    }
    /** Open groups: their row, relevant and the questions found inside. */
    const open: {
      row: number;
      repeat: boolean;
      relevant?: { column: string; value: string };
      inside: Question[];
    }[] = [];
    const claimed = new Set<Question>();
    const nameCount = new Map<string, number>();
    for (const [row, cells] of rows) {
      const name = row === 1 || nameCol === undefined ? undefined : cells.get(nameCol);
      if (name) nameCount.set(idOf(name), (nameCount.get(idOf(name)) ?? 0) + 1);
    }
    for (const [row, cells] of [...rows].sort((a, b) => a[0] - b[0])) {
      if (row === 1) continue;
      const type = (typeCol === undefined ? "" : (cells.get(typeCol) ?? "")).trim().toLowerCase();
      const name = nameCol === undefined ? "" : (cells.get(nameCol) ?? "");
      const relevant = at(cells, isRelevant)[0];
      if (relevant) relevantCells++;
      const bracket = type.match(/^(begin|end)[ _]?(group|repeat|loop|lgroup|looped group)/);
      if (bracket?.[1] === "begin") {
        open.push({
          row,
          repeat: bracket[2] !== "group",
          ...(relevant ? { relevant } : {}),
          inside: [],
        });
        // A group's title: a section's title, a note, or reported.
        for (const label of at(cells, isLabel)) {
          const shown =
            (survey.sections ?? []).some((s) => hasText(texts(s, "title"), label.value)) ||
            survey.questions.some(
              (q) => q.type === "note" && hasText(texts(q, "label"), label.value),
            );
          expect(shown || rowReported(sheet, row), sheet, row, label.column, "group title");
        }
        const isSection = (survey.sections ?? []).some((s) => sameId(s.id, name));
        // Inside a repeat, the whole row is left out with it; so inside a group never shown,
        // which the importer says at the row's type.
        if (open.some((g) => g.repeat) && rowReported(sheet, row)) continue;
        const typeText = columns.find((c) => c.index === typeCol)?.text ?? "type";
        if (open.length > 0 && cellReported(sheet, row, typeText)) continue;
        for (const c of columns) {
          if (
            ["type", "name"].includes(c.h) ||
            isLabel(c.h) ||
            isRelevant(c.h) ||
            !cells.get(c.index)
          )
            continue;
          // A page inside a page is on one page already.
          if (c.h === "appearance" && /^(field-list|table-list)$/.test(cells.get(c.index) ?? ""))
            continue;
          if (isSection && isHint(c.h)) continue;
          expect(false, sheet, row, c.text, `group cell ${c.text}`);
        }
        continue;
      }
      if (bracket?.[1] === "end") {
        const group = open.pop();
        if (group?.relevant && !group.repeat) {
          for (const q of group.inside) {
            expect(
              covers(effective(q), namesIn(group.relevant.value)),
              sheet,
              group.row,
              group.relevant.column,
              `group condition reaches ${q.id}`,
            );
          }
        }
        continue;
      }
      if (!type) {
        facts++;
        if (!rowReported(sheet, row))
          losses.push({ sheet, row, column: "type", fact: "row without a type" });
        continue;
      }
      // A question row: found in the survey by its name, or its row reported.
      // A numbered id (age_2) only for a row whose renaming is reported.
      const found = name
        ? survey.questions.find(
            (q) => !claimed.has(q) && sameId(q.id, name, cellReported(sheet, row, nameHeader)),
          )
        : undefined;
      facts++;
      if (!found && name === "intro" && survey.intro && type === "note") continue;
      if (!found) {
        if (!rowReported(sheet, row))
          losses.push({ sheet, row, column: "name", fact: `question ${name || "(no name)"}` });
        continue;
      }
      claimed.add(found);
      // A name used by several rows cannot be told apart from outside: such a row counts as
      // found (or reported) above, and its facts are not followed one by one.
      if ((nameCount.get(idOf(name)) ?? 0) > 1) continue;
      for (const group of open) group.inside.push(found);
      if (relevant)
        expect(
          covers(effective(found), namesIn(relevant.value)),
          sheet,
          row,
          relevant.column,
          "own condition",
        );
      for (const label of at(cells, isLabel)) {
        expect(hasText(texts(found, "label"), label.value), sheet, row, label.column, "label text");
      }
      for (const hint of at(cells, isHint)) {
        expect(hasText(texts(found, "hint"), hint.value), sheet, row, hint.column, "hint text");
      }
      for (const message of at(cells, isConstraintMessage)) {
        expect(
          hasText(texts(found, "constraintMessage"), message.value),
          sheet,
          row,
          message.column,
          "constraint message",
        );
      }
      for (const constraint of at(cells, (h) => h === "constraint" || h === "bind:constraint")) {
        const kept =
          ("min" in found && found.min !== undefined) ||
          ("max" in found && found.max !== undefined) ||
          ("maxLength" in found && found.maxLength !== undefined) ||
          (found.type === "multi" && found.options.some((o) => o.exclusive));
        expect(kept, sheet, row, constraint.column, "constraint");
      }
      for (const required of at(cells, (h) => h === "required" || h === "bind:required")) {
        const yes = ["yes", "true", "1", "true()", "t", "y"].includes(required.value.toLowerCase());
        const no = ["no", "false", "0", "false()", "f", "n"].includes(required.value.toLowerCase());
        expect(
          no || (yes && (found.required === true || found.type === "note")),
          sheet,
          row,
          required.column,
          "required",
        );
      }
      const list =
        type.split(/\s+/).find((t) => listRows.has(t)) ??
        [...listRows.keys()].find((l) => type.split(/\s+/).includes(l.toLowerCase()));
      for (const filter of at(cells, (h) => h === "choice_filter")) {
        const kept =
          (found.type === "single" || found.type === "multi") &&
          (found.filterBy !== undefined ||
            found.options.length < (listRows.get(list ?? "")?.length ?? 0));
        expect(kept, sheet, row, filter.column, "choice filter");
        if (kept && list) {
          const words = filterWords.get(list) ?? new Set<string>();
          for (const w of filter.value.toLowerCase().match(/[a-z_][a-z0-9_.-]*/g) ?? [])
            words.add(w);
          filterWords.set(list, words);
        }
      }
      for (const appearance of at(cells, (h) => h === "appearance")) {
        expect(
          found.type === "month" && /^(month-year|year)$/.test(appearance.value),
          sheet,
          row,
          appearance.column,
          "appearance",
        );
      }
      // Choice rows of the question's list: each an option, or reported on the choices sheet.
      if ((found.type === "single" || found.type === "multi") && choicesSheet) {
        for (const choice of listRows.get(list ?? "") ?? []) {
          facts++;
          const asOption = found.options.some((o) => sameId(o.id, choice.name));
          if (asOption) optionRows.add(choice.row);
          if (!asOption && !rowReported(choicesSheet.sheet, choice.row)) {
            losses.push({
              sheet: choicesSheet.sheet,
              row: choice.row,
              column: "name",
              fact: `choice ${choice.name} of ${found.id}`,
            });
          }
        }
      }
      // Every other cell with text: carried by a check above, or reported at its column.
      for (const c of columns) {
        if (FOLLOWED(c.h) || !cells.get(c.index)) continue;
        expect(false, sheet, row, c.text, `cell ${c.text}`);
      }
    }
  }

  // Choice rows no kept question asks: reported.
  if (choicesSheet) {
    const used = new Set(
      survey.questions.flatMap((q) =>
        q.type === "single" || q.type === "multi" ? q.options.map((o) => o.id) : [],
      ),
    );
    for (const rows of listRows.values()) {
      for (const choice of rows) {
        facts++;
        if (
          ![...used].some((id) => sameId(id, choice.name)) &&
          !rowReported(choicesSheet.sheet, choice.row)
        ) {
          losses.push({
            sheet: choicesSheet.sheet,
            row: choice.row,
            column: "list_name",
            fact: `choice ${choice.name}`,
          });
        }
      }
    }
    const head = choicesSheet.rows.get(1) ?? new Map<number, string>();
    for (const [row, cells] of choicesSheet.rows) {
      if (row === 1 || !optionRows.has(row)) continue;
      for (const [index, text] of head) {
        const h = header(text);
        if (FOLLOWED(h) || h === "name" || !cells.get(index)) continue;
        // A filter column read by a kept filter is carried; any other cell is reported.
        if (filterWords.get(listOfRow.get(row) ?? "")?.has(h)) continue;
        expect(false, choicesSheet.sheet, row, text, `choice cell ${text}`);
      }
    }
  }
  return { losses, relevantCells, facts };
}
