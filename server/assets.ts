// Finds the hashed files Vite built for each page, from dist/client/.vite/manifest.json.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import type { PageAssets } from "../client/respondent/page";

const manifestSchema = z.record(
  z.string(),
  z.object({ file: z.string(), css: z.array(z.string()).optional() }),
);

export interface Assets {
  respondent: PageAssets;
  coordinator: PageAssets;
  feedback: PageAssets;
  results: { styles: string[] };
}

/** Null when the client is not built, or built before an entry existed (`npm run build`). */
export function loadAssets(clientDir: string): Assets | null {
  const path = join(clientDir, ".vite", "manifest.json");
  if (!existsSync(path)) return null;
  const manifest = manifestSchema.parse(JSON.parse(readFileSync(path, "utf8")));
  const entries = [
    "client/respondent/main.tsx",
    "client/coordinator/main.tsx",
    "client/feedback/main.tsx",
    "client/public/results.css",
  ];
  // A build from before an entry existed is stale, not broken: pages answer 503 until rebuilt.
  if (entries.some((source) => !manifest[source])) return null;
  const chunk = (source: string) => manifest[source] as { file: string; css?: string[] };
  const respondent = chunk("client/respondent/main.tsx");
  const coordinator = chunk("client/coordinator/main.tsx");
  const feedback = chunk("client/feedback/main.tsx");
  const respondentStyles = respondent.css ?? [];
  // Read once: the page inlines it, so the first question needs no second request (issue 6).
  const css = respondentStyles.map((f) => readFileSync(join(clientDir, f), "utf8")).join("\n");
  if (/<\/style/i.test(css))
    throw new Error("the respondent CSS cannot be inlined: it holds </style");
  return {
    respondent: {
      script: `/${respondent.file}`,
      styles: respondentStyles.map((f) => `/${f}`),
      css,
    },
    coordinator: {
      script: `/${coordinator.file}`,
      styles: (coordinator.css ?? []).map((f) => `/${f}`),
    },
    feedback: {
      script: `/${feedback.file}`,
      styles: (feedback.css ?? []).map((f) => `/${f}`),
    },
    results: { styles: [`/${chunk("client/public/results.css").file}`] },
  };
}
