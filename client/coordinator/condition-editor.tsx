// "When to show it" for a question or a page: tests on earlier questions (one of, none of,
// includes, less than…, answered), each possibly turned around, combined by all or any. A
// deeper condition (from an import or JSON) is edited as JSON rather than flattened.
import { useEffect, useId, useState } from "preact/hooks";
import type { Condition, Question } from "../../surveys/schema";
import type { Atom } from "../lib/conditions";
import { fill } from "../lib/labels";
import {
  atomFor,
  atomOptions,
  blankRow,
  conditionOf,
  type Operator,
  operatorOf,
  operatorsFor,
  optionList,
  type Row,
  type Rows,
  rowsOf,
} from "./condition-rows";
import { NumberText } from "./number-text";
import { useStrings } from "./strings";
import type { ErrorsAt } from "./translations";

export interface ConditionEditorProps {
  /** "Show this question", "Show this page". */
  label: string;
  value: Condition | undefined;
  /** Earlier questions a condition may name. */
  targets: readonly Question[];
  /** The language whose texts name questions and options here. */
  language: string;
  /** JSON path of the condition, e.g. `$.sections[1].showIf`. */
  path: string;
  errorsAt: ErrorsAt;
  onChange: (value: Condition | undefined) => void;
}

const SEVERAL = "(several)";
const JSON_FORM = "(json)";

export function ConditionEditor(props: ConditionEditorProps) {
  const id = useId();
  const t = useStrings().builder.condition;
  const { value, targets, language, path, errorsAt } = props;
  const rows = rowsOf(value);
  const nameOf = (q: Question) => q.label[language] || q.id;
  const set = (next: Rows) => props.onChange(conditionOf(next));
  const chosen =
    rows === null
      ? JSON_FORM
      : rows.rows.length === 0
        ? ""
        : rows.rows.length === 1
          ? (rows.rows[0]?.atom.question ?? "")
          : SEVERAL;
  const known = new Set(targets.map((q) => q.id));

  return (
    <fieldset class="condition">
      <legend>{t.legend}</legend>
      <div class="field">
        <label for={`${id}-show-if`}>{props.label}</label>
        <select
          id={`${id}-show-if`}
          value={chosen}
          onChange={(e) => {
            const choice = e.currentTarget.value;
            if (choice === "") return props.onChange(undefined);
            const target = targets.find((q) => q.id === choice);
            if (target) set({ combine: "all", rows: [blankRow(target)] });
          }}
        >
          <option value="">{t.always}</option>
          {targets.map((q) => (
            <option key={q.id} value={q.id}>
              {fill(t.onlyIf, { question: nameOf(q) })}
            </option>
          ))}
          {chosen !== "" && chosen !== SEVERAL && chosen !== JSON_FORM && !known.has(chosen) ? (
            <option value={chosen}>{fill(t.notEarlier, { id: chosen })}</option>
          ) : null}
          {chosen === SEVERAL ? <option value={SEVERAL}>{t.several}</option> : null}
          {chosen === JSON_FORM ? <option value={JSON_FORM}>{t.json}</option> : null}
        </select>
      </div>
      {rows === null ? (
        <JsonCondition
          id={id}
          value={value}
          errors={errorsAt(`${path}*`)}
          onChange={props.onChange}
        />
      ) : (
        <>
          {rows.rows.length > 1 ? (
            <div class="field short">
              <label for={`${id}-combine`}>{t.showWhen}</label>
              <select
                id={`${id}-combine`}
                value={rows.combine}
                onChange={(e) =>
                  set({ ...rows, combine: e.currentTarget.value === "any" ? "any" : "all" })
                }
              >
                <option value="all">{t.all}</option>
                <option value="any">{t.any}</option>
              </select>
            </div>
          ) : null}
          {rows.rows.map((row, r) => {
            const rowPath = rows.rows.length === 1 ? path : `${path}.${rows.combine}[${r}]`;
            return (
              <RowEditor
                key={r}
                n={r + 1}
                several={rows.rows.length > 1}
                row={row}
                targets={targets}
                nameOf={nameOf}
                language={language}
                errors={errorsAt(`${rowPath}*`)}
                onChange={(next) =>
                  set({
                    ...rows,
                    rows: next
                      ? rows.rows.map((x, k) => (k === r ? next : x))
                      : rows.rows.filter((_, k) => k !== r),
                  })
                }
              />
            );
          })}
          {rows.rows.length > 0 && targets[0] ? (
            <button
              type="button"
              onClick={() =>
                set({ ...rows, rows: [...rows.rows, blankRow(targets[0] as Question)] })
              }
            >
              {t.addTest}
            </button>
          ) : null}
        </>
      )}
    </fieldset>
  );
}

interface RowEditorProps {
  n: number;
  several: boolean;
  row: Row;
  targets: readonly Question[];
  nameOf: (q: Question) => string;
  language: string;
  errors: readonly string[];
  /** null removes the row. */
  onChange: (row: Row | null) => void;
}

