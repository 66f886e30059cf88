// How long a reply usually takes (owners): the feedback page and its receipt tell people to come
// back after that many days (issue 15 item 7). Empty takes the promise off the page.
import { useState } from "preact/hooks";
import { fill } from "../../lib/labels";
import { useStrings } from "../strings";
import { feedbackApi } from "./api";
import { type Outcome, OutcomeLine } from "./outcome";

export function ReplyTimeSetting(props: { replyDays: number | null; onSaved: () => void }) {
  const t = useStrings().replyTime;
  const [days, setDays] = useState(props.replyDays === null ? "" : String(props.replyDays));
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  async function save(event: Event) {
    event.preventDefault();
    const replyDays = days.trim() === "" ? null : Number(days);
    // JSON would send NaN as null, which clears the time: say so instead.
    if (Number.isNaN(replyDays)) return setOutcome({ ok: false, text: t.notANumber });
    const result = await feedbackApi.replyTime(replyDays);
    setOutcome(
      result.ok
        ? {
            ok: true,
            text:
              replyDays === null
                ? t.cleared
                : replyDays === 1
                  ? t.savedOne
                  : fill(t.savedMany, { n: replyDays }),
          }
        : { ok: false, text: result.message },
    );
    if (result.ok) props.onSaved();
  }

  return (
    <section class="reply-time">
      <h2>{t.heading}</h2>
      <form onSubmit={save}>
        <label for="reply-days">{t.days}</label>
        <p class="hint" id="reply-days-hint">
          {t.hint}
        </p>
        <input
          id="reply-days"
          type="number"
          inputMode="numeric"
          min={1}
          max={90}
          step={1}
          value={days}
          aria-describedby={`reply-days-hint${outcome && !outcome.ok ? " reply-days-outcome" : ""}`}
          aria-invalid={outcome && !outcome.ok ? "true" : undefined}
          onInput={(e) => setDays(e.currentTarget.value)}
        />
        <button type="submit">{t.save}</button>
      </form>
      <OutcomeLine outcome={outcome} id="reply-days-outcome" />
    </section>
  );
}
