import { describe, expect, it } from "vitest";
import { parseSurvey, type Survey } from "../../surveys/schema";
import { carried, decodePage, nextPage, type PostedPage } from "./nojs";
import {
  answerFields,
  encodeState,
  GO_FIELD,
  type Go,
  goToken,
  type PlainState,
  paddingFor,
  readGo,
  readState,
  STATE_FIELD,
  stateBytes,
} from "./nojs-wire";

function survey(): Survey {
  const parsed = parseSurvey({
    slug: "nojs-test",
    version: 1,
    languages: ["es", "en"],
    title: { es: "Prueba", en: "Test" },
    breakdowns: [],
    questions: [
      {
        id: "applied",
        type: "single",
        required: true,
        label: { es: "¿Solicitó?", en: "Applied?" },
        options: [
          { id: "waiting", label: { es: "Esperando", en: "Waiting" } },
          { id: "no", label: { es: "No", en: "No" } },
        ],
      },
      {
        id: "months",
        type: "number",
        min: 0,
        label: { es: "Meses", en: "Months" },
        showIf: { question: "applied", equals: "waiting" },
      },
      {
        id: "problems",
        type: "multi",
        label: { es: "Problemas", en: "Problems" },
        options: [
          { id: "work", label: { es: "Trabajo", en: "Work" } },
          { id: "health", label: { es: "Salud", en: "Health" } },
        ],
      },
      { id: "comments", type: "text", maxLength: 20, label: { es: "Algo más", en: "More" } },
    ],
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.value;
}

const fresh = survey();

/** A post as a page's form makes it: state, button, padding and this page's answer fields. */
function posted(state: Partial<PlainState>, go: Go, fields: [string, string][] = []) {
  const full: PlainState = {
    language: "es",
    step: 0,
    editing: false,
    id: null,
    values: {},
    ...state,
  };
  return new URLSearchParams([
    [STATE_FIELD, encodeState(fresh, full)],
    [GO_FIELD, goToken(fresh, go)],
    ...fields,
    ["p", ""],
  ]);
}

function decoded(body: URLSearchParams): PostedPage {
  const result = decodePage(fresh, body);
  if (!result.ok) throw new Error(`${result.field}: ${result.message}`);
  return result.page;
}

describe("the form's fixed-size wire format", () => {
  it("writes every state of a version at one length, however many answers it carries", () => {
    const empty = encodeState(fresh, {
      language: "es",
      step: 0,
      editing: false,
      id: null,
      values: {},
    });
    const full = encodeState(fresh, {
      language: "en",
      step: "review",
      editing: true,
      id: crypto.randomUUID(),
      values: {
        applied: "waiting",
        months: "-123456789.12345678",
        problems: ["work", "health"],
        comments: '\u2028"'.repeat(10),
      },
    });
    expect(full).toHaveLength(empty.length);
    expect(full).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(readState(fresh, full)).toMatchObject({ l: "en", s: "review", e: 1 });
  });

  it("gives every button and every option a token of one width", () => {
    const tokens = [
      goToken(fresh, { action: "next" }),
      goToken(fresh, { action: "back" }),
      goToken(fresh, { action: "send" }),
      goToken(fresh, { action: "change", index: 3 }),
    ];
    expect(new Set(tokens.map((token) => token.length)).size).toBe(1);
    expect(tokens.map((token) => readGo(fresh, token))).toEqual([
      { action: "next" },
      { action: "back" },
      { action: "send" },
      { action: "change", index: 3 },
    ]);
    expect(readGo(fresh, "c9")).toBeNull();
  });

  it("pads every page's post to one length", () => {
    const lengths = [...fresh.questions, "review" as const].map((page) => {
      const own: [string, number][] = page === "review" ? [] : answerFields(fresh, page);
      const fixed = own.reduce((sum, [name, length]) => sum + name.length + 2 + length, 0);
      return fixed + paddingFor(fresh, page, false);
    });
    expect(new Set(lengths).size).toBe(1);
  });
});

describe("reading a posted page of the form without JavaScript", () => {
  it("reads a single question's option by its index and keeps the carried answers", () => {
    const page = decoded(
      posted({ step: 0, values: { comments: "hola" } }, { action: "next" }, [["a", "0"]]),
    );
    expect(page).toMatchObject({
      language: "es",
      step: 0,
      editing: false,
      go: { action: "next" },
      values: { applied: "waiting", comments: "hola" },
    });
  });

  it("reads the hidden no-choice as no answer, even over a carried one", () => {
    const page = decoded(
      posted({ step: 0, values: { applied: "no" } }, { action: "next" }, [["a", "-"]]),
    );
    expect(page.values).toEqual({});
  });

  it("reads a multi question's yes/no pairs as the options ticked, and line breaks as one", () => {
    expect(
      decoded(
        posted({ step: 2 }, { action: "next" }, [
          ["a0", "1"],
          ["a1", "1"],
        ]),
      ).values,
    ).toEqual({ problems: ["work", "health"] });
    expect(
      decoded(
        posted({ step: 2 }, { action: "next" }, [
          ["a0", "0"],
          ["a1", "0"],
        ]),
      ).values,
    ).toEqual({});
    expect(decoded(posted({ step: 3 }, { action: "next" }, [["a", "uno\r\ndos"]])).values).toEqual({
      comments: "uno\ndos",
    });
  });

  it("reads the invitation code on the review, trimmed", () => {
    const page = decoded(
      posted({ step: "review" }, { action: "send" }, [["code", "  7K2QF-M9D4X "]]),
    );
    expect(page).toMatchObject({ step: "review", code: "7K2QF-M9D4X" });
  });

  it.each([
    ["an unknown field", posted({}, { action: "next" }, [["extra", "x"]]), "extra"],
    ["an option past the last", posted({}, { action: "next" }, [["a", "7"]]), "a"],
    [
      "a field given twice",
      posted({}, { action: "next" }, [
        ["a", "0"],
        ["a", "1"],
      ]),
      "a",
    ],
    ["a send from a question", posted({}, { action: "send" }), "go"],
    ["a next from the review", posted({ step: "review" }, { action: "next" }), "go"],
    [
      "a text longer than its maxLength",
      posted({ step: 3 }, { action: "next" }, [["a", "x".repeat(21)]]),
      "a",
    ],
    ["a code on a question's page", posted({}, { action: "next" }, [["code", "x"]]), "code"],
    ["a missing state", new URLSearchParams([["go", "n0"]]), "s"],
  ] as [string, URLSearchParams, string][])("refuses %s, naming the field", (_, body, field) => {
    const result = decodePage(fresh, body);
    expect(result.ok ? null : result.field).toBe(field);
  });

  it("refuses a state of another language or with another survey's question", () => {
    const foreign = JSON.stringify({ l: "pt", s: 0, e: 0, i: null, v: {} });
    const alien = JSON.stringify({ l: "es", s: 0, e: 0, i: null, v: { nope: "x" } });
    for (const json of [foreign, alien]) {
      const bytes = new TextEncoder().encode(json.padEnd(stateBytes(fresh), " "));
      const state = Buffer.from(bytes).toString("base64url");
      const result = decodePage(
        fresh,
        new URLSearchParams([
          ["s", state],
          ["go", "n0"],
          ["p", ""],
        ]),
      );
      expect(result.ok ? null : result.field).toBe("s");
    }
  });
});

describe("the answers carried to the next page", () => {
  it("keeps valid answers, numbers as read and texts as sealed, and drops the rest", () => {
    expect(
      carried(fresh, {
        applied: "waiting",
        months: "007,50",
        problems: ["work"],
        comments: " hola\u0001 ",
      }),
    ).toEqual({ applied: "waiting", months: "7.5", problems: ["work"], comments: "hola" });
    expect(carried(fresh, { applied: "waiting", months: "-1", comments: "x".repeat(21) })).toEqual({
      applied: "waiting",
    });
  });
});

describe("the page after a posted one", () => {
  const page = (
    step: PostedPage["step"],
    go: Go,
    values: PostedPage["values"],
    editing = false,
  ): PostedPage => ({ language: "es", step, editing, go, values, code: undefined, id: undefined });
  const NEXT: Go = { action: "next" };
  const BACK: Go = { action: "back" };
  const SEND: Go = { action: "send" };

  it("stays on a required question left empty, saying why", () => {
    expect(nextPage(fresh, page(0, NEXT, {}))).toEqual({
      kind: "question",
      index: 0,
      editing: false,
      problem: "required",
    });
  });

  it("skips a question whose showIf the answers do not meet, both ways", () => {
    expect(nextPage(fresh, page(0, NEXT, { applied: "no" }))).toMatchObject({ index: 2 });
    expect(nextPage(fresh, page(0, NEXT, { applied: "waiting" }))).toMatchObject({ index: 1 });
    expect(nextPage(fresh, page(2, BACK, { applied: "no" }))).toMatchObject({ index: 0 });
  });

  it("does not check the answer being left when going back", () => {
    const back = nextPage(fresh, page(1, BACK, { applied: "waiting", months: "many" }));
    expect(back).toEqual({ kind: "question", index: 0, editing: false, problem: null });
  });

  it("reaches the review after the last question, and back from it to the last one shown", () => {
    expect(nextPage(fresh, page(3, NEXT, { applied: "no" }))).toEqual({ kind: "review" });
    expect(nextPage(fresh, page("review", BACK, { applied: "no" }))).toMatchObject({ index: 3 });
  });

  it("goes from the review's Cambiar to the question, and from there back to the review", () => {
    const change = nextPage(
      fresh,
      page("review", { action: "change", index: 2 }, { applied: "no" }),
    );
    expect(change).toEqual({ kind: "question", index: 2, editing: true, problem: null });
    expect(nextPage(fresh, page(2, NEXT, { applied: "no" }, true))).toEqual({ kind: "review" });
    // A hidden question cannot be changed: the review again.
    expect(
      nextPage(fresh, page("review", { action: "change", index: 1 }, { applied: "no" })),
    ).toEqual({ kind: "review" });
  });

  it("sends from the review only when every shown answer holds, else returns to the first problem", () => {
    expect(nextPage(fresh, page("review", SEND, { applied: "no" }))).toEqual({ kind: "send" });
    expect(nextPage(fresh, page("review", SEND, { applied: "waiting", months: "-3" }))).toEqual({
      kind: "question",
      index: 1,
      editing: true,
      problem: "too_small",
    });
  });
});
