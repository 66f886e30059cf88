// XLSForm `relevant` expressions as Voz conditions (SPEC §A), keeping XPath's meaning, blanks
// included: in XPath an unanswered or hidden question is the empty string, so `${q} = 'x'` is
// false on a blank, `${q} != 'x'` is true on a blank (→ `not(equals)`), `${n} > 3` is false on a
// blank (NaN), and `${multi} = 'x'` means exactly x. Voz atoms are false on an unanswered or
// hidden question and only `not` turns that into true, so each XPath atom maps to an atom or
// its negation with the same truth on blanks.
import type { Condition } from "../../../surveys/schema";
import { type Expr, parseExpression } from "./expression";

/** What a `${name}` stands for in the survey being built. */
export interface Referent {
  id: string;
  type: "single" | "multi" | "number" | "text" | "month" | "note";
  /** Single and multi: the choice's XLSForm name → the Voz option id. */
  options?: ReadonlyMap<string, string>;
}

export type Resolution =
  | { ok: true; referent: Referent }
  /** A calculation that is always the same value (`15`, `'FCFA'`): read as that value. */
  | { ok: true; constant: string | number }
  | { ok: false; construct: string; message: string };

/** Looks a `${name}` up among the questions before the one being translated. */
export type Resolve = (name: string) => Resolution;

export type Translation =
  /** `condition` null: always true (`true()`). `kept`: the v0.1 form, "option x is chosen". */
  (
    | { ok: true; condition: Condition | null; kept: boolean }
    | { ok: false; construct: string; message: string }
  ) & {
    /** Choices named that the question's list does not have, read as never chosen. */
    missing?: string[];
  };

/** Thrown inside the translation only, and turned into `{ok: false}` at its boundary. */
class Untranslatable {
  constructor(
    readonly construct: string,
    readonly message: string,
  ) {}
}
const refuse = (construct: string, message: string): never => {
  throw new Untranslatable(construct, message);
};

/** A condition, or a constant that `and`/`or`/`not` simplify away. */
type Truth = Condition | boolean;

const COMPARE = new Set(["=", "!=", "<", "<=", ">", ">="]);
const SIZES = new Set(["count-selected", "string-length", "number", "string", "int"]);
const FLIP: Record<string, string> = { "<": ">", "<=": ">=", ">": "<", ">=": "<=" };

function literalOf(expr: Expr): string | number | null {
  if (expr.kind === "string") return expr.value;
  if (expr.kind === "number") return expr.value;
  if (expr.kind === "negate" && expr.operand.kind === "number") return -expr.operand.value;
  return null;
}

function numberOf(literal: string | number): number | null {
  if (typeof literal === "number") return literal;
  return literal.trim() !== "" && Number.isFinite(Number(literal)) ? Number(literal) : null;
}

function compareNumbers(op: string, a: number, b: number): boolean {
  if (op === "=") return a === b;
  if (op === "!=") return a !== b;
  if (op === "<") return a < b;
  if (op === "<=") return a <= b;
  if (op === ">") return a > b;
  return a >= b;
}

/** Two fixed values compared as XPath compares them: as numbers if either is one. */
function compareValues(op: string, a: string | number, b: string | number): boolean {
  if (typeof a === "number" || typeof b === "number" || !["=", "!="].includes(op)) {
    const [x, y] = [numberOf(a) ?? Number.NaN, numberOf(b) ?? Number.NaN];
    return compareNumbers(op, x, y);
  }
  return op === "=" ? a === b : a !== b;
}

/** The expression with each `${name}` of a fixed-value calculation replaced by its value. */
function withConstants(expr: Expr, resolve: Resolve): { expr: Expr; replaced: boolean } {
  let replaced = false;
  const walk = (e: Expr): Expr => {
    switch (e.kind) {
      case "ref": {
        const found = resolve(e.name);
        if (!found.ok || !("constant" in found)) return e;
        replaced = true;
        // A calculation's value is text, as every answer in XPath: 15 is "15".
        return { kind: "string", value: String(found.constant) };
      }
      case "call":
        return { ...e, args: e.args.map(walk) };
      case "binary":
        return { ...e, left: walk(e.left), right: walk(e.right) };
      case "negate":
        return { ...e, operand: walk(e.operand) };
      default:
        return e;
    }
  };
  return { expr: walk(expr), replaced };
}

