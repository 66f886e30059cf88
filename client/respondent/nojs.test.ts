import { describe, expect, it } from "vitest";
import { parseSurvey, type Survey } from "../../surveys/schema";
import everyAddition from "../../test/fixtures/surveys/every-addition.json";
import { toAnswers } from "./form";
import { carried, decodePage, nextPage, type PostedPage, plainQuestions } from "./nojs";
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
import { plainPagesOf } from "./pages";

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
function posted(
  state: Partial<PlainState>,
  go: Go,
  fields: [string, string][] = [],
  to: Survey = fresh,
) {
  const full: PlainState = {
    language: "es",
    step: 0,
    editing: false,
    id: null,
    values: {},
    ...state,
  };
  return new URLSearchParams([
    [STATE_FIELD, encodeState(to, full)],
    [GO_FIELD, goToken(to, go)],
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
      goToken(fresh, { action: "language", index: 1 }),
    ];
    expect(new Set(tokens.map((token) => token.length)).size).toBe(1);
    expect(tokens.map((token) => readGo(fresh, token))).toEqual([
      { action: "next" },
      { action: "back" },
      { action: "send" },
      { action: "change", index: 3 },
      { action: "language", index: 1 },
    ]);
    expect(readGo(fresh, "c9")).toBeNull();
    expect(readGo(fresh, "l2")).toBeNull();
  });

  it("keeps one button width when a survey has more languages than questions", () => {
    const many = ["es", "en", "pt", "fr", "ht", "ar", "de", "it", "nl", "pl", "ro", "qu"];
    const text = (word: string) => Object.fromEntries(many.map((l) => [l, word]));
    const parsed = parseSurvey({
      slug: "many-languages",
      version: 1,
      languages: many,
      title: text("T"),
      breakdowns: [],
      questions: [{ id: "q", type: "text", label: text("Q") }],
    });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const last = goToken(parsed.value, { action: "language", index: many.length - 1 });
    expect(last).toBe("l11");
    expect(goToken(parsed.value, { action: "next" })).toHaveLength(last.length);
    expect(readGo(parsed.value, last)).toEqual({ action: "language", index: 11 });
  });

  it("pads every page's post to one length, whichever of its questions it shows", () => {
    const additions = parseSurvey(everyAddition);
    if (!additions.ok) throw new Error("fixture");
    for (const survey of [fresh, additions.value]) {
      const pages = plainPagesOf(survey);
      // Each page whole, and each page with only its first question shown (a hidden rest).
      const forms = [...pages, ...pages.map((page) => page.slice(0, 1)), "review" as const];
      const lengths = forms.map((page) => {
        const own = page === "review" ? [] : page.flatMap((i) => answerFields(survey, i));
        const fixed = own.reduce((sum, [name, length]) => sum + name.length + 2 + length, 0);
        return fixed + paddingFor(survey, pages, page, false);
      });
      expect(new Set(lengths).size).toBe(1);
    }
  });
});

describe("reading a posted page of the form without JavaScript", () => {
  it("reads a single question's option by its index and keeps the carried answers", () => {
    const page = decoded(
      posted({ step: 0, values: { comments: "hola" } }, { action: "next" }, [["a0", "0"]]),
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
      posted({ step: 0, values: { applied: "no" } }, { action: "next" }, [["a0", "-"]]),
    );
    expect(page.values).toEqual({});
  });

  it("reads a multi question's yes/no pairs as the options ticked, and line breaks as one", () => {
    expect(
      decoded(
        posted({ step: 2 }, { action: "next" }, [
          ["a2-0", "1"],
          ["a2-1", "1"],
        ]),
      ).values,
    ).toEqual({ problems: ["work", "health"] });
    expect(
      decoded(
        posted({ step: 2 }, { action: "next" }, [
          ["a2-0", "0"],
          ["a2-1", "0"],
        ]),
      ).values,
    ).toEqual({});
    expect(decoded(posted({ step: 3 }, { action: "next" }, [["a3", "uno\r\ndos"]])).values).toEqual(
      {
        comments: "uno\ndos",
      },
    );
  });

  it("reads the invitation code on the review, trimmed", () => {
    const page = decoded(
      posted({ step: "review" }, { action: "send" }, [["code", "  7K2QF-M9D4X "]]),
    );
    expect(page).toMatchObject({ step: "review", code: "7K2QF-M9D4X" });
  });

  it.each([
    ["an unknown field", posted({}, { action: "next" }, [["extra", "x"]]), "extra"],
    ["an option past the last", posted({}, { action: "next" }, [["a0", "7"]]), "a0"],
    [
      "a field given twice",
      posted({}, { action: "next" }, [
        ["a0", "0"],
        ["a0", "1"],
      ]),
      "a0",
    ],
    ["a send from a question", posted({}, { action: "send" }), "go"],
    ["a next from the review", posted({ step: "review" }, { action: "next" }), "go"],
    [
      "a text longer than its maxLength",
      posted({ step: 3 }, { action: "next" }, [["a3", "x".repeat(21)]]),
      "a3",
    ],
    ["a code on a question's page", posted({}, { action: "next" }, [["code", "x"]]), "code"],
    [
      "another page's answer",
      posted({ step: 0 }, { action: "next" }, [
        ["a0", "0"],
        ["a3", "hola"],
      ]),
      "a3",
    ],
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

  it("shows the same page again for a language, whatever its answers, checking nothing", () => {
    const language: Go = { action: "language", index: 1 };
    expect(nextPage(fresh, page(0, language, {}))).toEqual({
      kind: "question",
      index: 0,
      editing: false,
      checked: false,
    });
    expect(nextPage(fresh, page(1, language, { months: "many" }, true))).toEqual({
      kind: "question",
      index: 1,
      editing: true,
      checked: false,
    });
    expect(nextPage(fresh, page("review", language, {}))).toEqual({ kind: "review" });
  });

  it("stays on a required question left empty, saying why", () => {
    expect(nextPage(fresh, page(0, NEXT, {}))).toEqual({
      kind: "question",
      index: 0,
      editing: false,
      checked: true,
    });
  });

  it("skips a question whose showIf the answers do not meet, both ways", () => {
    expect(nextPage(fresh, page(0, NEXT, { applied: "no" }))).toMatchObject({ index: 2 });
    expect(nextPage(fresh, page(0, NEXT, { applied: "waiting" }))).toMatchObject({ index: 1 });
    expect(nextPage(fresh, page(2, BACK, { applied: "no" }))).toMatchObject({ index: 0 });
  });

  it("does not check the answer being left when going back", () => {
    const back = nextPage(fresh, page(1, BACK, { applied: "waiting", months: "many" }));
    expect(back).toEqual({ kind: "question", index: 0, editing: false, checked: false });
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
    expect(change).toEqual({ kind: "question", index: 2, editing: true, checked: false });
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
      checked: true,
    });
  });
});

