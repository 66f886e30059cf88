// The rules of the survey contract that zod cannot express field by field: translations, ids
// that must be unique, and every cross reference (conditions look back only, options exist,
// sections are contiguous…). Each error names the JSON path of the field to fix.
import type { z } from "zod";
import { type Condition, condition as conditionShape } from "./condition";
import { ANSWER_IN_TEXT } from "./formats";
import type { Question, Survey, Text } from "./shape";

type Path = (string | number)[];
type Report = (path: Path, message: string) => void;
/** Checks a text's translations and the earlier answers it shows (`earlier`: what it may name). */
type TextCheck = (
  value: Text | undefined,
  path: Path,
  earlier?: ReadonlyMap<string, Question>,
) => void;

export function checkReferences(survey: Survey, ctx: z.RefinementCtx): void {
  const issue: Report = (path, message) => ctx.addIssue({ code: "custom", path, message });
  const checkText: TextCheck = (value, path, earlier = new Map()) => {
    if (!value) return;
    for (const language of survey.languages) {
      if (!(language in value)) issue([...path, language], `missing the "${language}" text`);
    }
    for (const [language, words] of Object.entries(value)) {
      if (!survey.languages.includes(language)) {
        issue([...path, language], `"${language}" is not one of the survey's languages`);
      }
      for (const [, name] of words.matchAll(ANSWER_IN_TEXT)) {
        const target = earlier.get(name ?? "");
        if (!target || target.type === "note") {
          issue(
            [...path, language],
            `"\${${name}}" must name an earlier question that takes an answer`,
          );
        }
      }
    }
  };

  // Tags are case-insensitive (BCP 47 §2.1.1): "pt-BR" and "pt-br" are one language.
  if (new Set(survey.languages.map((l) => l.toLowerCase())).size !== survey.languages.length) {
    issue(["languages"], "languages must not repeat");
  }
  for (const language of Object.keys(survey.languageNames ?? {})) {
    if (!survey.languages.includes(language)) {
      issue(["languageNames", language], `"${language}" is not one of the survey's languages`);
    }
  }
  checkText(survey.title, ["title"]);
  checkText(survey.intro, ["intro"]);

  const earlier = new Map<string, Question>();
  const specified = new Set<string>();
  survey.questions.forEach((q, i) => {
    const at: Path = ["questions", i];
    if (earlier.has(q.id)) issue([...at, "id"], `duplicate question id "${q.id}"`);
    checkText(q.label, [...at, "label"], earlier);
    checkText(q.hint, [...at, "hint"], earlier);
    if ("constraintMessage" in q) {
      checkText(q.constraintMessage, [...at, "constraintMessage"], earlier);
    }

    if (q.type === "single" || q.type === "multi") {
      const parent = q.filterBy === undefined ? undefined : earlier.get(q.filterBy);
      if (q.filterBy !== undefined && parent?.type !== "single") {
        issue([...at, "filterBy"], `"${q.filterBy}" is not an earlier single question`);
      }
      const parentOptions = new Set(
        parent?.type === "single" ? parent.options.map((o) => o.id) : [],
      );
      const optionIds = new Set<string>();
      q.options.forEach((o, j) => {
        const atOption: Path = [...at, "options", j];
        if (optionIds.has(o.id)) issue([...atOption, "id"], `duplicate option id "${o.id}"`);
        optionIds.add(o.id);
        checkText(o.label, [...atOption, "label"], earlier);
        if (o.exclusive !== undefined && q.type !== "multi") {
          issue([...atOption, "exclusive"], "only an option of a multi question can be exclusive");
        }
        if (o.for === undefined) return;
        if (q.filterBy === undefined) {
          issue([...atOption, "for"], "for needs the question's filterBy");
        } else if (parent?.type === "single") {
          eachId(o.for, [...atOption, "for"], (value, path) => {
            if (!parentOptions.has(value)) {
              issue(path, `"${value}" is not an option of "${parent.id}"`);
            }
          });
        }
      });
    }
    if (q.type === "number" || q.type === "month") {
      if (q.min !== undefined && q.max !== undefined && q.min > q.max) {
        issue([...at, "max"], "max must not be below min");
      }
      const bins: readonly (number | string)[] = q.bins ?? [];
      bins.forEach((edge, j) => {
        const previous = bins[j - 1];
        if (previous !== undefined && edge <= previous) {
          issue([...at, "bins", j], "bins must be strictly increasing");
        }
      });
    }
    if (q.showIf) checkConditionOf(q.showIf, [...at, "showIf"], earlier, issue);
    if (q.type === "text" && q.specifies) {
      const { question: parentId, option } = q.specifies;
      const parent = earlier.get(parentId);
      if (parent?.type !== "single" && parent?.type !== "multi") {
        issue(
          [...at, "specifies", "question"],
          `"${parentId}" is not an earlier single or multi question`,
        );
      } else if (!parent.options.some((o) => o.id === option)) {
        issue([...at, "specifies", "option"], `"${option}" is not an option of "${parentId}"`);
      } else if (specified.has(`${parentId}.${option}`)) {
        issue(
          [...at, "specifies"],
          `option "${option}" of "${parentId}" is already specified by an earlier question`,
        );
      } else if (parent.section !== q.section) {
        // It is rendered right under its option, so it lives on that option's page.
        issue(
          [...at, "section"],
          `must be in the same section as "${parentId}", which it specifies`,
        );
      }
      specified.add(`${parentId}.${option}`);
      if (q.showIf) {
        issue(
          [...at, "showIf"],
          "a specify question is shown exactly when its option is chosen; it has no showIf",
        );
      }
    }
    earlier.set(q.id, q);
  });

  checkSections(survey, issue, checkText);

  const breakdowns = new Set<string>();
  survey.breakdowns.forEach((b, i) => {
    const target = survey.questions.find((q) => q.id === b);
    if (breakdowns.has(b)) issue(["breakdowns", i], `duplicate breakdown "${b}"`);
    breakdowns.add(b);
    if (!target) issue(["breakdowns", i], `"${b}" is not a question id`);
    else if (target.type !== "single") issue(["breakdowns", i], `"${b}" is not a single question`);
  });
}

