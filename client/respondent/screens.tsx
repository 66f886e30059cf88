// The screens around the questions: where the respondent is, "leave the survey?", "saved on this
// phone" and the receipt with what happens next (issue 15).
import type { Ref } from "preact";
import type { Survey } from "../../surveys/schema";
import { fill } from "../lib/labels";
import { type Pages, pagesOf } from "./pages";
import type { RespondentStrings } from "./strings";

/**
 * Where the question stands in the survey as written, not among the questions shown so far:
 * the total never changes under the respondent ("5 of 12" then "6 of 13"); a question skipped
 * by an earlier answer moves the count on instead. The page without JavaScript shows the same,
 * so its pages' sizes do not depend on the branch taken (DESIGN §9.8).
 */
export function Progress({
  survey,
  index,
  t,
  pages = pagesOf(survey),
}: {
  survey: Survey;
  index: number;
  t: RespondentStrings;
  /** The pages walked: the script's, or those of the form without JavaScript. */
  pages?: Pages;
}) {
  // With sections the steps are pages (pages.ts); without, each question is one.
  const paged = (survey.sections?.length ?? 0) > 0;
  const total = pages.length;
  const n = pages.findIndex((page) => page.includes(index)) + 1;
  return (
    <p class="progress">
      {fill(paged ? t.pageOf : t.questionOf, { n, total })}
      <progress value={n} max={total} aria-hidden="true" />
    </p>
  );
}

interface ScreenProps {
  t: RespondentStrings;
  headingRef: Ref<HTMLHeadingElement>;
}

export function Leaving({
  t,
  headingRef,
  onStay,
  onLeave,
}: ScreenProps & {
  onStay: () => void;
  onLeave: () => void;
}) {
  return (
    <div class="leaving">
      <h2 tabIndex={-1} ref={headingRef}>
        {t.leavingTitle}
      </h2>
      <p>{t.leavingNote}</p>
      <div class="actions">
        <button type="button" class="primary" onClick={onStay}>
          {t.stay}
        </button>
        <button type="button" class="secondary" onClick={onLeave}>
          {t.leave}
        </button>
      </div>
    </div>
  );
}

export function Queued({ t, headingRef, onRetry }: ScreenProps & { onRetry: () => void }) {
  return (
    <div class="sent" aria-live="polite">
      <h2 tabIndex={-1} ref={headingRef}>
        {t.queuedTitle}
      </h2>
      <p>{t.queuedNote}</p>
      <div class="actions">
        <button type="button" class="secondary" onClick={onRetry}>
          {t.retry}
        </button>
      </div>
    </div>
  );
}

/** Where a survey's published results live (server/routes/results.ts). */
export const resultsPath = (slug: string) => `/r/${encodeURIComponent(slug)}`;

export function Sent({
  t,
  headingRef,
  receipt,
  slug,
}: ScreenProps & { receipt: string; slug: string }) {
  const path = resultsPath(slug);
  return (
    <div class="sent" aria-live="polite">
      <h2 tabIndex={-1} ref={headingRef}>
        {t.sentTitle}
      </h2>
      <p class="receipt">
        {t.receiptLabel}: <strong>{receipt}</strong>
      </p>
      <p>{t.receiptNote}</p>
      <ReceiptNext t={t} path={path} />
    </div>
  );
}

/** What happens to the answers now and where the results will be: the same with and without a script. */
export function ReceiptNext({ t, path }: { t: RespondentStrings; path: string }) {
  const shown = typeof location === "undefined" ? path : `${location.host}${path}`;
  return (
    <>
      <h3>{t.nextTitle}</h3>
      <p>{t.nextNote}</p>
      <p>
        {t.resultsWhere} <a href={path}>{shown}</a>
      </p>
    </>
  );
}
