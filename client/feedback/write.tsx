// The message form of /f/:slug: category, optional country and program, the message. Every
// problem is tied to its field (aria-describedby) and the first one takes the focus. Without
// JavaScript the same form posts to the server (`plain`): named fields of fixed-width tokens
// (plain-wire.ts), and ids of its own, since the page also holds the script's hidden copy.
import { useRef, useState } from "preact/hooks";
import { type Category, MESSAGE_MAX_LENGTH, visibleLength } from "../lib/feedback-format";
import { fill } from "../lib/labels";
import type { SendFailure } from "../respondent/send";
import { countryChoices } from "./countries";
import {
  categoryToken,
  MESSAGE_FIELDS,
  MESSAGE_FORM_ID,
  NO_CATEGORY,
  NO_COUNTRY,
  PROGRAM_MAX_LENGTH,
  SEND_TOKEN,
} from "./plain-wire";
import type { Channel, Draft } from "./send";
import type { FeedbackStrings } from "./strings";

/** How the form posts without a script (server/routes/feedback-nojs.ts). */
export interface PlainPost {
  action: string;
  language: string;
  /** The message's id, minted with the page: the same form sent twice stores once. */
  id: string;
}

interface Problems {
  category?: string;
  message?: string;
}

export function problemsOf(draft: Draft, t: FeedbackStrings): Problems {
  const problems: Problems = {};
  if (!draft.category) problems.category = t.chooseCategory;
  if (visibleLength(draft.message) === 0) problems.message = t.writeMessage;
  else if (draft.message.trim().length > MESSAGE_MAX_LENGTH)
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
  /** Without a script: where and how the form posts. */
  plain?: PlainPost;
  /** Whether the draft was already checked (a post the server refused shows its problems). */
  checked?: boolean;
}) {
  const { channel, t, language, draft, onDraft, plain } = props;
  const [checked, setChecked] = useState(props.checked ?? false);
  const form = useRef<HTMLFormElement>(null);
  const problems = checked ? problemsOf(draft, t) : {};
  const set = (change: Partial<Draft>) => onDraft({ ...draft, ...change });
  const id = (name: string) => (plain ? `plain-${name}` : name);
  const name = (field: keyof typeof MESSAGE_FIELDS) => (plain ? MESSAGE_FIELDS[field] : undefined);

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
    <form
      ref={form}
      id={plain ? MESSAGE_FORM_ID : undefined}
      onSubmit={submit}
      noValidate
      method={plain ? "post" : undefined}
      action={plain?.action}
    >
      {plain ? (
        <>
          <input type="hidden" name={MESSAGE_FIELDS.language} value={plain.language} />
          <input type="hidden" name={MESSAGE_FIELDS.id} value={plain.id} />
        </>
      ) : (
        // Said only where it is true: without a script the server seals (plain.tsx says so).
        <p class="intro">{t.intro}</p>
      )}
      <fieldset
        class="question"
        aria-describedby={problems.category ? id("feedback-category-error") : undefined}
      >
        <legend>{t.categoryLegend}</legend>
        {problems.category ? (
          <p class="error" id={id("feedback-category-error")}>
            {problems.category}
          </p>
        ) : null}
        <div class="choices">
          {plain ? (
            // Posted until a category is ticked: the post has a category field either way.
            <input
              type="radio"
              name={MESSAGE_FIELDS.category}
              value={NO_CATEGORY}
              checked={!draft.category}
              hidden
            />
          ) : null}
          {channel.categories.map((category: Category) => (
            <label class="choice" key={category}>
              <input
                type="radio"
                name={MESSAGE_FIELDS.category}
                value={categoryToken(category)}
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
        <label for={id("feedback-country")}>{t.countryLabel}</label>
        <select
          id={id("feedback-country")}
          name={name("country")}
          value={draft.country || NO_COUNTRY}
          onChange={(e) => {
            const chosen = e.currentTarget.value;
            set({ country: chosen === NO_COUNTRY ? "" : chosen });
          }}
        >
          <option value={NO_COUNTRY}>{t.countryNone}</option>
          {countryChoices(language).map(({ code, name }) => (
            <option key={code} value={code}>
              {name}
            </option>
          ))}
        </select>
      </div>
      <div class="question">
        <label for={id("feedback-program")}>{t.programLabel}</label>
        <p class="hint" id={id("feedback-program-hint")}>
          {t.programHint}
        </p>
        <input
          id={id("feedback-program")}
          name={name("program")}
          type="text"
          maxLength={PROGRAM_MAX_LENGTH}
          aria-describedby={id("feedback-program-hint")}
          value={draft.program}
          onInput={(e) => set({ program: e.currentTarget.value })}
        />
      </div>
      <div class="question">
        <label for={id("feedback-message")}>{t.messageLabel}</label>
        <p class="hint" id={id("feedback-message-hint")}>
          {t.messageHint}
        </p>
        <textarea
          id={id("feedback-message")}
          name={name("message")}
          rows={6}
          maxLength={MESSAGE_MAX_LENGTH}
          aria-describedby={`${id("feedback-message-hint")}${problems.message ? ` ${id("feedback-message-error")}` : ""}`}
          aria-invalid={problems.message ? "true" : undefined}
          value={draft.message}
          onInput={(e) => set({ message: e.currentTarget.value })}
        />
        {problems.message ? (
          <p class="error" id={id("feedback-message-error")}>
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
        <button
          type="submit"
          class="primary"
          name={name("go")}
          value={plain ? SEND_TOKEN : undefined}
          disabled={props.busy}
        >
          {props.busy ? t.sending : t.send}
        </button>
      </div>
    </form>
  );
}
