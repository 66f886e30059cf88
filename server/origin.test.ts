// Issue 13 item 2 at the HTTP level: behind a TLS proxy Voz answers as its configured origin
// (DESIGN §6 VOZ_PUBLIC_ORIGIN), whatever Host or X-Forwarded-* headers a request carries.
// test/browser/tls.test.ts runs the same behind a real Caddy with Chromium.
import { Hono } from "hono";
import QRCode from "qrcode";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { linkWithFingerprint } from "../client/lib/fingerprint";
import { seededDatabase } from "../test/harness";
import { createApp } from "./app";
import { createOrganization } from "./db/accounts";
import { clientAddress } from "./http";
import { loopbackOrigin, parseOrigin, publicOrigin } from "./origin";
import { hashPassword } from "./secrets";

const ORIGIN = "https://voz.example.org";
const EMAIL = "owner@origin.example";
const PASSWORD = "correct horse battery staple";

let seeded: Awaited<ReturnType<typeof seededDatabase>>;

beforeEach(async () => {
  seeded = await seededDatabase();
  const { publicKey } = seeded.keys["passport-access"] as { publicKey: string };
  await createOrganization(seeded.db, "Origin", {
    email: EMAIL,
    passwordHash: await hashPassword(PASSWORD),
    publicKey,
    wrappedKey: {} as never,
  });
});
afterEach(() => seeded.cleanup());

const appAt = (origin: string) =>
  createApp({ db: seeded.db, log: () => {}, publicOrigin: publicOrigin(origin) });

const login = (app: ReturnType<typeof createApp>, headers: Record<string, string>) =>
  app.request("http://10.0.0.5:8787/api/login", {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ email: EMAIL, password: PASSWORD }),
  });

/** The QR code the poster should carry, rendered from the configured origin. */
async function expectedQr(origin: string): Promise<string> {
  const link = linkWithFingerprint(
    `${origin}/s/passport-access`,
    seeded.keys["passport-access"]?.publicKey ?? "",
  );
  return QRCode.toString(link, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
}

describe("the configured public origin", () => {
  it("is the only origin in a poster's link and QR code, whatever Host says", async () => {
    const app = appAt(ORIGIN);
    const res = await app.request("http://evil.example/s/passport-access/poster", {
      headers: { host: "evil.example", "x-forwarded-host": "evil.example" },
    });
    const html = await res.text();
    expect(html).toContain("voz.example.org/s/passport-access");
    expect(html).not.toContain("evil.example");
    expect(html).toContain(await expectedQr(ORIGIN));
  });

  it("without configuration is the loopback address, never the Host header", async () => {
    const app = createApp({ db: seeded.db, log: () => {} });
    const html = await (
      await app.request("http://evil.example/s/passport-access/poster", {
        headers: { host: "evil.example" },
      })
    ).text();
    expect(html).not.toContain("evil.example");
    expect(html).toContain(await expectedQr("http://localhost"));
  });

  it("when https, makes the session cookie Secure and sends HSTS, even on a plain-http hop", async () => {
    const res = await login(appAt(ORIGIN), { origin: ORIGIN });
    expect(res.status).toBe(200);
    expect(res.headers.get("set-cookie")).toMatch(/;\s*Secure/i);
    expect(res.headers.get("set-cookie")).toMatch(/HttpOnly/i);
    expect(res.headers.get("strict-transport-security")).toMatch(/max-age=\d{7,}/);
    const page = await appAt(ORIGIN).request("http://10.0.0.5:8787/s/passport-access/poster");
    expect(page.headers.get("strict-transport-security")).toMatch(/max-age=\d{7,}/);
  });

  it("when http, sets no Secure cookie and no HSTS, whatever X-Forwarded-Proto claims", async () => {
    const res = await login(appAt("http://voz.lan:8787"), {
      origin: "http://voz.lan:8787",
      "x-forwarded-proto": "https",
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("set-cookie")).not.toMatch(/Secure/i);
    expect(res.headers.get("strict-transport-security")).toBeNull();
  });

  it("refuses a state change from any other origin, even one that matches Host", async () => {
    const app = appAt(ORIGIN);
    for (const origin of [
      "https://evil.example",
      "http://voz.example.org",
      "https://voz.example.org:8443",
      "null",
    ]) {
      const res = await login(app, {
        origin,
        host: new URL(origin === "null" ? ORIGIN : origin).host,
      });
      expect(res.status, origin).toBe(403);
      expect(await res.json()).toMatchObject({ error: { code: "csrf", field: "origin" } });
    }
    // Without configuration, only the loopback names at the server's port pass.
    const local = createApp({ db: seeded.db, log: () => {} });
    expect((await login(local, { origin: "http://localhost" })).status).toBe(200);
    expect((await login(local, { origin: "http://127.0.0.1" })).status).toBe(200);
    const rebound = await login(local, { origin: "http://evil.example", host: "evil.example" });
    expect(rebound.status).toBe(403);
  });
});

describe("origins and proxies", () => {
  it("takes an origin only as scheme, host and port", () => {
    expect(parseOrigin("https://voz.example.org")).toBe("https://voz.example.org");
    expect(parseOrigin("https://voz.example.org:8443")).toBe("https://voz.example.org:8443");
    for (const bad of [
      "voz.example.org",
      "https://voz.example.org/",
      "https://voz.example.org/voz",
      "https://voz.example.org?x=1",
      "https://user@voz.example.org",
      "ftp://voz.example.org",
    ]) {
      expect(parseOrigin(bad), bad).toBeNull();
    }
    expect(loopbackOrigin(8787).url).toBe("http://localhost:8787");
    expect(loopbackOrigin(8787).accepts("http://127.0.0.1:8787")).toBe(true);
    expect(loopbackOrigin(8787).accepts("http://localhost:8788")).toBe(false);
  });

  it("reads X-Forwarded-For only when told to trust the proxy", async () => {
    const app = new Hono()
      .get("/direct", (c) => c.text(clientAddress(false)(c)))
      .get("/proxied", (c) => c.text(clientAddress(true)(c)));
    const headers = { "x-forwarded-for": "203.0.113.9, 198.51.100.7" };
    expect(await (await app.request("/direct", { headers })).text()).not.toContain("198.51");
    expect(await (await app.request("/proxied", { headers })).text()).toBe("198.51.100.7");
  });
});
