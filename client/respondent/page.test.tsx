import { describe, expect, it } from "vitest";
import { parseSurvey, type Survey } from "../../surveys/schema";
import { FIRST_STEP } from "./first-step";
import { bytes } from "./nojs-size";
import {
  inlineJson,
  inlineScripts,
  inlineStyles,
  NOSCRIPT_CSS,
  preloadScript,
  renderPlainPage,
  renderSurveyPage,
} from "./page";
import { RESPONDENT_STRINGS } from "./strings";

const HOSTILE = "</script><script>alert(1)</script><!--";

function survey(): Survey {
  const parsed = parseSurvey({
    slug: "page-test",
    version: 3,
    languages: ["es", "en"],
    title: { es: `Acceso a pasaportes ${HOSTILE}`, en: "Passport access" },
    intro: { es: "Son cinco preguntas.", en: "Five questions." },
    breakdowns: [],
    questions: [
      {
        id: "country",
        type: "single",
        required: true,
        label: { es: "¿En qué país vive?", en: "Which country do you live in?" },
        options: [
          { id: "cl", label: { es: "Chile", en: "Chile" } },
          { id: "co", label: { es: `Colombia ${HOSTILE}`, en: "Colombia" } },
        ],
      },
      {
        id: "comments",
        type: "text",
        maxLength: 500,
        label: { es: "¿Algo más?", en: "Anything else?" },
        hint: { es: "No escriba nombres.", en: "Do not write names." },
      },
    ],
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.value;
}

const assets = {
  script: "/assets/respondent-abc123.js",
  styles: ["/assets/respondent-def456.css"],
};
const publicKey = "q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=";

function inlinedData(html: string): Record<string, unknown> {
  const match = html.match(/<script type="application\/json" id="voz-survey">([\s\S]*?)<\/script>/);
  if (!match?.[1]) throw new Error("no inlined survey");
  return JSON.parse(match[1]);
}

describe("the server-rendered respondent page", () => {
  it("is a whole document with the title, the intro and the first question already there", () => {
    const html = renderSurveyPage({ survey: survey(), publicKey, assets });
    expect(html.startsWith('<!doctype html><html lang="es" dir="ltr">')).toBe(true);
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1"');
    expect(html).toContain("<title>Acceso a pasaportes &lt;/script>");
    expect(html).toContain("Son cinco preguntas.");
    expect(html).toContain("¿En qué país vive?");
    expect(html).toMatch(/<input type="radio" name="q-country" value="cl"/);
    expect(html).toContain("Pregunta 1 de 2");
    // One question per step: the second one comes after hydration.
    expect(html).not.toContain("¿Algo más?</label>");
  });

  it("renders the language it is asked for, and the default for one the survey lacks", () => {
    const english = renderSurveyPage({ survey: survey(), publicKey, assets, language: "en" });
    expect(english).toContain('<html lang="en" dir="ltr">');
    expect(english).toContain("Which country do you live in?");
    expect(english).toContain("Question 1 of 2");
    const unknown = renderSurveyPage({ survey: survey(), publicKey, assets, language: "de" });
    expect(unknown).toContain('<html lang="es" dir="ltr">');
  });

  it("lays out a right-to-left language right to left, with its interface strings", () => {
    const base = survey();
    const arabic: Survey = {
      ...base,
      languages: ["ar", "prs"],
      title: { ar: "الوصول إلى جوازات السفر", prs: "دسترسی به پاسپورت" },
      intro: undefined,
      questions: base.questions.map((q) => ({
        ...q,
        label: { ar: `سؤال ${q.id}`, prs: `سوال ${q.id}` },
        hint: undefined,
        ...(q.type === "single"
          ? { options: q.options.map((o) => ({ ...o, label: { ar: o.id, prs: o.id } })) }
          : {}),
      })) as Survey["questions"],
    };
    const html = renderSurveyPage({ survey: arabic, publicKey, assets });
    expect(html).toContain('<html lang="ar" dir="rtl">');
    expect(html).toContain("السؤال 1 من 2");
    expect(html).toContain(">التالي</button>");
    const dari = renderSurveyPage({ survey: arabic, publicKey, assets, language: "prs" });
    expect(dari).toContain('<html lang="prs" dir="rtl">');
  });

  it("links the built styles and the module script, and nothing from another origin", () => {
    const html = renderSurveyPage({ survey: survey(), publicKey, assets });
    expect(html).toContain('<link rel="stylesheet" href="/assets/respondent-def456.css"');
    expect(html).toContain('<script type="module" src="/assets/respondent-abc123.js"></script>');
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
  });

  it("inlines the interface strings of the page's language only, and every survey language's name", () => {
    const data = inlinedData(
      renderSurveyPage({ survey: survey(), publicKey, assets, language: "en" }),
    );
    expect(data.strings).toEqual(RESPONDENT_STRINGS.en);
    expect(data.languageNames).toEqual({ es: "Español", en: "English" });
    const html = renderSurveyPage({ survey: survey(), publicKey, assets, language: "en" });
    expect(html).not.toContain(RESPONDENT_STRINGS.pt.review);
    expect(html).not.toContain(RESPONDENT_STRINGS.es.review);
  });

  it("asks for the entry's chunks right after the entry, before the inlined styles, only with a script", () => {
    const chunks = { ...assets, css: "main{}", preload: ["/assets/app-1.js", "/assets/send-2.js"] };
    const html = renderSurveyPage({ survey: survey(), publicKey, assets: chunks, earlyTap: true });
    const entry = html.indexOf('<script type="module" src="/assets/respondent-abc123.js">');
    const preload = html.indexOf(`<script>${preloadScript(chunks.preload)}</script>`);
    expect(entry).toBeGreaterThan(0);
    expect(preload).toBeGreaterThan(entry);
    expect(html.indexOf("<style>main{}</style>")).toBeGreaterThan(preload);
    // Written by the script: <link rel=modulepreload> would be fetched with JavaScript off too.
    expect(html).not.toMatch(/<link[^>]*modulepreload/);
    expect(preloadScript(chunks.preload)).toContain('["/assets/app-1.js","/assets/send-2.js"]');
    expect(inlineScripts(chunks)).toEqual([FIRST_STEP, preloadScript(chunks.preload)]);
    // The preview's policy allows no inline script: no preload there.
    const preview = renderSurveyPage({ survey: survey(), publicKey, assets: chunks });
    expect(preview).not.toContain("modulepreload");
  });

  it("inlines the survey and key as JSON that a survey text cannot break out of", () => {
    const html = renderSurveyPage({ survey: survey(), publicKey, assets, earlyTap: true });
    // The only script elements are the first step's, the module and the JSON: the hostile text
    // stayed data.
    expect(html.match(/<script/g)).toHaveLength(3);
    expect(html.match(/<\/script>/g)).toHaveLength(3);
    expect(html).not.toContain("<!--");
    expect(inlinedData(html)).toMatchObject({ survey: survey(), publicKey, language: "es" });
    expect(inlineJson({ text: "</script>" })).toBe('{"text":"\\u003c/script>"}');
  });

  it("has no inline script code but the hashed first step, and no style attributes, so it runs under the CSP", () => {
    const html = renderSurveyPage({ survey: survey(), publicKey, assets, earlyTap: true });
    // The workspace's preview renders the page under a policy without the hash: no script there.
    expect(renderSurveyPage({ survey: survey(), publicKey, assets })).not.toContain(FIRST_STEP);
    const code = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
    expect(code).toEqual(inlineScripts(assets));
    for (const tag of html.match(/<script[^>]*>/g) ?? []) {
      expect(tag).toMatch(/^<script>$|type="module" src=|type="application\/json"/);
    }
    expect(html).not.toMatch(/\sstyle=/i);
    expect(html).not.toMatch(/\son[a-z]+=/i);
    // The only inline styles are those whose hashes the server puts in the page's CSP.
    const inline = [...html.matchAll(/<style>([^<]*)<\/style>/g)].map((m) => m[1]);
    expect(inline).toEqual(inlineStyles(assets));
    expect(html.match(/<style/g)).toHaveLength(inline.length);
  });

  it("inlines the built CSS instead of linking it, when given", () => {
    const css = ":root{--ink:#111}main{max-width:36rem}";
    const html = renderSurveyPage({ survey: survey(), publicKey, assets: { ...assets, css } });
    expect(html).toContain(`<style>${css}</style>`);
    expect(html).not.toContain('rel="stylesheet"');
    expect(inlineStyles({ ...assets, css })).toEqual([css, NOSCRIPT_CSS]);
  });
});

describe("the page without JavaScript", () => {
  it("hides the script's copy and offers a plain form of the first question, after one line that says it is less private", () => {
    const html = renderSurveyPage({ survey: survey(), publicKey, assets });
    expect(html).toContain(`<noscript><style>${NOSCRIPT_CSS}</style></noscript>`);
    const plain = /<body>[\s\S]*<noscript>([\s\S]*?)<\/noscript>/.exec(html)?.[1] ?? "";
    expect(plain).toContain(
      '<form id="plain-form" method="post" action="/s/page-test/nojs" novalidate>',
    );
    // Options by index, never by id (issue 13 item 6); no answer ticked yet.
    expect(plain).toMatch(/<input type="radio" name="a0" value="-" checked hidden\/>/);
    expect(plain).toMatch(
      /<input type="radio" name="a0" value="0" autocomplete="off"\/><span>Chile<\/span>/,
    );
    expect(plain).not.toContain('value="cl"');
    expect(plain).toContain(
      '<p class="plain-notice">Versión sencilla: menos privada. <a href="#why">¿Por qué?</a></p>',
    );
    // The top bar (its languages as links: a GET loses no answer), the notice, then the
    // question: nothing else before it, not the intro written for the page that encrypts on
    // the phone.
    const before = plain.slice(0, plain.indexOf("<form"));
    expect(before).toContain('<a href="?lang=en" lang="en" hreflang="en" dir="ltr">English</a>');
    expect(before.replace(/<[^>]+>/g, "")).toBe(
      "Salir rápidoIdioma: EspañolEspañolEnglishAcceso a pasaportes </script><script>alert(1)</script><!--Versión sencilla: menos privada. ¿Por qué?".replace(
        /</g,
        "&lt;",
      ),
    );
    expect(plain).not.toMatch(/javascript/i);
    // Its ids never collide with the script's copy, which stays in the document, hidden.
    const ids = (part: string) => [...part.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    const script = html.replace(plain, "");
    for (const id of ids(plain)) expect(ids(script)).not.toContain(id);
  });

  it("writes a typed invitation code back on the review at no cost to the page's one length", () => {
    // One question: the review, with a wrong code written back and said so, is the longest page.
    const short = { ...survey(), questions: survey().questions.slice(0, 1) };
    const review = (code: string) =>
      renderPlainPage({
        survey: short,
        assets,
        language: "es",
        values: { country: "cl" },
        screen: {
          kind: "review",
          id: "00000000-0000-4000-8000-000000000000",
          failure: "code_invalid",
          code,
        },
        requiresCode: true,
      });
    const widest = review('"'.repeat(40));
    expect(widest).toContain(`value="${"&quot;".repeat(40)}"`);
    expect(bytes(widest)).toBe(bytes(review("")));
  });

  it("says JavaScript is needed, and offers no form, when the survey switches it off", () => {
    const off = { ...survey(), withoutJavaScript: false };
    const html = renderSurveyPage({ survey: off, publicKey, assets });
    expect(html).toContain("active JavaScript en su navegador");
    expect(html).not.toContain("<form");
    expect(html).not.toContain(NOSCRIPT_CSS);
  });
});
