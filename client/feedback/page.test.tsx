import { describe, expect, it } from "vitest";
import { CATEGORIES, FEEDBACK_COUNTRIES } from "../lib/feedback-format";
import { renderFeedbackPage } from "./page";

const HOSTILE = "</script><script>alert(1)</script><!--";
const channel = {
  slug: "red-apoyo",
  orgName: `Red de Apoyo ${HOSTILE}`,
  publicKey: "A".repeat(43).concat("="),
  sensitivePublicKey: "B".repeat(43).concat("="),
  categories: [...CATEGORIES],
  replyDays: null,
};
const input = {
  channel,
  script: "/assets/feedback-abc123.js",
  styles: ["/assets/feedback-abc123.css"],
  plainId: "6f1c1d2e-8a4b-4c3d-9e5f-0a1b2c3d4e5f",
};

const scripts = (html: string) => html.match(/<script\b[^>]*>[\s\S]*?<\/script>/g) ?? [];

describe("the feedback page", () => {
  it("renders the form in the chosen language with every category and the reply hint", () => {
    const html = renderFeedbackPage({ ...input, view: "send", language: "en" });
    expect(html.startsWith('<!doctype html><html lang="en" dir="ltr">')).toBe(true);
    for (const label of ["A question", "A complaint", "A sensitive report"])
      expect(html).toContain(label);
    expect(html).toContain("Do not write names or document numbers");
    expect(html).toContain('href="/f/red-apoyo/reply"');
    expect(html).toContain('href="/home"');
  });

  it("says how long a reply usually takes, in the page's language, once the organization has said so", () => {
    const unsaid = renderFeedbackPage({ ...input, view: "send", language: "es" });
    expect(unsaid).not.toContain("suele tardar");
    const page = (replyDays: number, language: string) =>
      renderFeedbackPage({ ...input, channel: { ...channel, replyDays }, view: "send", language });
    expect(page(5, "es")).toContain(
      "Vuelva a esta página con su código: una respuesta suele tardar 5 días.",
    );
    expect(page(1, "es")).toContain("una respuesta suele tardar 1 día.");
    expect(page(14, "pt")).toContain("uma resposta costuma levar 14 dias.");
  });

  it("lists exactly the publications' country codes in the form", () => {
    const html = renderFeedbackPage({ ...input, view: "send", language: "en" });
    const select = html.match(/<select id="feedback-country"[\s\S]*?<\/select>/)?.[0] ?? "";
    const codes = [...select.matchAll(/<option value="([a-z]*)"/g)].map((m) => m[1]);
    expect(codes.filter((code) => code !== "").sort()).toEqual([...FEEDBACK_COUNTRIES].sort());
  });

  it("falls back to Spanish for a language it does not speak", () => {
    const html = renderFeedbackPage({ ...input, view: "reply", language: "qu" });
    expect(html).toContain('<html lang="es" dir="ltr">');
    expect(html).toContain('<label for="reply-code">Código de respuesta</label>');
  });

  it("lays out Arabic right to left, in Arabic", () => {
    const html = renderFeedbackPage({ ...input, view: "send", language: "ar" });
    expect(html).toContain('<html lang="ar" dir="rtl">');
    expect(html).toContain("شكوى");
  });

  it("carries no inline script code, only the module and inert JSON a name cannot end", () => {
    const html = renderFeedbackPage({ ...input, view: "send", language: "es" });
    const found = scripts(html);
    expect(found).toHaveLength(2);
    expect(found[0]).toBe('<script type="module" src="/assets/feedback-abc123.js"></script>');
    expect(found[1]).toMatch(/^<script type="application\/json" id="voz-feedback">/);
    expect(html).not.toContain(HOSTILE);
    expect(html).not.toMatch(/ style=/);
  });
});
