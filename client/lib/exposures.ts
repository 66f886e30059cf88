// What an attacker can work out from published numbers (DESIGN §8), asked of HiGHS: with every
// earlier publication of the same respondents (history), every margin, the survey's structure,
// and that counts are whole and ≥ 0, how tightly each hidden count and each change between two
// publications can be bounded, and whether a small hidden group can be shown to share an
// answer. The publication-level audit (audit.ts) and the suppression (suppress.ts, prune.ts)
// ask it; the suppression runs `exposures` until it finds nothing. UI-free.
import type { Highs } from "highs";
import { type Frame, type Knowledge, knowledge, prepare, type Shows, shows } from "./knowledge";
import { type Expression, minus } from "./linear";
import { type SolveOptions, type Spent, solve } from "./lp";
import { ownSeeding } from "./points";
import type { Suppression } from "./publication";
import { type Answer, type Interval, type Question, roundDown, roundUp } from "./question";
import { type Candidate, judgeSharing } from "./sharing";
import { zeroByMargin } from "./statistics";

/**
 * Whether an attacker's interval for a hidden count singles anyone out. Counts are whole
 * numbers, so the interval is first narrowed to integers. A primary needs `hi − lo ≥ k`. Any
 * other hidden count may be bounded tightly when the bounds prove it is zero (nobody) or at
 * least k (nobody singled out); anything else could be a small count as far as a reader can tell.
 */
export function isExposed({ lo, hi }: Interval, k: number, primary: boolean): boolean {
  const low = roundUp(lo);
  const high = roundDown(hi);
  if (high - low >= k) return false;
  return primary || (high > 0 && low < k);
}

/**
 * What the attacker can do, as the suppression loop needs it: each names the statistic of a
 * release (and, for a change, the earlier release it is measured from).
 */
export type Exposure =
  /** A hidden count (or a change, with `since`) bounded to fewer than k values. */
  | { kind: "interval"; release: number; statistic: number; since?: number; lo: number; hi: number }
  /** Every member of a hidden small group (`statistic`) provably in one category (`part`). */
  | { kind: "sharing"; release: number; statistic: number; part: number; since?: number }
  /** A published count of 1..k−1 (a primary left visible). */
  | { kind: "small"; release: number; statistic: number; count: number }
  /** Published both times, and changed by 1..k−1: the newcomers' own small count. */
  | { kind: "change"; release: number; statistic: number; since: number; change: number }
  /** A published zero in a line whose margin is hidden (DESIGN §8: zeros hidden there too). */
  | { kind: "zero"; release: number; statistic: number; margin: number }
  /** Published numbers that no table of counts could produce. */
  | { kind: "inconsistent"; release: number; statistic: number }
  /** Fewer than k respondents: only the response count may show (DESIGN §8). */
  | { kind: "below_k"; release: number; statistic: number };

const width = (lo: number, hi: number) => roundDown(hi) - roundUp(lo);

/**
 * For audits repeated while a defender moves its state one way only. Publishing more (the
 * suppression's prune) only narrows what a reader can work out: a hidden count shown to be at
 * least k, or provably 0, stays so. Hiding more (the suppression's loop) only widens it: a count or
 * change shown to move by k, or a group shown to hold someone elsewhere, stays so. Either way
 * such a question need not be asked again.
 */
export interface Carried {
  moving: "publishing" | "hiding";
  /** Questions known to be fine, by name: not asked. */
  skip: ReadonlySet<string>;
  /** Filled with the names of questions shown fine for good. */
  proven: Set<string>;
}

export interface AuditOptions extends SolveOptions {
  /** Not with `firstOnly` when hiding: a question it never reached is answered "enough". */
  carried?: Carried;
  /**
   * Stop at the first exposure found, asking first about what shares a line with `focus` and
   * about `protects`: for a defender who only needs to know whether publishing `focus`, hidden
   * to protect that count, is safe.
   */
  firstOnly?: { focus: number; protects?: number };
  /**
   * What the published numbers show without an LP (small counts and changes, zeros beside a
   * hidden margin, N < k): for a defender who removes those before asking the LP about the rest.
   */
  publishedOnly?: boolean;
  /**
   * Ask the LP only about these statistics (as the count, or the group or part of a sharing
   * question); the answers about them are those of the whole audit.
   */
  only?: ReadonlySet<number>;
  /**
   * Ask only about what the last release adds to the one before it: its growth. Sound for two
   * releases of which the last keeps the first's pattern (`keepsPattern`), and the first has
   * passed the gate at the same k (see there).
   */
  growthOnly?: boolean;
}

