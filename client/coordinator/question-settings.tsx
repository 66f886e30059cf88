// The settings of one question type: a number's range, whole numbers and groups; a month's
// range and groups; a text's length and the option it specifies; the survey's own message
// when an answer breaks these limits.
import { useId } from "preact/hooks";
import type { Question, Survey } from "../../surveys/schema";
import { fill } from "../lib/labels";
import { parseBins, parseMonthBins, withField } from "./builder";
import { TextField } from "./fields";
import { ListText, NumberText } from "./number-text";
import { useStrings } from "./strings";
import { type ErrorsAt, TranslatedField } from "./translations";

export interface QuestionSettingsProps {
  survey: Survey;
  index: number;
  question: Question;
  errorsAt: ErrorsAt;
  set: (question: Question) => void;
}

export function QuestionSettings({
  survey,
  index,
  question,
  errorsAt,
  set,
}: QuestionSettingsProps) {
  const id = useId();
  const t = useStrings().builder.settingsOf;
  const at = `$.questions[${index}]`;
  const binsErrors = (length: number) => [
    ...errorsAt(`${at}.bins`),
    ...Array.from({ length }, (_, i) => errorsAt(`${at}.bins[${i}]`)).flat(),
  ];
  const constraint =
    question.type === "number" ||
    question.type === "text" ||
    question.type === "multi" ||
    question.type === "month" ? (
      <TranslatedField
        label={t.constraintMessage}
        path={`${at}.constraintMessage`}
        languages={survey.languages}
        value={question.constraintMessage}
        optional
        errorsAt={errorsAt}
        onChange={(message) => set(withField(question, "constraintMessage", message))}
      />
    ) : null;

  if (question.type === "number") {
    return (
      <>
        <div class="row">
          <NumberText
            id={`${id}-min`}
            label={t.smallest}
            value={question.min}
            errors={errorsAt(`${at}.min`)}
            onChange={(min) => set(withField(question, "min", min))}
          />
          <NumberText
            id={`${id}-max`}
            label={t.largest}
            value={question.max}
            errors={errorsAt(`${at}.max`)}
            onChange={(max) => set(withField(question, "max", max))}
          />
          <label class="check">
            <input
              type="checkbox"
              checked={question.integer === true}
              onChange={(e) =>
                set(withField(question, "integer", e.currentTarget.checked ? true : undefined))
              }
            />
            {t.wholeNumbers}
          </label>
          <ListText
            id={`${id}-bins`}
            label={t.numberBins}
            hint={t.numberBinsHint}
            unreadable={t.numberBinsUnreadable}
            value={question.bins}
            errors={binsErrors(question.bins?.length ?? 0)}
            parse={parseBins}
            onChange={(bins) => set(withField(question, "bins", bins))}
          />
        </div>
        {constraint}
      </>
    );
  }
  if (question.type === "month") {
    return (
      <>
        <div class="row">
          <TextField
            id={`${id}-min`}
            class="short"
            label={t.earliest}
            value={question.min ?? ""}
            errors={errorsAt(`${at}.min`)}
            onInput={(min) => set(withField(question, "min", min.trim() || undefined))}
          />
          <TextField
            id={`${id}-max`}
            class="short"
            label={t.latest}
            value={question.max ?? ""}
            errors={errorsAt(`${at}.max`)}
            onInput={(max) => set(withField(question, "max", max.trim() || undefined))}
          />
          <ListText
            id={`${id}-bins`}
            label={t.monthBins}
            hint={t.monthBinsHint}
            unreadable={t.monthBinsUnreadable}
            value={question.bins}
            errors={binsErrors(question.bins?.length ?? 0)}
            parse={parseMonthBins}
            onChange={(bins) => set(withField(question, "bins", bins))}
          />
        </div>
        {constraint}
      </>
    );
  }
  if (question.type === "text") {
    const choices = survey.questions
      .slice(0, index)
      .flatMap((q) =>
        q.type === "single" || q.type === "multi"
          ? q.options.map((o) => ({ question: q, option: o, value: `${q.id}\u0000${o.id}` }))
          : [],
      );
    const current = question.specifies
      ? `${question.specifies.question}\u0000${question.specifies.option}`
      : "";
    const language = survey.languages[0] ?? "";
    return (
      <>
        <div class="row">
          <NumberText
            id={`${id}-max-length`}
            label={t.longest}
            integer
            value={question.maxLength}
            errors={errorsAt(`${at}.maxLength`)}
            onChange={(maxLength) => set(withField(question, "maxLength", maxLength))}
          />
          <div class="field">
            <label for={`${id}-specifies`}>{t.specifies}</label>
            <select
              id={`${id}-specifies`}
              value={current}
              onChange={(e) => {
                const [q, o] = e.currentTarget.value.split("\u0000");
                const specifies = q && o ? { question: q, option: o } : undefined;
                // Shown exactly when its option is chosen: it has no condition of its own.
                const next = withField(question, "specifies", specifies);
                set(specifies ? withField(next, "showIf", undefined) : next);
              }}
            >
              <option value="">{t.specifiesNothing}</option>
              {choices.map((c) => (
                <option key={c.value} value={c.value}>
                  {fill(t.specifiesOption, {
                    option: c.option.label[language] || c.option.id,
                    question: c.question.label[language] || c.question.id,
                  })}
                </option>
              ))}
              {current && !choices.some((c) => c.value === current) ? (
                <option value={current}>
                  {fill(t.notEarlierOption, { value: current.replace("\u0000", ": ") })}
                </option>
              ) : null}
            </select>
            {[
              ...errorsAt(`${at}.specifies`),
              ...errorsAt(`${at}.specifies.question`),
              ...errorsAt(`${at}.specifies.option`),
            ].map((message) => (
              <p class="error" key={message}>
                {message}
              </p>
            ))}
          </div>
        </div>
        {constraint}
      </>
    );
  }
  return constraint;
}
