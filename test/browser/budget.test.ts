// Byte budgets of the respondent page (DESIGN §1: 2G/3G, prepaid data). Sizes are what travels:
// the compressed bytes the real server sends to a browser that accepts brotli. The browser
// project builds the client first (test/global-setup.ts), so this measures the current build.
import { readFileSync } from "node:fs";
import { get } from "node:http";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "../harness";

const KB = 1024;
/** HTML plus the styles it needs before first paint: one 14 KB TCP initial window. */
const FIRST_QUESTION_BUDGET = 14 * KB;
/** Everything that makes the page interactive: the respondent script and its imports (its styles are in the HTML). */
const INTERACTIVE_BUDGET = 40 * KB;

interface Fetched {
  status: number;
  encoding: string | undefined;
  bytes: number;
  body: Buffer;
}

/** The bytes on the wire, not decompressed (fetch would decompress them). */
function fetchRaw(url: string): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { "accept-encoding": "gzip, deflate, br" } }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => {
        const body = Buffer.concat(chunks);
        resolve({
          status: response.statusCode ?? 0,
          encoding: response.headers["content-encoding"],
          bytes: body.length,
          body,
        });
      });
      response.on("error", reject);
    }).on("error", reject);
  });
}

type Manifest = Record<string, { file: string; css?: string[]; imports?: string[] }>;

/** An entry's own file, every chunk it imports statically (transitively), and their styles. */
function staticClosure(manifest: Manifest, entry: string): { scripts: string[]; styles: string[] } {
  const scripts = new Set<string>();
  const styles = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || scripts.has(chunk.file)) return;
    scripts.add(chunk.file);
    for (const css of chunk.css ?? []) styles.add(css);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  visit(entry);
  return { scripts: [...scripts], styles: [...styles] };
}

let server: TestServer;
let manifest: Manifest;

beforeAll(async () => {
  server = await startServer();
  manifest = JSON.parse(readFileSync(join("dist", "client", ".vite", "manifest.json"), "utf8"));
});

afterAll(async () => {
  await server?.close();
});

const kb = (bytes: number) => `${(bytes / KB).toFixed(1)} KB`;

describe("the respondent page's byte budget", () => {
  it("shows and reads the first question within 14 KB, compressed, styles inlined", async () => {
    const page = await fetchRaw(`${server.url}/s/passport-access`);
    expect(page.status).toBe(200);
    expect(page.encoding).toBe("br");
    const { brotliDecompressSync } = await import("node:zlib");
    const html = brotliDecompressSync(page.body).toString();
    // Everything needed before first paint is in this one response: no style sheet to fetch.
    expect(html).not.toMatch(/<link[^>]*rel="stylesheet"/);
    const { styles } = staticClosure(manifest, "client/respondent/main.tsx");
    expect(styles.length).toBeGreaterThan(0);
    for (const file of styles) {
      const css = readFileSync(join("dist", "client", file), "utf8");
      expect(html, file).toContain(`<style>${css}</style>`);
    }
    console.log(
      `first question: HTML with inline CSS ${kb(page.bytes)} (${kb(html.length)} raw) of ${kb(FIRST_QUESTION_BUDGET)}`,
    );
    expect(page.bytes).toBeLessThanOrEqual(FIRST_QUESTION_BUDGET);
  });

  it("makes the page interactive within 40 KB of script, compressed", async () => {
    const { scripts } = staticClosure(manifest, "client/respondent/main.tsx");
    let total = 0;
    const parts: string[] = [];
    for (const file of scripts) {
      const asset = await fetchRaw(`${server.url}/${file}`);
      expect(asset.status, file).toBe(200);
      expect(asset.encoding, file).toBe("br");
      total += asset.bytes;
      parts.push(`${file.replace(/^assets\//, "")} ${kb(asset.bytes)}`);
    }
    console.log(
      `interactive bundle: ${parts.join(" + ")} = ${kb(total)} of ${kb(INTERACTIVE_BUDGET)}`,
    );
    expect(total).toBeLessThanOrEqual(INTERACTIVE_BUDGET);
  });

  it("loads the crypto chunk lazily: the HTML neither runs nor preloads it", async () => {
    const crypto = manifest["client/lib/crypto.ts"]?.file;
    expect(crypto).toBeDefined();
    const { scripts } = staticClosure(manifest, "client/respondent/main.tsx");
    expect(scripts).not.toContain(crypto);
    const page = await fetchRaw(`${server.url}/s/passport-access`);
    const { brotliDecompressSync } = await import("node:zlib");
    const html = brotliDecompressSync(page.body).toString();
    expect(html).not.toContain(crypto);
    expect(html).not.toMatch(/modulepreload[^>]*crypto/);
    const sealed = await fetchRaw(`${server.url}/${crypto}`);
    console.log(`crypto chunk (lazy): ${kb(sealed.bytes)}`);
  });

  it("keeps the background download to libsodium and the envelope's schema: ≤ 160 KB", async () => {
    // Everything sealing fetches that the interactive page has not already fetched. A chunk
    // shared with the workspace (all of zod once: 75 KB) must not ride along to phones.
    const page = new Set(staticClosure(manifest, "client/respondent/main.tsx").scripts);
    const lazy = staticClosure(manifest, "client/lib/crypto.ts").scripts.filter(
      (file) => !page.has(file),
    );
    let total = 0;
    for (const file of lazy) {
      const res = await fetchRaw(`${server.url}/${file}`);
      expect(res.status, file).toBe(200);
      total += res.bytes;
    }
    console.log(`background download for sealing: ${lazy.join(" + ")} = ${kb(total)}`);
    expect(total).toBeLessThanOrEqual(160 * KB);
  });
});
