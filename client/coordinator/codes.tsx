// Who may answer and how many per day (issue 16), on the survey's page for designers: one-time
// invitation codes, shown once here and downloadable as a text file made in this browser, and
// a daily cap against floods. The server keeps only the codes' hashes.
import { useId, useState } from "preact/hooks";
import { fill } from "../lib/labels";
import { api, type SurveyDetail } from "./api";
import { type Status, StatusLine } from "./fields";
import { useStrings } from "./strings";

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
  const t = useStrings().codes;
  const [cap, setCap] = useState(detail.maxPerDay === null ? "" : String(detail.maxPerDay));
  const [requires, setRequires] = useState(detail.requiresCode);
  const [count, setCount] = useState("100");
  const [codes, setCodes] = useState<{ list: string[]; file: string } | null>(null);
  const [status, setStatus] = useState<Status>({ kind: "idle" });

  async function save(event: Event) {
    event.preventDefault();
    const maxPerDay = cap.trim() === "" ? null : Number(cap);
    if (maxPerDay !== null && (!Number.isInteger(maxPerDay) || maxPerDay < 1)) {
      return setStatus({ kind: "error", text: t.badCap });
    }
    const result = await api.setAdmission(slug, { maxPerDay, requiresCode: requires });
    if (!result.ok) return setStatus({ kind: "error", text: result.message });
    setStatus({ kind: "done", text: t.saved });
    onChange();
  }

  async function make(event: Event) {
    event.preventDefault();
    const n = Number(count);
    if (!Number.isInteger(n) || n < 1 || n > 10_000) {
      return setStatus({ kind: "error", text: t.badCount });
    }
    const result = await api.makeCodes(slug, n);
    if (!result.ok) return setStatus({ kind: "error", text: result.message });
    const list = result.value.codes;
    if (codes) URL.revokeObjectURL(codes.file);
    // Made here from the answer: the codes never travel again, not even to download them.
    const file = URL.createObjectURL(new Blob([`${list.join("\n")}\n`], { type: "text/plain" }));
    setCodes({ list, file });
    setRequires(true);
    setStatus({ kind: "done", text: fill(t.made, { n: result.value.codes.length }) });
    onChange();
  }

  return (
    <section class="codes" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t.heading}</h2>
      <form onSubmit={save}>
        <label for={`${id}-cap`}>{t.cap}</label>
        <input
          id={`${id}-cap`}
          inputMode="numeric"
          value={cap}
          onInput={(e) => setCap(e.currentTarget.value)}
          aria-describedby={`${id}-cap-hint`}
        />
        <p class="muted" id={`${id}-cap-hint`}>
          {t.capHint}
        </p>
        <label class="choice">
          <input
            type="checkbox"
            checked={requires}
            onChange={(e) => setRequires(e.currentTarget.checked)}
          />
          {t.requires}
        </label>
        <p class="muted">{t.requiresHint}</p>
        <button type="submit">{t.save}</button>
      </form>
      <p data-testid="unspent-codes">{fill(t.unspent, { n: detail.unspentCodes })}</p>
      <form onSubmit={make}>
        <label for={`${id}-count`}>{t.howMany}</label>
        <input
          id={`${id}-count`}
          inputMode="numeric"
          value={count}
          onInput={(e) => setCount(e.currentTarget.value)}
        />
        <button type="submit">{t.make}</button>
      </form>
      {codes ? (
        <div class="made-codes">
          <textarea
            readOnly
            rows={Math.min(10, codes.list.length)}
            aria-label={fill(t.made, { n: codes.list.length })}
            data-testid="codes"
            value={codes.list.join("\n")}
          />
          <a href={codes.file} download={`${slug}-codes.txt`}>
            {t.download}
          </a>
        </div>
      ) : null}
      <StatusLine status={status} />
    </section>
  );
}
