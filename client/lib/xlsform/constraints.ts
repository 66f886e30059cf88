// XLSForm `constraint` cells as what Voz questions can hold (SPEC §A): a number's min and max,
// a text's maxLength, a month's min and max, and a multi's exclusive options. A constraint is
// carried only when Voz's rule accepts exactly the answers the constraint accepts; anything else
// is reported with the construct that stood in the way.
import type { Expr } from "./expression";

export type Carried<T> = { ok: true; value: T } | { ok: false; construct: string; message: string };

const fail = (construct: string, message: string) => ({ ok: false, construct, message }) as const;
const usesFunction = (name: string) =>
  fail(`function ${name.toLowerCase()}()`, `uses ${name.toLowerCase()}(), which Voz cannot check`);
const PARTS_OTHER_ANSWERS = fail(
  "comparison with another answer",
  "compares the answer with another answer, which Voz cannot check",
);

/** A set of reals as disjoint intervals, ascending. */
interface Interval {
  lo: number;
  loIn: boolean;
  hi: number;
  hiIn: boolean;
}
type Span = Interval[];

function normalizeSpan(span: Span): Span {
  const sorted = span
    .filter((i) => i.lo < i.hi || (i.lo === i.hi && i.loIn && i.hiIn))
    .sort((a, b) => a.lo - b.lo || Number(b.loIn) - Number(a.loIn));
  const out: Span = [];
  for (const next of sorted) {
    const last = out.at(-1);
    if (last && (next.lo < last.hi || (next.lo === last.hi && (next.loIn || last.hiIn)))) {
      if (next.hi > last.hi) {
        last.hi = next.hi;
        last.hiIn = next.hiIn;
      } else if (next.hi === last.hi) {
        last.hiIn ||= next.hiIn;
      }
    } else {
      out.push({ ...next });
    }
  }
  return out;
}

function complement(span: Span): Span {
  const out: Span = [];
  let lo = -Infinity;
  let loIn = false;
  for (const i of span) {
    out.push({ lo, loIn, hi: i.lo, hiIn: !i.loIn });
    lo = i.hi;
    loIn = !i.hiIn;
  }
  out.push({ lo, loIn, hi: Infinity, hiIn: false });
  return normalizeSpan(out);
}

const union = (a: Span, b: Span) => normalizeSpan([...a, ...b]);
const intersect = (a: Span, b: Span) => complement(union(complement(a), complement(b)));

function atom(op: string, c: number): Span {
  switch (op) {
    case "<":
      return [{ lo: -Infinity, loIn: false, hi: c, hiIn: false }];
    case "<=":
      return [{ lo: -Infinity, loIn: false, hi: c, hiIn: true }];
    case ">":
      return [{ lo: c, loIn: false, hi: Infinity, hiIn: false }];
    case ">=":
      return [{ lo: c, loIn: true, hi: Infinity, hiIn: false }];
    case "=":
      return [{ lo: c, loIn: true, hi: c, hiIn: true }];
    default:
      return complement([{ lo: c, loIn: true, hi: c, hiIn: true }]);
  }
}

const FLIP: Record<string, string> = { "<": ">", "<=": ">=", ">": "<", ">=": "<=" };

function isCurrent(expr: Expr): boolean {
  return (
    expr.kind === "current" ||
    (expr.kind === "call" &&
      ["number", "int"].includes(expr.name) &&
      expr.args.length === 1 &&
      expr.args[0]?.kind === "current")
  );
}

function readsCurrent(expr: Expr): boolean {
  switch (expr.kind) {
    case "current":
      return true;
    case "call":
      return expr.args.some(readsCurrent);
    case "binary":
      return readsCurrent(expr.left) || readsCurrent(expr.right);
    case "negate":
      return readsCurrent(expr.operand);
    default:
      return false;
  }
}

