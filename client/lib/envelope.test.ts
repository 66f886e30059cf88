import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseSurvey, type Question, type Survey } from "../../surveys/schema";
import { seedSurvey } from "../../test/harness";
import { toAnswers } from "../respondent/form";
import {
  base64Length,
  ciphertextLength,
  cleanText,
  maxEnvelopeBytes,
  paddedLength,
} from "./envelope";

const utf8 = new TextEncoder();

/** Units that cost the most in JSON: controls, lone surrogates, quotes, 3- and 4-byte UTF-8. */
const costly = fc.constantFrom(
  "\u0000",
  "\u001f",
  "\n",
  "\r",
  "\t",
  '"',
  "\\",
  "\ud800",
  "\udfff",
  "€",
  "\u2028",
  "🙂",
  "ñ",
  "a",
);

/** A form value for a question, typed as a hostile or unlucky respondent might. */
function typed(question: Question): fc.Arbitrary<string | string[]> {
  switch (question.type) {
    case "single":
      return fc.constantFrom(...question.options.map((o) => o.id));
    case "multi":
      return fc.constant(question.options.map((o) => o.id));
    case "number":
      return fc
        .double({ noNaN: true, noDefaultInfinity: true, min: question.min, max: question.max })
        .map((n) => String(n));
    case "month":
      return fc.constantFrom("2024-01", "2025-12");
    case "note":
      return fc.constant("");
    case "text": {
      const max = question.maxLength ?? 10_000;
      // Built to the limit, then cut to it in UTF-16 units as the textarea does.
      return fc
        .array(costly, { minLength: max, maxLength: max })
        .map((units) => units.join("").slice(0, max));
    }
  }
}

function worstEnvelope(survey: Survey) {
  return fc.tuple(...survey.questions.map(typed)).map((values) => {
    const form = Object.fromEntries(survey.questions.map((q, i) => [q.id, values[i] ?? ""]));
    return { v: 1, survey: survey.slug, version: survey.version, answers: toAnswers(survey, form) };
  });
}

describe("the size every response to a version is padded to", () => {
  it.each(["passport-access", "cso-program-awareness"])(
    "is never outgrown by answers the page makes to %s, however long or odd",
    (slug) => {
      const survey = seedSurvey(slug);
      const bound = maxEnvelopeBytes(survey);
      fc.assert(
        fc.property(worstEnvelope(survey), (envelope) => {
          expect(utf8.encode(JSON.stringify(envelope)).length).toBeLessThan(paddedLength(survey));
          expect(utf8.encode(JSON.stringify(envelope)).length).toBeLessThanOrEqual(bound);
        }),
        { numRuns: 30 },
      );
    },
  );

  it("holds the longest number JavaScript writes, with no slack from texts to hide behind", () => {
    const parsed = parseSurvey({
      slug: "numbers-only",
      version: 1,
      languages: ["es"],
      title: { es: "Números" },
      breakdowns: [],
      questions: [1, 2, 3].map((n) => ({ id: `n${n}`, type: "number", label: { es: `N${n}` } })),
    });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const survey = parsed.value;
    const longest = ["-0.0000012345678901234567", "-1.7976931348623157e+308", "-5e-324"];
    fc.assert(
      fc.property(
        fc.tuple(
          ...survey.questions.map(() =>
            fc.oneof(
              fc.constantFrom(...longest),
              fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
            ),
          ),
        ),
        (values) => {
          const form = Object.fromEntries(values.map((value, i) => [`n${i + 1}`, value]));
          const envelope = {
            v: 1,
            survey: survey.slug,
            version: 1,
            answers: toAnswers(survey, form),
          };
          expect(utf8.encode(JSON.stringify(envelope)).length).toBeLessThanOrEqual(
            maxEnvelopeBytes(survey),
          );
        },
      ),
    );
    const all = {
      v: 1,
      survey: survey.slug,
      version: 1,
      answers: {
        n1: -0.0000012345678901234567,
        n2: -0.0000012345678901234567,
        n3: -0.0000012345678901234567,
      },
    };
    expect(maxEnvelopeBytes(survey)).toBe(utf8.encode(JSON.stringify(all)).length);
  });

  it("is whole 256-byte blocks with room for the marker, and the sealed length follows from it", () => {
    const survey = seedSurvey("passport-access");
    expect(paddedLength(survey) % 256).toBe(0);
    expect(paddedLength(survey)).toBeGreaterThan(maxEnvelopeBytes(survey));
    expect(ciphertextLength(survey)).toBe(Math.ceil((paddedLength(survey) + 48) / 3) * 4);
  });
});

describe("cleanText", () => {
  it("keeps the length, tabs and line breaks, and every well-formed character", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => {
        const clean = cleanText(text);
        expect(clean.length).toBe(text.length);
        // biome-ignore lint/suspicious/noControlCharactersInRegex: the test's own rule, written apart
        expect(clean).toBe(text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, " "));
      }),
    );
  });

  it("turns lone surrogates into U+FFFD and leaves nothing JSON must escape as \\u", () => {
    expect(cleanText("a\ud800b\udc00c🙂\u0000\u001f\n\t")).toBe("a\ufffdb\ufffdc🙂  \n\t");
    fc.assert(
      fc.property(fc.string({ unit: "binary-ascii" }), fc.string({ unit: "grapheme" }), (a, b) => {
        // An escaped backslash followed by "u" is the text's own "\u", not an escape.
        const json = JSON.stringify(cleanText(`${a}\ud83d${b}`)).replaceAll("\\\\", "");
        expect(json).not.toMatch(/\\u/);
      }),
    );
  });
});

describe("base64Length", () => {
  /** RFC 4648 §4 written as whole groups of four, the last one padded: the form we accept. */
  const STANDARD = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
  const nearBase64 = fc
    .array(fc.constantFrom("A", "z", "9", "+", "/", "=", "-", "_", " ", "é"), { maxLength: 14 })
    .map((units) => units.join(""));

  it("accepts exactly standard base64, and counts the bytes Node decodes from it", () => {
    fc.assert(
      fc.property(nearBase64, (text) => {
        const length = base64Length(text);
        if (!STANDARD.test(text)) return length === null;
        return length === Buffer.from(text, "base64").length;
      }),
      { numRuns: 20_000 },
    );
  });

  it("refuses padding anywhere but at the end", () => {
    expect(base64Length("AA==AAAA")).toBeNull();
    expect(base64Length("AAA=AAAA")).toBeNull();
    expect(base64Length("AA=A")).toBeNull();
    expect(base64Length("A===")).toBeNull();
    expect(base64Length("AAAAAA==")).toBe(4);
    expect(base64Length("AAAAAAA=")).toBe(5);
  });
});