/**
 * Every exposure of the last release given the earlier ones. Exposures that the earlier
 * releases already had on their own are not the last release's doing and are left out (`inherited`
 * lists them): nothing the last release hides can undo what is already public.
 */
export function exposures(
  highs: Highs,
  frame: Frame,
  k: number,
  options: AuditOptions & { state?: readonly Suppression[] } = {},
): { exposures: Exposure[]; inherited: Exposure[] } {
  const state = options.state ? { state: options.state } : {};
  // Only the last release's own: nothing for `inherited` to take out.
  if (options.publishedOnly) {
    return { exposures: dedupe(publishedExposures(shows(frame, state), k)), inherited: [] };
  }
  const model = knowledge(frame, state);
  const found = exposuresOf(highs, model, k, options);
  const last = frame.releases.length - 1;
  const earlier = found.filter((e) => e.release < last && !("since" in e && e.since === last));
  if (earlier.length === 0 || last === 0) return { exposures: found, inherited: [] };
  const old = inheritedNames(
    highs,
    frame,
    k,
    new Set(earlier.map((e) => e.statistic)),
    options.spent,
  );
  const inherited = earlier.filter((e) => old.has(exposureName(e)));
  const skip = new Set(inherited);
  return { exposures: found.filter((e) => !skip.has(e)), inherited };
}

/** The same problem, however tight: bounds move as releases add up. */
const exposureName = (e: Exposure) =>
  nameOf({
    kind: e.kind,
    release: e.release,
    statistic: e.statistic,
    ...("since" in e && e.since !== undefined ? { since: e.since } : {}),
    ...("part" in e ? { part: e.part } : {}),
  });

/**
 * What the earlier releases expose on their own about `statistics`, once per frame and
 * statistic. Only those statistics are asked about: the answers for them are the same as in a
 * whole audit of the earlier releases, which cost up to a sixth of a suppression's LP work with
 * history (bench:suppress at 2,000) for the few statistics an audit ever needs this for.
 */
const inheritedByFrame = new WeakMap<Frame, { asked: Set<number>; names: Set<string> }>();
function inheritedNames(
  highs: Highs,
  frame: Frame,
  k: number,
  statistics: ReadonlySet<number>,
  spent?: Spent,
): Set<string> {
  let known = inheritedByFrame.get(frame);
  if (!known) {
    known = { asked: new Set(), names: new Set() };
    inheritedByFrame.set(frame, known);
  }
  const only = new Set([...statistics].filter((s) => !known.asked.has(s)));
  if (only.size > 0) {
    const before = prepare(frame.releases.slice(0, -1), frame.structure);
    for (const e of exposuresOf(highs, knowledge(before), k, {
      only,
      ...(spent ? { spent } : {}),
    })) {
      known.names.add(exposureName(e));
    }
    for (const s of only) known.asked.add(s);
  }
  return known.names;
}

/** What the LP is asked, by kind; `nameOf` names it for `Carried`. */
type Asked =
  | { kind: "count"; release: number; statistic: number }
  | { kind: "change"; release: number; since: number; statistic: number }
  | { kind: "share"; release: number; since?: number; statistic: number; part: number };

/**
 * Every exposure of `model`'s releases: what the published numbers show, then what the LP can
 * say about every hidden count and change, then which groups that may all share an answer
 * single anyone out (sharing.ts).
 */
