// The questionnaire builder page: the survey's settings and questions on the left, the live
// phone preview on the right; import and export of the survey JSON and XLSForm import. The
// validator (surveys/schema.ts) runs on every change and its messages sit next to the field
// their JSON path names; the server's answer on save is shown the same way.
import { useEffect, useId, useMemo, useState } from "preact/hooks";
import { parseSurvey, type SchemaError, type Survey } from "../../surveys/schema";
import type { XlsProblem } from "../lib/xlsform/problems";
import { api } from "./api";
import {
  addQuestion,
  blankSurvey,
  errorsByPath,
  missingTexts,
  QUESTION_TYPES,
  withField,
} from "./builder";
import { type Status, StatusLine, TextField } from "./fields";
import { LanguagesEditor } from "./languages-editor";
import { Preview } from "./preview";
import { QuestionEditor, TYPE_NAMES } from "./question-editor";
import { guardLeaving, navigate, onLinkClick, surveyPath } from "./router";
import { saveFile } from "./save-file";
import { SectionsEditor } from "./sections-editor";
import { useSession } from "./session";
import { exportSurveyJson, importSurveyJson } from "./survey-file";
import { loadTemplate, TemplatePicker } from "./templates";
import { languageLabel, TranslatedField } from "./translations";

// The XLSForm reader, writer and translation load only when a coordinator uses them.
async function readXlsForm(file: File) {
  const [{ default: readXlsxFile }, { surveyFromXlsForm }] = await Promise.all([
    import("read-excel-file/browser"),
    import("../lib/xlsform/import"),
  ]);
  return surveyFromXlsForm(await readXlsxFile(file));
}

async function downloadXlsForm(survey: Survey) {
  const [{ default: writeXlsxFile }, { surveyToXlsForm }] = await Promise.all([
    import("write-excel-file/browser"),
    import("../lib/xlsform/export"),
  ]);
  const { sheets, warnings } = surveyToXlsForm(survey);
  await writeXlsxFile(sheets).toFile(`${survey.slug || "survey"}.xlsx`);
  return warnings;
}

/** "2, 3, 4 and 12 more": a long list of rows stays one line. */
function rowList(rows: readonly number[]): string {
  const shown = rows.slice(0, 12).join(", ");
  return rows.length > 12 ? `${shown} and ${rows.length - 12} more` : shown;
}

const LEAVE = "This questionnaire has unsaved changes. Leave without saving them?";

/**
 * Unsaved edits are never lost silently: links, Back and Forward inside the workspace ask
 * (router.ts guardLeaving), and so does the browser before a reload or closing the tab.
 */
function useUnsavedGuard(dirty: boolean) {
  useEffect(() => {
    if (!dirty) return;
    guardLeaving(() => !confirm(LEAVE));
    const beforeUnload = (event: BeforeUnloadEvent) => event.preventDefault();
    addEventListener("beforeunload", beforeUnload);
    return () => {
      guardLeaving(null);
      removeEventListener("beforeunload", beforeUnload);
    };
  }, [dirty]);
}

