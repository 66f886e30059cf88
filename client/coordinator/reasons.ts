// Why a cell of a preview is hidden, in the words a coordinator reads before publishing
// (issue 12): "hidden because it could be worked out from the November 2026 publication", never
// "secondary". The reasons come from client/lib/suppress.ts; earlier publications are named by
// the month they were published in.
import { type Key, TOTAL } from "../lib/publication";
import type { Reason } from "../lib/suppress";

/** An earlier publication as the reasons name it (the history the suppression was given). */
export interface Earlier {
  number: number;
  /** YYYY-MM */
  publishedOn: string;
}

function publicationName(earlier: Earlier | undefined): string {
  if (!earlier) return "an earlier publication";
  const [year, month] = earlier.publishedOn.split("-").map(Number) as [number, number];
  const name = new Date(Date.UTC(year, month - 1, 1)).toLocaleString("en", {
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  });
  return `publication ${earlier.number} (${name})`;
}

function keyName(key: Key): string {
  const parts = Object.entries(key)
    .filter(([, value]) => value !== TOTAL)
    .map(([variable, value]) => `${variable} = ${value === null ? "no answer" : value}`);
  return parts.length === 0 ? "the total" : parts.join(", ");
}

/** One sentence per reason; `history[i]` is the publication a reason's index points at. */
export function reasonText(reason: Reason, k: number, history: readonly Earlier[]): string {
  switch (reason.why) {
    case "small":
      return `Hidden: fewer than ${k} people.`;
    case "few_respondents":
      return `Hidden: fewer than ${k} responses in all, so only their number is published.`;
    case "kept":
      return "Hidden as in the previous publication, so the two cannot be compared to find it.";
    case "zero":
      return "Hidden: a zero here would say what everyone in a small group answered.";
    case "changed":
      return `Hidden: it grew by fewer than ${k} since ${publicationName(history[reason.since])}, so the difference would point at the newcomers.`;
    case "cover": {
      const of = keyName(reason.protects);
      if (reason.since !== undefined) {
        return `Hidden because, shown, it would let someone work out how ${of} changed since ${publicationName(history[reason.since])}.`;
      }
      if (reason.release !== undefined && reason.release < history.length) {
        return `Hidden because, shown, it would let someone work out ${of} from ${publicationName(history[reason.release])}.`;
      }
      return `Hidden because, shown, it would let someone work out ${of}.`;
    }
  }
}

/** The reasons of a group of cells, each sentence once with how many cells it hides. */
export function reasonSummary(
  cells: readonly { reason?: Reason | undefined }[],
  k: number,
  history: readonly Earlier[],
): { text: string; cells: number }[] {
  const counted = new Map<string, number>();
  for (const cell of cells) {
    if (!cell.reason) continue;
    const text = reasonText(cell.reason, k, history);
    counted.set(text, (counted.get(text) ?? 0) + 1);
  }
  return [...counted].map(([text, n]) => ({ text, cells: n }));
}
