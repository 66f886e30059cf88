// "Start from a template" on a new survey (issue 14): the questionnaires of surveys/ that
// organizations use as comparable instruments across countries. Where each question's wording
// comes from is in docs/templates.md. The definitions load only when one is picked.
import type { Survey } from "../../surveys/schema";

interface Template {
  file: string;
  name: string;
  about: string;
}

export const TEMPLATES: readonly Template[] = [
  {
    file: "community-feedback",
    name: "Community feedback on aid",
    about:
      "How informed, respected and safe people feel, whether their views count, how they want to give feedback (in the spirit of the IFRC community engagement toolkit).",
  },
  {
    file: "needs-access",
    name: "Needs and access to services",
    about: "Most urgent needs, meals, health care and what prevents it, schooling, income.",
  },
  {
    file: "documentation-status",
    name: "Documents and migration status",
    about:
      "Month of arrival, identity documents held, migration status, what prevents regularization, birth registration.",
  },
  {
    file: "passport-access",
    name: "Access to the Venezuelan passport",
    about: "Voz's first survey: passport status, waiting times, costs and consequences.",
  },
  {
    file: "cso-program-awareness",
    name: "Civil-society programme awareness",
    about: "Whether people know a programme, how they heard of it and how useful it was.",
  },
];

/** A template's definition, with no slug: each organization names its own survey. */
export async function loadTemplate(file: string): Promise<Survey> {
  const definitions = await import("./template-definitions");
  const survey = definitions.TEMPLATE_DEFINITIONS[file];
  if (!survey) throw new Error(`no template ${file}`);
  return { ...structuredClone(survey), slug: "" };
}

export function TemplatePicker({ onPick }: { onPick: (file: string) => void }) {
  return (
    <details class="templates">
      <summary>Start from a template</summary>
      <ul>
        {TEMPLATES.map((template) => (
          <li key={template.file}>
            <button type="button" onClick={() => onPick(template.file)}>
              {template.name}
            </button>{" "}
            <span class="muted">{template.about}</span>
          </li>
        ))}
      </ul>
    </details>
  );
}
