// One question on screen: its label, hint, inline message and native controls. The message
// is tied to the controls with aria-describedby / aria-invalid so a screen reader says it.
import type { ComponentChild, Ref } from "preact";
import type { Option, Question, Text } from "../../surveys/schema";
import { CONSTRAINT_PROBLEMS } from "../lib/answers";
import { fill } from "../lib/labels";
import { formatMonth as monthText } from "../lib/locale";
import { Choices } from "./choices";
import type { FieldProblem } from "./form";
import type { RespondentStrings } from "./strings";

export interface QuestionProps {
  question: Question;
  /** Picks the survey's text in the language being shown. */
  text: (value: Text) => string;
  t: RespondentStrings;
  /** The page's language: months in messages are written in it. */
  language: string;
  value: string | string[] | undefined;
  /** A choice question's options offered after the earlier answers (choice filters). */
  offered?: readonly Option[];
  /** Other-specify text fields by the option they follow up. */
  specify?: ReadonlyMap<string, ComponentChild>;
  /** Shown only after the respondent tried to move on. */
  problem: FieldProblem | null;
  onChange: (value: string | string[]) => void;
  /** Enter in a one-line field moves on, as a form would. */
  onEnter: () => void;
  /** The page's first heading, focused when a new page opens. */
  headingRef?: Ref<HTMLHeadingElement>;
  /**
   * Before element ids, for the form without JavaScript: on the first page it sits beside the
   * script's hidden copy of the same question, and ids must stay unique.
   */
  idPrefix?: string;
}

export function problemMessage(
  question: Question,
  problem: FieldProblem,
  t: RespondentStrings,
  text: (value: Text) => string,
  language: string,
) {
  // The survey's own words, when it has them, for a limit it set (docs/survey-format.md).
  if (
    question.type !== "note" &&
    question.type !== "single" &&
    question.constraintMessage &&
    problem !== "not_a_number" &&
    CONSTRAINT_PROBLEMS.has(problem)
  ) {
    return text(question.constraintMessage);
  }
  switch (problem) {
    case "required":
      return t.required;
    case "not_an_option":
      return t.notAnOption;
    case "not_a_number":
      return t.notANumber;
    case "not_integer":
      return t.notInteger;
    case "not_a_month":
      return t.notAMonth;
    case "exclusive":
      return t.exclusive;
    case "too_small":
      if (question.type === "month") {
        return fill(t.tooEarly, { min: monthText(question.min ?? "", language) });
      }
      return fill(t.tooSmall, { min: question.type === "number" ? (question.min ?? "") : "" });
    case "too_large":
      if (question.type === "month") {
        return fill(t.tooLate, { max: monthText(question.max ?? "", language) });
      }
      return fill(t.tooLarge, { max: question.type === "number" ? (question.max ?? "") : "" });
    case "too_long":
      return fill(t.tooLong, { max: question.type === "text" ? (question.maxLength ?? "") : "" });
    default:
      return t.wrongType;
  }
}

function rangeHint(question: Question, t: RespondentStrings, language: string): string | null {
  if (question.type === "month") {
    const { min, max } = question;
    const [from, to] = [min && monthText(min, language), max && monthText(max, language)];
    if (from && to) return fill(t.monthRange, { min: from, max: to });
    if (from) return fill(t.monthFrom, { min: from });
    if (to) return fill(t.monthTo, { max: to });
    return null;
  }
  if (question.type !== "number") return null;
  const { min, max } = question;
  if (min !== undefined && max !== undefined) return fill(t.range, { min, max });
  if (min !== undefined) return fill(t.rangeMin, { min });
  if (max !== undefined) return fill(t.rangeMax, { max });
  return null;
}

function hintsOf(
  question: Question,
  text: QuestionProps["text"],
  t: RespondentStrings,
  language: string,
): string[] {
  return [
    question.type !== "note" && question.hint ? text(question.hint) : null,
    // A survey's own hint for a multi question usually says this already, in its own words.
    question.type === "multi" && !question.hint ? t.chooseAny : null,
    rangeHint(question, t, language),
  ].filter((hint): hint is string => hint !== null);
}

