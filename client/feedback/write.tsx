// The message form of /f/:slug: category, optional country and program, the message. Every
// problem is tied to its field (aria-describedby) and the first one takes the focus.
import { useRef, useState } from "preact/hooks";
import { type Category, MESSAGE_MAX_LENGTH } from "../lib/feedback-format";
import { fill } from "../lib/labels";
import type { SendFailure } from "../respondent/send";
import { countryChoices } from "./countries";
import type { Channel, Draft } from "./send";
import type { FeedbackStrings } from "./strings";

interface Problems {
  category?: string;
  message?: string;
}

function problemsOf(draft: Draft, t: FeedbackStrings): Problems {
  const problems: Problems = {};
  if (!draft.category) problems.category = t.chooseCategory;
  const length = draft.message.trim().length;
  if (length === 0) problems.message = t.writeMessage;
  else if (length > MESSAGE_MAX_LENGTH)
    problems.message = fill(t.tooLong, { max: MESSAGE_MAX_LENGTH });
  return problems;
}

export function MessageForm(props: {
  channel: Channel;
  t: FeedbackStrings;
  /** The page's language: countries are named and sorted in it. */
  language: string;
  draft: Draft;
  onDraft: (draft: Draft) => void;
  busy: boolean;
  failure: SendFailure | null;
  onSend: () => void;
}) {
  const { channel, t, language, draft, onDraft } = props;
  const [checked, setChecked] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const problems = checked ? problemsOf(draft, t) : {};
  const set = (change: Partial<Draft>) => onDraft({ ...draft, ...change });

  function submit(event: Event) {
    event.preventDefault();
    setChecked(true);
    const found = problemsOf(draft, t);
    if (found.category || found.message) {
      const first = found.category ? "input[name=category]" : "#feedback-message";
      form.current?.querySelector<HTMLElement>(first)?.focus();
      return;
    }
    props.onSend();
  }

  return (
    <form ref={form} onSubmit={submit} noValidate>
      <p class="intro">{t.intro}</p>
      <fieldset
        class="question"
        aria-describedby={problems.category ? "feedback-category-error" : undefined}
      >
        <legend>{t.categoryLegend}</legend>
        {problems.category ? (
          <p class="error" id="feedback-category-error">
            {problems.category}
          </p>
        ) : null}
        <div class="choices">
          {channel.categories.map((category: Category) => (
            <label class="choice" key={category}>
              <input
                type="radio"
                name="category"
                value={category}
                checked={draft.category === category}
                aria-invalid={problems.category ? "true" : undefined}
                onChange={() => set({ category })}
              />
              <span>
                {t.categories[category]}
                {category === "sensitive" ? <span class="hint"> {t.sensitiveHint}</span> : null}
              </span>
            </label>
          ))}
        </div>
        {/* Said before the choice, so nobody learns only after picking it who will read it. */}
        <p class="privacy">{t.sensitiveNote}</p>
      </fieldset>
      <div class="question">
        <label for="feedback-country">{t.countryLabel}</label>
        <select
          id="feedback-country"
          value={draft.country}
          onChange={(e) => set({ country: e.currentTarget.value })}
        >
          <option value="">{t.countryNone}</option>
          {countryChoices(language).map(({ code, name }) => (
            <option key={code} value={code}>
              {name}
            </option>
          ))}
        </select>
      </div>
      <div class="question">
        <label for="feedback-program">{t.programLabel}</label>
        <p class="hint" id="feedback-program-hint">
          {t.programHint}
        </p>
        <input
          id="feedback-program"
          type="text"
          maxLength={200}
          aria-describedby="feedback-program-hint"
          value={draft.program}
          onInput={(e) => set({ program: e.currentTarget.value })}
        />
      </div>
      <div class="question">
        <label for="feedback-message">{t.messageLabel}</label>
        <p class="hint" id="feedback-message-hint">
          {t.messageHint}
        </p>
        <textarea
          id="feedback-message"
          rows={6}
          maxLength={MESSAGE_MAX_LENGTH}
          aria-describedby={`feedback-message-hint${problems.message ? " feedback-message-error" : ""}`}
          aria-invalid={problems.message ? "true" : undefined}
          value={draft.message}
          onInput={(e) => set({ message: e.currentTarget.value })}
        />
        {problems.message ? (
          <p class="error" id="feedback-message-error">
            {problems.message}
          </p>
        ) : null}
      </div>
      {props.failure ? (
        <p class="error" role="alert">
          {props.failure === "rate_limited" ? t.rateLimited : t.failed}
        </p>
      ) : null}
      <div class="actions">
        <button type="submit" class="primary" disabled={props.busy}>
          {props.busy ? t.sending : t.send}
        </button>
      </div>
    </form>
  );
}
