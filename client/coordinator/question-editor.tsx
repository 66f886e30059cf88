// One question of the builder: id, type, page, texts in every language, options, the type's
// own settings and when to show it. Every control is a native one, so it works from the keyboard.
import { useId } from "preact/hooks";
import type { Question, QuestionType, Survey } from "../../surveys/schema";
import { fill } from "../lib/labels";
import {
  changeType,
  conditionTargets,
  moveQuestion,
  QUESTION_TYPES,
  removeQuestion,
  renameQuestion,
  replaceQuestion,
  withField,
} from "./builder";
import { ConditionEditor } from "./condition-editor";
import { TextField } from "./fields";
import { OptionsEditor } from "./options-editor";
import { QuestionSettings } from "./question-settings";
import { useStrings } from "./strings";
import { type ErrorsAt, TranslatedField } from "./translations";

export interface QuestionEditorProps {
  survey: Survey;
  index: number;
  errorsAt: ErrorsAt;
  onChange: (survey: Survey) => void;
}

export function QuestionEditor({ survey, index, errorsAt, onChange }: QuestionEditorProps) {
  const id = useId();
  const strings = useStrings().builder;
  const t = strings.question;
  const question = survey.questions[index] as Question;
  const at = `$.questions[${index}]`;
  const number = index + 1;
  const count = survey.questions.length;
  const set = (next: Question) => onChange(replaceQuestion(survey, index, next));
  const languages = survey.languages;
  const targets = conditionTargets(survey, index);
  const sections = survey.sections ?? [];

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
          {fill(t.heading, { n: number })}
          <span class="muted"> · {strings.types[question.type]}</span>
        </h3>
        <div class="reorder">
          <button
            type="button"
            class="move-up"
            disabled={index === 0}
            aria-label={fill(t.moveUp, { n: number })}
            onClick={() => moveBy(-1)}
          >
            {t.up}
          </button>
          <button
            type="button"
            class="move-down"
            disabled={index === count - 1}
            aria-label={fill(t.moveDown, { n: number })}
            onClick={() => moveBy(1)}
          >
            {t.down}
          </button>
          <button
            type="button"
            class="danger"
            aria-label={fill(t.removeLabel, { n: number })}
            disabled={count === 1}
            onClick={() => onChange(removeQuestion(survey, index))}
          >
            {t.remove}
          </button>
        </div>
      </header>
      {errorsAt(at).length > 0 ? <p class="error">{errorsAt(at).join(" ")}</p> : null}
      <div class="row">
        <TextField
          id={`${id}-id`}
          class="short"
          label={t.id}
          value={question.id}
          errors={errorsAt(`${at}.id`)}
          onInput={(value) => onChange(renameQuestion(survey, index, value))}
        />
        <div class="field short">
          <label for={`${id}-type`}>{t.type}</label>
          <select
            id={`${id}-type`}
            value={question.type}
            onChange={(e) => set(changeType(question, e.currentTarget.value as QuestionType))}
          >
            {QUESTION_TYPES.map((type) => (
              <option key={type} value={type}>
                {strings.types[type]}
              </option>
            ))}
          </select>
        </div>
        {question.type === "note" ? null : (
          <label class="check">
            <input
              type="checkbox"
              checked={question.required === true}
              onChange={(e) =>
                set(withField(question, "required", e.currentTarget.checked ? true : undefined))
              }
            />
            {t.required}
          </label>
        )}
        {sections.length > 0 || question.section !== undefined ? (
          <div class="field short">
            <label for={`${id}-section`}>{t.page}</label>
            <select
              id={`${id}-section`}
              value={question.section ?? ""}
              onChange={(e) =>
                set(withField(question, "section", e.currentTarget.value || undefined))
              }
            >
              <option value="">{t.ownPage}</option>
              {sections.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.title?.[languages[0] ?? ""] || s.id}
                </option>
              ))}
              {question.section !== undefined &&
              !sections.some((s) => s.id === question.section) ? (
                <option value={question.section}>
                  {fill(t.noSuchPage, { id: question.section })}
                </option>
              ) : null}
            </select>
            {errorsAt(`${at}.section`).length > 0 ? (
              <p class="error">{errorsAt(`${at}.section`).join(" ")}</p>
            ) : null}
          </div>
        ) : null}
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
            {t.breakdown}
          </label>
        ) : null}
      </div>
      <TranslatedField
        label={question.type === "note" ? t.note : t.question}
        path={`${at}.label`}
        languages={languages}
        value={question.label}
        errorsAt={errorsAt}
        onChange={(label) => set({ ...question, label: label ?? {} })}
      />
      <TranslatedField
        label={t.hint}
        path={`${at}.hint`}
        languages={languages}
        value={question.hint}
        optional
        errorsAt={errorsAt}
        onChange={(hint) => set(withField(question, "hint", hint))}
      />

      {question.type === "single" || question.type === "multi" ? (
        <OptionsEditor
          survey={survey}
          index={index}
          question={question}
          errorsAt={errorsAt}
          onChange={onChange}
        />
      ) : null}
      <QuestionSettings
        survey={survey}
        index={index}
        question={question}
        errorsAt={errorsAt}
        set={set}
      />
      {question.type === "text" && question.specifies ? (
        <p class="muted">
          {t.specifyShown}
          {errorsAt(`${at}.showIf`).length > 0 ? (
            <span class="error"> {errorsAt(`${at}.showIf`).join(" ")}</span>
          ) : null}
        </p>
      ) : (
        <ConditionEditor
          label={t.showThis}
          value={question.showIf}
          targets={targets}
          language={languages[0] ?? ""}
          path={`${at}.showIf`}
          errorsAt={errorsAt}
          onChange={(showIf) => set(withField(question, "showIf", showIf))}
        />
      )}
    </section>
  );
}
