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
  results: { styles: string[] };
}

/** Null when the client has not been built (`npm run build`); pages then answer 503. */
export function loadAssets(clientDir: string): Assets | null {
  const path = join(clientDir, ".vite", "manifest.json");
  if (!existsSync(path)) return null;
  const manifest = manifestSchema.parse(JSON.parse(readFileSync(path, "utf8")));
  const chunk = (source: string) => {
    const found = manifest[source];
    if (!found) throw new Error(`${source} is missing from the client build; rebuild it`);
    return found;
  };
  const respondent = chunk("client/respondent/main.tsx");
  return {
    respondent: {
      script: `/${respondent.file}`,
      styles: (respondent.css ?? []).map((f) => `/${f}`),
    },
    results: { styles: [`/${chunk("client/public/results.css").file}`] },
  };
}