export function Editor({ slug }: { slug: string | null }) {
  const id = useId();
  const { respondent } = useSession();
  const [survey, setSurvey] = useState<Survey | null>(slug ? null : blankSurvey("", ["es"]));
  const [saved, setSaved] = useState<string>(slug ? "" : JSON.stringify(survey));
  const [published, setPublished] = useState(false);
  const [serverErrors, setServerErrors] = useState<SchemaError[]>([]);
  const [imported, setImported] = useState<XlsProblem[] | null>(null);
  const [status, setStatus] = useState<Status>({ kind: "idle" });

  useEffect(() => {
    if (!slug) return;
    api.survey(slug).then((result) => {
      if (!result.ok) return setStatus({ kind: "error", text: result.message });
      const loaded = result.value.draft ?? result.value.versions.at(-1) ?? null;
      setSurvey(loaded);
      setSaved(JSON.stringify(loaded));
      setPublished(result.value.versions.length > 0);
    });
  }, [slug]);

  const json = JSON.stringify(survey);
  const validation = useMemo(() => (survey ? parseSurvey(survey) : null), [json]);
  const errors = useMemo(
    () =>
      errorsByPath([...(validation && !validation.ok ? validation.errors : []), ...serverErrors]),
    [validation, serverErrors],
  );
  const missing = useMemo(() => (survey ? missingTexts(survey) : []), [json]);
  useUnsavedGuard(survey !== null && json !== saved);
  if (!survey) return <p class="loading">Loading the survey…</p>;

  // A path ending in "*" names everything under it (a condition's tests, for one).
  const errorsAt = (path: string) =>
    path.endsWith("*")
      ? [...errors].filter(([p]) => p.startsWith(path.slice(0, -1))).flatMap(([, m]) => m)
      : (errors.get(path) ?? []);
  const change = (next: Survey) => {
    setSurvey(next);
    setServerErrors([]);
  };
  const dirty = json !== saved;
  const errorCount = [...errors.entries()].filter(
    ([path]) => !missing.some((m) => m.path === path),
  ).length;

  async function save() {
    if (!survey) return;
    setStatus({ kind: "busy", text: "Saving…" });
    const result = slug ? await api.saveDraft(slug, survey) : await api.create(survey);
    if (!result.ok) {
      setServerErrors(result.field ? [{ path: result.field, message: result.message }] : []);
      return setStatus({ kind: "error", text: `Not saved: ${result.message}` });
    }
    setSaved(JSON.stringify(survey));
    const missingNow = result.value.missing;
    setStatus({
      kind: "done",
      text:
        missingNow.length === 0
          ? "Saved as a draft. Respondents see it once it is published."
          : `Saved as a draft. ${missingNow.length} ${missingNow.length === 1 ? "text is" : "texts are"} still to translate before it can be opened or published: ${missingNow
              .slice(0, 3)
              .map((m) => m.message)
              .join("; ")}${missingNow.length > 3 ? "…" : "."}`,
    });
    if (!slug) {
      // Saved: the new address is the same work, not a departure from it.
      guardLeaving(null);
      navigate(surveyPath(survey.slug, "edit"), true);
    }
  }

  async function importFile(event: Event, kind: "json" | "xlsx") {
    const input = event.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    input.value = "";
    if (!file) return;
    if (dirty && !confirm("Replace the questionnaire being edited with this file?")) return;
    if (kind === "json") {
      const result = importSurveyJson(await file.text());
      if (!result.ok) {
        return setStatus({
          kind: "error",
          text: `Not a survey: ${result.errors.map((e) => `${e.path}: ${e.message}`).join("; ")}`,
        });
      }
      setImported(null);
      change(slug ? { ...result.survey, slug } : result.survey);
      return setStatus({ kind: "done", text: `Imported ${file.name}.` });
    }
    setStatus({ kind: "busy", text: "Reading the XLSForm…" });
    try {
      const result = await readXlsForm(file);
      setImported(result.problems);
      change(slug ? { ...result.survey, slug } : result.survey);
      setStatus({
        kind: "done",
        text: `Imported ${file.name}; check what could not be brought over.`,
      });
    } catch (error) {
      setStatus({
        kind: "error",
        text: `That file could not be read as .xlsx: ${(error as Error).message}`,
      });
    }
  }

  async function startFrom(file: string) {
    if (dirty && !confirm("Replace the questionnaire being edited with this template?")) return;
    setImported(null);
    change(await loadTemplate(file));
    setStatus({ kind: "done", text: "Started from the template. Give it a short name (slug)." });
  }

  return (
    <div class="builder">
      <div class="builder-main">
        <div class="toolbar">
          <h1>
            {slug ? `Edit “${survey.title[survey.languages[0] ?? ""] || slug}”` : "New survey"}
          </h1>
          <div class="actions">
            <button type="button" class="primary" onClick={save} disabled={status.kind === "busy"}>
              {slug ? "Save draft" : "Create draft"}
            </button>
            {slug ? (
              <a class="button" href={surveyPath(slug)} onClick={onLinkClick}>
                {published ? "Publish…" : "Open…"}
              </a>
            ) : null}
            <button
              type="button"
              onClick={() =>
                saveFile(
                  `${survey.slug || "survey"}.json`,
                  new Blob([exportSurveyJson(survey)], { type: "application/json" }),
                )
              }
            >
              Export JSON
            </button>
            <label class="button">
              Import JSON
              <input
                type="file"
                accept=".json,application/json"
                class="visually-hidden"
                onChange={(e) => importFile(e, "json")}
              />
            </label>
            <button
              type="button"
              onClick={async () => {
                const warnings = await downloadXlsForm(survey);
                setStatus({
                  kind: "done",
                  text: `Exported ${survey.slug || "survey"}.xlsx for KoboToolbox or ODK.${warnings.length ? ` ${warnings.join(" ")}` : ""}`,
                });
              }}
            >
              Export XLSForm
            </button>
            <label class="button">
              Import XLSForm
              <input
                type="file"
                accept=".xlsx"
                class="visually-hidden"
                onChange={(e) => importFile(e, "xlsx")}
              />
            </label>
          </div>
          <StatusLine status={status} />
          <p class="muted">{dirty ? "Unsaved changes." : "All changes saved."}</p>
          {slug ? null : <TemplatePicker onPick={startFrom} />}
        </div>

        {imported && imported.length > 0 ? (
          <section class="problems" aria-labelledby={`${id}-xls`}>
            <h2 id={`${id}-xls`}>
              What the XLSForm had that Voz changed, left out or asks you about ({imported.length})
            </h2>
            <ul>
              {imported.map((p) => (
                <li key={`${p.sheet}|${p.column}|${p.construct}`}>
                  <strong>
                    {p.sheet}
                    {p.rows.length > 0
                      ? `, row${p.rows.length > 1 ? "s" : ""} ${rowList(p.rows)}`
                      : ""}
                    {p.column ? ` (${p.column})` : ""}:
                  </strong>{" "}
                  {p.construct} — {p.message}
                </li>
              ))}
            </ul>
            <button type="button" onClick={() => setImported(null)}>
              Done reading
            </button>
          </section>
        ) : null}

        <section class="summary" aria-live="polite">
          {errorCount === 0 && missing.length === 0 ? (
            <p class="ok">Ready to publish: the survey is complete in every language.</p>
          ) : (
            <>
              {missing.length > 0 ? (
                <p class="missing-warning">
                  Missing translations:{" "}
                  {survey.languages
                    .map((l) => [l, missing.filter((m) => m.language === l).length] as const)
                    .filter(([, n]) => n > 0)
                    .map(([l, n]) => `${n} in ${languageLabel(l, survey)}`)
                    .join(", ")}
                  .
                </p>
              ) : null}
              {errorCount > 0 ? (
                <details>
                  <summary class="error">
                    {errorCount} problem{errorCount === 1 ? "" : "s"} to fix before publishing
                  </summary>
                  <ul>
                    {[...errors.entries()]
                      .filter(([path]) => !missing.some((m) => m.path === path))
                      .map(([path, messages]) => (
                        <li key={path}>
                          <code>{path}</code>: {messages.join(" ")}
                        </li>
                      ))}
                  </ul>
                </details>
              ) : null}
            </>
          )}
        </section>

        <section class="survey-settings" aria-labelledby={`${id}-settings`}>
          <h2 id={`${id}-settings`}>Survey</h2>
          <TextField
            id={`${id}-slug`}
            class="short"
            label="Short name (in the link /s/…)"
            value={survey.slug}
            errors={errorsAt("$.slug")}
            hint={
              slug
                ? "A survey's short name cannot change once created."
                : "Lower-case letters, digits and dashes."
            }
            onInput={(value) => !slug && change({ ...survey, slug: value })}
          />
          <LanguagesEditor survey={survey} errorsAt={errorsAt} onChange={change} />
          <TranslatedField
            label="Title"
            path="$.title"
            languages={survey.languages}
            value={survey.title}
            errorsAt={errorsAt}
            onChange={(title) => change({ ...survey, title: title ?? {} })}
          />
          <TranslatedField
            label="Introduction"
            path="$.intro"
            languages={survey.languages}
            value={survey.intro}
            optional
            multiline
            errorsAt={errorsAt}
            onChange={(intro) => change(withField(survey, "intro", intro))}
          />
          <label class="check">
            <input
              type="checkbox"
              checked={survey.withoutJavaScript !== false}
              onChange={(e) =>
                change(
                  withField(
                    survey,
                    "withoutJavaScript",
                    e.currentTarget.checked ? undefined : false,
                  ),
                )
              }
            />
            Let people answer with JavaScript off (less private: the server sees their answers for
            an instant before it seals them)
          </label>
          <label class="check">
            <input
              type="checkbox"
              checked={survey.resumeOnDevice === true}
              onChange={(e) =>
                change(
                  withField(survey, "resumeOnDevice", e.currentTarget.checked ? true : undefined),
                )
              }
            />
            Let respondents resume on this device (unsent answers stay on the phone until sent;
            leave off where phones are shared)
          </label>
        </section>

        <SectionsEditor survey={survey} errorsAt={errorsAt} onChange={change} />

        <section class="questions" aria-labelledby={`${id}-questions`}>
          <h2 id={`${id}-questions`}>Questions</h2>
          {errorsAt("$.questions").length > 0 ? (
            <p class="error">{errorsAt("$.questions").join(" ")}</p>
          ) : null}
          {survey.questions.map((q, index) => (
            <QuestionEditor
              key={`${index}-${q.type}`}
              survey={survey}
              index={index}
              errorsAt={errorsAt}
              onChange={change}
            />
          ))}
          <fieldset class="add-question">
            <legend>Add a question</legend>
            {QUESTION_TYPES.map((type) => (
              <button type="button" key={type} onClick={() => change(addQuestion(survey, type))}>
                + {TYPE_NAMES[type]}
              </button>
            ))}
          </fieldset>
        </section>
      </div>
      <aside class="builder-preview">
        <Preview survey={survey} assets={respondent} />
      </aside>
    </div>
  );
}
