// The condition of a question or section (docs/survey-format.md "Conditions"): its type and
// its shape. Its cross references (earlier questions, existing options) are in references.ts.
import { z } from "zod";

// Answers are keyed by question id in plain objects; these two names would collide with
// Object.prototype and make every envelope of the survey unreadable.
const RESERVED_IDS = new Set(["constructor", "__proto__"]);

export const id = z
  .string()
  .regex(/^[a-z0-9_]{1,40}$/, "must match [a-z0-9_]{1,40}")
  .refine((value) => !RESERVED_IDS.has(value), "is reserved; choose another id");
export const idOrIds = z.union([id, z.array(id).min(1, "must list at least one option")]);
const finite = z.number().finite();

/**
 * When a question or section is shown (docs/survey-format.md "Conditions"). An atom on a
 * question that is unanswered or not shown is false, whatever its operator; only `not` turns
 * false into true. Plain data, one type: the evaluator (client/lib/conditions.ts), the builder
 * and the disclosure audit all read this same tree.
 */
export type Condition =
  | { question: string; equals: string | string[] }
  | { question: string; notEquals: string | string[] }
  | { question: string; includes: string }
  | { question: string; lt: number }
  | { question: string; lte: number }
  | { question: string; gt: number }
  | { question: string; gte: number }
  | { question: string; answered: boolean }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

export const COMPARISONS = ["lt", "lte", "gt", "gte"] as const;
export type Comparison = (typeof COMPARISONS)[number];

const conditionForms = {
  equals: z.strictObject({ question: id, equals: idOrIds }),
  notEquals: z.strictObject({ question: id, notEquals: idOrIds }),
  includes: z.strictObject({ question: id, includes: id }),
  lt: z.strictObject({ question: id, lt: finite }),
  lte: z.strictObject({ question: id, lte: finite }),
  gt: z.strictObject({ question: id, gt: finite }),
  gte: z.strictObject({ question: id, gte: finite }),
  answered: z.strictObject({ question: id, answered: z.boolean() }),
  all: z.strictObject({
    all: z.array(z.lazy(() => condition)).min(1, "must hold at least one condition"),
  }),
  any: z.strictObject({
    any: z.array(z.lazy(() => condition)).min(1, "must hold at least one condition"),
  }),
  not: z.strictObject({ not: z.lazy(() => condition) }),
};
type ConditionForm = keyof typeof conditionForms;
const FORMS = Object.keys(conditionForms) as ConditionForm[];

/**
 * A union of eleven object shapes would report a mistake as "invalid input" at the condition;
 * picking the shape by its one operator key reports it at the field that is wrong.
 */
export const condition: z.ZodType<Condition> = z.custom<Condition>().superRefine((value, ctx) => {
  const forms =
    typeof value === "object" && value !== null && !Array.isArray(value)
      ? FORMS.filter((form) => form in value)
      : [];
  const [form] = forms;
  if (form === undefined || forms.length > 1) {
    ctx.addIssue({
      code: "custom",
      message: `a condition has exactly one of ${FORMS.join(", ")}`,
    });
    return;
  }
  const result = conditionForms[form].safeParse(value);
  if (result.success) return;
  for (const issue of result.error.issues) {
    const path =
      issue.code === "unrecognized_keys" ? [...issue.path, issue.keys[0] ?? ""] : issue.path;
    ctx.addIssue({ code: "custom", path, message: issue.message });
  }
});
