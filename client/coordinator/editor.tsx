// The questionnaire builder page: the survey's settings and questions on the left, the live
// phone preview on the right; import and export of the survey JSON and XLSForm import. The
// validator (surveys/schema.ts) runs on every change and its messages sit next to the field
// their JSON path names; the server's answer on save is shown the same way.
import { useEffect, useId, useLayoutEffect, useMemo, useState } from "preact/hooks";
import { parseSurvey, type SchemaError, type Survey } from "../../surveys/schema";
import { fill } from "../lib/labels";
import type { XlsProblem } from "../lib/xlsform/problems";
import { api } from "./api";
import {
  addQuestion,
  blankSurvey,
  errorsByPath,
  type MissingText,
  missingTexts,
  QUESTION_TYPES,
  withField,
} from "./builder";
import { localConstruct, localMessage, localNote } from "./checks";
import { type Status, StatusLine, TextField } from "./fields";
import { LanguagesEditor } from "./languages-editor";
import { Preview } from "./preview";
import { QuestionEditor } from "./question-editor";
import { guardLeaving, navigate, onLinkClick, surveyPath } from "./router";
import { saveFile } from "./save-file";
import { SectionsEditor } from "./sections-editor";
import { useSession } from "./session";
import { useStrings } from "./strings";
import type { BuilderStrings } from "./strings/builder/en";
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

/** "row 2", "rows 2, 3, 4 and 12 more": a long list of rows stays one line. */
function rowList(rows: readonly number[], t: BuilderStrings): string {
  const shown = rows.slice(0, 12).join(", ");
  const list = rows.length > 12 ? fill(t.andMore, { shown, n: rows.length - 12 }) : shown;
  return fill(rows.length > 1 ? t.rows : t.row, { rows: list });
}

/** "question 3 (visa): the hint in Português" for `$.questions[2].hint.pt`. */
function whereMissing(survey: Survey, missing: MissingText, t: BuilderStrings): string {
  const [first = "", index = "", ...rest] = (missing.path.match(/[a-zA-Z]+|\d+/g) ?? []).slice(
    0,
    -1,
  );
  const language = languageLabel(missing.language, survey);
  const fieldOf = (name = "") => t.missing.fields[name as keyof typeof t.missing.fields] ?? name;
  const n = Number(index) + 1;
  if (first === "questions") {
    const field =
      rest[0] === "options" ? fill(t.missing.option, { n: Number(rest[1]) + 1 }) : fieldOf(rest[0]);
    const id = survey.questions[n - 1]?.id ?? "?";
    return fill(t.missing.question, { n, id, field, language });
  }
  if (first === "sections") {
    const id = survey.sections?.[n - 1]?.id ?? "?";
    return fill(t.missing.page, { n, id, field: fieldOf(rest[0]), language });
  }
  return fill(t.missing.survey, { field: fieldOf(first), language });
}

/**
 * Unsaved edits are never lost silently: links, Back and Forward inside the workspace ask
 * (router.ts guardLeaving), and so does the browser before a reload or closing the tab. A
 * layout effect, so the guard holds from the drawing that shows the edit to the one that
 * removes the builder: Preact 11 runs a plain effect, and its cleanup, after the next paint, so
 * an edit left at once was not guarded, and a reload just after leaving was asked about it.
 */
function useUnsavedGuard(dirty: boolean, leave: string) {
  useLayoutEffect(() => {
    if (!dirty) return;
    guardLeaving(() => !confirm(leave));
    const beforeUnload = (event: BeforeUnloadEvent) => event.preventDefault();
    addEventListener("beforeunload", beforeUnload);
    return () => {
      guardLeaving(null);
      removeEventListener("beforeunload", beforeUnload);
    };
  }, [dirty, leave]);
}