/** What the controls of a question point to: its hints and, once shown, its problem. */
export function questionDescription(
  question: Question,
  t: RespondentStrings,
  base: string,
  problem: FieldProblem | null,
) {
  const hinted = hintsOf(question, () => "", t, "en").length > 0;
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
  language = "en",
}: Pick<QuestionProps, "question" | "text" | "t" | "problem"> & {
  base: string;
  language?: string;
}) {
  const hints = hintsOf(question, text, t, language);
  return (
    <>
      {hints.length > 0 ? (
        <p class="hint" id={`${base}-hint`}>
          {hints.join(" ")}
        </p>
      ) : null}
      {problem ? (
        <p class="error" id={`${base}-error`}>
          {problemMessage(question, problem, t, text, language)}
        </p>
      ) : null}
    </>
  );
}

/** A question's label, marked when an answer is required (the schema refuses a required note). */
export function QuestionTitle({
  question,
  text,
  t,
}: Pick<QuestionProps, "question" | "text" | "t">) {
  return (
    <span>
      {text(question.label)}
      {question.required ? <span class="required"> {t.requiredMark}</span> : null}
    </span>
  );
}

export function QuestionField(props: QuestionProps) {
  const { question, text, t, problem, headingRef, language } = props;
  const name = `q-${question.id}`;
  const base = `${props.idPrefix ?? ""}${name}`;
  if (question.type === "note") {
    return (
      <div class="question note">
        <h2 id={`${base}-label`} tabIndex={-1} ref={headingRef}>
          {text(question.label)}
        </h2>
        {question.hint ? <p class="hint">{text(question.hint)}</p> : null}
      </div>
    );
  }
  const { describedBy, invalid } = questionDescription(question, t, base, problem);
  const field = {
    id: `${base}-input`,
    "aria-describedby": describedBy,
    "aria-invalid": invalid,
  };
  const title = <QuestionTitle question={question} text={text} t={t} />;
  const details = (
    <QuestionDetails
      question={question}
      text={text}
      t={t}
      base={base}
      problem={problem}
      language={language}
    />
  );

  if (question.type === "single" || question.type === "multi") {
    return (
      <fieldset class="question" aria-describedby={describedBy}>
        <legend>
          <h2 id={`${base}-label`} tabIndex={-1} ref={headingRef}>
            {title}
          </h2>
        </legend>
        {details}
        <Choices
          question={question}
          offered={props.offered ?? question.options}
          name={name}
          chosen={props.value}
          text={text}
          invalid={field["aria-invalid"]}
          specify={props.specify ?? new Map()}
          onChange={props.onChange}
        />
      </fieldset>
    );
  }

  const value = typeof props.value === "string" ? props.value : "";
  /** A one-line field: what is typed is the value, and Enter moves on, as a form would. */
  const oneLine = {
    value,
    onInput: (event: { currentTarget: HTMLInputElement }) =>
      props.onChange(event.currentTarget.value),
    onKeyDown: (event: KeyboardEvent) => {
      if (event.key === "Enter") {
        event.preventDefault();
        props.onEnter();
      }
    },
  };
  const maxLength = question.type === "text" ? question.maxLength : undefined;
  return (
    <div class="question">
      <h2 id={`${base}-label`} tabIndex={-1} ref={headingRef}>
        <label for={field.id}>{title}</label>
      </h2>
      {details}
      {question.type === "month" ? (
        // Phones show a month picker; elsewhere it is a text field that takes "5/2019" too.
        <input
          {...field}
          class="month"
          name={name}
          type="month"
          autocomplete="off"
          min={question.min}
          max={question.max}
          required={question.required}
          {...oneLine}
        />
      ) : question.type === "number" ? (
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
          {...oneLine}
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
