// Builds the browser code only; the server renders HTML itself and links the hashed files
// listed in dist/client/.vite/manifest.json.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { defineConfig, type Plugin } from "vite";

/**
 * Writes `.br` and `.gz` beside every built script and style sheet, compressed once at the
 * highest levels, so the server only streams files (serveStatic `precompressed`).
 */
function precompress(dir: string): Plugin {
  return {
    name: "voz-precompress",
    apply: "build",
    closeBundle() {
      const assets = join(dir, "assets");
      for (const name of readdirSync(assets)) {
        if (!/\.(js|css|json|svg|wasm)$/.test(name)) continue;
        const bytes = readFileSync(join(assets, name));
        writeFileSync(
          join(assets, `${name}.br`),
          brotliCompressSync(bytes, {
            params: {
              [constants.BROTLI_PARAM_QUALITY]: 11,
              [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
            },
          }),
        );
        writeFileSync(join(assets, `${name}.gz`), gzipSync(bytes, { level: 9 }));
      }
    },
  };
}

/**
 * write-excel-file's fflate, zipped without blob: workers, which the workspace's CSP refuses
 * (client/coordinator/results/zip-without-workers.ts says why).
 */
function zipWithoutWorkers(): Plugin {
  const shim = resolve("client/coordinator/results/zip-without-workers.ts");
  return {
    name: "voz-zip-without-workers",
    enforce: "pre",
    resolveId(source, importer) {
      if (source === "fflate" && importer?.includes("/node_modules/write-excel-file/")) return shim;
      return null;
    },
  };
}

export default defineConfig({
  publicDir: false,
  // `development: false`: without it the bundle carries jsxDEV calls with source paths.
  oxc: { jsx: { runtime: "automatic", importSource: "preact", development: false } },
  plugins: [zipWithoutWorkers(), precompress("dist/client")],
  build: {
    outDir: "dist/client",
    emptyOutDir: true,
    manifest: true,
    // Android 7's Chrome (DESIGN §1: old, cheap phones).
    target: "es2017",
    rolldownOptions: {
      input: {
        respondent: "client/respondent/main.tsx",
        coordinator: "client/coordinator/main.tsx",
        feedback: "client/feedback/main.tsx",
        results: "client/public/results.css",
      },
    },
  },
});