function exposuresOf(
  highs: Highs,
  model: Knowledge,
  k: number,
  options: AuditOptions = {},
): Exposure[] {
  const carried = options.carried;
  const hiding = carried?.moving === "hiding";
  const publishing = carried?.moving === "publishing" ? carried : undefined;
  const last = model.releases.length - 1;
  const n = model.releases[last]?.responses ?? 0;
  const out = publishedExposures(model, k);
  if (n < k || (options.firstOnly && out.length > 0)) return dedupe(out);

  // Then what the LP can say about every hidden count and change.
  const primary = (t: number, s: number) => model.mark(t, s) === "primary";
  const { asked, questions } = options.firstOnly
    ? nearFocusFirst(model, lpQuestions(model, k, options), options.firstOnly)
    : lpQuestions(model, k, options);
  const stop = options.firstOnly
    ? (i: number, answer: Answer) => {
        const what = asked[i] as Asked;
        if (answer === "infeasible") return true;
        if (answer === "enough") return false;
        // A group that seems to share an answer may still be exempt (sharing.ts): only a
        // narrow interval is sure enough to stop at.
        if (what.kind === "share") return false;
        // An earlier release's may be one it had alone, which exposures() leaves out as
        // inherited: stopping there reported nothing, and the prune published blind
        // (audit-carried.test.ts).
        if (what.release < last) return false;
        if (what.kind === "count" && changeExposed(model, k, what.release, what.statistic, answer))
          return true;
        return isExposed(answer, k, what.kind === "count" && primary(what.release, what.statistic));
      }
    : undefined;
  // An audit of a kept republication with no points carried in (the gate's) keeps its own, for
  // sharing.ts's whole groups: each lies in two independent LPs, and points settle it where no
  // single solve does (seen.ts, settledApart). bench:suppress, the gate at 66 after 60: 9.4M of
  // work instead of 18.6M; at 72 13.2M (14.3M); along the kept series the same within 0.1M.
  // With the whole history it took 11–20 % less work and no less time (points cost JavaScript
  // time that many releases make large), so not there.
  const seeding =
    options.seeding ?? (options.growthOnly ? ownSeeding(highs, model, options.spent) : undefined);
  // Witnesses for a kept republication only: with the whole history the open parts are counts
  // and changes far apart, and the weighted solves cost more work than the solves they saved
  // (bench:suppress, 1,812M of work over the six publications against 1,422M).
  const seeded = {
    ...options,
    ...(seeding ? { seeding } : {}),
    ...(options.growthOnly ? { witnesses: true } : {}),
  };
  const answers = solve(highs, model, questions, { ...seeded, ...(stop ? { stop } : {}) });
  const interval = new Map<string, Answer>();
  /** Bounds found on a release's growth since the one before: the size of its newcomers. */
  const grown = new Map<string, Answer>();
  const sharing: Candidate[] = [];
  asked.forEach((what, i) => {
    const answer = answers[i] as Answer;
    if (answer === "infeasible") {
      out.push({ kind: "inconsistent", release: what.release, statistic: what.statistic });
      return;
    }
    if (what.kind === "count") interval.set(`${what.release}:${what.statistic}`, answer);
    if (answer === "enough") {
      // Settled as wide: an exact interval that moves by k is answered so too.
      if (hiding && !options.firstOnly) carried?.proven.add(nameOf(what));
      return;
    }
    if (what.kind === "change" && what.since === what.release - 1) {
      grown.set(`${what.release}:${what.statistic}`, answer);
    }
    if (what.kind !== "share" && answer.hi === Number.POSITIVE_INFINITY && atLeast(k, answer.lo)) {
      publishing?.proven.add(nameOf(what));
      return;
    }
    // Provably zero stays zero as more is published; a primary is never zero.
    const isPrimaryCount = what.kind === "count" && primary(what.release, what.statistic);
    if (what.kind !== "share" && !isPrimaryCount && roundDown(answer.hi) < 1) {
      publishing?.proven.add(nameOf(what));
    }
    if (what.kind === "share") {
      if (roundDown(answer.hi) < 1) {
        const group =
          what.since === undefined
            ? model.value(what.release, what.statistic)
            : model.growth(what.release, what.statistic);
        sharing.push({ what, group });
      }
      return;
    }
    if (isExposed(answer, k, isPrimaryCount)) {
      out.push({
        kind: "interval",
        release: what.release,
        statistic: what.statistic,
        ...(what.kind === "change" ? { since: what.since } : {}),
        lo: roundUp(answer.lo),
        hi: roundDown(answer.hi),
      });
    }
  });
  out.push(...changesAgainstPublished(model, k, interval));
  // A caller that stops at the first exposure has one, unless it is an earlier release's, which
  // exposures() may leave out as inherited: then the groups are judged as in a whole audit.
  const ours = (e: Exposure) => e.release === last || ("since" in e && e.since === last);
  if (options.firstOnly && out.some(ours)) return dedupe(out);
  const judged = judgeSharing(highs, model, k, sharing, grown, seeded);
  for (const statistic of judged.inconsistent) {
    out.push({ kind: "inconsistent", release: last, statistic });
  }
  for (const what of judged.sharing) out.push({ kind: "sharing", ...what });
  return dedupe(out);
}

/**
 * What the published numbers show without an LP: small counts and changes, zeros beside a hidden
 * margin, N < k.
 */