/** Sections are pages: each holds at least one question, and its questions are contiguous. */
function checkSections(survey: Survey, issue: Report, checkText: TextCheck): void {
  const sections = survey.sections ?? [];
  const questionIds = new Set(survey.questions.map((q) => q.id));
  const sectionIds = new Set<string>();
  sections.forEach((s, k) => {
    if (sectionIds.has(s.id)) issue(["sections", k, "id"], `duplicate section id "${s.id}"`);
    // One name space, as XLSForm's groups and questions share one.
    else if (questionIds.has(s.id)) issue(["sections", k, "id"], `"${s.id}" is also a question id`);
    sectionIds.add(s.id);
  });

  const first = new Map<string, number>();
  const ended = new Set<string>();
  survey.questions.forEach((q, i) => {
    const previous = survey.questions[i - 1]?.section;
    if (previous !== undefined && previous !== q.section) ended.add(previous);
    if (q.section === undefined) return;
    if (!sectionIds.has(q.section)) {
      issue(["questions", i, "section"], `"${q.section}" is not a section id`);
    } else if (ended.has(q.section)) {
      issue(
        ["questions", i, "section"],
        `the questions of section "${q.section}" must be together`,
      );
    }
    if (!first.has(q.section)) first.set(q.section, i);
  });

  sections.forEach((s, k) => {
    const start = first.get(s.id);
    // A section's condition and texts come before its first question: they look back from there.
    const earlier = new Map(survey.questions.slice(0, start ?? 0).map((q) => [q.id, q]));
    checkText(s.title, ["sections", k, "title"], earlier);
    checkText(s.intro, ["sections", k, "intro"], earlier);
    if (start === undefined) {
      issue(["sections", k], `section "${s.id}" has no questions`);
      return;
    }
    if (s.showIf) checkConditionOf(s.showIf, ["sections", k, "showIf"], earlier, issue);
  });
}

function eachId(value: string | string[], at: Path, check: (value: string, path: Path) => void) {
  if (Array.isArray(value)) {
    value.forEach((v, j) => {
      check(v, [...at, j]);
    });
  } else check(value, at);
}

/**
 * zod runs these checks even after a condition's own shape failed (that issue is already
 * reported), so a malformed condition is left alone here rather than walked.
 */
function checkConditionOf(
  condition: Condition,
  at: Path,
  earlier: ReadonlyMap<string, Question>,
  issue: Report,
): void {
  if (conditionShape.safeParse(condition).success) checkCondition(condition, at, earlier, issue);
}

/** Conditions only look back (no cycles), name existing options, and compare only numbers. */
function checkCondition(
  condition: Condition,
  at: Path,
  earlier: ReadonlyMap<string, Question>,
  issue: Report,
): void {
  if ("all" in condition) {
    condition.all.forEach((c, j) => {
      checkCondition(c, [...at, "all", j], earlier, issue);
    });
    return;
  }
  if ("any" in condition) {
    condition.any.forEach((c, j) => {
      checkCondition(c, [...at, "any", j], earlier, issue);
    });
    return;
  }
  if ("not" in condition) {
    checkCondition(condition.not, [...at, "not"], earlier, issue);
    return;
  }
  const target = earlier.get(condition.question);
  if (!target) {
    issue([...at, "question"], `"${condition.question}" is not an earlier question`);
    return;
  }
  if (target.type === "note") {
    issue([...at, "question"], `"${target.id}" is a note, which is never answered`);
    return;
  }
  if ("answered" in condition) return;
  const options =
    "equals" in condition
      ? (["equals", condition.equals] as const)
      : "notEquals" in condition
        ? (["notEquals", condition.notEquals] as const)
        : "includes" in condition
          ? (["includes", condition.includes] as const)
          : undefined;
  if (options) {
    if (target.type !== "single" && target.type !== "multi") {
      issue(
        [...at, "question"],
        `"${target.id}" is not a single or multi question, so it has no options to compare`,
      );
      return;
    }
    const [field, value] = options;
    eachId(value, [...at, field], (option, path) => {
      if (!target.options.some((o) => o.id === option)) {
        issue(path, `"${option}" is not an option of "${target.id}"`);
      }
    });
    return;
  }
  if (target.type !== "number") {
    issue(
      [...at, "question"],
      `"${target.id}" is not a number question; lt, lte, gt and gte compare numbers`,
    );
  }
}