function all(parts: Truth[]): Truth {
  const kept: Condition[] = [];
  for (const part of parts) {
    if (part === false) return false;
    if (part === true) continue;
    if ("all" in part) kept.push(...part.all);
    else kept.push(part);
  }
  if (kept.length === 0) return true;
  return kept.length === 1 ? (kept[0] as Condition) : { all: kept };
}

function any(parts: Truth[]): Truth {
  const kept: Condition[] = [];
  for (const part of parts) {
    if (part === true) return true;
    if (part === false) continue;
    if ("any" in part) kept.push(...part.any);
    else kept.push(part);
  }
  const merged = mergeEquals(kept);
  if (merged.length === 0) return false;
  return merged.length === 1 ? (merged[0] as Condition) : { any: merged };
}

/** `${q}='a' or ${q}='b'` on one question: the v0.1 list form `{question, equals: [a, b]}`. */
function mergeEquals(parts: Condition[]): Condition[] {
  const out: Condition[] = [];
  for (const part of parts) {
    const last = out.at(-1);
    if (
      last &&
      "equals" in last &&
      "equals" in part &&
      last.question === part.question &&
      !Array.isArray(part.equals)
    ) {
      const values = Array.isArray(last.equals) ? last.equals : [last.equals];
      out[out.length - 1] = { question: last.question, equals: [...values, part.equals] };
    } else {
      out.push(part);
    }
  }
  return out;
}

function not(part: Truth): Truth {
  if (typeof part === "boolean") return !part;
  if ("not" in part) return part.not;
  return { not: part };
}

/** Pure XLSForm-side rules for one survey: every `${name}` goes through `resolve`. */
class Translator {
  /** Choices a condition names that its question's list does not have (typos, as a rule). */
  readonly missing: string[] = [];
  constructor(private readonly resolve: Resolve) {}

  referent(name: string): Referent {
    const found = this.resolve(name);
    if (!found.ok) return refuse(found.construct, found.message);
    if ("constant" in found) {
      return refuse("selected() on a fixed value", "asks selected() about a fixed value");
    }
    return found.referent;
  }

  /**
   * The option id of a choice name, or null for a choice the list does not have: in XPath no
   * answer is that choice, so asking for it is false (Kobo never shows what it governs), and
   * `not(...)` of it true. Refused instead, what it governed was shown to everyone.
   */
  option(referent: Referent, literal: string | number): string | null {
    const wanted = String(literal);
    const id =
      referent.options?.get(wanted) ??
      (typeof literal === "number"
        ? [...(referent.options ?? [])].find(([name]) => numberOf(name) === literal)?.[1]
        : undefined);
    if (id === undefined) {
      this.missing.push(wanted);
      return null;
    }
    return id;
  }

  /** `${q} = 'x'` (single) or `selected(${m}, 'x')` (multi): false for a choice not offered. */
  chosen(referent: Referent, literal: string | number, how: "equals" | "includes"): Truth {
    const id = this.option(referent, literal);
    if (id === null) return false;
    return how === "equals"
      ? { question: referent.id, equals: id }
      : { question: referent.id, includes: id };
  }

  /** `${m} = 'a b'` in XPath is the answer "exactly a and b". */
  exactly(referent: Referent, literal: string | number): Truth {
    const named = String(literal)
      .split(/\s+/)
      .filter(Boolean)
      .map((name) => this.option(referent, name));
    // An answer that is exactly a set holding a choice no one can pick: none.
    if (named.includes(null)) return false;
    const wanted = new Set(named);
    const ids = [...new Set(referent.options?.values() ?? [])];
    return all(
      ids.map((id) =>
        wanted.has(id)
          ? { question: referent.id, includes: id }
          : not({ question: referent.id, includes: id }),
      ),
    );
  }

  truth(expr: Expr): Truth {
    switch (expr.kind) {
      case "binary":
        if (expr.op === "and") return all([this.truth(expr.left), this.truth(expr.right)]);
        if (expr.op === "or") return any([this.truth(expr.left), this.truth(expr.right)]);
        if (COMPARE.has(expr.op)) return this.comparison(expr.op, expr.left, expr.right);
        return refuse(
          "arithmetic",
          "computes with answers (+, -, *, div, mod), which Voz conditions cannot do",
        );
      case "call":
        return this.call(expr);
      case "ref": {
        // A bare reference as a boolean: XPath's boolean() of a string is "not empty".
        const referent = this.referent(expr.name);
        return { question: referent.id, answered: true };
      }
      case "current":
        return refuse("the answer itself (.)", "uses `.`, which has no meaning in a condition");
      case "string":
        return expr.value !== "";
      case "number":
        return expr.value !== 0 && !Number.isNaN(expr.value);
      default:
        return refuse("unreadable expression", "is not an expression Voz can read as a condition");
    }
  }

