// The survey's pages (sections): each with an id, an optional title and introduction, and its
// own condition — a consent gate is a first page whose "no" hides every later page. Questions
// choose their page in their own card; the questions of a page must be together.
import { useId } from "preact/hooks";
import type { Survey } from "../../surveys/schema";
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
import { type ErrorsAt, TranslatedField } from "./translations";

export interface SectionsEditorProps {
  survey: Survey;
  errorsAt: ErrorsAt;
  onChange: (survey: Survey) => void;
}

export function SectionsEditor({ survey, errorsAt, onChange }: SectionsEditorProps) {
  const id = useId();
  const sections = survey.sections ?? [];
  const language = survey.languages[0] ?? "";
  const setSection = (k: number, next: (typeof sections)[number]) =>
    onChange({ ...survey, sections: sections.map((s, i) => (i === k ? next : s)) });

  return (
    <section class="sections" aria-labelledby={`${id}-pages`}>
      <h2 id={`${id}-pages`}>Pages</h2>
      <p class="muted">
        Without pages, each question is a page of its own. A page shows its questions together and
        can be shown only when earlier answers call for it (a consent question on the first page,
        and later pages only for “yes”).
      </p>
      {sections.map((section, k) => {
        const at = `$.sections[${k}]`;
        const start = sectionStart(survey, section.id);
        return (
          <div class="section-card" key={k} id={`section-${k}`}>
            <h3>
              Page {k + 1}
              <span class="muted">
                {" "}
                · {start === -1 ? "no questions yet" : `starts at question ${start + 1}`}
              </span>
            </h3>
            {errorsAt(at).length > 0 ? <p class="error">{errorsAt(at).join(" ")}</p> : null}
            <div class="row">
              <TextField
                id={`${id}-s${k}-id`}
                class="short"
                label={`Page ${k + 1} id`}
                value={section.id}
                errors={errorsAt(`${at}.id`)}
                onInput={(value) => onChange(renameSection(survey, k, value))}
              />
              <button
                type="button"
                class="danger"
                onClick={() => onChange(removeSection(survey, k))}
              >
                Remove page {k + 1} (its questions stay)
              </button>
            </div>
            <TranslatedField
              label={`Page ${k + 1} title`}
              path={`${at}.title`}
              languages={survey.languages}
              value={section.title}
              optional
              errorsAt={errorsAt}
              onChange={(title) => setSection(k, withField(section, "title", title))}
            />
            <TranslatedField
              label={`Page ${k + 1} introduction`}
              path={`${at}.intro`}
              languages={survey.languages}
              value={section.intro}
              optional
              multiline
              errorsAt={errorsAt}
              onChange={(intro) => setSection(k, withField(section, "intro", intro))}
            />
            <ConditionEditor
              label={`Show page ${k + 1}`}
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
        Add a page
      </button>
    </section>
  );
}
