// The survey's languages: any BCP 47 tag (es, pt-BR, fa-AF, prs…), each with its name in
// itself for the respondent's language picker, right to left where the language is.
import { useId, useState } from "preact/hooks";
import type { Survey } from "../../surveys/schema";
import { addLanguage, canonicalLanguage, removeLanguage, setLanguageName } from "./builder";
import { TextField } from "./fields";
import { type ErrorsAt, languageLabel } from "./translations";

export interface LanguagesEditorProps {
  survey: Survey;
  errorsAt: ErrorsAt;
  onChange: (survey: Survey) => void;
}

export function LanguagesEditor({ survey, errorsAt, onChange }: LanguagesEditorProps) {
  const id = useId();
  const [typed, setTyped] = useState("");
  const [typedName, setTypedName] = useState("");
  return (
    <fieldset class="language-list">
      <legend>Languages (the first is the default)</legend>
      <ul>
        {survey.languages.map((l, i) => (
          <li key={l}>
            {languageLabel(l, survey)} <code>{l}</code>
            {errorsAt(`$.languages[${i}]`).length > 0 ? (
              <span class="error"> {errorsAt(`$.languages[${i}]`).join(" ")}</span>
            ) : null}
            {survey.languages.length > 1 ? (
              <button
                type="button"
                aria-label={`Remove ${languageLabel(l, survey)} and its texts`}
                onClick={() => {
                  if (confirm(`Remove ${languageLabel(l, survey)} and all its texts?`))
                    onChange(removeLanguage(survey, l));
                }}
              >
                Remove
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {survey.languages.map((l) => (
        <TextField
          key={l}
          id={`${id}-name-${l}`}
          class="short"
          lang={l}
          label={`Name of ${l} in itself, for the language picker`}
          value={survey.languageNames?.[l] ?? ""}
          hint={`Empty: “${languageLabel(l, { languageNames: {} })}”.`}
          errors={errorsAt(`$.languageNames.${l}`)}
          onInput={(name) => onChange(setLanguageName(survey, l, name))}
        />
      ))}
      <form
        class="row"
        onSubmit={(e) => {
          e.preventDefault();
          const code = canonicalLanguage(typed);
          if (code) {
            const added = addLanguage(survey, code);
            onChange(typedName.trim() ? setLanguageName(added, code, typedName) : added);
          }
          setTyped("");
          setTypedName("");
        }}
      >
        <TextField
          id={`${id}-new-language`}
          class="short"
          label="Add a language (code: es, en, pt, fr, ht…)"
          hint="Any BCP 47 code: ar, fa-AF, prs, ps, pt-BR, es-419…"
          value={typed}
          onInput={setTyped}
        />
        <TextField
          id={`${id}-new-language-name`}
          class="short"
          label="Its name in itself (optional)"
          value={typedName}
          onInput={setTypedName}
        />
        <button type="submit">Add language</button>
      </form>
    </fieldset>
  );
}
