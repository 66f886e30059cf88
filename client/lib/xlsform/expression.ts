// biome-ignore-all lint/suspicious/noTemplateCurlyInString: XLSForm expressions name questions as ${name}, literally.
// The XPath 1.0 subset that XLSForm cells are written in (`relevant`, `constraint`,
// `choice_filter`): literals, `${name}` references, `.`, function calls and the operators, with
// XPath's precedence (or < and < = != < relational < additive < multiplicative < unary minus).
// Only parsing: what an expression means in Voz is decided by conditions.ts and constraints.ts.

export type Expr =
  | { kind: "string"; value: string }
  | { kind: "number"; value: number }
  /** `${name}`: another question's answer. */
  | { kind: "ref"; name: string }
  /** `.`: the answer of the question the cell belongs to. */
  | { kind: "current" }
  /** A bare name: in a choice filter, a column of the choices sheet; elsewhere, a path step. */
  | { kind: "name"; name: string }
  | { kind: "call"; name: string; args: Expr[] }
  | { kind: "binary"; op: BinaryOp; left: Expr; right: Expr }
  | { kind: "negate"; operand: Expr };

export type BinaryOp =
  | "or"
  | "and"
  | "="
  | "!="
  | "<"
  | "<="
  | ">"
  | ">="
  | "+"
  | "-"
  | "*"
  | "div"
  | "mod";

export type Parsed = { ok: true; expr: Expr } | { ok: false; reason: string };

type Token =
  | { kind: "string"; value: string }
  | { kind: "number"; value: number }
  | { kind: "ref"; name: string }
  | { kind: "name"; name: string }
  | { kind: "op"; op: string };

// Spreadsheets "autocorrect" quotes: ‘x’ and “x” are read as 'x' and "x".
const CLOSING: Record<string, string> = { "'": "'", '"': '"', "‘": "’", "’": "’", "“": "”" };
const NAME_START = /[A-Za-z_]/;
const NAME_PART = /[A-Za-z0-9_.:-]/;

function tokenize(source: string): Token[] | string {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (c in CLOSING) {
      const end = source.indexOf(CLOSING[c] as string, i + 1);
      if (end < 0) return `a text in quotes is not closed (from "${source.slice(i, i + 12)}")`;
      tokens.push({ kind: "string", value: source.slice(i + 1, end) });
      i = end + 1;
    } else if (c === "$" && source[i + 1] === "{") {
      const end = source.indexOf("}", i);
      if (end < 0) return "a ${…} reference is not closed";
      tokens.push({ kind: "ref", name: source.slice(i + 2, end).trim() });
      i = end + 1;
    } else if (/[0-9]/.test(c) || (c === "." && /[0-9]/.test(source[i + 1] ?? ""))) {
      const match = source.slice(i).match(/^[0-9]*\.?[0-9]+|^[0-9]+\.?/) as RegExpMatchArray;
      tokens.push({ kind: "number", value: Number(match[0]) });
      i += match[0].length;
    } else if (NAME_START.test(c)) {
      let end = i + 1;
      while (end < source.length && NAME_PART.test(source[end] as string)) end++;
      // A name never ends in "-" or ".": `a -1` and `a - 1` are subtractions.
      while (/[-.]/.test(source[end - 1] as string)) end--;
      tokens.push({ kind: "name", name: source.slice(i, end) });
      i = end;
    } else {
      const two = source.slice(i, i + 2);
      const op = ["!=", "<=", ">=", ".."].includes(two) ? two : c;
      if (!"=<>+-*(),.|/[]@".includes(op[0] as string) && op.length === 1) {
        return `unexpected character "${c}"`;
      }
      tokens.push({ kind: "op", op });
      i += op.length;
    }
  }
  return tokens;
}

const LEVELS: BinaryOp[][] = [
  ["or"],
  ["and"],
  ["=", "!="],
  ["<", "<=", ">", ">="],
  ["+", "-"],
  ["*", "div", "mod"],
];
const WORD_OPS = new Set(["or", "and", "div", "mod"]);

/** Parenthesized expressions and calls inside each other that parseExpression reads. */
const MAX_DEPTH = 100;

