// One question of the builder: id, type, texts in every language, options, condition and the
// type's own settings. Every control is a native one, so it works from the keyboard.
import { useEffect, useId, useState } from "preact/hooks";
import type { Question, QuestionType, Survey } from "../../surveys/schema";
import {
  changeType,
  conditionEquals,
  conditionTargets,
  freshId,
  move,
  moveQuestion,
  parseBins,
  QUESTION_TYPES,
  removeQuestion,
  renameOption,
  renameQuestion,
  replaceQuestion,
  simpleCondition,
  withField,
} from "./builder";
import { TextField } from "./fields";
import { type ErrorsAt, TranslatedField } from "./translations";

export const TYPE_NAMES: Record<QuestionType, string> = {
  single: "One choice",
  multi: "Several choices",
  number: "Number",
  text: "Free text",
  month: "Month and year",
  note: "Note (text only)",
};

/** A number typed as text: kept as typed until it reads as a number, so "-" or "1." survive. */
function NumberText(props: {
  id: string;
  label: string;
  value: number | undefined;
  errors: readonly string[];
  integer?: boolean;
  onChange: (value: number | undefined) => void;
}) {
  const [text, setText] = useState(props.value === undefined ? "" : String(props.value));
  useEffect(() => {
    if (Number(text) !== props.value || text.trim() === "") {
      setText(props.value === undefined ? "" : String(props.value));
    }
  }, [props.value]);
  const unreadable = text.trim() !== "" && !Number.isFinite(Number(text));
  return (
    <TextField
      id={props.id}
      class="short"
      label={props.label}
      value={text}
      inputMode={props.integer ? "numeric" : "decimal"}
      errors={unreadable ? ["Not a number.", ...props.errors] : props.errors}
      onInput={(value) => {
        setText(value);
        if (value.trim() === "") props.onChange(undefined);
        else if (Number.isFinite(Number(value))) props.onChange(Number(value));
      }}
    />
  );
}

function BinsText(props: {
  id: string;
  value: number[] | undefined;
  errorsAt: ErrorsAt;
  path: string;
  onChange: (value: number[] | undefined) => void;
}) {
  const [text, setText] = useState(props.value?.join(", ") ?? "");
  useEffect(() => {
    const parsed = parseBins(text);
    if (JSON.stringify(parsed ?? []) !== JSON.stringify(props.value ?? [])) {
      setText(props.value?.join(", ") ?? "");
    }
  }, [props.value]);
  const parsed = parseBins(text);
  const errors = [
    ...(parsed === null ? ["Write numbers separated by commas."] : []),
    ...props.errorsAt(props.path),
    ...(props.value ?? []).flatMap((_, i) => props.errorsAt(`${props.path}[${i}]`)),
  ];
  return (
    <TextField
      id={props.id}
      label="Groups for the results (lower edges, e.g. 0, 3, 6, 12)"
      value={text}
      errors={errors}
      hint="Published tables count numbers in these groups; leave empty to never tabulate it."
      onInput={(value) => {
        setText(value);
        const bins = parseBins(value);
        if (bins !== null) props.onChange(bins.length === 0 ? undefined : bins);
      }}
    />
  );
}

export interface QuestionEditorProps {
  survey: Survey;
  index: number;
  errorsAt: ErrorsAt;
  onChange: (survey: Survey) => void;
}

