// The one HTML document of the workspace, served for /c, /c/* and /join: the app draws every
// page itself. It runs under the server's CSP: no inline script or style, nothing from
// another origin; data for the script rides in attributes.
import type { PageAssets } from "../respondent/page";

const escapeHtml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export function renderCoordinatorShell(coordinator: PageAssets, respondent: PageAssets): string {
  const styles = coordinator.styles
    .map((href) => `<link rel="stylesheet" href="${escapeHtml(href)}">`)
    .join("");
  return [
    "<!doctype html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    '<meta name="robots" content="noindex">',
    "<title>Voz workspace</title>",
    '<link rel="icon" href="data:,">',
    styles,
    `<script type="module" src="${escapeHtml(coordinator.script)}"></script>`,
    "</head>",
    "<body>",
    `<div id="voz-coordinator" data-respondent-script="${escapeHtml(respondent.script)}" data-respondent-styles="${escapeHtml(JSON.stringify(respondent.styles))}"></div>`,
    "<noscript><p>The Voz workspace needs JavaScript: answers are opened in your browser, never on the server.</p></noscript>",
    "</body>",
    "</html>",
  ].join("");
}
