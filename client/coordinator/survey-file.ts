// Survey JSON in and out of the builder (DESIGN §3). Export writes the definition as it is;
// import keeps every field it was given, even ones the validator refuses, so the builder can
// show the error where it is instead of losing it. UI-free.
import { z } from "zod";
import { parseSurvey, type SchemaError, type Survey } from "../../surveys/schema";

export type Imported =
  | { ok: true; survey: Survey; errors: SchemaError[] }
  | { ok: false; errors: SchemaError[] };

const text = z.record(z.string(), z.string());
/** Just enough shape for the builder to draw the survey; anything more is the validator's job. */
const editable = z.looseObject({
  slug: z.string(),
  version: z.number(),
  languages: z.array(z.string()),
  title: text,
  breakdowns: z.array(z.string()),
  questions: z.array(
    z.discriminatedUnion("type", [
      z.looseObject({
        id: z.string(),
        type: z.enum(["single", "multi"]),
        label: text,
        options: z.array(z.looseObject({ id: z.string(), label: text })),
      }),
      z.looseObject({
        id: z.string(),
        type: z.enum(["number", "text", "month", "note"]),
        label: text,
      }),
    ]),
  ),
  sections: z.array(z.looseObject({ id: z.string() })).optional(),
  languageNames: text.optional(),
});

export function importSurvey(input: unknown): Imported {
  const parsed = parseSurvey(input);
  // The builder edits the object it was given — not zod's copy, whose keys follow the schema's
  // order — so export gives back the same file, unknown fields (and their errors) included.
  if (parsed.ok) return { ok: true, survey: input as Survey, errors: [] };
  if (editable.safeParse(input).success) {
    return { ok: true, survey: input as Survey, errors: parsed.errors };
  }
  return { ok: false, errors: parsed.errors };
}

export function importSurveyJson(json: string): Imported {
  let input: unknown;
  try {
    input = JSON.parse(json);
  } catch (error) {
    return { ok: false, errors: [{ path: "$", message: `not JSON: ${(error as Error).message}` }] };
  }
  return importSurvey(input);
}

export function exportSurveyJson(survey: Survey): string {
  return `${JSON.stringify(survey, null, 2)}\n`;
}

/** The same survey apart from its version number: nothing left to publish as a new version. */
export const sameDefinition = (a: Survey | null | undefined, b: Survey | null | undefined) =>
  JSON.stringify(a && { ...a, version: 0 }) === JSON.stringify(b && { ...b, version: 0 });
