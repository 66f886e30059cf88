// The frame every public results page shares: one HTML document in the page's language and
// direction, our own style sheets only (DESIGN §9.3), and language links that work without
// JavaScript.
import type { VNode } from "preact";
import { renderToString } from "preact-render-to-string";
import { directionOf } from "../lib/languages";

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function renderPublicDocument({
  language,
  title,
  styles,
  body,
}: {
  language: string;
  title: string;
  styles: readonly string[];
  body: VNode;
}): string {
  const head = [
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    // No /favicon.ico request to answer with a 404.
    '<link rel="icon" href="data:,">',
    ...styles.map((href) => `<link rel="stylesheet" href="${escapeHtml(href)}">`),
  ].join("");
  const html = `lang="${escapeHtml(language)}" dir="${directionOf(language)}"`;
  return `<!doctype html><html ${html}><head>${head}</head><body>${renderToString(body)}</body></html>`;
}

/** Plain links, so the page switches language without JavaScript; each name in itself. */
export function LanguageLinks({
  languages,
  current,
  name,
  label,
}: {
  languages: readonly string[];
  current: string;
  name: (language: string) => string;
  /** The navigation's name, in the page's language. */
  label: string;
}) {
  if (languages.length < 2) return null;
  return (
    <nav class="languages" aria-label={label}>
      {languages.map((code) => (
        <a
          key={code}
          href={`?lang=${encodeURIComponent(code)}`}
          lang={code}
          dir={directionOf(code)}
          aria-current={code === current ? "true" : undefined}
        >
          {name(code)}
        </a>
      ))}
    </nav>
  );
}