export function Editor({ slug }: { slug: string | null }) {
  const id = useId();
  const { respondent } = useSession();
  const t = useStrings().builder;
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
  const missing = useMemo(() => (survey ? missingTexts(survey) : []), [json]);
  // A missing text is said once, beside its field and in the summary, from missingTexts.
  const errors = useMemo(() => {
    const missingPaths = new Set(missing.map((m) => m.path));
    return errorsByPath(
      [...(validation && !validation.ok ? validation.errors : []), ...serverErrors]
        .filter((e) => !missingPaths.has(e.path))
        .map((e) => ({ ...e, message: localMessage(e.message, t.checks) })),
    );
  }, [validation, serverErrors, missing, t]);
  useUnsavedGuard(survey !== null && json !== saved, t.leave);
  if (!survey) return <p class="loading">{t.loading}</p>;

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
  const errorCount = errors.size;

  async function save() {
    if (!survey) return;
    setStatus({ kind: "busy", text: t.saving });
    const result = slug ? await api.saveDraft(slug, survey) : await api.create(survey);
    if (!result.ok) {
      setServerErrors(result.field ? [{ path: result.field, message: result.message }] : []);
      const message = localMessage(result.message, t.checks);
      return setStatus({ kind: "error", text: fill(t.notSaved, { message }) });
    }
    setSaved(JSON.stringify(survey));
    const missingNow = result.value.missing;
    const list = `${missingNow
      .slice(0, 3)
      .map((m) => whereMissing(survey, m, t))
      .join("; ")}${missingNow.length > 3 ? "…" : "."}`;
    setStatus({
      kind: "done",
      text:
        missingNow.length === 0
          ? t.saved
          : fill(missingNow.length === 1 ? t.savedMissingOne : t.savedMissingMany, {
              n: missingNow.length,
              list,
            }),
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
    if (dirty && !confirm(t.replaceWithFile)) return;
    if (kind === "json") {
      const result = importSurveyJson(await file.text());
      if (!result.ok) {
        return setStatus({
          kind: "error",
          text: fill(t.notASurvey, {
            problems: result.errors
              .map((e) => `${e.path}: ${localMessage(e.message, t.checks)}`)
              .join("; "),
          }),
        });
      }
      setImported(null);
      change(slug ? { ...result.survey, slug } : result.survey);
      return setStatus({ kind: "done", text: fill(t.imported, { file: file.name }) });
    }
    setStatus({ kind: "busy", text: t.readingXlsForm });
    try {
      const result = await readXlsForm(file);
      setImported(result.problems);
      change(slug ? { ...result.survey, slug } : result.survey);
      setStatus({ kind: "done", text: fill(t.importedXlsForm, { file: file.name }) });
    } catch (error) {
      setStatus({
        kind: "error",
        text: fill(t.unreadableXlsx, { message: (error as Error).message }),
      });
    }
  }

  async function startFrom(file: string) {
    if (dirty && !confirm(t.replaceWithTemplate)) return;
    setImported(null);
    change(await loadTemplate(file));
    setStatus({ kind: "done", text: t.fromTemplate });
  }

  return (
    <div class="builder">
      <div class="builder-main">
        <div class="toolbar">
          <h1>
            {slug
              ? fill(t.editTitle, { title: survey.title[survey.languages[0] ?? ""] || slug })
              : t.newSurvey}
          </h1>
          <div class="actions">
            <button type="button" class="primary" onClick={save} disabled={status.kind === "busy"}>
              {slug ? t.saveDraft : t.createDraft}
            </button>
            {slug ? (
              <a class="button" href={surveyPath(slug)} onClick={onLinkClick}>
                {published ? t.publish : t.open}
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
              {t.exportJson}
            </button>
            <label class="button">
              {t.importJson}
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
                  text: [
                    fill(t.exportedXlsForm, { file: `${survey.slug || "survey"}.xlsx` }),
                    ...warnings,
                  ].join(" "),
                });
              }}
            >
              {t.exportXlsForm}
            </button>
            <label class="button">
              {t.importXlsForm}
              <input
                type="file"
                accept=".xlsx"
                class="visually-hidden"
                onChange={(e) => importFile(e, "xlsx")}
              />
            </label>
          </div>
          <StatusLine status={status} />
          <p class="muted">{dirty ? t.unsaved : t.allSaved}</p>
          {slug ? null : <TemplatePicker onPick={startFrom} />}
        </div>

        {imported && imported.length > 0 ? (
          <section class="problems" aria-labelledby={`${id}-xls`}>
            <h2 id={`${id}-xls`}>{fill(t.xlsFormHeading, { n: imported.length })}</h2>
            <ul>
              {imported.map((p) => (
                <li key={`${p.sheet}|${p.column}|${p.construct}`}>
                  <strong>
                    {p.sheet}
                    {p.rows.length > 0 ? `, ${rowList(p.rows, t)}` : ""}
                    {p.column ? ` (${p.column})` : ""}:
                  </strong>{" "}
                  {localConstruct(p.construct, t.xlsformConstructs)} —{" "}
                  {localNote(p.message, t.xlsformNotes)}
                </li>
              ))}
            </ul>
            <button type="button" onClick={() => setImported(null)}>
              {t.doneReading}
            </button>
          </section>
        ) : null}

        <section class="summary" aria-live="polite">
          {errorCount === 0 && missing.length === 0 ? (
            <p class="ok">{t.ready}</p>
          ) : (
            <>
              {missing.length > 0 ? (
                <p class="missing-warning">
                  {fill(t.missingTranslations, {
                    list: survey.languages
                      .map((l) => [l, missing.filter((m) => m.language === l).length] as const)
                      .filter(([, n]) => n > 0)
                      .map(([l, n]) =>
                        fill(t.missingCount, { n, language: languageLabel(l, survey) }),
                      )
                      .join(", "),
                  })}
                </p>
              ) : null}
              {errorCount > 0 ? (
                <details>
                  <summary class="error">
                    {errorCount === 1 ? t.problemsOne : fill(t.problemsMany, { n: errorCount })}
                  </summary>
                  <ul>
                    {[...errors.entries()].map(([path, messages]) => (
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
          <h2 id={`${id}-settings`}>{t.settings}</h2>
          <TextField
            id={`${id}-slug`}
            class="short"
            label={t.slug}
            value={survey.slug}
            errors={errorsAt("$.slug")}
            hint={slug ? t.slugFixed : t.slugHint}
            onInput={(value) => !slug && change({ ...survey, slug: value })}
          />
          <LanguagesEditor survey={survey} errorsAt={errorsAt} onChange={change} />
          <TranslatedField
            label={t.title}
            path="$.title"
            languages={survey.languages}
            value={survey.title}
            errorsAt={errorsAt}
            onChange={(title) => change({ ...survey, title: title ?? {} })}
          />
          <TranslatedField
            label={t.intro}
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
            {t.withoutJavaScript}
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
            {t.resumeOnDevice}
          </label>
        </section>

        <SectionsEditor survey={survey} errorsAt={errorsAt} onChange={change} />

        <section class="questions" aria-labelledby={`${id}-questions`}>
          <h2 id={`${id}-questions`}>{t.questions}</h2>
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
            <legend>{t.addQuestion}</legend>
            {QUESTION_TYPES.map((type) => (
              <button type="button" key={type} onClick={() => change(addQuestion(survey, type))}>
                + {t.types[type]}
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
