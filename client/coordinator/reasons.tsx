// Why a cell of a preview is hidden, in the words a coordinator reads before publishing
// (issue 12): "hidden because it could be worked out from the November 2026 publication", never
// "secondary". The reasons come from client/lib/suppress.ts; earlier publications are named by
// the month they were published in.
import { fill, type Labels } from "../lib/labels";
import { type Key, TOTAL } from "../lib/publication";
import type { Reason } from "../lib/suppress";
import { useStrings, workspaceLanguage } from "./strings";
import type { WorkspaceStrings } from "./strings/en";

type ReasonStrings = WorkspaceStrings["reasons"];

/** An earlier publication as the reasons name it (the history the suppression was given). */
export interface Earlier {
  number: number;
  /** YYYY-MM */
  publishedOn: string;
}

function publicationName(t: ReasonStrings, language: string, earlier: Earlier | undefined): string {
  if (!earlier) return t.anEarlier;
  const [year, month] = earlier.publishedOn.split("-").map(Number) as [number, number];
  const name = new Date(Date.UTC(year, month - 1, 1)).toLocaleString(language, {
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  });
  return fill(t.publication, { number: earlier.number, month: name });
}

/**
 * The count a cover protects, named as the tables name it ("Gender: Woman, Country: Peru");
 * without labels (a feedback channel has no questions), by its codes.
 */
function keyName(t: ReasonStrings, key: Key, labels?: Labels): string {
  const parts = Object.entries(key)
    .filter(([, value]) => value !== TOTAL)
    .map(([variable, value]) =>
      labels
        ? `${labels.variable(variable)}: ${labels.category(variable, value)}`
        : `${variable} = ${value === null ? t.noAnswer : value}`,
    );
  return parts.length === 0 ? t.theTotal : parts.join(", ");
}

/**
 * One sentence per reason, in the workspace's language; `history[i]` is the publication a
 * reason's index points at.
 */
export function reasonText(
  t: ReasonStrings,
  language: string,
  reason: Reason,
  k: number,
  history: readonly Earlier[],
  labels?: Labels,
): string {
  const named = (index: number | undefined) =>
    publicationName(t, language, index === undefined ? undefined : history[index]);
  switch (reason.why) {
    case "small":
      return fill(t.small, { k });
    case "few_respondents":
      return fill(t.fewRespondents, { k });
    case "kept":
      return t.kept;
    case "zero":
      return t.zero;
    case "changed":
      return fill(t.changed, { k, publication: named(reason.since) });
    case "cover": {
      const of = keyName(t, reason.protects, labels);
      if (reason.since !== undefined) {
        return fill(t.coverSince, { of, publication: named(reason.since) });
      }
      if (reason.release !== undefined && reason.release < history.length) {
        return fill(t.coverFrom, { of, publication: named(reason.release) });
      }
      return fill(t.cover, { of });
    }
  }
}

/** The reasons of a group of cells, each sentence once with how many cells it hides. */
export function reasonSummary(
  t: ReasonStrings,
  language: string,
  cells: readonly { reason?: Reason | undefined }[],
  k: number,
  history: readonly Earlier[],
  labels?: Labels,
): { text: string; cells: number }[] {
  const counted = new Map<string, number>();
  for (const cell of cells) {
    if (!cell.reason) continue;
    const text = reasonText(t, language, cell.reason, k, history, labels);
    counted.set(text, (counted.get(text) ?? 0) + 1);
  }
  return [...counted].map(([text, n]) => ({ text, cells: n }));
}

/** A preview's hidden cells, one line per reason with how many cells it hides. */
export function HiddenReasons({
  cells,
  k,
  earlier,
  labels,
}: {
  cells: readonly { reason?: Reason | undefined }[];
  k: number;
  earlier: readonly Earlier[];
  /** How the tables beside it name questions and answers. */
  labels?: Labels;
}) {
  const t = useStrings().reasons;
  return (
    <ul class="reasons" data-testid="hidden-reasons">
      {reasonSummary(t, workspaceLanguage(), cells, k, earlier, labels).map((reason) => (
        <li key={reason.text}>
          {reason.text} ({fill(reason.cells === 1 ? t.oneCell : t.cells, { n: reason.cells })})
        </li>
      ))}
    </ul>
  );
}