  call(expr: Extract<Expr, { kind: "call" }>): Truth {
    const name = expr.name.toLowerCase();
    const [first, second] = expr.args;
    if (name === "true" && expr.args.length === 0) return true;
    if (name === "false" && expr.args.length === 0) return false;
    if (name === "not" && first && expr.args.length === 1) return not(this.truth(first));
    if (name === "boolean" && first && expr.args.length === 1) return this.truth(first);
    if (name === "selected" && first?.kind === "ref" && second && expr.args.length === 2) {
      const literal = literalOf(second);
      if (literal === null) {
        return refuse(
          "selected() with a computed choice",
          "asks selected() about a choice that is computed, not written",
        );
      }
      const referent = this.referent(first.name);
      if (referent.type === "single") return this.chosen(referent, literal, "equals");
      if (referent.type === "multi") return this.chosen(referent, literal, "includes");
      return refuse(
        "selected() on a question without choices",
        "uses selected() on a question that has no choices",
      );
    }
    return refuse(`function ${name}()`, `uses ${name}(), which Voz conditions cannot express`);
  }

  /** `${q} <op> literal` (either way round), `count-selected(${q}) <op> n`, `string-length`. */
  comparison(op: string, left: Expr, right: Expr): Truth {
    const [a, b] = [literalOf(left), literalOf(right)];
    if (a !== null && b !== null) return compareValues(op, a, b);
    if (a !== null && b === null) {
      return this.comparison(FLIP[op] ?? op, right, left);
    }
    const literal = literalOf(right);
    if (literal === null) {
      const call = [left, right].find(
        (side) => side.kind === "call" && !SIZES.has(side.name.toLowerCase()),
      );
      if (call?.kind === "call") {
        const name = call.name.toLowerCase();
        return refuse(`function ${name}()`, `uses ${name}(), which Voz conditions cannot express`);
      }
      return refuse(
        "comparison of two answers",
        "compares one answer with another, which Voz conditions cannot do",
      );
    }
    const unwrapped =
      left.kind === "call" &&
      ["number", "string", "int"].includes(left.name) &&
      left.args.length === 1 &&
      left.args[0]?.kind === "ref"
        ? left.args[0]
        : left;
    if (unwrapped.kind === "call" && unwrapped.args.length === 1) {
      const [arg] = unwrapped.args;
      if (
        (unwrapped.name === "count-selected" || unwrapped.name === "string-length") &&
        arg?.kind === "ref"
      ) {
        return this.size(unwrapped.name, this.referent(arg.name), op, literal);
      }
    }
    if (unwrapped.kind === "call") {
      const name = unwrapped.name.toLowerCase();
      return refuse(`function ${name}()`, `uses ${name}(), which Voz conditions cannot express`);
    }
    if (unwrapped.kind !== "ref") {
      // `.`, arithmetic, or a comparison compared again: only answers compare with values.
      return unwrapped.kind === "current"
        ? this.truth(unwrapped)
        : refuse(
            "arithmetic",
            "computes with answers (+, -, *, div, mod), which Voz conditions cannot do",
          );
    }
    const referent = this.referent(unwrapped.name);
    const blank = literal === "";
    if (blank && (op === "=" || op === "!=")) {
      // `${q} = ''`: not answered (or hidden); `${q} != ''`: answered.
      return { question: referent.id, answered: op === "!=" };
    }
    switch (referent.type) {
      case "single":
        return this.single(referent, op, literal);
      case "multi":
        if (op === "=") return this.exactly(referent, literal);
        if (op === "!=") return not(this.exactly(referent, literal));
        return refuse(
          "order comparison on choices",
          "compares several choices with <, <=, > or >=, which has no meaning in Voz",
        );
      case "number": {
        const value = numberOf(literal);
        if (value === null) {
          return refuse(
            "number compared with a text",
            "compares a number answer with a text, which is never true",
          );
        }
        return this.number(referent.id, op, value);
      }
      case "text":
        return refuse(
          "text answer compared",
          "compares a text answer with a value; Voz conditions only ask whether a text was answered",
        );
      case "month":
        return refuse(
          "date compared",
          "compares a date with a value; Voz conditions only ask whether a month was answered",
        );
      default:
        return refuse("note in a condition", "reads a note, which has no answer");
    }
  }

