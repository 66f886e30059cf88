import { createHash } from "node:crypto";
import { rmSync } from "node:fs";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { NOSCRIPT_CSS } from "../../client/respondent/page";
import { fakeClientBuild, safePublication, seedSurvey, useSeededApp } from "../../test/harness";
import { createApp } from "../app";
import { loadAssets } from "../assets";
import { storePublication } from "../db/publications";
import { publishSurveyVersion, setSurveyState } from "../db/surveys";
import { pickLanguage, RenderedPages } from "./pages";

const seeded = useSeededApp();
const built = loadAssets("dist/client") !== null;

/** The `lang` attribute of the page's <html> element. */
async function pageLanguage(path: string, headers: Record<string, string> = {}) {
  const response = await seeded.app.request(path, { headers });
  expect(response.status).toBe(200);
  return /<html lang="([^"]+)"/.exec(await response.text())?.[1];
}

describe("the respondent page's language", () => {
  it("follows ?lang= when the survey has that language", () => {
    expect(pickLanguage(["es", "en", "pt"], "pt", "en-US,en;q=0.9")).toBe("pt");
  });

  it("ignores a ?lang= the survey does not have and uses Accept-Language", () => {
    expect(pickLanguage(["es", "en", "pt"], "ht", "pt-BR,pt;q=0.9,en;q=0.8")).toBe("pt");
  });

  it("takes the best Accept-Language match by weight, regional tags matching their language", () => {
    expect(pickLanguage(["es", "en", "pt"], undefined, "fr;q=1, en;q=0.5, pt-BR;q=0.8")).toBe("pt");
    expect(pickLanguage(["es", "en"], undefined, "es-CL")).toBe("es");
    expect(pickLanguage(["es", "en"], undefined, "en;q=0, es;q=0.1")).toBe("es");
  });

  it("falls back to the survey's first language", () => {
    expect(pickLanguage(["en", "es"], undefined, "ht, fr;q=0.9")).toBe("en");
    expect(pickLanguage(["en", "es"], undefined, undefined)).toBe("en");
    expect(pickLanguage(["en", "es"], undefined, "garbage;;q=x,,")).toBe("en");
  });

  it.skipIf(!built)("GET /s/:slug renders in the chosen language", async () => {
    expect(await pageLanguage("/s/passport-access")).toBe("es");
    expect(await pageLanguage("/s/passport-access?lang=en")).toBe("en");
    expect(await pageLanguage("/s/passport-access?lang=fr", { "accept-language": "pt-BR" })).toBe(
      "pt",
    );
    expect(await pageLanguage("/s/passport-access", { "accept-language": "en-GB,es;q=0.5" })).toBe(
      "en",
    );
    expect(
      await pageLanguage("/s/cso-program-awareness", { "accept-language": "ht,fr;q=0.8" }),
    ).toBe("en");
  });
});

