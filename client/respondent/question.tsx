// One question on screen: its label, hint, inline message and native controls. The message
// is tied to the controls with aria-describedby / aria-invalid so a screen reader says it.
import type { Ref } from "preact";
import type { Question, Text } from "../../surveys/schema";
import { fill } from "../lib/labels";
import type { FieldProblem } from "./form";
import type { RespondentStrings } from "./strings";

export interface QuestionProps {
  question: Question;
  /** Picks the survey's text in the language being shown. */
  text: (value: Text) => string;
  t: RespondentStrings;
  value: string | string[] | undefined;
  /** Shown only after the respondent tried to move on. */
  problem: FieldProblem | null;
  onChange: (value: string | string[]) => void;
  /** Enter in a one-line field moves on, as a form would. */
  onEnter: () => void;
  headingRef: Ref<HTMLHeadingElement>;
  /**
   * Before element ids, for the form without JavaScript: on the first page it sits beside the
   * script's hidden copy of the same question, and ids must stay unique.
   */
  idPrefix?: string;
}

export function problemMessage(question: Question, problem: FieldProblem, t: RespondentStrings) {
  switch (problem) {
    case "required":
      return t.required;
    case "not_an_option":
      return t.notAnOption;
    case "not_a_number":
      return t.notANumber;
    case "too_small":
      return fill(t.tooSmall, { min: question.type === "number" ? (question.min ?? "") : "" });
    case "too_large":
      return fill(t.tooLarge, { max: question.type === "number" ? (question.max ?? "") : "" });
    case "too_long":
      return fill(t.tooLong, { max: question.type === "text" ? (question.maxLength ?? "") : "" });
    default:
      return t.wrongType;
  }
}

function rangeHint(question: Question, t: RespondentStrings): string | null {
  if (question.type !== "number") return null;
  const { min, max } = question;
  if (min !== undefined && max !== undefined) return fill(t.range, { min, max });
  if (min !== undefined) return fill(t.rangeMin, { min });
  if (max !== undefined) return fill(t.rangeMax, { max });
  return null;
}

function hintsOf(question: Question, text: QuestionProps["text"], t: RespondentStrings): string[] {
  return [
    question.type !== "note" && question.hint ? text(question.hint) : null,
    // A survey's own hint for a multi question usually says this already, in its own words.
    question.type === "multi" && !question.hint ? t.chooseAny : null,
    rangeHint(question, t),
  ].filter((hint): hint is string => hint !== null);
}

/** What the controls of a question point to: its hints and, once shown, its problem. */
export function questionDescription(
  question: Question,
  t: RespondentStrings,
  base: string,
  problem: FieldProblem | null,
) {
  const hinted = hintsOf(question, () => "", t).length > 0;
  const describedBy =
    [hinted ? `${base}-hint` : null, problem ? `${base}-error` : null].filter(Boolean).join(" ") ||
    undefined;
  return { describedBy, invalid: problem ? ("true" as const) : undefined };
}

/** A question's hints and its message, under its label; `base` prefixes the element ids. */
export function QuestionDetails({
  question,
  text,
  t,
  base,
  problem,
}: Pick<QuestionProps, "question" | "text" | "t" | "problem"> & { base: string }) {
  const hints = hintsOf(question, text, t);
  return (
    <>
      {hints.length > 0 ? (
        <p class="hint" id={`${base}-hint`}>
          {hints.join(" ")}
        </p>
      ) : null}
      {problem ? (
        <p class="error" id={`${base}-error`}>
          {problemMessage(question, problem, t)}
        </p>
      ) : null}
    </>
  );
}

export function QuestionField(props: QuestionProps) {
  const { question, text, t, problem, headingRef } = props;
  const name = `q-${question.id}`;
  const base = `${props.idPrefix ?? ""}${name}`;
  const { describedBy, invalid } = questionDescription(question, t, base, problem);
  const field = {
    id: `${base}-input`,
    "aria-describedby": describedBy,
    "aria-invalid": invalid,
  };
  const title = (
    <span>
      {text(question.label)}
      {question.required ? <span class="required"> {t.requiredMark}</span> : null}
    </span>
  );
  const details = (
    <QuestionDetails question={question} text={text} t={t} base={base} problem={problem} />
  );

  if (question.type === "single" || question.type === "multi") {
    const multi = question.type === "multi";
    const chosen = props.value;
    return (
      <fieldset class="question" aria-describedby={describedBy}>
        <legend>
          <h2 id={`${base}-label`} tabIndex={-1} ref={headingRef}>
            {title}
          </h2>
        </legend>
        {details}
        <div class="choices">
          {question.options.map((option) => {
            const checked = multi
              ? Array.isArray(chosen) && chosen.includes(option.id)
              : chosen === option.id;
            return (
              <label class="choice" key={option.id}>
                <input
                  type={multi ? "checkbox" : "radio"}
                  name={name}
                  value={option.id}
                  checked={checked}
                  autocomplete="off"
                  aria-invalid={field["aria-invalid"]}
                  required={!multi && question.required ? true : undefined}
                  onChange={(event) => {
                    const on = event.currentTarget.checked;
                    if (!multi) props.onChange(option.id);
                    else {
                      const before = Array.isArray(chosen) ? chosen : [];
                      // Definition order, whatever order the boxes were ticked in.
                      const after = question.options
                        .map((o) => o.id)
                        .filter((id) => (id === option.id ? on : before.includes(id)));
                      props.onChange(after);
                    }
                  }}
                />
                <span>{text(option.label)}</span>
              </label>
            );
          })}
        </div>
      </fieldset>
    );
  }

  const value = typeof props.value === "string" ? props.value : "";
  const maxLength = question.type === "text" ? question.maxLength : undefined;
  return (
    <div class="question">
      <h2 id={`${base}-label`} tabIndex={-1} ref={headingRef}>
        <label for={field.id}>{title}</label>
      </h2>
      {details}
      {question.type === "number" ? (
        // GOV.UK's advice: type=number rewrites and rejects what people type; a text field
        // with a numeric keyboard does not.
        <input
          {...field}
          class="number"
          name={name}
          type="text"
          inputMode="decimal"
          autocomplete="off"
          spellcheck={false}
          required={question.required}
          value={value}
          onInput={(event) => props.onChange(event.currentTarget.value)}
          onKeyDown={(event) => {
            if (event.key === "Enter") {
              event.preventDefault();
              props.onEnter();
            }
          }}
        />
      ) : (
        <>
          <textarea
            {...field}
            name={name}
            rows={5}
            maxLength={maxLength}
            autocomplete="off"
            required={question.required}
            value={value}
            onInput={(event) => props.onChange(event.currentTarget.value)}
          />
          {maxLength ? (
            <p class="counter">{fill(t.characters, { count: value.length, max: maxLength })}</p>
          ) : null}
        </>
      )}
    </div>
  );
}
