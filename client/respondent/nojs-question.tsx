// One question of the form without JavaScript. It looks like the script's (question.tsx) but
// posts fixed-width tokens (nojs-wire.ts): a single question's choice is its option's index, with
// a hidden "no answer" choice ticked until another is; a multi question asks "Sí"/"No" for each
// option, so that it always posts one field per option, whatever is ticked (an option a choice
// filter leaves out posts a hidden "0"). An option's other-specify text sits right under it.
import type { ComponentChild } from "preact";
import type { Option, Question, Survey, Text } from "../../surveys/schema";
import type { FieldProblem } from "./form";
import type { PlainStrings } from "./nojs-strings";
import {
  answerField,
  MONTH_FIELD_LENGTH,
  NUMBER_FIELD_LENGTH,
  noChoice,
  optionField,
  optionToken,
} from "./nojs-wire";
import { QuestionDetails, QuestionTitle, questionDescription } from "./question";
import type { RespondentStrings } from "./strings";

export interface PlainQuestionProps {
  survey: Survey;
  /** The question's index in `survey.questions`: its fields' names. */
  index: number;
  question: Question;
  text: (value: Text) => string;
  t: RespondentStrings & PlainStrings;
  /** The page's language: months in hints and messages are written in it. */
  language: string;
  /** As posted: an option id, option ids, or what was typed. */
  value: string | string[] | undefined;
  problem: FieldProblem | null;
  /** A choice question's options offered after the earlier answers (choice filters). */
  offered: readonly Option[];
  /** Other-specify text fields by the option they follow up. */
  specify: ReadonlyMap<string, ComponentChild>;
}

/** Element ids: the first page also holds the script's hidden copy of the same question. */
const PREFIX = "nojs-q-";

export function PlainQuestion(props: PlainQuestionProps) {
  const { survey, index, question, text, t, value, problem, language } = props;
  const base = `${PREFIX}${question.id}`;
  const name = answerField(survey, index);
  const { describedBy, invalid } = questionDescription(question, t, base, problem);
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
                name={name}
                value={noChoice(survey)}
                checked={chosen.length === 0}
                hidden
              />
              {question.options.map((option, i) =>
                props.offered.includes(option) ? (
                  <div class="option" key={option.id}>
                    <label class="choice">
                      <input
                        type="radio"
                        name={name}
                        value={optionToken(survey, i)}
                        checked={chosen.includes(option.id)}
                        autocomplete="off"
                        aria-invalid={invalid}
                      />
                      <span>{text(option.label)}</span>
                    </label>
                    <Specify field={props.specify.get(option.id)} />
                  </div>
                ) : null,
              )}
            </>
          ) : (
            question.options.map((option, i) => {
              const ticked = chosen.includes(option.id);
              const field = optionField(survey, index, i);
              if (!props.offered.includes(option)) {
                return <input type="hidden" key={option.id} name={field} value="0" />;
              }
              return (
                <div class="option" key={option.id}>
                  <fieldset class="yesno">
                    <legend>{text(option.label)}</legend>
                    <div>
                      {(["1", "0"] as const).map((mark) => (
                        <label class="choice" key={mark}>
                          <input
                            type="radio"
                            name={field}
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
                  <Specify field={props.specify.get(option.id)} />
                </div>
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
    <div class={question.type === "note" ? "question note" : "question"}>
      <h2 id={`${base}-label`}>
        {question.type === "note" ? title : <label for={field.id}>{title}</label>}
      </h2>
      {details}
      {question.type === "note" ? (
        question.hint ? (
          <p class="hint">{text(question.hint)}</p>
        ) : null
      ) : question.type === "text" ? (
        <textarea
          {...field}
          name={name}
          rows={5}
          maxLength={question.maxLength}
          autocomplete="off"
          value={typed}
        />
      ) : question.type === "month" ? (
        <input
          {...field}
          class="month"
          name={name}
          type="month"
          min={question.min}
          max={question.max}
          maxLength={MONTH_FIELD_LENGTH}
          autocomplete="off"
          value={typed}
        />
      ) : (
        <input
          {...field}
          class="number"
          name={name}
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

/** An option's other-specify text, right under it. */
function Specify({ field }: { field: ComponentChild | undefined }) {
  return field ? <div class="specify">{field}</div> : null;
}
