// The options of a single or multi question: only those offered after the earlier answers
// (choice filters), an exclusive option ("none") that unticks the others, and an option's
// other-specify text right under it while it is chosen (docs/survey-format.md).
import type { ComponentChild } from "preact";
import type { ChoiceQuestion, Option, Text } from "../../surveys/schema";

interface ChoicesProps {
  question: ChoiceQuestion;
  offered: readonly Option[];
  name: string;
  chosen: string | string[] | undefined;
  text: (value: Text) => string;
  invalid: "true" | undefined;
  /** Other-specify text fields by the option they follow up, drawn while it is chosen. */
  specify: ReadonlyMap<string, ComponentChild>;
  onChange: (value: string | string[]) => void;
}

/**
 * A multi answer after ticking or unticking one box, in definition order: an exclusive option
 * ticked leaves it alone; any other ticked unticks the exclusive ones.
 */
export function toggled(
  question: ChoiceQuestion,
  before: readonly string[],
  option: Option,
  on: boolean,
): string[] {
  const exclusive = new Set(question.options.filter((o) => o.exclusive).map((o) => o.id));
  if (on && option.exclusive) return [option.id];
  return question.options
    .map((o) => o.id)
    .filter((id) => (id === option.id ? on : before.includes(id) && !(on && exclusive.has(id))));
}

export function Choices(props: ChoicesProps) {
  const { question, offered, name, chosen, text } = props;
  const multi = question.type === "multi";
  return (
    <div class="choices">
      {offered.map((option) => {
        const checked = multi
          ? Array.isArray(chosen) && chosen.includes(option.id)
          : chosen === option.id;
        const specify = checked ? props.specify.get(option.id) : undefined;
        return (
          <div class="option" key={option.id}>
            <label class="choice">
              <input
                type={multi ? "checkbox" : "radio"}
                name={name}
                value={option.id}
                checked={checked}
                autocomplete="off"
                aria-invalid={props.invalid}
                required={!multi && question.required ? true : undefined}
                onChange={(event) => {
                  const on = event.currentTarget.checked;
                  if (!multi) props.onChange(option.id);
                  else {
                    const before = Array.isArray(chosen) ? chosen : [];
                    props.onChange(toggled(question, before, option, on));
                  }
                }}
              />
              <span>{text(option.label)}</span>
            </label>
            {specify ? <div class="specify">{specify}</div> : null}
          </div>
        );
      })}
    </div>
  );
}
