// The live preview: the respondent page itself (client/respondent/page.tsx, hydrated by the
// respondent's own script) in a 360-px frame, so what the designer sees is what a phone shows,
// media queries included. The frame is same-origin (srcdoc) and runs under the same CSP.
// Nothing can be sent from it: it gets no public key, and the send button is intercepted.
import { useEffect, useRef, useState } from "preact/hooks";
import type { Survey } from "../../surveys/schema";
import { fill } from "../lib/labels";
import { type PageAssets, renderSurveyPage } from "../respondent/page";
import { useStrings } from "./strings";
import { languageLabel } from "./translations";

export const PHONE_WIDTH = 360;

/**
 * A question or option without text in `language` shows its id there, as the designer named
 * it: the preview stays a page where every answer has a name (and shows which texts are next).
 */
function withIds(survey: Survey, language: string): Survey {
  const named = <T extends { id: string; label: Record<string, string> }>(x: T): T =>
    x.label[language] ? x : { ...x, label: { ...x.label, [language]: x.id } };
  return {
    ...survey,
    questions: survey.questions.map((q) =>
      q.type === "single" || q.type === "multi"
        ? { ...named(q), options: q.options.map(named) }
        : named(q),
    ),
  };
}

/** The respondent page for this definition, or null when it cannot be drawn yet. */
export function previewDocument(
  survey: Survey,
  language: string,
  assets: PageAssets,
): string | null {
  if (survey.questions.length === 0 || survey.languages.length === 0) return null;
  try {
    // An empty key: sealing throws before anything could be posted. Never resumable: answers
    // tried in the preview must not wait in this browser for the real survey page.
    const { resumeOnDevice: _, ...previewed } = withIds(survey, language);
    return renderSurveyPage({ survey: previewed, publicKey: "", assets, language });
  } catch {
    return null;
  }
}

export function Preview({ survey, assets }: { survey: Survey; assets: PageAssets }) {
  const t = useStrings().builder.preview;
  const [chosen, setChosen] = useState(survey.languages[0] ?? "");
  const language = survey.languages.includes(chosen) ? chosen : (survey.languages[0] ?? "");
  const json = JSON.stringify(survey);
  /** undefined until the first render; null when the definition cannot be drawn yet. */
  const [shown, setShown] = useState<string | null | undefined>(undefined);
  // Rendered outside Preact's render (renderToString during a render breaks the hooks of the
  // component being rendered), and not on every key typed: the frame reloads each time.
  useEffect(() => {
    const timer = setTimeout(() => setShown(previewDocument(survey, language, assets)), 300);
    return () => clearTimeout(timer);
  }, [json, language, assets]);
  const [blocked, setBlocked] = useState(false);
  const frame = useRef<HTMLIFrameElement>(null);

  function guard() {
    setBlocked(false);
    const doc = frame.current?.contentDocument;
    doc?.addEventListener(
      "click",
      (event) => {
        const button = (event.target as Element | null)?.closest?.("button.primary");
        if (button && doc.querySelector("dl.review")) {
          event.preventDefault();
          event.stopPropagation();
          setBlocked(true);
        }
      },
      true,
    );
  }

  return (
    <section class="preview" aria-label={t.heading}>
      <div class="preview-head">
        <h2>{t.heading}</h2>
        {survey.languages.length > 1 ? (
          <fieldset class="tabs">
            <legend class="visually-hidden">{t.language}</legend>
            {survey.languages.map((code) => (
              <button
                type="button"
                key={code}
                aria-pressed={code === language ? "true" : "false"}
                onClick={() => setChosen(code)}
              >
                {languageLabel(code, survey)}
              </button>
            ))}
          </fieldset>
        ) : null}
      </div>
      <div class="phone">
        {shown ? (
          <iframe
            ref={frame}
            title={fill(t.frameTitle, { language: languageLabel(language, survey) })}
            srcdoc={shown}
            width={PHONE_WIDTH}
            height={720}
            onLoad={guard}
          />
        ) : (
          <p class="phone-empty">{shown === undefined ? t.preparing : t.empty}</p>
        )}
      </div>
      <p class="muted" aria-live="polite">
        {blocked ? t.blocked : t.staysHere}
      </p>
    </section>
  );
}