describe("a page of several questions without the script", () => {
  const parsed = parseSurvey(everyAddition);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const additions = parsed.value;
  const at = (id: string) => additions.questions.findIndex((q) => q.id === id);
  const post = (state: Partial<PlainState>, fields: [string, string][]) =>
    decodePage(additions, posted(state, { action: "next" }, fields, additions));

  it("shows an other-specify text under its option whether or not it is chosen, and keeps it only when it is", () => {
    const yes = { consent: "yes", age: "30" };
    expect(plainQuestions(additions, yes, at("documents"))).toEqual([
      at("documents"),
      at("documents_other"),
    ]);
    // documents: passport, id_card, other, none; each posts yes/no.
    const ticked = (marks: string[], other: string) =>
      post({ step: at("documents"), values: yes }, [
        ...marks.map((mark, i): [string, string] => [`a${at("documents")}-${i}`, mark]),
        [`a${at("documents_other")}`, other],
      ]);
    const chosen = ticked(["1", "0", "1", "0"], "Carné");
    expect(chosen.ok && toAnswers(additions, chosen.page.values)).toMatchObject({
      documents: ["passport", "other"],
      documents_other: "Carné",
    });
    const unchosen = ticked(["1", "0", "0", "0"], "Carné");
    expect(unchosen.ok && toAnswers(additions, unchosen.page.values)).not.toHaveProperty(
      "documents_other",
    );
    // "None" with another option is refused with the survey's own message.
    const both = ticked(["1", "0", "0", "1"], "");
    if (!both.ok) throw new Error(both.message);
    expect(nextPage(additions, both.page)).toMatchObject({ index: at("documents"), checked: true });
  });

  it("draws a filtered question on the page after its parent, with only the offered options", () => {
    const region = at("region");
    expect(plainQuestions(additions, { consent: "yes", country: "pe" }, region)).toEqual([
      region,
      at("age"),
      at("arrived"),
    ]);
    // Peru offers lima (option 1) and elsewhere (2); Bogotá (0) is not an answer there.
    const bogota = post({ step: region, values: { consent: "yes", country: "pe" } }, [
      [`a${region}`, "0"],
      [`a${at("age")}`, ""],
      [`a${at("arrived")}`, ""],
    ]);
    if (!bogota.ok) throw new Error(bogota.message);
    expect(nextPage(additions, bogota.page)).toMatchObject({ index: region, checked: true });
  });

  it("ends at the closing note when consent is refused, and skips the documents for a minor", () => {
    const refused = post({ step: 0 }, [[`a${at("consent")}`, "1"]]);
    if (!refused.ok) throw new Error(refused.message);
    expect(nextPage(additions, refused.page)).toMatchObject({ index: at("thanks") });
    const minor = post({ step: at("region"), values: { consent: "yes", country: "co" } }, [
      [`a${at("region")}`, "0"],
      [`a${at("age")}`, "16"],
      [`a${at("arrived")}`, "5/2019"],
    ]);
    if (!minor.ok) throw new Error(minor.message);
    expect(minor.page.values).toMatchObject({ arrived: "5/2019", age: "16" });
    // The documents section (consent AND NOT under 18) is skipped whole, follow_up with it.
    expect(nextPage(additions, minor.page)).toMatchObject({ index: at("thanks") });
    const adult = { ...minor.page, values: { ...minor.page.values, age: "30" } };
    expect(nextPage(additions, adult)).toMatchObject({ index: at("documents") });
  });
});
