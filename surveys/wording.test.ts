// An edit of texts only keeps a version's respondents together with the last one's; any edit
// of what an answer means starts a count of its own. Each edit goes through parseSurvey, so
// every case is a definition the workspace would accept.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseSurvey, type Survey } from "./schema";
import { askTheSame, othersAsking, questionsOf } from "./wording";

const seed = (): Survey => {
  const raw = readFileSync(join(import.meta.dirname, "passport-access.json"), "utf8");
  const parsed = parseSurvey(JSON.parse(raw));
  if (!parsed.ok) throw new Error("the seed survey does not parse");
  return parsed.value;
};

/** The seed edited by `edit` and published as version 2, checked by the schema. */
function edited(edit: (s: Survey) => void): Survey {
  const copy = structuredClone(seed());
  edit(copy);
  copy.version = 2;
  const parsed = parseSurvey(copy);
  if (!parsed.ok) throw new Error(`the edit does not parse: ${JSON.stringify(parsed.errors[0])}`);
  return parsed.value;
}

const question = (s: Survey, id: string) => {
  const found = s.questions.find((q) => q.id === id);
  if (!found) throw new Error(`no question ${id}`);
  return found;
};
const choice = (s: Survey, id: string) => {
  const q = question(s, id);
  if (q.type !== "single" && q.type !== "multi") throw new Error(`${id} has no options`);
  return q;
};

/** A text in each of the seed's languages. */
const words = (text: string) => ({ es: text, en: text, pt: text });
/** Every text of the definition without one language's entry, at any depth. */
const withoutLanguage = (value: unknown, language: string): unknown => {
  if (Array.isArray(value)) return value.map((v) => withoutLanguage(v, language));
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== language)
      .map(([key, v]) => [key, withoutLanguage(v, language)]),
  );
};

const wordingOnly: [string, (s: Survey) => void][] = [
  [
    "a typo fixed in a question",
    (s) => {
      question(s, "passport").label.es = "¿Tiene usted pasaporte?";
    },
  ],
  [
    "an option reworded",
    (s) => {
      (choice(s, "visa").options[0] as { label: Record<string, string> }).label.en = "Yes, I do";
    },
  ],
  [
    "a hint added",
    (s) => {
      question(s, "passport").hint = words("Valid or not");
    },
  ],
  [
    "the title and intro",
    (s) => {
      Object.assign(s, { title: words("Round two"), intro: words("Thank you") });
    },
  ],
  [
    "a language dropped",
    (s) => {
      Object.assign(s, withoutLanguage(s, "pt"), { languages: ["es", "en"] });
    },
  ],
  [
    "the language picker's names",
    (s) => {
      s.languageNames = { es: "Español" };
    },
  ],
  [
    "the page without JavaScript turned off",
    (s) => {
      s.withoutJavaScript = false;
    },
  ],
  [
    "answers kept on the phone",
    (s) => {
      s.resumeOnDevice = true;
    },
  ],
  [
    "a constraint message",
    (s) => {
      Object.assign(question(s, "cost_usd"), { constraintMessage: words("0 to 5,000") });
    },
  ],
];

const meaning: [string, (s: Survey) => void][] = [
  [
    "an option's id",
    (s) => {
      (choice(s, "ethnicity").options[0] as { id: string }).id = "other_id";
    },
  ],
  [
    "options in another order",
    (s) => {
      choice(s, "ethnicity").options.reverse();
    },
  ],
  [
    "an option added",
    (s) => {
      choice(s, "ethnicity").options.push({ id: "unsure", label: words("Unsure") });
    },
  ],
  [
    "an option made exclusive",
    (s) => {
      (choice(s, "consequences").options[1] as { exclusive?: boolean }).exclusive = true;
    },
  ],
  [
    "a question made required",
    (s) => {
      Object.assign(question(s, "passport"), { required: true });
    },
  ],
  [
    "a condition changed",
    (s) => {
      question(s, "visa_stamped").showIf = { question: "visa", answered: true };
    },
  ],
  [
    "a number's range",
    (s) => {
      Object.assign(question(s, "cost_usd"), { max: 100_000 });
    },
  ],
  [
    "a number's bins",
    (s) => {
      Object.assign(question(s, "cost_usd"), { bins: [0, 1] });
    },
  ],
  [
    "a text's length",
    (s) => {
      Object.assign(question(s, "comments"), { maxLength: 10 });
    },
  ],
  [
    "a question dropped",
    (s) => {
      s.questions = s.questions.filter((q) => q.id !== "comments");
    },
  ],
  [
    "a breakdown dropped",
    (s) => {
      s.breakdowns = ["gender", "age_group"];
    },
  ],
  [
    "a question's id",
    (s) => {
      question(s, "comments").id = "remarks";
    },
  ],
];

describe("questionsOf: which versions count the same respondents", () => {
  it("is the same for a version the same apart from its number (a key rotation)", () => {
    expect(questionsOf(edited(() => {}))).toBe(questionsOf(seed()));
  });

  it.each(wordingOnly)("is the same after %s", (_, edit) => {
    expect(questionsOf(edited(edit))).toBe(questionsOf(seed()));
  });

  it.each(meaning)("differs after %s", (_, edit) => {
    expect(questionsOf(edited(edit))).not.toBe(questionsOf(seed()));
  });
});

describe("othersAsking: the versions whose answers count with a version's own", () => {
  // Version 1, version 2 with a typo fixed, version 3 with a question's id changed.
  const first = seed();
  const reworded = edited((s) => {
    question(s, "passport").label.es = "¿Tiene usted pasaporte?";
  });
  const changed = {
    ...edited((s) => {
      question(s, "comments").id = "remarks";
    }),
    version: 3,
  };
  const versions = [first, reworded, changed];

  it("counts the reworded version with the first, each without itself", () => {
    expect(othersAsking(reworded, versions).map((v) => v.version)).toEqual([1]);
    expect(othersAsking(first, versions).map((v) => v.version)).toEqual([2]);
    expect(askTheSame(first, reworded)).toBe(true);
  });

  it("counts a version that asks something else alone", () => {
    expect(othersAsking(changed, versions)).toEqual([]);
    expect(askTheSame(first, changed)).toBe(false);
  });
});
