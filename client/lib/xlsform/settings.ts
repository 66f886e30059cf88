// The settings sheet as survey fields: the slug from form_id, the title (form_title, or a Voz
// export's title in each language), and what only a Voz export writes (breakdowns, the form
// without JavaScript, resuming on the device). Any other setting is reported by the caller.
import type { Question, Survey, Text } from "../../../surveys/schema";
import type { ProblemList } from "./problems";
import { type RowCells, saysNo, saysYes } from "./sheets";
import type { TextPlan, Texts } from "./texts";

export function toSlug(formId: string): string {
  return formId
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 64);
}

type SettingFields = Pick<
  Survey,
  "slug" | "title" | "breakdowns" | "withoutJavaScript" | "resumeOnDevice"
>;

export function surveySettings(
  settings: RowCells | null,
  given: { slug?: string; title?: string },
  questions: readonly Question[],
  texts: Texts,
  plan: TextPlan,
  problems: ProblemList,
): SettingFields {
  const slug = given.slug ?? toSlug(settings?.take("form_id") ?? "");
  const title: Text = {};
  if (given.title) {
    for (const l of plan.languages) title[l] = given.title;
    settings?.take("form_title");
  } else if (settings) {
    const translated = texts.read(settings.table, settings.row, "voz_title");
    settings.takeColumns(plan.columnsOf(settings.table, "voz_title").map((c) => c.column.index));
    const plain = settings.take("form_title") || settings.take("title");
    for (const l of plan.languages) {
      const text = translated[l] ?? plain;
      if (text) title[l] = text;
    }
    if (plain && Object.keys(translated).length === 0 && plan.languages.length > 1) {
      problems.add(
        settings.table.sheet,
        settings.row.row,
        "form_title",
        "missing translation",
        "XLSForm has one form_title: the same title is used in every language until someone translates it",
      );
    }
  }
  const breakdowns = (settings?.take("voz_breakdowns").split(/\s+/).filter(Boolean) ?? []).filter(
    (id) => questions.some((q) => q.id === id && q.type === "single"),
  );
  const withoutJs = settings?.take("voz_without_javascript") ?? "";
  const resume = settings?.take("voz_resume_on_device") ?? "";
  return {
    slug,
    title,
    breakdowns,
    ...(saysNo(withoutJs) ? { withoutJavaScript: false } : {}),
    ...(saysYes(resume) ? { resumeOnDevice: true } : {}),
  };
}