  single(referent: Referent, op: string, literal: string | number): Truth {
    if (op === "=") return this.chosen(referent, literal, "equals");
    if (op === "!=") return not(this.chosen(referent, literal, "equals"));
    // `${q} >= 2` on numbered choices: the choices whose number satisfies it (XPath compares
    // number(value); a blank is NaN, false, as `equals` is on a blank).
    const bound = numberOf(literal);
    const entries = [...(referent.options ?? [])];
    if (bound === null || entries.some(([name]) => numberOf(name) === null)) {
      return refuse(
        "order comparison on choices",
        "compares choices that are not numbers with <, <=, > or >=",
      );
    }
    const ids = [
      ...new Set(
        entries
          .filter(([name]) => compareNumbers(op, numberOf(name) as number, bound))
          .map(([, id]) => id),
      ),
    ];
    if (ids.length === 0) return false;
    return { question: referent.id, equals: ids.length === 1 ? (ids[0] as string) : ids };
  }

  number(id: string, op: string, value: number): Truth {
    if (op === "<") return { question: id, lt: value };
    if (op === "<=") return { question: id, lte: value };
    if (op === ">") return { question: id, gt: value };
    if (op === ">=") return { question: id, gte: value };
    const equal = all([
      { question: id, gte: value },
      { question: id, lte: value },
    ]);
    return op === "=" ? equal : not(equal);
  }

  /** count-selected() and string-length(): Voz can say "answered" and "not answered". */
  size(fn: string, referent: Referent, op: string, literal: string | number): Truth {
    const n = numberOf(literal);
    const some =
      n !== null &&
      ((op === ">" && n === 0) || (op === ">=" && n === 1) || (op === "!=" && n === 0));
    const none =
      n !== null &&
      ((op === "=" && n === 0) || (op === "<" && n === 1) || (op === "<=" && n === 0));
    if (some || none) return { question: referent.id, answered: some };
    return refuse(
      `${fn}() compared with a number`,
      `compares ${fn}() with ${literal}; Voz conditions can only ask whether the question was answered`,
    );
  }
}

/** Whether a condition is the v0.1 form, "one of these options is chosen". */
function isKept(condition: Condition): boolean {
  return "equals" in condition || "includes" in condition;
}

/** Translates one `relevant` cell. Never throws on what a form may contain. */
export function translateRelevant(source: string, resolve: Resolve): Translation {
  const parsed = parseExpression(source);
  if (!parsed.ok) {
    return {
      ok: false,
      construct: "unreadable expression",
      message: `is not an expression Voz can read (${parsed.reason})`,
    };
  }
  return translateExpr(parsed.expr, resolve);
}

export function translateExpr(source: Expr, resolve: Resolve): Translation {
  const { expr, replaced } = withConstants(source, resolve);
  try {
    const translator = new Translator(resolve);
    const truth = translator.truth(expr);
    const missing = translator.missing.length > 0 ? { missing: translator.missing } : {};
    if (truth === false) {
      return {
        ok: false,
        construct: NEVER,
        message:
          "can never be true, so the form never shows what it governs; that is left out with it",
        ...missing,
      };
    }
    if (truth === true) return { ok: true, condition: null, kept: !replaced, ...missing };
    return { ok: true, condition: truth, kept: !replaced && isKept(truth), ...missing };
  } catch (error) {
    if (error instanceof Untranslatable) {
      return { ok: false, construct: error.construct, message: error.message };
    }
    throw error;
  }
}

/** The construct of a condition that can never be true: what it governs is left out. */
export const NEVER = "never true";

/** Every condition, combined: a question's own and those of the groups around it. */
export function allOf(conditions: readonly (Condition | undefined)[]): Condition | undefined {
  const combined = all(conditions.filter((c): c is Condition => c !== undefined));
  return typeof combined === "boolean" ? undefined : combined;
}
