// Finds the hashed files Vite built for each page, from dist/client/.vite/manifest.json.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import type { PageAssets } from "../client/respondent/page";

const manifestSchema = z.record(
  z.string(),
  z.object({
    file: z.string(),
    css: z.array(z.string()).optional(),
    imports: z.array(z.string()).optional(),
  }),
);
type Manifest = z.infer<typeof manifestSchema>;

/**
 * The chunks an entry imports statically, transitively: the browser learns of each only once the
 * one importing it has arrived, a round trip per level on a slow link (issue 15 item 3), unless
 * the page names them all at once (`modulepreload`).
 */
function staticImports(manifest: Manifest, entry: string): string[] {
  const files = new Set<string>();
  const visit = (key: string) => {
    for (const imported of manifest[key]?.imports ?? []) {
      const file = manifest[imported]?.file;
      if (!file || files.has(`/${file}`)) continue;
      files.add(`/${file}`);
      visit(imported);
    }
  };
  visit(entry);
  return [...files];
}

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
      preload: staticImports(manifest, "client/respondent/main.tsx"),
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