/** Why a comparison with no bare `.` on either side holds no range of this answer. */
function notARange(left: Expr, right: Expr): Carried<never> {
  const side = readsCurrent(left) ? left : readsCurrent(right) ? right : null;
  if (!side) return fail("constraint on other answers", "constrains other answers than this one");
  if (side.kind === "call") return usesFunction(side.name);
  // `(. mod 5) = 0`, multiples of 5: a rule on this answer, which no min and max can hold.
  return fail(
    "arithmetic on the answer",
    "computes with the answer (+, -, *, div, mod), which Voz cannot check",
  );
}

/** The reals `.` may take under a constraint, with `bound` reading the literal side. */
function spanOf(expr: Expr, bound: (e: Expr) => number | Carried<never>): Span | Carried<never> {
  if (expr.kind === "binary" && (expr.op === "and" || expr.op === "or")) {
    const left = spanOf(expr.left, bound);
    if (!Array.isArray(left)) return left;
    const right = spanOf(expr.right, bound);
    if (!Array.isArray(right)) return right;
    return expr.op === "and" ? intersect(left, right) : union(left, right);
  }
  if (expr.kind === "call" && expr.name === "not" && expr.args.length === 1) {
    const inner = spanOf(expr.args[0] as Expr, bound);
    return Array.isArray(inner) ? complement(inner) : inner;
  }
  if (expr.kind === "binary" && ["=", "!=", "<", "<=", ">", ">="].includes(expr.op)) {
    const [op, other] = isCurrent(expr.left)
      ? [expr.op, expr.right]
      : isCurrent(expr.right)
        ? [FLIP[expr.op] ?? expr.op, expr.left]
        : [null, null];
    if (!op || !other) return notARange(expr.left, expr.right);
    const value = bound(other);
    return typeof value === "number" ? atom(op, value) : value;
  }
  if (expr.kind === "call") {
    return usesFunction(expr.name);
  }
  return fail("unreadable constraint", "is not a constraint Voz can read");
}

function numberLiteral(expr: Expr): number | Carried<never> {
  if (expr.kind === "number") return expr.value;
  if (expr.kind === "negate" && expr.operand.kind === "number") return -expr.operand.value;
  if (expr.kind === "string" && expr.value.trim() !== "" && Number.isFinite(Number(expr.value))) {
    return Number(expr.value);
  }
  if (expr.kind === "ref") return PARTS_OTHER_ANSWERS;
  if (expr.kind === "call") {
    return usesFunction(expr.name);
  }
  return fail("arithmetic", "computes a bound, which Voz cannot check");
}

/** Closed integer bounds of each interval, merging neighbours (`.=0 or .>=1` is `.>=0`). */
function integerSpan(span: Span): Span {
  const out: Span = [];
  for (const i of span) {
    const lo = i.lo === -Infinity ? -Infinity : i.loIn ? Math.ceil(i.lo) : Math.floor(i.lo) + 1;
    const hi = i.hi === Infinity ? Infinity : i.hiIn ? Math.floor(i.hi) : Math.ceil(i.hi) - 1;
    if (lo > hi) continue;
    const last = out.at(-1);
    if (last && lo <= last.hi + 1) last.hi = Math.max(last.hi, hi);
    else out.push({ lo, loIn: true, hi, hiIn: true });
  }
  return out;
}

export interface Range {
  min?: number;
  max?: number;
  /** A decimal's `>`/`<` kept as `>=`/`<=` (Voz bounds are inclusive): said in the report. */
  loosened?: boolean;
}

function rangeOf(span: Span): Carried<Range> {
  if (span.length === 0) {
    return fail("constraint that accepts nothing", "accepts no answer at all");
  }
  if (span.length > 1) {
    return fail(
      "separate ranges",
      "allows separate ranges (such as -1 for 'do not know' beside 0 to 10); Voz has one range",
    );
  }
  const [only] = span as [Interval];
  const range: Range = {};
  if (only.lo !== -Infinity) range.min = only.lo;
  if (only.hi !== Infinity) range.max = only.hi;
  if ((only.lo !== -Infinity && !only.loIn) || (only.hi !== Infinity && !only.hiIn)) {
    range.loosened = true;
  }
  return { ok: true, value: range };
}

