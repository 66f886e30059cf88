// What the disclosure tests share: a small survey made from the public questions the attacker
// reads, and the attacker's verdict on a run of publications — every hidden count of 1..k−1 and
// every change of 1..k−1 between two publications, bounded by test/attacker.ts, must be at
// least k wide; a change of 1..k−1 must never be published outright; and no group of 1..k−1
// may be shown to share an answer of its line (DESIGN §8).
import type { PublishedRelease } from "../client/lib/audit";
import type { CountedTable } from "../client/lib/publication";
import { parseSurvey, type Survey } from "../surveys/schema";
import { Attacker, inCell, type PublicQuestion, type Sheet } from "./attacker";

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

/** Every statistic or change of 1..k−1 the attacker pins narrower than k, and every small group
 * it shows to share an answer, in words. */
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
      found.push(...sharedAnswers(attacker, questions, done, t, k));
    });
    return found;
  } finally {
    attacker.dispose();
  }
}

type Key = Record<string, string | null>;

/**
 * Small groups shown to share an answer (DESIGN §8): for every cell of release t whose true
 * count (or, since release t − 1, whose newcomers' count) is 1..k−1, and every answer tabulated
 * beside it (a table crosses the cell's variables with the answer's: the cell's line), whether
 * the attacker can show that nobody in the group gave another. Not a finding when the survey's
 * rules alone say so for the respondents the group can hold, nor when a larger group holding
 * this one by those rules — its key, and what the rules make it imply, less some of those
 * (everyone, at the least) — has at least k people who provably all gave it: whoever can place
 * someone in the small group can place them in that one (DESIGN §8, docs/disclosure.md).
 * Answers never tabulated beside the group are left out: the audit's rule is the line's.
 */
function sharedAnswers(
  attacker: Attacker,
  questions: readonly PublicQuestion[],
  done: readonly Published[],
  t: number,
  k: number,
): string[] {
  const now = done[t] as Published;
  const answers = new Map<string, { variable: string; category: string | null }>();
  for (const table of now.release.tables) {
    for (const cell of table.cells) {
      for (const [variable, category] of Object.entries(cell.key)) {
        if (category !== "*")
          answers.set(JSON.stringify([variable, category]), { variable, category });
      }
    }
  }
  const fixed = (key: Key): Key =>
    Object.fromEntries(Object.entries(key).filter(([, category]) => category !== "*"));
  const holds = (key: Key) => (sheet: Sheet) => inCell(questions, sheet, key);
  /** Nobody of slices (from, t] in `group` gave another answer than `answer`. */
  const allGave = (group: Key, answer: Key, from: number) => {
    const rest = attacker.boundsWhere((s) => holds(group)(s) && !holds(answer)(s), t, from);
    return rest !== "infeasible" && rest.hi < 1;
  };
  /**
   * The slice after which the group's members came: after `from`, or after a later release
   * the attacker can show they were none at (a feedback category first seen once a month had
   * closed has all its messages in later months, for anyone to see: DESIGN §8 freezes them).
   */
  const arrived = (group: Key, from: number) => {
    for (let u = t - 1; u > from; u--) {
      const before = attacker.boundsWhere(holds(group), u, from);
      if (before !== "infeasible" && before.hi < 1) return u;
    }
    return from;
  };
  /**
   * Every group holding `group` by the survey's rules alone, short of the answer's variable:
   * what its key says and what the rules make it imply (d = x1 implies p = s1 when d is asked
   * only then), less any of those (everyone, at the least).
   */
  const larger = (group: Key, answerVariable: string): Key[] => {
    const implied = [...answers.values()].filter(
      ({ variable, category }) =>
        !(variable in group) &&
        variable !== answerVariable &&
        !attacker.allows((s) => holds(group)(s) && !holds({ [variable]: category })(s)),
    );
    const entries = [
      ...Object.entries(group),
      ...implied.map(({ variable, category }) => [variable, category] as const),
    ];
    const out: Key[] = [];
    for (let mask = 0; mask < 1 << entries.length; mask++) {
      const kept = entries.filter((_, i) => mask & (1 << i));
      if (kept.length < entries.length || implied.length > 0) out.push(Object.fromEntries(kept));
    }
    return out;
  };
  /** Whether a table of the release crosses the group's variables with `variable`. */
  const beside = (group: Key, variable: string) =>
    now.release.tables.some((table) => {
      const variables = Object.keys(table.cells[0]?.key ?? {});
      return [...Object.keys(group), variable].every((v) => variables.includes(v));
    });
  const found: string[] = [];
  now.release.tables.forEach((table, i) => {
    table.cells.forEach((cell, j) => {
      const truth = now.counted[i]?.cells[j]?.count as number;
      const before =
        t > 0
          ? done[t - 1]?.counted[i]?.cells.find((c) => sameKey(c.key, cell.key))?.count
          : undefined;
      const windows = [
        { from: -1, size: truth, name: "" },
        ...(before === undefined
          ? []
          : [{ from: t - 1, size: truth - before, name: " newcomers" }]),
      ];
      const group = fixed(cell.key);
      for (const { from, size, name } of windows) {
        if (size < 1 || size >= k) continue;
        const since = arrived(group, from);
        for (const { variable, category } of answers.values()) {
          if (variable in group || !beside(group, variable)) continue;
          const answer = { [variable]: category };
          const other = (s: Sheet) => holds(group)(s) && !holds(answer)(s);
          if (!attacker.allows(other, t, since)) continue;
          if (!allGave(group, answer, from)) continue;
          const implied = larger(group, variable).some((big) => {
            const people = attacker.boundsWhere(holds(big), t, from);
            return people !== "infeasible" && people.lo >= k && allGave(big, answer, from);
          });
          if (!implied) {
            found.push(
              `${table.id} ${JSON.stringify(cell.key)} @${t}${name}: all ${size} gave ${variable} = ${category}`,
            );
          }
        }
      }
    });
  });
  return found;
}
