// Builds the browser code only; the server renders HTML itself and links the hashed files
// listed in dist/client/.vite/manifest.json.
import { defineConfig } from "vite";

export default defineConfig({
  publicDir: false,
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: {
    outDir: "dist/client",
    emptyOutDir: true,
    manifest: true,
    // Android 7's Chrome (DESIGN §1: old, cheap phones).
    target: "es2017",
    rolldownOptions: {
      input: {
        respondent: "client/respondent/main.tsx",
        results: "client/public/results.css",
      },
    },
  },
});