/** `. >= 0 and . <= 120`, `(.)>0`, `.=0 or (.>=1 and .<=10)`… on an integer or decimal. */
export function numberRange(expr: Expr, integer: boolean): Carried<Range> {
  const span = spanOf(expr, numberLiteral);
  if (!Array.isArray(span)) return span;
  return rangeOf(integer ? integerSpan(span) : span);
}

/** Months as a number, so that month bounds are integer bounds: Jan 2020 is 2020 * 12. */
function monthNumber(year: number, month: number): number {
  return year * 12 + (month - 1);
}
export function monthText(n: number): string {
  const year = Math.floor(n / 12);
  return `${String(year).padStart(4, "0")}-${String(n - year * 12 + 1).padStart(2, "0")}`;
}

function dateLiteral(expr: Expr): number | Carried<never> {
  const text =
    expr.kind === "string"
      ? expr.value
      : expr.kind === "call" &&
          expr.name === "date" &&
          expr.args.length === 1 &&
          expr.args[0]?.kind === "string"
        ? expr.args[0].value
        : null;
  const match = text?.trim().match(/^(\d{4})-(\d{2})(?:-(\d{2}))?$/);
  if (!match) return numberLiteral(expr);
  // A month answer is its first day: 2020-01 < 2020-01-15, so `. >= date('2020-01-15')` starts
  // in February.
  const day = Number(match[3] ?? 1);
  return monthNumber(Number(match[1]), Number(match[2])) + (day - 1) / 31;
}

/** `. >= date('2020-01-01') and . <= '2024-12-01'` on a date asked as a month. */
export function monthRange(expr: Expr): Carried<{ min?: string; max?: string }> {
  const span = spanOf(expr, dateLiteral);
  if (!Array.isArray(span)) return span;
  const range = rangeOf(integerSpan(span));
  if (!range.ok) return range;
  const { min, max } = range.value;
  return {
    ok: true,
    value: {
      ...(min === undefined ? {} : { min: monthText(min) }),
      ...(max === undefined ? {} : { max: monthText(max) }),
    },
  };
}

/** `string-length(.) <= 500` (or `< 501`) on a text. */
export function textLength(expr: Expr): Carried<number> {
  if (
    expr.kind === "binary" &&
    (expr.op === "<=" || expr.op === "<") &&
    expr.left.kind === "call" &&
    expr.left.name === "string-length" &&
    expr.left.args.length === 1 &&
    expr.left.args[0]?.kind === "current" &&
    expr.right.kind === "number"
  ) {
    const max = expr.op === "<=" ? expr.right.value : Math.ceil(expr.right.value) - 1;
    if (Number.isInteger(max) && max >= 1 && max <= 10_000) return { ok: true, value: max };
  }
  if (expr.kind === "call" && expr.name.toLowerCase() === "regex") {
    return fail("text pattern (regex)", "asks the text to match a pattern, which Voz cannot check");
  }
  return fail(
    "text constraint",
    "constrains a text in a way Voz cannot check (only a maximum length: string-length(.) <= n)",
  );
}

/** A multi answer as the constraint can see it: which named choices are in it, and how many. */
interface Chosen {
  named: ReadonlySet<string>;
  count: number;
}

