// The respondent page's scripts parse as ES2017 (issue 6 item 6: Chrome on Android 7 phones;
// vite.config.ts `build.target`). Checked on what is served: every chunk the respondent entry
// loads, statically or later (libsodium included), and the service worker the page registers.
//
// Two later forms are allowed because no target lowers them and code splitting needs them:
// `import()` and `import.meta` (ES2020), in browsers since Chrome 63 and 64. Everything else,
// `?.`, `??`, object spread, class fields, newer regular expressions, must parse at ES2017.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Parser, tokTypes } from "acorn";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "../harness";

const CLIENT = join("dist", "client");

type Manifest = Record<string, { file: string; imports?: string[]; dynamicImports?: string[] }>;

/** acorn's parser internals that the extension below touches (not in its type definitions). */
interface ParserInternals {
  type: unknown;
  parseExprAtom(...args: unknown[]): unknown;
  parseExprImport(forNew: unknown): unknown;
}

/**
 * ES2017 plus module loading: acorn refuses `import(` and `import.meta` below ES2020, so an
 * expression starting with `import` goes to the parser's own ES2020 path; nothing else changes.
 */
const Es2017WithModuleLoading = Parser.extend(
  (Base) =>
    class extends (Base as unknown as new (...args: never[]) => ParserInternals) {
      override parseExprAtom(...args: unknown[]): unknown {
        if (this.type === tokTypes._import) return this.parseExprImport(args[2]);
        return super.parseExprAtom(...args);
      }
    } as unknown as typeof Parser,
);

/** The syntax error, with the code around it, or null when the source is ES2017. */
function newerThanEs2017(source: string, sourceType: "module" | "script"): string | null {
  try {
    Es2017WithModuleLoading.parse(source, { ecmaVersion: 2017, sourceType });
    return null;
  } catch (error) {
    const position = (error as { pos?: number }).pos ?? 0;
    return `${(error as Error).message} near ${JSON.stringify(source.slice(position - 40, position + 40))}`;
  }
}

/** The respondent entry's own file and every chunk it imports, now or later (transitively). */
function respondentChunks(): string[] {
  const manifest = JSON.parse(
    readFileSync(join(CLIENT, ".vite", "manifest.json"), "utf8"),
  ) as Manifest;
  const files = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || files.has(chunk.file)) return;
    files.add(chunk.file);
    for (const next of [...(chunk.imports ?? []), ...(chunk.dynamicImports ?? [])]) visit(next);
  };
  visit("client/respondent/main.tsx");
  return [...files].filter((file) => file.endsWith(".js"));
}

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server?.close();
});

describe("the respondent page's scripts on Chrome for Android 7", () => {
  it("has chunks to check, libsodium's among them", () => {
    expect(respondentChunks().some((file) => /\/crypto-[\w-]+\.js$/.test(file))).toBe(true);
  });

  it.each(respondentChunks())("%s parses as ES2017", (file) => {
    expect(newerThanEs2017(readFileSync(join(CLIENT, file), "utf8"), "module")).toBeNull();
  });

  it("the service worker parses as ES2017", async () => {
    const response = await fetch(`${server.url}/sw.js`);
    expect(response.status).toBe(200);
    expect(newerThanEs2017(await response.text(), "script")).toBeNull();
  });

  it("refuses what ES2017 lacks and allows module loading", () => {
    expect(newerThanEs2017("export const a = (b) => b?.c;", "module")).toMatch(/Unexpected/);
    expect(newerThanEs2017("export const a = (b) => b ?? 1;", "module")).toMatch(/Unexpected/);
    expect(newerThanEs2017("export const a = { ...b };", "module")).toMatch(/Unexpected/);
    expect(newerThanEs2017("export class A { b = 1 }", "module")).toMatch(/Unexpected/);
    expect(newerThanEs2017("export const a = /(?<b>c)/;", "module")).toMatch(/regular expression/);
    expect(
      newerThanEs2017("export const a = () => import(`./b.js`), c = import.meta.url;", "module"),
    ).toBeNull();
  });
});
