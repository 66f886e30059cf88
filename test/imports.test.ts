// No import circles (STYLE.md "Worth mending"): a circle means two modules cannot be read, or
// loaded, one before the other. madge walks the same import graph the bundler does.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const MADGE = "node_modules/madge/bin/cli.js";

async function circles(...roots: string[]): Promise<string[][]> {
  // madge exits 1 when it finds a circle; its JSON report is on stdout either way.
  const result = await run(
    process.execPath,
    [MADGE, "--circular", "--json", "--extensions", "ts,tsx", ...roots],
    { maxBuffer: 16 * 1024 * 1024 },
  ).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? "" }));
  return JSON.parse(result.stdout) as string[][];
}

describe("import graph", () => {
  const planted = mkdtempSync(join(tmpdir(), "voz-circle-"));
  afterAll(() => rmSync(planted, { recursive: true, force: true }));

  it("finds a circle planted between a .tsx page and the .ts module it imports", async () => {
    writeFileSync(
      join(planted, "page.tsx"),
      'import { route } from "./router";\nexport const p = route;\n',
    );
    writeFileSync(
      join(planted, "router.ts"),
      'import { p } from "./page";\nexport const route = () => p;\n',
    );
    expect(await circles(planted)).toEqual([["page.tsx", "router.ts"]]);
  });

  // madge parses every file: 20 s and more on a loaded 2-core machine.
  it("has no circle in client, server or surveys", { timeout: 180_000 }, async () => {
    expect(await circles("client", "server", "surveys")).toEqual([]);
  });
});
