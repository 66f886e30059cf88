// One question of the form without JavaScript. It looks like the script's (question.tsx) but
// posts fixed-width tokens (nojs-wire.ts): a single question's choice is its option's index, with
// a hidden "no answer" choice ticked until another is; a multi question asks "Sí"/"No" for each
// option, so that it always posts one field per option, whatever is ticked.
import type { Question, Survey, Text } from "../../surveys/schema";
import type { FieldProblem } from "./form";
import type { PlainStrings } from "./nojs-strings";
import {
  ANSWER_FIELD,
  MONTH_FIELD_LENGTH,
  NUMBER_FIELD_LENGTH,
  noChoice,
  optionField,
  optionToken,
} from "./nojs-wire";
import { QuestionDetails, questionDescription } from "./question";
import type { RespondentStrings } from "./strings";

export interface PlainQuestionProps {
  survey: Survey;
  question: Question;
  text: (value: Text) => string;
  t: RespondentStrings & PlainStrings;
  /** As posted: an option id, option ids, or what was typed. */
  value: string | string[] | undefined;
  problem: FieldProblem | null;
}

/** Element ids: the first page also holds the script's hidden copy of the same question. */
const PREFIX = "nojs-q-";

export function PlainQuestion({ survey, question, text, t, value, problem }: PlainQuestionProps) {
  const base = `${PREFIX}${question.id}`;
  const { describedBy, invalid } = questionDescription(question, t, base, problem);
  const title = (
    <span>
      {text(question.label)}
      {question.type !== "note" && question.required ? (
        <span class="required"> {t.requiredMark}</span>
      ) : null}
    </span>
  );
  const details = (
    <QuestionDetails question={question} text={text} t={t} base={base} problem={problem} />
  );

  if (question.type === "single" || question.type === "multi") {
    const chosen = Array.isArray(value) ? value : value === undefined ? [] : [value];
    return (
      <fieldset class="question" aria-describedby={describedBy}>
        <legend>
          <h2 id={`${base}-label`}>{title}</h2>
        </legend>
        {details}
        <div class="choices">
          {question.type === "single" ? (
            <>
              <input
                type="radio"
                name={ANSWER_FIELD}
                value={noChoice(survey)}
                checked={chosen.length === 0}
                hidden
              />
              {question.options.map((option, i) => (
                <label class="choice" key={option.id}>
                  <input
                    type="radio"
                    name={ANSWER_FIELD}
                    value={optionToken(survey, i)}
                    checked={chosen.includes(option.id)}
                    autocomplete="off"
                    aria-invalid={invalid}
                  />
                  <span>{text(option.label)}</span>
                </label>
              ))}
            </>
          ) : (
            question.options.map((option, i) => {
              const ticked = chosen.includes(option.id);
              const name = optionField(survey, i);
              return (
                <fieldset class="yesno" key={option.id}>
                  <legend>{text(option.label)}</legend>
                  <div>
                    {(["1", "0"] as const).map((mark) => (
                      <label class="choice" key={mark}>
                        <input
                          type="radio"
                          name={name}
                          value={mark}
                          checked={(mark === "1") === ticked}
                          autocomplete="off"
                          aria-invalid={invalid}
                        />
                        <span>{mark === "1" ? t.yes : t.no}</span>
                      </label>
                    ))}
                  </div>
                </fieldset>
              );
            })
          )}
        </div>
      </fieldset>
    );
  }

  const typed = typeof value === "string" ? value : "";
  const field = { id: `${base}-input`, "aria-describedby": describedBy, "aria-invalid": invalid };
  return (
    <div class="question">
      <h2 id={`${base}-label`}>
        {question.type === "note" ? title : <label for={field.id}>{title}</label>}
      </h2>
      {details}
      {question.type === "note" ? null : question.type === "text" ? (
        <textarea
          {...field}
          name={ANSWER_FIELD}
          rows={5}
          maxLength={question.maxLength}
          autocomplete="off"
          value={typed}
        />
      ) : question.type === "month" ? (
        <input
          {...field}
          class="number"
          name={ANSWER_FIELD}
          type="month"
          maxLength={MONTH_FIELD_LENGTH}
          autocomplete="off"
          value={typed}
        />
      ) : (
        <input
          {...field}
          class="number"
          name={ANSWER_FIELD}
          type="text"
          inputMode="decimal"
          maxLength={NUMBER_FIELD_LENGTH}
          autocomplete="off"
          spellcheck={false}
          value={typed}
        />
      )}
    </div>
  );
}