export function QuestionEditor({ survey, index, errorsAt, onChange }: QuestionEditorProps) {
  const id = useId();
  const question = survey.questions[index] as Question;
  const at = `$.questions[${index}]`;
  const number = index + 1;
  const count = survey.questions.length;
  const set = (next: Question) => onChange(replaceQuestion(survey, index, next));
  const languages = survey.languages;
  const targets = conditionTargets(survey, index);
  const simple = simpleCondition(question.showIf);
  const target = targets.find((q) => q.id === simple?.question);
  const chosen = simple?.values ?? [];

  const moveBy = (delta: number) => {
    onChange(moveQuestion(survey, index, delta));
    // Keep the keyboard where the question went.
    requestAnimationFrame(() =>
      document
        .getElementById(`question-${index + delta}`)
        ?.querySelector<HTMLElement>(`.move-${delta < 0 ? "up" : "down"}`)
        ?.focus(),
    );
  };

  return (
    <section class="question-card" id={`question-${index}`} aria-labelledby={`${id}-title`}>
      <header class="question-head">
        <h3 id={`${id}-title`}>
          Question {number}
          <span class="muted"> · {TYPE_NAMES[question.type]}</span>
        </h3>
        <div class="reorder">
          <button
            type="button"
            class="move-up"
            disabled={index === 0}
            aria-label={`Move question ${number} up`}
            onClick={() => moveBy(-1)}
          >
            ↑ Up
          </button>
          <button
            type="button"
            class="move-down"
            disabled={index === count - 1}
            aria-label={`Move question ${number} down`}
            onClick={() => moveBy(1)}
          >
            ↓ Down
          </button>
          <button
            type="button"
            class="danger"
            aria-label={`Remove question ${number}`}
            disabled={count === 1}
            onClick={() => onChange(removeQuestion(survey, index))}
          >
            Remove
          </button>
        </div>
      </header>
      {errorsAt(at).length > 0 ? <p class="error">{errorsAt(at).join(" ")}</p> : null}
      <div class="row">
        <TextField
          id={`${id}-id`}
          class="short"
          label="Id (in the data)"
          value={question.id}
          errors={errorsAt(`${at}.id`)}
          onInput={(value) => onChange(renameQuestion(survey, index, value))}
        />
        <div class="field short">
          <label for={`${id}-type`}>Type</label>
          <select
            id={`${id}-type`}
            value={question.type}
            onChange={(e) => set(changeType(question, e.currentTarget.value as QuestionType))}
          >
            {QUESTION_TYPES.map((t) => (
              <option key={t} value={t}>
                {TYPE_NAMES[t]}
              </option>
            ))}
          </select>
        </div>
        <label class="check">
          <input
            type="checkbox"
            checked={question.required === true}
            onChange={(e) =>
              set(withField(question, "required", e.currentTarget.checked ? true : undefined))
            }
          />
          Required
        </label>
        {question.type === "single" ? (
          <label class="check">
            <input
              type="checkbox"
              checked={survey.breakdowns.includes(question.id)}
              onChange={(e) =>
                onChange({
                  ...survey,
                  breakdowns: e.currentTarget.checked
                    ? [...survey.breakdowns, question.id]
                    : survey.breakdowns.filter((b) => b !== question.id),
                })
              }
            />
            Break results down by it
          </label>
        ) : null}
      </div>
      <TranslatedField
        label="Question"
        path={`${at}.label`}
        languages={languages}
        value={question.label}
        errorsAt={errorsAt}
        onChange={(label) => set({ ...question, label: label ?? {} })}
      />
      <TranslatedField
        label="Hint"
        path={`${at}.hint`}
        languages={languages}
        value={question.hint}
        optional
        errorsAt={errorsAt}
        onChange={(hint) => set(withField(question, "hint", hint))}
      />

      {question.type === "single" || question.type === "multi" ? (
        <fieldset class="options">
          <legend>Options</legend>
          {errorsAt(`${at}.options`).length > 0 ? (
            <p class="error">{errorsAt(`${at}.options`).join(" ")}</p>
          ) : null}
          {question.options.map((option, j) => {
            const path = `${at}.options[${j}]`;
            const setOptions = (options: typeof question.options) => set({ ...question, options });
            return (
              <div class="option" key={j}>
                <TextField
                  id={`${id}-o${j}`}
                  class="short"
                  label={`Option ${j + 1} id`}
                  value={option.id}
                  errors={errorsAt(`${path}.id`)}
                  onInput={(value) => onChange(renameOption(survey, index, j, value))}
                />
                <TranslatedField
                  label={`Option ${j + 1}`}
                  path={`${path}.label`}
                  languages={languages}
                  value={option.label}
                  errorsAt={errorsAt}
                  onChange={(label) =>
                    setOptions(
                      question.options.map((o, k) => (k === j ? { ...o, label: label ?? {} } : o)),
                    )
                  }
                />
                <div class="reorder">
                  <button
                    type="button"
                    disabled={j === 0}
                    aria-label={`Move option ${j + 1} up`}
                    onClick={() => setOptions(move(question.options, j, -1))}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    disabled={j === question.options.length - 1}
                    aria-label={`Move option ${j + 1} down`}
                    onClick={() => setOptions(move(question.options, j, 1))}
                  >
                    ↓
                  </button>
                  <button
                    type="button"
                    class="danger"
                    aria-label={`Remove option ${j + 1}`}
                    onClick={() => setOptions(question.options.filter((_, k) => k !== j))}
                  >
                    Remove
                  </button>
                </div>
              </div>
            );
          })}
          <button
            type="button"
            onClick={() =>
              set({
                ...question,
                options: [
                  ...question.options,
                  {
                    id: freshId(
                      "o",
                      question.options.map((o) => o.id),
                    ),
                    label: {},
                  },
                ],
              })
            }
          >
            Add option
          </button>
        </fieldset>
      ) : null}

      {question.type === "number" ? (
        <div class="row">
          <NumberText
            id={`${id}-min`}
            label="Smallest allowed"
            value={question.min}
            errors={errorsAt(`${at}.min`)}
            onChange={(min) => set(withField(question, "min", min))}
          />
          <NumberText
            id={`${id}-max`}
            label="Largest allowed"
            value={question.max}
            errors={errorsAt(`${at}.max`)}
            onChange={(max) => set(withField(question, "max", max))}
          />
          <BinsText
            id={`${id}-bins`}
            value={question.bins}
            path={`${at}.bins`}
            errorsAt={errorsAt}
            onChange={(bins) => set(withField(question, "bins", bins))}
          />
        </div>
      ) : null}

      {question.type === "text" ? (
        <NumberText
          id={`${id}-max-length`}
          label="Longest answer (characters)"
          integer
          value={question.maxLength}
          errors={errorsAt(`${at}.maxLength`)}
          onChange={(maxLength) => set(withField(question, "maxLength", maxLength))}
        />
      ) : null}

      <fieldset class="condition">
        <legend>When to show it</legend>
        <div class="field">
          <label for={`${id}-show-if`}>Show this question</label>
          <select
            id={`${id}-show-if`}
            value={simple?.question ?? (question.showIf ? "(combined)" : "")}
            onChange={(e) => {
              const target = e.currentTarget.value;
              set(
                withField(
                  question,
                  "showIf",
                  target ? { question: target, equals: [] as string[] } : undefined,
                ),
              );
            }}
          >
            <option value="">always</option>
            {targets.map((q) => (
              <option key={q.id} value={q.id}>
                only if “{q.label[languages[0] ?? ""] ?? q.id}” is…
              </option>
            ))}
            {simple && !target ? (
              <option value={simple.question}>
                {simple.question} (not an earlier choice question)
              </option>
            ) : null}
            {question.showIf && !simple ? (
              <option value="(combined)">only if its combined condition holds (kept as is)</option>
            ) : null}
          </select>
          {[...errorsAt(`${at}.showIf`), ...errorsAt(`${at}.showIf.question`)].length > 0 ? (
            <p class="error">
              {[...errorsAt(`${at}.showIf`), ...errorsAt(`${at}.showIf.question`)].join(" ")}
            </p>
          ) : null}
        </div>
        {target ? (
          <fieldset class="condition-options">
            <legend>…any of these answers</legend>
            {target.options.map((o) => (
              <label class="check" key={o.id}>
                <input
                  type="checkbox"
                  checked={chosen.includes(o.id)}
                  onChange={(e) => {
                    const on = e.currentTarget.checked;
                    const values = target.options
                      .map((x) => x.id)
                      .filter((x) => (x === o.id ? on : chosen.includes(x)));
                    set({
                      ...question,
                      showIf: { question: target.id, equals: conditionEquals(values) },
                    });
                  }}
                />
                {o.label[languages[0] ?? ""] ?? o.id}
              </label>
            ))}
            {chosen.length === 0 ? <p class="error">Tick at least one answer.</p> : null}
            {errorsAt(`${at}.showIf.equals`).length > 0 ? (
              <p class="error">{errorsAt(`${at}.showIf.equals`).join(" ")}</p>
            ) : null}
          </fieldset>
        ) : null}
      </fieldset>
    </section>
  );
}
