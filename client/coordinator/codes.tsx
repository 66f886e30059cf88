// Who may answer and how many per day (issue 16), on the survey's page for designers: one-time
// invitation codes, shown once here and downloadable as a text file made in this browser, and
// a daily cap against floods. The server keeps only the codes' hashes.
import { useId, useState } from "preact/hooks";
import { api, type SurveyDetail } from "./api";
import { type Status, StatusLine } from "./fields";

// Every sentence of this section, in one place for the workspace's string catalogue.
export const CODES_TEXT = {
  heading: "Who may answer",
  cap: "Most answers per day (UTC); empty for no limit",
  capHint: "Answers beyond it that day are refused, so a flood cannot drown real ones.",
  requires: "Answers need a one-time invitation code",
  requiresHint:
    "Each code admits one answer. Nothing stored links a spent code to the answer it admitted.",
  save: "Save",
  saved: "Saved.",
  unspent: (n: number) => `Unspent codes: ${n}`,
  howMany: "How many new codes",
  make: "Make codes",
  made: (n: number) =>
    `${n} new codes. They are shown only now: download or copy them before leaving this page.`,
  download: "Download the codes (.txt)",
  badCap: "The limit is a whole number of answers, at least 1, or empty.",
  badCount: "Make between 1 and 10,000 codes at a time.",
} as const;

export function Codes({
  slug,
  detail,
  onChange,
}: {
  slug: string;
  detail: SurveyDetail;
  onChange: () => void;
}) {
  const id = useId();
  const [cap, setCap] = useState(detail.maxPerDay === null ? "" : String(detail.maxPerDay));
  const [requires, setRequires] = useState(detail.requiresCode);
  const [count, setCount] = useState("100");
  const [codes, setCodes] = useState<{ list: string[]; file: string } | null>(null);
  const [status, setStatus] = useState<Status>({ kind: "idle" });

  async function save(event: Event) {
    event.preventDefault();
    const maxPerDay = cap.trim() === "" ? null : Number(cap);
    if (maxPerDay !== null && (!Number.isInteger(maxPerDay) || maxPerDay < 1)) {
      return setStatus({ kind: "error", text: CODES_TEXT.badCap });
    }
    const result = await api.setAdmission(slug, { maxPerDay, requiresCode: requires });
    if (!result.ok) return setStatus({ kind: "error", text: result.message });
    setStatus({ kind: "done", text: CODES_TEXT.saved });
    onChange();
  }

  async function make(event: Event) {
    event.preventDefault();
    const n = Number(count);
    if (!Number.isInteger(n) || n < 1 || n > 10_000) {
      return setStatus({ kind: "error", text: CODES_TEXT.badCount });
    }
    const result = await api.makeCodes(slug, n);
    if (!result.ok) return setStatus({ kind: "error", text: result.message });
    const list = result.value.codes;
    if (codes) URL.revokeObjectURL(codes.file);
    // Made here from the answer: the codes never travel again, not even to download them.
    const file = URL.createObjectURL(new Blob([`${list.join("\n")}\n`], { type: "text/plain" }));
    setCodes({ list, file });
    setRequires(true);
    setStatus({ kind: "done", text: CODES_TEXT.made(result.value.codes.length) });
    onChange();
  }

  return (
    <section class="codes" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{CODES_TEXT.heading}</h2>
      <form onSubmit={save}>
        <label for={`${id}-cap`}>{CODES_TEXT.cap}</label>
        <input
          id={`${id}-cap`}
          inputMode="numeric"
          value={cap}
          onInput={(e) => setCap(e.currentTarget.value)}
          aria-describedby={`${id}-cap-hint`}
        />
        <p class="muted" id={`${id}-cap-hint`}>
          {CODES_TEXT.capHint}
        </p>
        <label class="choice">
          <input
            type="checkbox"
            checked={requires}
            onChange={(e) => setRequires(e.currentTarget.checked)}
          />
          {CODES_TEXT.requires}
        </label>
        <p class="muted">{CODES_TEXT.requiresHint}</p>
        <button type="submit">{CODES_TEXT.save}</button>
      </form>
      <p data-testid="unspent-codes">{CODES_TEXT.unspent(detail.unspentCodes)}</p>
      <form onSubmit={make}>
        <label for={`${id}-count`}>{CODES_TEXT.howMany}</label>
        <input
          id={`${id}-count`}
          inputMode="numeric"
          value={count}
          onInput={(e) => setCount(e.currentTarget.value)}
        />
        <button type="submit">{CODES_TEXT.make}</button>
      </form>
      {codes ? (
        <div class="made-codes">
          <textarea
            readOnly
            rows={Math.min(10, codes.list.length)}
            aria-label={CODES_TEXT.made(codes.list.length)}
            data-testid="codes"
            value={codes.list.join("\n")}
          />
          <a href={codes.file} download={`${slug}-codes.txt`}>
            {CODES_TEXT.download}
          </a>
        </div>
      ) : null}
      <StatusLine status={status} />
    </section>
  );
}
