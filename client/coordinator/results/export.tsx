// "Export the answers" on the results page (issue 16): the opened answers as CSV, Excel or
// Stata, written in this browser and saved to this computer; nothing is sent anywhere. The
// writers load with the page (a separate chunk), so saving a file makes no request at all.
import { useEffect, useId, useState } from "preact/hooks";
import type { Survey } from "../../../surveys/schema";
import type { Answers } from "../../lib/answers";
import type { KeyPair } from "../../lib/crypto";
import { fill } from "../../lib/labels";
import type { MicrodataFormat } from "../../lib/microdata/files";
import { saveFile } from "../save-file";
import { useStrings } from "../strings";

type Writers = typeof import("../../lib/microdata/files");

const FORMAT_NAMES: Record<MicrodataFormat, string> = {
  csv: "CSV",
  xlsx: "Excel (.xlsx)",
  dta: "Stata (.dta)",
};

/** A language's name in that language ("español"), or its code where the browser has none. */
export function languageOwnName(code: string): string {
  try {
    return new Intl.DisplayNames([code], { type: "language" }).of(code) ?? code;
  } catch {
    return code;
  }
}

export interface ExportProps {
  survey: Survey;
  answers: Answers[];
  /** The survey's keys this tab opened, newest first; offered as a key file for the command line. */
  surveyKeys: KeyPair[];
  /** The report's language, which the file's labels follow unless the analyst picks another. */
  language: string;
}

export function ExportAnswers({ survey, answers, surveyKeys, language: shown }: ExportProps) {
  const id = useId();
  const [writers, setWriters] = useState<Writers | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [language, setLanguage] = useState(shown);
  useEffect(() => setLanguage(shown), [shown]);
  const [includeText, setIncludeText] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const t = useStrings().exporting;
  const hasFreeText = survey.questions.some((q) => q.type === "text");

  useEffect(() => {
    import("../../lib/microdata/files")
      .then(setWriters)
      .catch((error: unknown) => setFailed(String(error)));
  }, []);

  async function save(format: MicrodataFormat) {
    if (!writers) return;
    setSaved(null);
    setFailed(null);
    const options = { format, language, includeText: hasFreeText && includeText };
    try {
      const file = await writers.microdataFile(survey, answers, options);
      const name = writers.microdataFileName(survey, options);
      saveFile(name, file);
      setSaved(fill(t.saved, { name, n: answers.length }));
    } catch (error) {
      setFailed(fill(t.failed, { reason: (error as Error).message }));
    }
  }

  return (
    <section class="export" id="export" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t.heading}</h2>
      <p>{t.intro}</p>
      <div class="export-options">
        <label for={`${id}-language`}>{t.labelsIn}</label>
        <select
          id={`${id}-language`}
          value={language}
          onChange={(event) => setLanguage((event.currentTarget as HTMLSelectElement).value)}
        >
          {survey.languages.map((code) => (
            <option key={code} value={code} lang={code}>
              {languageOwnName(code)}
            </option>
          ))}
        </select>
        {hasFreeText ? (
          <label class="check">
            <input
              type="checkbox"
              checked={includeText}
              onChange={(event) =>
                setIncludeText((event.currentTarget as HTMLInputElement).checked)
              }
            />{" "}
            {t.includeText}
          </label>
        ) : null}
      </div>
      <p class="actions">
        {(Object.keys(FORMAT_NAMES) as MicrodataFormat[]).map((format) => (
          <button
            key={format}
            type="button"
            disabled={!writers}
            aria-busy={writers ? undefined : "true"}
            onClick={() => save(format)}
          >
            {FORMAT_NAMES[format]}
          </button>
        ))}
      </p>
      {saved ? (
        <p class="status" role="status" data-testid="export-saved">
          {saved}
        </p>
      ) : null}
      {failed ? (
        <p class="status error" role="alert">
          {failed}
        </p>
      ) : null}
      {surveyKeys.length > 0 ? <KeyFile slug={survey.slug} surveyKeys={surveyKeys} /> : null}
    </section>
  );
}

/**
 * The survey's key pair as the command line's key file (`keygen`'s format), for `open-answers`
 * and `tabulate` on this computer. Asked for twice, because the file opens every answer.
 */
function KeyFile({ slug, surveyKeys }: { slug: string; surveyKeys: KeyPair[] }) {
  const pairs = surveyKeys.map(({ publicKey, secretKey }) => ({ publicKey, secretKey }));
  const [newest] = pairs;
  // keygen's format for the newest key; after a rotation, every key under "keys" as well.
  const file = pairs.length > 1 ? { ...newest, keys: pairs } : newest;
  const id = useId();
  const [understood, setUnderstood] = useState(false);
  const t = useStrings().exporting;
  return (
    <details class="key-file">
      <summary>{t.keyFile}</summary>
      <p id={`${id}-warning`}>
        <strong>{t.keyWarning}</strong> {t.keyKeep} <code>npm run -s cli -- open-answers</code>{" "}
        {t.keyDocs}
      </p>
      <label class="check">
        <input
          type="checkbox"
          checked={understood}
          onChange={(event) => setUnderstood((event.currentTarget as HTMLInputElement).checked)}
        />{" "}
        {t.understood}
      </label>
      <p>
        <button
          type="button"
          disabled={!understood}
          aria-describedby={`${id}-warning`}
          onClick={() =>
            saveFile(
              `${slug}-key.json`,
              new Blob([`${JSON.stringify(file, null, 2)}\n`], { type: "application/json" }),
            )
          }
        >
          {t.download}
        </button>
      </p>
    </details>
  );
}