function publishedExposures(model: Shows, k: number): Exposure[] {
  const { linked } = model;
  const last = model.releases.length - 1;
  const n = model.releases[last]?.responses ?? 0;
  const out: Exposure[] = [];
  for (const s of linked.statistics.keys()) {
    if (s === linked.grandTotal || model.shown(last, s) !== "published") continue;
    const count = model.count(last, s) as number;
    if (n < k) out.push({ kind: "below_k", release: last, statistic: s });
    else if (count > 0 && count < k)
      out.push({ kind: "small", release: last, statistic: s, count });
    for (let t = 0; t < last; t++) {
      if (model.shown(t, s) !== "published") continue;
      const change = count - (model.count(t, s) as number);
      if (change > 0 && change < k) {
        out.push({ kind: "change", release: last, statistic: s, since: t, change });
      }
    }
  }
  const publishedZero = (x: number) =>
    model.shown(last, x) === "published" && model.count(last, x) === 0;
  for (const relation of linked.relations) {
    if (model.shown(last, relation.total) !== "hidden") continue;
    for (const p of relation.parts) {
      if (publishedZero(p) && !zeroByMargin(linked, p, publishedZero)) {
        out.push({ kind: "zero", release: last, statistic: p, margin: relation.total });
      }
    }
  }
  return out;
}

const atLeast = (k: number, lo: number) => roundUp(lo) >= k;

/**
 * The LP's questions: every hidden count and every change between two releases hiding it, then
 * whether a hidden group (or its newcomers) may all have given one answer of its line.
 */
function lpQuestions(
  model: Knowledge,
  k: number,
  options: AuditOptions,
): { asked: Asked[]; questions: Question[] } {
  const { carried, only } = options;
  const hiding = carried?.moving === "hiding";
  const { linked } = model;
  const last = model.releases.length - 1;
  const asked: Asked[] = [];
  const questions: Question[] = [];
  const wide = (lo: number, hi: number) => width(lo, hi) >= k;
  const someone = (_lo: number, hi: number) => roundDown(hi) >= 1;
  const aboveK = (lo: number) => atLeast(k, lo);
  const ask = (what: Asked, expression: Expression, want: Question["want"], floor = false) => {
    // A count asked for its whole interval (published in another release) is needed for the
    // change against that release (changesAgainstPublished), however it was settled before;
    // unless it moves by k, and so does that change.
    const needed = !hiding && what.kind === "count" && !floor;
    if (only && !only.has(what.statistic) && !("part" in what && only.has(what.part))) return;
    asked.push(what);
    // Built field by field, the functions shared: thousands of questions per audit.
    const question: Question = { expression, want, enough: want === "max" ? someone : wide };
    if (!needed && carried?.skip.has(nameOf(what))) question.known = true;
    if (floor) question.enoughAbove = aboveK;
    // Counts and changes never go below 0.
    if (want === "interval") question.lowest = 0;
    questions.push(question);
  };
  const publishedSomewhere = (s: number) =>
    model.releases.some((_, t) => model.shown(t, s) === "published");
  // With growthOnly, a count hidden in both releases is the earlier count (already cleared)
  // plus its growth, which the change question asks about.
  const growthOnly = options.growthOnly === true;
  const askCount = (t: number, s: number) =>
    !growthOnly || (t === last && model.shown(t - 1, s) !== "hidden");
  model.releases.forEach((_, t) => {
    for (const s of linked.statistics.keys()) {
      if (model.shown(t, s) === "hidden" && askCount(t, s)) {
        // A count that is not a primary is fine once it is shown to be at least k — unless a
        // published value elsewhere turns it into a change, which needs its whole interval.
        const floor = model.mark(t, s) !== "primary" && !publishedSomewhere(s);
        ask({ kind: "count", release: t, statistic: s }, model.value(t, s), "interval", floor);
      }
      // A change between two releases that both show s, one of them hiding it: when the other
      // publishes it, the change is the hidden count shifted and is judged from that interval.
      for (let u = 0; u < t; u++) {
        if (model.shown(u, s) === "hidden" && model.shown(t, s) === "hidden") {
          const change = minus(model.value(t, s), model.value(u, s));
          ask({ kind: "change", release: t, since: u, statistic: s }, change, "interval", true);
        }
      }
    }
  });
  // Sharing last: the points the interval questions find settle most of them. A group can be
  // shown to share part p only if every other part of its line may be empty.
  model.releases.forEach((_, t) => {
    const mayBeEmpty = (e: Expression) => e.columns.length > 0 || e.constant === 0;
    for (const relation of linked.relations) {
      const g = relation.total;
      const visible = relation.parts.filter((p) => model.shown(t, p) !== "absent");
      // Every part if all may be empty; the one that may not, if only one; else none.
      const candidates = (of: (s: number) => Expression) => {
        const never = visible.filter((q) => !mayBeEmpty(of(q)));
        return never.length === 0 ? visible : never.length === 1 ? never : [];
      };
      // With growthOnly the whole group is asked about later, once its newcomers share.
      if (model.shown(t, g) === "hidden" && !growthOnly) {
        const of = (s: number) => model.value(t, s);
        for (const p of candidates(of)) {
          ask({ kind: "share", release: t, statistic: g, part: p }, minus(of(g), of(p)), "max");
        }
      }
      if (t > 0 && model.growth(t, g).columns.length > 0 && model.shown(t - 1, g) !== "absent") {
        const of = (s: number) => model.growth(t, s);
        for (const p of candidates(of)) {
          const rest = minus(of(g), of(p));
          ask({ kind: "share", release: t, since: t - 1, statistic: g, part: p }, rest, "max");
        }
      }
    }
  });
  return { asked, questions };
}