describe("compression", () => {
  it("says once that JSON varies with Accept-Encoding, compressed or not", async () => {
    const path = "/api/surveys/passport-access";
    const plain = await seeded.app.request(path);
    const br = await seeded.app.request(path, { headers: { "accept-encoding": "br" } });
    expect([plain.status, br.status]).toEqual([200, 200]);
    expect(plain.headers.get("vary")).toBe("Accept-Encoding");
    expect(br.headers.get("vary")).toBe("Accept-Encoding");
    expect(br.headers.get("content-encoding")).toBe("br");
    const decoded = brotliDecompressSync(Buffer.from(await br.arrayBuffer())).toString();
    expect(JSON.parse(decoded)).toEqual(await plain.json());
  });

  it.skipIf(!built)("sends the page with brotli when accepted, else gzip, else plain", async () => {
    const plain = await seeded.app.request("/s/passport-access");
    const html = await plain.text();
    expect(plain.headers.get("content-encoding")).toBeNull();
    expect(plain.headers.get("vary")).toMatch(/Accept-Encoding/);

    const br = await seeded.app.request("/s/passport-access", {
      headers: { "accept-encoding": "gzip, deflate, br" },
    });
    expect(br.headers.get("content-encoding")).toBe("br");
    const brBytes = Buffer.from(await br.arrayBuffer());
    expect(Number(br.headers.get("content-length"))).toBe(brBytes.length);
    expect(brotliDecompressSync(brBytes).toString()).toBe(html);
    expect(brBytes.length).toBeLessThan(html.length / 2);

    const gz = await seeded.app.request("/s/passport-access", {
      headers: { "accept-encoding": "gzip;q=1, br;q=0" },
    });
    expect(gz.headers.get("content-encoding")).toBe("gzip");
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString()).toBe(html);
  });

  it("leaves a small JSON answer as it is, its declared length the bytes sent", async () => {
    const response = await seeded.app.request("/api/surveys/no-such-survey/responses", {
      method: "POST",
      headers: { "accept-encoding": "gzip, deflate, br", "content-type": "application/json" },
      body: "{}",
    });
    expect(response.status).toBe(404);
    expect(response.headers.get("content-encoding")).toBeNull();
    expect(response.headers.get("vary")).toBe("Accept-Encoding");
    expect(response.headers.get("content-type")).toBe("application/json");
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(Number(response.headers.get("content-length"))).toBe(bytes.length);
    expect(JSON.parse(bytes.toString()).error.code).toBe("unknown_survey");
  });

  it("never compresses a HEAD or a 204", async () => {
    const head = await seeded.app.request("/s/passport-access", {
      method: "HEAD",
      headers: { "accept-encoding": "br" },
    });
    expect(head.headers.get("content-encoding")).toBeNull();
    expect(await head.text()).toBe("");
  });

  it.skipIf(!built)("serves the built scripts precompressed and immutable", async () => {
    const assets = loadAssets("dist/client");
    const script = assets?.respondent.script ?? "";
    const response = await seeded.app.request(script, { headers: { "accept-encoding": "br" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-encoding")).toBe("br");
    expect(response.headers.get("content-type")).toMatch(/javascript/);
    expect(response.headers.get("cache-control")).toMatch(/immutable/);
    expect(brotliDecompressSync(Buffer.from(await response.arrayBuffer())).length).toBeGreaterThan(
      0,
    );
  });
});

describe("the respondent page's inline styles", () => {
  it.skipIf(!built)("are the built CSS, allowed by its hash in this page's CSP only", async () => {
    const assets = loadAssets("dist/client");
    const css = assets?.respondent.css ?? "";
    expect(css.length).toBeGreaterThan(1000);
    const response = await seeded.app.request("/s/passport-access");
    const html = await response.text();
    expect(html).toContain(`<style>${css}</style>`);
    expect(html).not.toMatch(/<link[^>]*rel="stylesheet"/);
    const hash = (text: string) => `'sha256-${createHash("sha256").update(text).digest("base64")}'`;
    const csp = response.headers.get("content-security-policy") ?? "";
    expect(csp).toContain(`style-src 'self' ${hash(css)} ${hash(NOSCRIPT_CSS)};`);
    expect(csp).not.toContain("unsafe-inline");
    const other = await seeded.app.request("/api/surveys/passport-access");
    expect(other.headers.get("content-security-policy")).toContain("style-src 'self';");
  });
});

describe("the quick exit's neutral page", () => {
  it("says nothing about Voz or surveys and is never stored", async () => {
    const response = await seeded.app.request("/home");
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.text()).not.toMatch(/voz|survey|encuesta|<script|<link rel="style/i);
  });
});

describe.skipIf(!built)("when a survey link has nothing to answer", () => {
  const LANGUAGES: [string, string, string][] = [
    ["es", "No encontramos esta encuesta", "letra por letra"],
    ["en", "We cannot find this survey", "letter by letter"],
    ["pt", "Não encontramos esta pesquisa", "letra por letra"],
    ["fr", "Nous ne trouvons pas cette enquête", "lettre par lettre"],
    ["ht", "Nou pa jwenn sondaj sa a", "lèt pa lèt"],
  ];

  it.each(LANGUAGES)(
    "an unknown survey says so in %s, styled, with what to do next",
    async (language, title, next) => {
      const res = await seeded.app.request("/s/no-such-survey", {
        headers: { "accept-language": `${language};q=0.9` },
      });
      expect(res.status).toBe(404);
      const html = await res.text();
      expect(html).toContain(`<html lang="${language}" dir="ltr">`);
      expect(html).toContain(`<h1>${title}</h1>`);
      expect(html).toContain(next);
      expect(html).toMatch(/<style>[^<]+<\/style>/);
      // The inline style is allowed by its hash, as on the survey page; nothing else is.
      const styles = /style-src ([^;]+)/.exec(res.headers.get("content-security-policy") ?? "");
      expect(styles?.[1]).toMatch(/'sha256-/);
      expect(res.headers.get("cache-control")).toBe("no-store");
    },
  );

  it("a closed survey says so in its own language, linking to results only once published", async () => {
    await setSurveyState(seeded.db, "cso-program-awareness", "closed");
    // Asked in Portuguese, which the survey lacks: Spanish, the respondent's next choice.
    const asked = { headers: { "accept-language": "pt-BR, es;q=0.8" } };
    const before = await seeded.app.request("/s/cso-program-awareness", asked);
    expect(before.status).toBe(410);
    const unpublished = await before.text();
    expect(unpublished).toContain("Esta encuesta ya cerró");
    expect(unpublished).not.toContain('href="/r/');
    await storePublication(seeded.db, "cso-program-awareness", safePublication(), 0);
    const after = await (await seeded.app.request("/s/cso-program-awareness", asked)).text();
    expect(after).toContain('<a href="/r/cso-program-awareness">Ver los resultados publicados</a>');
    // The poster and the form without JavaScript answer the same.
    expect((await seeded.app.request("/s/cso-program-awareness/poster")).status).toBe(410);
  });

  it("a survey not open yet says to come back later, in a language the survey has", async () => {
    await setSurveyState(seeded.db, "passport-access", "draft");
    const res = await seeded.app.request("/s/passport-access", {
      headers: { "accept-language": "fr, en;q=0.5" },
    });
    expect(res.status).toBe(404);
    const html = await res.text();
    // The passport survey is in es, en and pt: English, the respondent's second choice.
    expect(html).toContain('<html lang="en" dir="ltr">');
    expect(html).toContain("This survey is not open yet");
  });
});

describe("rendered respondent pages", () => {
  it("are rendered once per key and the least recently used goes first", () => {
    const pages = new RenderedPages(2);
    const renders: string[] = [];
    const get = (key: string) =>
      pages.get(key, () => {
        renders.push(key);
        return `page ${key}`;
      }).html;
    expect([get("a"), get("b"), get("a")]).toEqual(["page a", "page b", "page a"]);
    expect(renders).toEqual(["a", "b"]);
    get("c");
    get("a");
    get("b");
    expect(renders).toEqual(["a", "b", "c", "b"]);
  });

  it("show a new version, another language and a closed survey at once", async () => {
    const clientDir = fakeClientBuild();
    try {
      const app = createApp({ db: seeded.db, log: () => {}, clientDir });
      const page = async (query = "") => (await app.request(`/s/passport-access${query}`)).text();
      const first = await page();
      expect(await page()).toBe(first);
      expect(await page("?lang=en")).not.toBe(first);
      const next = { ...seedSurvey("passport-access"), version: 2 };
      next.title = { ...next.title, es: "Acceso al pasaporte, segunda versión" };
      const key = seeded.keys["passport-access"]?.publicKey ?? "";
      expect((await publishSurveyVersion(seeded.db, next, key, "open")).ok).toBe(true);
      expect(await page()).toContain("Acceso al pasaporte, segunda versión");
      await setSurveyState(seeded.db, "passport-access", "closed");
      expect((await app.request("/s/passport-access")).status).toBe(410);
    } finally {
      rmSync(clientDir, { recursive: true, force: true });
    }
  });
});
