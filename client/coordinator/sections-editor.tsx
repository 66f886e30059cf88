// The survey's pages (sections): each with an id, an optional title and introduction, and its
// own condition — a consent gate is a first page whose "no" hides every later page. Questions
// choose their page in their own card; the questions of a page must be together.
import { useId } from "preact/hooks";
import type { Survey } from "../../surveys/schema";
import { fill } from "../lib/labels";
import {
  addSection,
  conditionTargets,
  removeSection,
  renameSection,
  sectionStart,
  withField,
} from "./builder";
import { ConditionEditor } from "./condition-editor";
import { TextField } from "./fields";
import { useStrings } from "./strings";
import { type ErrorsAt, TranslatedField } from "./translations";

export interface SectionsEditorProps {
  survey: Survey;
  errorsAt: ErrorsAt;
  onChange: (survey: Survey) => void;
}

export function SectionsEditor({ survey, errorsAt, onChange }: SectionsEditorProps) {
  const id = useId();
  const t = useStrings().builder.sections;
  const sections = survey.sections ?? [];
  const language = survey.languages[0] ?? "";
  const setSection = (k: number, next: (typeof sections)[number]) =>
    onChange({ ...survey, sections: sections.map((s, i) => (i === k ? next : s)) });

  return (
    <section class="sections" aria-labelledby={`${id}-pages`}>
      <h2 id={`${id}-pages`}>{t.heading}</h2>
      <p class="muted">{t.about}</p>
      {sections.map((section, k) => {
        const at = `$.sections[${k}]`;
        const start = sectionStart(survey, section.id);
        return (
          <div class="section-card" key={k} id={`section-${k}`}>
            <h3>
              {fill(t.page, { n: k + 1 })}
              <span class="muted">
                {" "}
                · {start === -1 ? t.noQuestions : fill(t.startsAt, { n: start + 1 })}
              </span>
            </h3>
            {errorsAt(at).length > 0 ? <p class="error">{errorsAt(at).join(" ")}</p> : null}
            <div class="row">
              <TextField
                id={`${id}-s${k}-id`}
                class="short"
                label={fill(t.id, { n: k + 1 })}
                value={section.id}
                errors={errorsAt(`${at}.id`)}
                onInput={(value) => onChange(renameSection(survey, k, value))}
              />
              <button
                type="button"
                class="danger"
                onClick={() => onChange(removeSection(survey, k))}
              >
                {fill(t.remove, { n: k + 1 })}
              </button>
            </div>
            <TranslatedField
              label={fill(t.title, { n: k + 1 })}
              path={`${at}.title`}
              languages={survey.languages}
              value={section.title}
              optional
              errorsAt={errorsAt}
              onChange={(title) => setSection(k, withField(section, "title", title))}
            />
            <TranslatedField
              label={fill(t.intro, { n: k + 1 })}
              path={`${at}.intro`}
              languages={survey.languages}
              value={section.intro}
              optional
              multiline
              errorsAt={errorsAt}
              onChange={(intro) => setSection(k, withField(section, "intro", intro))}
            />
            <ConditionEditor
              label={fill(t.show, { n: k + 1 })}
              value={section.showIf}
              targets={conditionTargets(survey, start === -1 ? survey.questions.length : start)}
              language={language}
              path={`${at}.showIf`}
              errorsAt={errorsAt}
              onChange={(showIf) => setSection(k, withField(section, "showIf", showIf))}
            />
          </div>
        );
      })}
      <button type="button" onClick={() => onChange(addSection(survey))}>
        {t.add}
      </button>
    </section>
  );
}
