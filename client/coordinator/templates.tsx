// "Start from a template" on a new survey (issue 14): the questionnaires of surveys/ that
// organizations use as comparable instruments across countries. Where each question's wording
// comes from is in docs/templates.md. The definitions load only when one is picked.
import type { Survey } from "../../surveys/schema";
import { useStrings } from "./strings";

/** The templates offered, by file; their names and descriptions are in the catalogue. */
export const TEMPLATES = [
  "community-feedback",
  "needs-access",
  "documentation-status",
  "passport-access",
  "cso-program-awareness",
] as const;

export type TemplateFile = (typeof TEMPLATES)[number];

/** A template's definition, with no slug: each organization names its own survey. */
export async function loadTemplate(file: string): Promise<Survey> {
  const definitions = await import("./template-definitions");
  const survey = definitions.TEMPLATE_DEFINITIONS[file];
  if (!survey) throw new Error(`no template ${file}`);
  return { ...structuredClone(survey), slug: "" };
}

export function TemplatePicker({ onPick }: { onPick: (file: string) => void }) {
  const t = useStrings().builder.templates;
  return (
    <details class="templates">
      <summary>{t.summary}</summary>
      <ul>
        {TEMPLATES.map((file) => (
          <li key={file}>
            <button type="button" onClick={() => onPick(file)}>
              {t[file].name}
            </button>{" "}
            <span class="muted">{t[file].about}</span>
          </li>
        ))}
      </ul>
    </details>
  );
}
