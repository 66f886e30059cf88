// Finds the hashed files Vite built for each page, from dist/client/.vite/manifest.json.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import type { PageAssets } from "../client/respondent/page";

const manifestSchema = z.record(
  z.string(),
  z.object({ file: z.string(), css: z.array(z.string()).optional() }),
);

const ENTRIES = { respondent: "client/respondent/main.tsx" } as const;
export type Entry = keyof typeof ENTRIES;

export type Assets = Record<Entry, PageAssets>;

/** Null when the client has not been built (`npm run build`); pages then answer 503. */
export function loadAssets(clientDir: string): Assets | null {
  const path = join(clientDir, ".vite", "manifest.json");
  if (!existsSync(path)) return null;
  const manifest = manifestSchema.parse(JSON.parse(readFileSync(path, "utf8")));
  const assets = {} as Assets;
  for (const [name, source] of Object.entries(ENTRIES) as [Entry, string][]) {
    const chunk = manifest[source];
    if (!chunk) throw new Error(`${source} is missing from the client build; rebuild it`);
    assets[name] = { script: `/${chunk.file}`, styles: (chunk.css ?? []).map((f) => `/${f}`) };
  }
  return assets;
}
