// Every link between our own documents leads somewhere: the file exists and, when the link names
// a heading (`file.md#heading`), the file has that heading, slugged as GitHub slugs it. Documents
// are moved and split as they grow (docs/measured/ took the benches' logs); a link left behind
// would send a reader to nothing.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { expect, it } from "vitest";

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return markdownFiles(path);
    return name.endsWith(".md") ? [path] : [];
  });
}

/** GitHub's anchor for a heading: lower case, no punctuation but hyphens, spaces as hyphens. */
const slug = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");

function anchorsOf(path: string): Set<string> {
  const text = readFileSync(path, "utf8").replace(/```[\s\S]*?```/g, "");
  return new Set([...text.matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) => slug(m[1] as string)));
}

it("leads every relative link of the README and docs/ to a file and heading that exist", () => {
  const files = ["README.md", ...markdownFiles("docs")];
  const broken: string[] = [];
  let links = 0;
  for (const file of files) {
    const text = readFileSync(file, "utf8").replace(/```[\s\S]*?```/g, "");
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (!target || /^[a-z]+:/i.test(target)) continue;
      links++;
      const [path = "", anchor] = target.split("#");
      const resolved = path === "" ? file : join(dirname(file), path);
      // DESIGN.md and STYLE.md live beside the repository, not in it.
      if (relative(".", resolved).startsWith("..")) continue;
      if (!existsSync(resolved)) {
        broken.push(`${file}: ${target} (no ${relative(".", resolved)})`);
        continue;
      }
      if (anchor && resolved.endsWith(".md") && !anchorsOf(resolved).has(anchor)) {
        broken.push(`${file}: ${target} (no such heading)`);
      }
    }
  }
  expect(links).toBeGreaterThan(50);
  expect(broken).toEqual([]);
});