function evaluate(expr: Expr, chosen: Chosen): boolean | number | string {
  switch (expr.kind) {
    case "number":
      return expr.value;
    case "string":
      return expr.value;
    case "negate": {
      const value = evaluate(expr.operand, chosen);
      if (typeof value !== "number") throw new RangeError("minus on a text");
      return -value;
    }
    case "call": {
      const [first, second] = expr.args;
      if (expr.name === "not" && first) return !evaluate(first, chosen);
      if (expr.name === "true") return true;
      if (expr.name === "false") return false;
      if (expr.name === "count-selected" && first?.kind === "current") return chosen.count;
      if (expr.name === "selected" && first?.kind === "current" && second) {
        const option = second.kind === "string" || second.kind === "number" ? second.value : null;
        if (option === null) throw new RangeError("computed choice");
        return chosen.named.has(String(option));
      }
      throw new RangeError(`function ${expr.name}()`);
    }
    case "binary": {
      const left = evaluate(expr.left, chosen);
      if (expr.op === "and") return Boolean(left) && Boolean(evaluate(expr.right, chosen));
      if (expr.op === "or") return Boolean(left) || Boolean(evaluate(expr.right, chosen));
      const right = evaluate(expr.right, chosen);
      if (typeof left !== "number" || typeof right !== "number") {
        throw new RangeError("comparison of texts");
      }
      if (expr.op === "=") return left === right;
      if (expr.op === "!=") return left !== right;
      if (expr.op === "<") return left < right;
      if (expr.op === "<=") return left <= right;
      if (expr.op === ">") return left > right;
      if (expr.op === ">=") return left >= right;
      throw new RangeError("arithmetic");
    }
    default:
      throw new RangeError(expr.kind);
  }
}

function namedChoices(expr: Expr, out: Set<string>): Set<string> {
  if (
    expr.kind === "call" &&
    expr.name === "selected" &&
    (expr.args[1]?.kind === "string" || expr.args[1]?.kind === "number")
  ) {
    out.add(String(expr.args[1].value));
  }
  if (expr.kind === "call") for (const arg of expr.args) namedChoices(arg, out);
  if (expr.kind === "binary") {
    namedChoices(expr.left, out);
    namedChoices(expr.right, out);
  }
  if (expr.kind === "negate") namedChoices(expr.operand, out);
  return out;
}

function largestNumber(expr: Expr): number {
  if (expr.kind === "number") return Math.abs(expr.value);
  if (expr.kind === "call") return Math.max(0, ...expr.args.map(largestNumber));
  if (expr.kind === "binary") return Math.max(largestNumber(expr.left), largestNumber(expr.right));
  if (expr.kind === "negate") return largestNumber(expr.operand);
  return 0;
}

const NOT_EXCLUSIVE = fail(
  "constraint on choices",
  "limits the choices in a way Voz cannot check (Voz can make an option exclusive: chosen alone)",
);

/**
 * The exclusive options of a multi constraint such as
 * `not(selected(., 'none') and count-selected(.) > 1)`, found by checking every answer the
 * constraint can tell apart: which of the choices it names are chosen, and how many in all.
 * Carried only when the constraint accepts exactly "each exclusive option alone or not at all".
 */
export function exclusiveOptions(expr: Expr, choiceNames: readonly string[]): Carried<string[]> {
  const named = [...namedChoices(expr, new Set())];
  if (named.some((name) => !choiceNames.includes(name))) {
    return fail("option not in the list", "names a choice the question does not offer");
  }
  if (named.length > 12) return NOT_EXCLUSIVE;
  const others = choiceNames.length - named.length;
  const countLimit = Math.min(choiceNames.length, largestNumber(expr) + 2);
  const cases: Chosen[] = [];
  for (let mask = 0; mask < 1 << named.length; mask++) {
    const set = new Set(named.filter((_, i) => mask & (1 << i)));
    const most = Math.min(set.size + others, Math.max(countLimit, set.size));
    for (let count = Math.max(1, set.size); count <= most; count++) {
      cases.push({ named: set, count });
    }
  }
  try {
    const accepts = (c: Chosen) => Boolean(evaluate(expr, c));
    const exclusive = named.filter((name) => {
      const withOthers = cases.filter((c) => c.named.has(name) && c.count >= 2);
      return (
        accepts({ named: new Set([name]), count: 1 }) &&
        withOthers.length > 0 &&
        withOthers.every((c) => !accepts(c))
      );
    });
    const rule = (c: Chosen) => c.count === 1 || !exclusive.some((name) => c.named.has(name));
    if (exclusive.length === 0 || cases.some((c) => accepts(c) !== rule(c))) return NOT_EXCLUSIVE;
    return { ok: true, value: exclusive };
  } catch (error) {
    if (error instanceof RangeError) return NOT_EXCLUSIVE;
    throw error;
  }
}