function RowEditor({
  n,
  several,
  row,
  targets,
  nameOf,
  language,
  errors,
  onChange,
}: RowEditorProps) {
  const id = useId();
  const t = useStrings().builder.condition;
  const target = targets.find((q) => q.id === row.atom.question);
  const operator = operatorOf(row.atom);
  const setAtom = (atom: Atom) => onChange({ ...row, atom });
  const options = target?.type === "single" || target?.type === "multi" ? target.options : [];
  const ticked = atomOptions(row.atom);

  return (
    <div class="condition-row">
      {several ? (
        <div class="field short">
          <label for={`${id}-question`}>{fill(t.testQuestion, { n })}</label>
          <select
            id={`${id}-question`}
            value={row.atom.question}
            onChange={(e) => {
              const next = targets.find((q) => q.id === e.currentTarget.value);
              if (next) onChange({ ...blankRow(next), negated: row.negated });
            }}
          >
            {targets.map((q) => (
              <option key={q.id} value={q.id}>
                {nameOf(q)}
              </option>
            ))}
            {target ? null : (
              <option value={row.atom.question}>
                {fill(t.unknown, { id: row.atom.question })}
              </option>
            )}
          </select>
        </div>
      ) : null}
      {target ? (
        <div class="field short">
          <label for={`${id}-test`}>{fill(t.testAnswer, { n })}</label>
          <select
            id={`${id}-test`}
            value={operator}
            onChange={(e) => setAtom(atomFor(target, e.currentTarget.value as Operator, row.atom))}
          >
            {operatorsFor(target).map((op) => (
              <option key={op} value={op}>
                {t.operators[op]}
              </option>
            ))}
            {operatorsFor(target).includes(operator) ? null : (
              <option value={operator}>
                {fill(t.notForThis, { operator: t.operators[operator] })}
              </option>
            )}
          </select>
        </div>
      ) : null}
      {(operator === "equals" || operator === "notEquals") && options.length > 0 ? (
        <fieldset class="condition-options">
          <legend>{fill(operator === "equals" ? t.anyOf : t.noneOf, { n })}</legend>
          {options.map((o) => (
            <label class="check" key={o.id}>
              <input
                type="checkbox"
                checked={ticked.includes(o.id)}
                onChange={(e) => {
                  const on = e.currentTarget.checked;
                  const values = options
                    .map((x) => x.id)
                    .filter((x) => (x === o.id ? on : ticked.includes(x)));
                  setAtom(
                    operator === "equals"
                      ? { question: row.atom.question, equals: optionList(values) }
                      : { question: row.atom.question, notEquals: optionList(values) },
                  );
                }}
              />
              {o.label[language] || o.id}
            </label>
          ))}
          {ticked.length === 0 ? <p class="error">{t.tickOne}</p> : null}
        </fieldset>
      ) : null}
      {operator === "includes" && options.length > 0 ? (
        <div class="field short">
          <label for={`${id}-option`}>{fill(t.testOption, { n })}</label>
          <select
            id={`${id}-option`}
            value={ticked[0] ?? ""}
            onChange={(e) =>
              setAtom({ question: row.atom.question, includes: e.currentTarget.value })
            }
          >
            {options.map((o) => (
              <option key={o.id} value={o.id}>
                {o.label[language] || o.id}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {"lt" in row.atom || "lte" in row.atom || "gt" in row.atom || "gte" in row.atom ? (
        <NumberText
          id={`${id}-number`}
          label={fill(t.testNumber, { n })}
          value={comparedNumber(row.atom)}
          errors={[]}
          onChange={(value) => setAtom(withNumber(row.atom, value ?? 0))}
        />
      ) : null}
      <label class="check">
        <input
          type="checkbox"
          checked={row.negated}
          onChange={(e) => onChange({ ...row, negated: e.currentTarget.checked })}
        />
        {fill(t.negate, { n })}
      </label>
      {several ? (
        <button type="button" class="danger" onClick={() => onChange(null)}>
          {fill(t.removeTest, { n })}
        </button>
      ) : null}
      {errors.length > 0 ? <p class="error">{errors.join(" ")}</p> : null}
    </div>
  );
}

function comparedNumber(atom: Atom): number | undefined {
  if ("lt" in atom) return atom.lt;
  if ("lte" in atom) return atom.lte;
  if ("gt" in atom) return atom.gt;
  if ("gte" in atom) return atom.gte;
  return undefined;
}

function withNumber(atom: Atom, value: number): Atom {
  if ("lt" in atom) return { question: atom.question, lt: value };
  if ("lte" in atom) return { question: atom.question, lte: value };
  if ("gt" in atom) return { question: atom.question, gt: value };
  if ("gte" in atom) return { question: atom.question, gte: value };
  return atom;
}

/** A condition too deep for rows, as JSON; kept as typed until it parses. */
function JsonCondition(props: {
  id: string;
  value: Condition | undefined;
  errors: readonly string[];
  onChange: (value: Condition | undefined) => void;
}) {
  const t = useStrings().builder.condition;
  const shown = JSON.stringify(props.value, null, 2) ?? "";
  const [text, setText] = useState(shown);
  const [unreadable, setUnreadable] = useState(false);
  useEffect(() => {
    if (!unreadable) setText(shown);
  }, [shown]);
  return (
    <div class="field">
      <label for={`${props.id}-json`}>{t.jsonLabel}</label>
      <textarea
        id={`${props.id}-json`}
        class="code"
        rows={6}
        value={text}
        aria-invalid={unreadable || props.errors.length > 0 ? "true" : undefined}
        onInput={(e) => {
          const next = e.currentTarget.value;
          setText(next);
          try {
            const parsed = next.trim() === "" ? undefined : (JSON.parse(next) as Condition);
            setUnreadable(false);
            props.onChange(parsed);
          } catch {
            setUnreadable(true);
          }
        }}
      />
      {unreadable ? <p class="error">{t.notJson}</p> : null}
      {props.errors.length > 0 ? <p class="error">{props.errors.join(" ")}</p> : null}
    </div>
  );
}
