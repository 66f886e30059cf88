// The options of a single or multi question: ids and texts, order, exclusive ("none"), the
// parent answers each is offered for (choice filters), and the "please specify" text of one.
import { useId } from "preact/hooks";
import type { ChoiceQuestion, Option, Survey } from "../../surveys/schema";
import { fill } from "../lib/labels";
import {
  addSpecify,
  filterParents,
  freshId,
  move,
  renameOption,
  replaceQuestion,
  withField,
} from "./builder";
import { TextField } from "./fields";
import { useStrings } from "./strings";
import { type ErrorsAt, TranslatedField } from "./translations";

export interface OptionsEditorProps {
  survey: Survey;
  index: number;
  question: ChoiceQuestion;
  errorsAt: ErrorsAt;
  onChange: (survey: Survey) => void;
}

export function OptionsEditor({ survey, index, question, errorsAt, onChange }: OptionsEditorProps) {
  const id = useId();
  const t = useStrings().builder.options;
  const at = `$.questions[${index}]`;
  const language = survey.languages[0] ?? "";
  const set = (next: ChoiceQuestion) => onChange(replaceQuestion(survey, index, next));
  const setOptions = (options: Option[]) => set({ ...question, options });
  const parents = filterParents(survey, index);
  const parent = parents.find((q) => q.id === question.filterBy);
  const specified = new Set(
    survey.questions.flatMap((q) =>
      q.type === "text" && q.specifies?.question === question.id ? [q.specifies.option] : [],
    ),
  );

  return (
    <fieldset class="options">
      <legend>{t.legend}</legend>
      {errorsAt(`${at}.options`).length > 0 ? (
        <p class="error">{errorsAt(`${at}.options`).join(" ")}</p>
      ) : null}
      {parents.length > 0 || question.filterBy !== undefined ? (
        <div class="field short">
          <label for={`${id}-filter`}>{t.filterBy}</label>
          <select
            id={`${id}-filter`}
            value={question.filterBy ?? ""}
            aria-describedby={
              errorsAt(`${at}.filterBy`).length > 0 ? `${id}-filter-error` : undefined
            }
            onChange={(e) => {
              const chosen = e.currentTarget.value;
              // Without a parent, `for` has nothing to name.
              const options = chosen
                ? question.options
                : question.options.map((o) => withField(o, "for", undefined));
              set(withField({ ...question, options }, "filterBy", chosen || undefined));
            }}
          >
            <option value="">{t.filterNothing}</option>
            {parents.map((q) => (
              <option key={q.id} value={q.id}>
                {fill(t.answerTo, { question: q.label[language] || q.id })}
              </option>
            ))}
            {question.filterBy !== undefined && !parent ? (
              <option value={question.filterBy}>
                {fill(t.notEarlierSingle, { id: question.filterBy })}
              </option>
            ) : null}
          </select>
          {errorsAt(`${at}.filterBy`).length > 0 ? (
            <p class="error" id={`${id}-filter-error`}>
              {errorsAt(`${at}.filterBy`).join(" ")}
            </p>
          ) : null}
        </div>
      ) : null}
      {question.options.map((option, j) => {
        const path = `${at}.options[${j}]`;
        const offeredFor = option.for === undefined ? [] : [option.for].flat();
        return (
          <div class="option" key={j}>
            <TextField
              id={`${id}-o${j}`}
              class="short"
              label={fill(t.optionId, { n: j + 1 })}
              value={option.id}
              errors={errorsAt(`${path}.id`)}
              onInput={(value) => onChange(renameOption(survey, index, j, value))}
            />
            <div>
              <TranslatedField
                label={fill(t.option, { n: j + 1 })}
                path={`${path}.label`}
                languages={survey.languages}
                value={option.label}
                errorsAt={errorsAt}
                onChange={(label) =>
                  setOptions(
                    question.options.map((o, k) => (k === j ? { ...o, label: label ?? {} } : o)),
                  )
                }
              />
              <div class="option-flags">
                {question.type === "multi" ? (
                  <label class="check">
                    <input
                      type="checkbox"
                      checked={option.exclusive === true}
                      onChange={(e) =>
                        setOptions(
                          question.options.map((o, k) =>
                            k === j
                              ? withField(
                                  o,
                                  "exclusive",
                                  e.currentTarget.checked ? true : undefined,
                                )
                              : o,
                          ),
                        )
                      }
                    />
                    {fill(t.alone, { n: j + 1 })}
                  </label>
                ) : null}
                {specified.has(option.id) ? (
                  <span class="muted">{fill(t.asksToSpecify, { n: j + 1 })}</span>
                ) : (
                  <button
                    type="button"
                    onClick={() => onChange(addSpecify(survey, index, option.id))}
                  >
                    {fill(t.addSpecify, { n: j + 1 })}
                  </button>
                )}
              </div>
              {parent ? (
                <fieldset class="condition-options">
                  <legend>
                    {fill(t.offerWhen, { n: j + 1, question: parent.label[language] || parent.id })}
                  </legend>
                  {parent.options.map((p) => (
                    <label class="check" key={p.id}>
                      <input
                        type="checkbox"
                        checked={offeredFor.includes(p.id)}
                        onChange={(e) => {
                          const on = e.currentTarget.checked;
                          const next = parent.options
                            .map((x) => x.id)
                            .filter((x) => (x === p.id ? on : offeredFor.includes(x)));
                          setOptions(
                            question.options.map((o, k) =>
                              k === j
                                ? withField(
                                    o,
                                    "for",
                                    next.length === 0
                                      ? undefined
                                      : next.length === 1
                                        ? next[0]
                                        : next,
                                  )
                                : o,
                            ),
                          );
                        }}
                      />
                      {p.label[language] || p.id}
                    </label>
                  ))}
                  {[
                    ...errorsAt(`${path}.for`),
                    ...offeredFor.flatMap((_, k) => errorsAt(`${path}.for[${k}]`)),
                  ].map((message) => (
                    <p class="error" key={message}>
                      {message}
                    </p>
                  ))}
                </fieldset>
              ) : null}
              {errorsAt(`${path}.exclusive`).length > 0 ? (
                <p class="error">{errorsAt(`${path}.exclusive`).join(" ")}</p>
              ) : null}
            </div>
            <div class="reorder">
              <button
                type="button"
                disabled={j === 0}
                aria-label={fill(t.moveUp, { n: j + 1 })}
                onClick={() => setOptions(move(question.options, j, -1))}
              >
                ↑
              </button>
              <button
                type="button"
                disabled={j === question.options.length - 1}
                aria-label={fill(t.moveDown, { n: j + 1 })}
                onClick={() => setOptions(move(question.options, j, 1))}
              >
                ↓
              </button>
              <button
                type="button"
                class="danger"
                aria-label={fill(t.removeLabel, { n: j + 1 })}
                onClick={() => setOptions(question.options.filter((_, k) => k !== j))}
              >
                {t.remove}
              </button>
            </div>
          </div>
        );
      })}
      <button
        type="button"
        onClick={() =>
          setOptions([
            ...question.options,
            {
              id: freshId(
                "o",
                question.options.map((o) => o.id),
              ),
              label: {},
            },
          ])
        }
      >
        {t.add}
      </button>
    </fieldset>
  );
}
