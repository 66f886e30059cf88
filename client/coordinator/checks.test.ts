// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${id} is the survey format's own spelling.
// The builder shows the validator's messages in the workspace's language (checks.ts): every
// message a broken survey gets must match one of the catalogue's English templates, or it would
// stay English beside Spanish, Portuguese or French labels.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseSurvey, type Survey } from "../../surveys/schema";
import { localMessage } from "./checks";
import { WORKSPACE_STRINGS } from "./strings";

const FIXTURE = JSON.parse(
  readFileSync("test/fixtures/surveys/every-addition.json", "utf8"),
) as Survey;

/** Each breaks the fixture one way, as a designer or an imported file would. */
const BREAKS: ((s: Survey) => void)[] = [
  (s) => {
    s.slug = "Mi Encuesta";
  },
  (s) => {
    s.languages.push("es", "x y");
  },
  (s) => {
    delete s.title.pt;
    (s.title as Record<string, string>).de = "Titel";
    s.title.en = "";
  },
  (s) => {
    const [, second, third] = s.questions;
    if (second && third) third.id = second.id;
  },
  (s) => {
    const q = s.questions.find((x) => x.id === "consent");
    if (q?.type === "single") {
      q.options.push({ id: "yes", label: { es: "sí", en: "yes", pt: "sim" }, exclusive: true });
      (q.options[0] as { id: string }).id = "constructor";
    }
  },
  (s) => {
    const q = s.questions.find((x) => x.id === "age");
    if (q?.type === "number") {
      q.min = 10;
      q.max = 5;
      q.bins = [0, 18, 18];
    }
  },
  (s) => {
    const q = s.questions.find((x) => x.id === "arrived");
    if (q?.type === "month") q.min = "2015-13";
  },
  (s) => {
    s.breakdowns = ["age", "nowhere", "consent", "consent"];
  },
  (s) => {
    const q = s.questions.find((x) => x.id === "follow_up");
    if (q) q.showIf = { all: [] };
  },
  (s) => {
    const q = s.questions.find((x) => x.id === "country");
    if (q) {
      q.showIf = {
        any: [
          { question: "intro", answered: true },
          { question: "thanks", equals: "x" },
        ],
      };
    }
  },
  (s) => {
    const q = s.questions.find((x) => x.id === "follow_up");
    if (q) q.showIf = { question: "age", equals: "x" } as never;
  },
  (s) => {
    const q = s.questions.find((x) => x.id === "follow_up");
    if (q) q.showIf = { question: "consent", lt: 3 } as never;
  },
  (s) => {
    const q = s.questions.find((x) => x.id === "follow_up");
    if (q) q.showIf = { question: "consent", equals: "maybe", lt: 3 } as never;
  },
  (s) => {
    const q = s.questions.find((x) => x.id === "documents_other");
    if (q?.type === "text") {
      q.showIf = { question: "consent", equals: "yes" };
      q.section = "welcome";
    }
  },
  (s) => {
    const q = s.questions.find((x) => x.id === "region");
    if (q?.type === "single") {
      q.filterBy = "age";
      (q.options[0] as { for?: string }).for = "xx";
    }
  },
  (s) => {
    (s.questions[0] as { required?: boolean }).required = true;
    s.questions[1] = { ...(s.questions[1] as Survey["questions"][number]), section: "nowhere" };
  },
  (s) => {
    const sections = s.sections ?? [];
    sections.push({ id: "consent" }, { id: "welcome" });
  },
];

const messagesOf = (survey: Survey) => {
  const parsed = parseSurvey(survey);
  return parsed.ok ? [] : parsed.errors.map((e) => e.message);
};

const ALL = [
  ...new Set(
    BREAKS.flatMap((breakIt) => {
      const survey = structuredClone(FIXTURE);
      breakIt(survey);
      return messagesOf(survey);
    }),
  ),
];

describe("the validator's messages in the builder", () => {
  it("finds many distinct messages to check (the breaks break)", () => {
    expect(ALL.length).toBeGreaterThanOrEqual(30);
  });

  it.each(["es", "pt", "fr"])("shows every one of them in %s", (language) => {
    const checks = (WORKSPACE_STRINGS[language] ?? WORKSPACE_STRINGS.en)?.builder.checks;
    if (!checks) throw new Error(language);
    const untranslated = ALL.filter((message) => localMessage(message, checks) === message);
    expect(untranslated).toEqual([]);
  });

  it("keeps what the message quotes: ids, languages and names", () => {
    const checks = WORKSPACE_STRINGS.es?.builder.checks;
    if (!checks) throw new Error("es");
    expect(localMessage('"pais" is not an option of "region"', checks)).toBe(
      "“pais” no es una opción de “region”",
    );
    expect(
      localMessage('"${edad}" must name an earlier question that takes an answer', checks),
    ).toBe("“${edad}” debe nombrar una pregunta anterior que reciba respuesta");
  });

  it("leaves a message it does not know as written", () => {
    const checks = WORKSPACE_STRINGS.fr?.builder.checks;
    if (!checks) throw new Error("fr");
    expect(localMessage("slug already taken", checks)).toBe("slug already taken");
  });
});
