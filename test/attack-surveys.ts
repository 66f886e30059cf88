// What the disclosure tests share: a small survey made from the public questions the attacker
// reads, and the attacker's verdict on a run of publications — every hidden count of 1..k−1 and
// every change of 1..k−1 between two publications, bounded by test/attacker.ts, must be at
// least k wide; a change of 1..k−1 must never be published outright (DESIGN §8).
import type { PublishedRelease } from "../client/lib/audit";
import type { CountedTable } from "../client/lib/publication";
import { parseSurvey, type Survey } from "../surveys/schema";
import { Attacker, type PublicQuestion, type Sheet } from "./attacker";

export function surveyOf(questions: readonly PublicQuestion[], breakdowns: string[]): Survey {
  const label = (id: string) => ({ en: id });
  const parsed = parseSurvey({
    slug: "random-survey",
    version: 1,
    languages: ["en"],
    title: label("random"),
    breakdowns,
    questions: questions.map((q) => ({
      id: q.id,
      type: q.type,
      label: label(q.id),
      ...(q.required ? { required: true } : {}),
      ...(q.showIf ? { showIf: q.showIf } : {}),
      options: (q.options ?? []).map((o) => ({ id: o.id, label: label(o.id) })),
    })),
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.value;
}

/** A publication as released, beside the true counts of the same cells. */
export interface Published {
  counted: CountedTable[];
  release: PublishedRelease;
}

const sameKey = (a: Record<string, unknown>, b: Record<string, unknown>) =>
  Object.keys(a).length === Object.keys(b).length &&
  Object.entries(a).every(([v, c]) => b[v] === c);

/** Every statistic or change of 1..k−1 the attacker pins narrower than k, in words. */
export async function leaks(
  questions: readonly PublicQuestion[],
  done: readonly Published[],
  k: number,
  possible?: (slice: number, sheet: Sheet) => boolean,
): Promise<string[]> {
  const attacker = await Attacker.of(
    questions,
    done.map((p) => p.release),
    possible,
  );
  try {
    const found: string[] = [];
    done.forEach((now, t) => {
      now.release.tables.forEach((table, i) => {
        table.cells.forEach((cell, j) => {
          const truth = now.counted[i]?.cells[j]?.count as number;
          const hidden = cell.count === null;
          const where = `${table.id} ${JSON.stringify(cell.key)}`;
          if (hidden && truth > 0 && truth < k) {
            const b = attacker.bounds(cell.key, t);
            if (b === "infeasible" || b.hi - b.lo < k) {
              found.push(`${where} @${t}: ${truth} in ${JSON.stringify(b)}`);
            }
          }
          for (let u = 0; u < t; u++) {
            // By key: a feedback table gains a month column from one publication to the next.
            const at = done[u]?.release.tables[i]?.cells.findIndex((c) => sameKey(c.key, cell.key));
            if (at === undefined || at < 0) continue;
            const before = done[u]?.release.tables[i]?.cells[at];
            const truthBefore = done[u]?.counted[i]?.cells[at]?.count as number;
            const change = truth - truthBefore;
            if (!before || change <= 0 || change >= k) continue;
            if (!hidden && before.count !== null) {
              found.push(`${where} @${u}→${t}: published change ${change}`);
              continue;
            }
            const b = attacker.bounds(cell.key, t, u);
            if (b === "infeasible" || b.hi - b.lo < k) {
              found.push(`${where} @${u}→${t}: change ${change} in ${JSON.stringify(b)}`);
            }
          }
        });
      });
    });
    return found;
  } finally {
    attacker.dispose();
  }
}