/** Parses one cell. Never throws: an expression outside the subset is `{ok: false, reason}`. */
export function parseExpression(source: string): Parsed {
  const tokens = tokenize(source);
  if (typeof tokens === "string") return { ok: false, reason: tokens };
  let at = 0;
  const peekOp = (): string | null => {
    const token = tokens[at];
    if (!token) return null;
    if (token.kind === "op") return token.op;
    // "and"/"or"/"div"/"mod" are operators only where an operator can stand: after an operand.
    if (token.kind === "name" && WORD_OPS.has(token.name.toLowerCase()) && at > 0) {
      return token.name.toLowerCase();
    }
    return null;
  };
  const fail = (reason: string): never => {
    throw new SyntaxError(reason);
  };
  const expect = (op: string) => {
    if (peekOp() !== op) fail(`expected "${op}"`);
    at++;
  };

  // Each level costs the parser and everything that walks the tree a few stack frames: a
  // thousand nested `not(` overflowed the stack (QA, 5 December). Real forms nest a handful.
  let depth = 0;
  const binary = (level: number): Expr => {
    if (level === 0 && ++depth > MAX_DEPTH) fail(`nested more than ${MAX_DEPTH} deep`);
    try {
      return binaryAt(level);
    } finally {
      if (level === 0) depth--;
    }
  };
  const binaryAt = (level: number): Expr => {
    const ops = LEVELS[level];
    if (!ops) return unary();
    let left = binary(level + 1);
    for (;;) {
      const op = peekOp();
      if (!op || !(ops as string[]).includes(op)) return left;
      at++;
      left = { kind: "binary", op: op as BinaryOp, left, right: binary(level + 1) };
    }
  };
  const unary = (): Expr => {
    let negations = 0;
    while (peekOp() === "-") {
      at++;
      negations++;
    }
    // Read in a loop, not by recursion: - - x is x, and a thousand minus signs no deeper.
    const operand = primary();
    return negations % 2 === 1 ? { kind: "negate", operand } : operand;
  };
  const primary = (): Expr => {
    const token = tokens[at];
    if (!token) return fail("the expression ends too early");
    at++;
    switch (token.kind) {
      case "string":
      case "number":
      case "ref":
        return token;
      case "name": {
        if (peekOp() !== "(") return { kind: "name", name: token.name };
        at++;
        const args: Expr[] = [];
        if (peekOp() === ")") {
          at++;
          return { kind: "call", name: token.name, args };
        }
        for (;;) {
          args.push(binary(0));
          if (peekOp() === ")") {
            at++;
            return { kind: "call", name: token.name, args };
          }
          expect(",");
        }
      }
      case "op": {
        if (token.op === "(") {
          const inner = binary(0);
          expect(")");
          return inner;
        }
        if (token.op === ".") return { kind: "current" };
        return fail(
          token.op === "/" || token.op === ".." || token.op === "["
            ? "paths (/…, .., […]) are outside what Voz reads"
            : `unexpected "${token.op}"`,
        );
      }
    }
  };

  try {
    if (tokens.length === 0) return { ok: false, reason: "the expression is empty" };
    const expr = binary(0);
    if (at < tokens.length) {
      const rest = tokens[at] as Token;
      const shown =
        rest.kind === "op"
          ? rest.op
          : rest.kind === "name" || rest.kind === "ref"
            ? rest.name
            : rest.value;
      return { ok: false, reason: `unexpected "${shown}" after a complete expression` };
    }
    return { ok: true, expr };
  } catch (error) {
    if (error instanceof SyntaxError) return { ok: false, reason: error.message };
    throw error;
  }
}

/** The `${name}` references an expression reads, in order, without repeats. */
export function referencesOf(expr: Expr): string[] {
  const names = new Set<string>();
  const walk = (e: Expr) => {
    if (e.kind === "ref") names.add(e.name);
    else if (e.kind === "call") e.args.forEach(walk);
    else if (e.kind === "binary") {
      walk(e.left);
      walk(e.right);
    } else if (e.kind === "negate") walk(e.operand);
  };
  walk(expr);
  return [...names];
}
