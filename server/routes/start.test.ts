import { describe, expect, it } from "vitest";
import { useSeededApp } from "../../test/harness";

const t = useSeededApp();

describe("GET /, the start page", () => {
  it("says what Voz is in the reader's language and leads to the workspace", async () => {
    const res = await t.app.request("/", { headers: { "accept-language": "pt-BR,pt;q=0.9" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    const html = await res.text();
    expect(html).toContain('<html lang="pt"');
    expect(html).toContain("pesquisas anônimas");
    expect(html).toContain('href="/c/login"');
    expect(html).toContain('href="/c/signup"');
    expect(html).not.toContain("<script");
    expect(res.headers.get("content-security-policy")).toContain("default-src 'self'");
    const creole = await (await t.app.request("/?lang=ht")).text();
    expect(creole).toContain('<html lang="ht"');
    expect(creole).toContain("sondaj anonim");
  });

  it("takes a typed short name to its survey, and refuses anything else with a reason", async () => {
    const go = await t.app.request("/?survey=%20Passport-Access%20&lang=en");
    expect(go.status).toBe(303);
    expect(go.headers.get("location")).toBe("/s/passport-access");
    const bad = await t.app.request("/?survey=..%2F..%2Fetc&lang=en");
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain("That name is not valid");
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain('value="../../etc"');
    expect((await t.app.request("/?survey=")).status).toBe(200);
  });
});