/**
 * The questions about what shares a line with the focus (or is the count it protects) first, in
 * a stable order, marked `early`: for a defender who stops at the first exposure.
 */
function nearFocusFirst(
  { linked }: Knowledge,
  { asked, questions }: { asked: Asked[]; questions: Question[] },
  { focus, protects }: { focus: number; protects?: number },
): { asked: Asked[]; questions: Question[] } {
  const near = new Set(
    (linked.relationsOf[focus] ?? []).flatMap((r) => {
      const relation = linked.relations[r];
      return relation ? [relation.total, ...relation.parts] : [];
    }),
  );
  if (protects !== undefined) near.add(protects);
  // A partition, not a sort: the same order. A profile put the most JavaScript samples of a first
  // publication of 300 in the sort; timed, the suppression was no faster without it.
  const first: number[] = [];
  const rest: number[] = [];
  asked.forEach((what, i) => {
    const isNear = near.has(what.statistic) || ("part" in what && near.has(what.part));
    (isNear ? first : rest).push(i);
  });
  const order = [...first, ...rest];
  return {
    asked: order.map((i) => asked[i] as Asked),
    questions: order.map((i, at) => {
      const question = questions[i] as Question;
      return at < first.length ? { ...question, early: true } : question;
    }),
  };
}

/** The change between a release hiding s and one publishing it, from the hidden interval. */
function changeAgainst(
  model: Knowledge,
  hiddenAt: number,
  publishedAt: number,
  s: number,
  hidden: Interval,
): Interval {
  const known = model.count(publishedAt, s) as number;
  return hiddenAt > publishedAt
    ? { lo: hidden.lo - known, hi: hidden.hi - known }
    : { lo: known - hidden.hi, hi: known - hidden.lo };
}

const changeExposed = (
  model: Knowledge,
  k: number,
  hiddenAt: number,
  s: number,
  hidden: Interval,
) =>
  model.releases.some(
    (_, u) =>
      u !== hiddenAt &&
      model.shown(u, s) === "published" &&
      isExposed(changeAgainst(model, hiddenAt, u, s, hidden), k, false),
  );

/** Changes against a release that published the count: the hidden count's interval, shifted. */
function changesAgainstPublished(
  model: Knowledge,
  k: number,
  interval: ReadonlyMap<string, Answer>,
): Exposure[] {
  const out: Exposure[] = [];
  model.releases.forEach((_, t) => {
    for (const s of model.linked.statistics.keys()) {
      for (let u = 0; u < t; u++) {
        const [hiddenAt, publishedAt] =
          model.shown(t, s) === "hidden" && model.shown(u, s) === "published"
            ? [t, u]
            : model.shown(u, s) === "hidden" && model.shown(t, s) === "published"
              ? [u, t]
              : [-1, -1];
        if (hiddenAt < 0) continue;
        const answer = interval.get(`${hiddenAt}:${s}`);
        if (!answer || answer === "enough" || answer === "infeasible") continue;
        const change = changeAgainst(model, hiddenAt, publishedAt, s, answer);
        if (isExposed(change, k, false)) {
          out.push({
            kind: "interval",
            release: t,
            statistic: s,
            since: u,
            lo: roundUp(change.lo),
            hi: roundDown(change.hi),
          });
        }
      }
    }
  });
  return out;
}

function nameOf(what: {
  kind: string;
  release: number;
  statistic: number;
  since?: number;
  part?: number;
}) {
  // A template, not JSON.stringify: every question of every audit is named (~3,400 at 66).
  return `${what.kind}:${what.release}:${what.statistic}:${what.since ?? ""}:${what.part ?? ""}`;
}

function dedupe(list: Exposure[]): Exposure[] {
  const seen = new Set<string>();
  return list.filter((e) => {
    const name = JSON.stringify(e);
    if (seen.has(name)) return false;
    seen.add(name);
    return true;
  });
}
