// The survey's languages: any BCP 47 tag (es, pt-BR, fa-AF, prs…), each with its name in
// itself for the respondent's language picker, right to left where the language is.
import { useId, useState } from "preact/hooks";
import type { Survey } from "../../surveys/schema";
import { fill } from "../lib/labels";
import { addLanguage, canonicalLanguage, removeLanguage, setLanguageName } from "./builder";
import { TextField } from "./fields";
import { useStrings } from "./strings";
import { type ErrorsAt, languageLabel } from "./translations";

export interface LanguagesEditorProps {
  survey: Survey;
  errorsAt: ErrorsAt;
  onChange: (survey: Survey) => void;
}

export function LanguagesEditor({ survey, errorsAt, onChange }: LanguagesEditorProps) {
  const id = useId();
  const t = useStrings().builder.languages;
  const [typed, setTyped] = useState("");
  const [typedName, setTypedName] = useState("");
  return (
    <fieldset class="language-list">
      <legend>{t.legend}</legend>
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
                aria-label={fill(t.removeLabel, { language: languageLabel(l, survey) })}
                onClick={() => {
                  if (confirm(fill(t.removeConfirm, { language: languageLabel(l, survey) })))
                    onChange(removeLanguage(survey, l));
                }}
              >
                {t.remove}
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
          label={fill(t.nameOf, { code: l })}
          value={survey.languageNames?.[l] ?? ""}
          hint={fill(t.nameHint, { name: languageLabel(l, { languageNames: {} }) })}
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
          label={t.add}
          hint={t.addHint}
          value={typed}
          onInput={setTyped}
        />
        <TextField
          id={`${id}-new-language-name`}
          class="short"
          label={t.ownName}
          value={typedName}
          onInput={setTypedName}
        />
        <button type="submit">{t.addButton}</button>
      </form>
    </fieldset>
  );
}
