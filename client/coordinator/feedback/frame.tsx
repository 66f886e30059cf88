// The organization's coding frame (owners): the codes members tag messages with. Codes are
// stable identifiers (old codings keep pointing at them); labels can change at any time.
import { useState } from "preact/hooks";
import { fill } from "../../lib/labels";
import { useStrings, WORKSPACE_LANGUAGES } from "../strings";
import { type FrameCode, feedbackApi } from "./api";
import { type Outcome, OutcomeLine } from "./outcome";

// A label per workspace language: members read the codes in the language they chose.
const LANGUAGES = WORKSPACE_LANGUAGES;

export function FrameEditor(props: { frame: FrameCode[]; onSaved: () => void }) {
  const [frame, setFrame] = useState<FrameCode[]>(props.frame);
  const [code, setCode] = useState("");
  const t = useStrings().frame;
  const [outcome, setOutcome] = useState<(Outcome & { field?: string }) | null>(null);

  const setLabel = (index: number, language: string, text: string) =>
    setFrame((now) =>
      now.map((c, i) => (i === index ? { ...c, label: { ...c.label, [language]: text } } : c)),
    );

  function add(event: Event) {
    event.preventDefault();
    if (!/^[a-z0-9_]{1,40}$/.test(code) || frame.some((c) => c.code === code)) {
      return setOutcome({
        ok: false,
        text: t.badCode,
        field: "new",
      });
    }
    setFrame((now) => [...now, { code, label: { en: code } }]);
    setCode("");
    setOutcome(null);
  }

  async function save() {
    // Empty labels are dropped rather than sent: the server requires each given label non-empty.
    const cleaned = frame.map((c) => ({
      code: c.code,
      label: Object.fromEntries(Object.entries(c.label).filter(([, text]) => text.trim())),
    }));
    const result = await feedbackApi.frame(cleaned);
    setOutcome(result.ok ? { ok: true, text: t.saved } : { ok: false, text: result.message });
    if (result.ok) props.onSaved();
  }

  return (
    <section class="frame">
      <h2>{t.heading}</h2>
      {/* A heading row for the eye when the codes line up as rows (feedback.css); on a phone
          each field shows its own label, which screen readers hear at every width. */}
      <div class="frame-head" aria-hidden="true">
        <span>{t.code}</span>
        {LANGUAGES.map((l) => (
          <span key={l}>{fill(t.label, { language: l })}</span>
        ))}
      </div>
      {frame.map((c, i) => (
        <fieldset class="frame-code" key={c.code}>
          <legend id={`frame-code-${c.code}`}>
            <code>{c.code}</code>
          </legend>
          {LANGUAGES.map((l) => {
            const id = `frame-code-${c.code}-${l}`;
            return (
              <div class="frame-label" key={l}>
                <label id={`${id}-label`} for={id}>
                  {fill(t.label, { language: l })}
                </label>
                {/* The words on screen first (what a voice user says), then the code: every
                    code shows the same "Label (en)", and the names must tell them apart. */}
                <input
                  id={id}
                  aria-labelledby={`${id}-label frame-code-${c.code}`}
                  value={c.label[l] ?? ""}
                  maxLength={100}
                  onInput={(e) => setLabel(i, l, e.currentTarget.value)}
                />
              </div>
            );
          })}
          <button
            type="button"
            onClick={() => setFrame((now) => now.filter((x) => x.code !== c.code))}
          >
            {fill(t.remove, { code: c.code })}
          </button>
        </fieldset>
      ))}
      <form onSubmit={add}>
        <label for="frame-new">{t.newCode}</label>
        <input
          id="frame-new"
          value={code}
          aria-invalid={outcome?.field === "new" ? "true" : undefined}
          aria-describedby={outcome?.field === "new" ? "frame-outcome" : undefined}
          onInput={(e) => setCode(e.currentTarget.value)}
        />
        <button type="submit">{t.add}</button>
      </form>
      <p>
        <button type="button" class="primary" onClick={save} disabled={frame.length === 0}>
          {t.save}
        </button>
      </p>
      <OutcomeLine outcome={outcome} id="frame-outcome" />
    </section>
  );
}
