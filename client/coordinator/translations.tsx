// One survey text in every language, side by side, with a visible warning for each missing
// translation and the validator's messages under the language they name.
import { useId } from "preact/hooks";
import type { Survey, Text } from "../../surveys/schema";
import { fill } from "../lib/labels";
import { directionOf, languageName as ownName } from "../lib/languages";
import { languageName as interfaceName } from "../respondent/strings";
import { setOptionalText, setText } from "./builder";
import { useStrings } from "./strings";

/**
 * A language as the workspace names it: the survey's own name for it, the respondent pages'
 * name when they speak it, else its name in itself from the browser, else the tag.
 */
export function languageLabel(tag: string, survey?: Pick<Survey, "languageNames">): string {
  const given = survey?.languageNames?.[tag];
  if (given) return given;
  const known = interfaceName(tag);
  return known !== tag.toUpperCase() ? known : ownName({}, tag);
}

export type ErrorsAt = (path: string) => readonly string[];

export interface TranslatedFieldProps {
  label: string;
  /** JSON path of the text, e.g. `$.questions[2].label`. */
  path: string;
  languages: readonly string[];
  value: Text | undefined;
  /** Optional texts (intro, hint) may be absent in every language, but not in some only. */
  optional?: boolean;
  multiline?: boolean;
  errorsAt: ErrorsAt;
  onChange: (value: Text | undefined) => void;
}

export function TranslatedField(props: TranslatedFieldProps) {
  const id = useId();
  const t = useStrings().builder.translations;
  const { value, languages, optional, errorsAt, path } = props;
  const present = value !== undefined && Object.keys(value).length > 0;
  const own = errorsAt(path);
  return (
    <fieldset class="translations">
      <legend>{props.label}</legend>
      <div class="languages-row">
        {languages.map((language) => {
          const text = value?.[language] ?? "";
          const missing = text === "" && (!optional || present);
          const errors = errorsAt(`${path}.${language}`);
          const inputId = `${id}-${language}`;
          const describedBy =
            [missing ? `${inputId}-missing` : null, errors.length > 0 ? `${inputId}-error` : null]
              .filter(Boolean)
              .join(" ") || undefined;
          const common = {
            id: inputId,
            lang: language,
            dir: directionOf(language),
            value: text,
            class: missing ? "missing" : undefined,
            "aria-describedby": describedBy,
            "aria-invalid": missing || errors.length > 0 ? ("true" as const) : undefined,
            onInput: (event: Event) => {
              const next = (event.currentTarget as HTMLInputElement).value;
              props.onChange(
                optional ? setOptionalText(value, language, next) : setText(value, language, next),
              );
            },
          };
          return (
            <div class="translation" key={language}>
              <label for={inputId}>
                {props.label} <span class="language">({languageLabel(language)})</span>
              </label>
              {props.multiline ? (
                <textarea {...common} rows={2} />
              ) : (
                <input {...common} type="text" />
              )}
              {missing ? (
                <p class="missing-warning" id={`${inputId}-missing`}>
                  {fill(t.missingIn, { language: languageLabel(language) })}
                </p>
              ) : null}
              {errors.length > 0 ? (
                <p class="error" id={`${inputId}-error`}>
                  {errors.join(" ")}
                </p>
              ) : null}
            </div>
          );
        })}
      </div>
      {own.length > 0 ? <p class="error">{own.join(" ")}</p> : null}
    </fieldset>
  );
}
