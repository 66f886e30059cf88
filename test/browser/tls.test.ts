// Issue 13 item 2, deployed as docs/deploy.md says: Voz behind Debian's Caddy with automatic
// TLS (`tls internal` on localhost: Caddy's own CA, trusted by no one, so only this test's
// Chromium is told to ignore it), driven with Chromium. Caddy gets its own ports, its own
// config and data directory, and is stopped at the end.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import jsQR from "jsqr";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateKeyPair } from "../../client/lib/crypto";
import { closeDatabase, openDatabase } from "../../server/db/client";
import { publishSurveyVersion } from "../../server/db/surveys";
import { seedSurvey } from "../harness";
import { freePort, spawnServer } from "../server-process";
import { readyCrypto, signUpBody } from "../workspace-client";
import { launchChromium } from "./chromium";

const CADDY = "/usr/bin/caddy";

let dir: string;
let voz: ChildProcess;
let caddy: ChildProcess;
let browser: Browser;
let context: BrowserContext;
/** What people type: Caddy's TLS address. */
let origin: string;
/** Another site, for the cross-site request. */
let elsewhere: string;

/** Resolves once `child` has printed a line matching `pattern`; rejects if it exits first. */
function waitFor(child: ChildProcess, pattern: RegExp, name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = "";
    const look = (chunk: Buffer) => {
      seen += chunk.toString();
      if (pattern.test(seen)) resolve();
    };
    child.stdout?.on("data", look);
    child.stderr?.on("data", look);
    child.once("exit", (code) => reject(new Error(`${name} exited (${code}): ${seen}`)));
  });
}

beforeAll(async () => {
  await readyCrypto();
  dir = mkdtempSync(join(tmpdir(), "voz-tls-"));
  const [vozPort, httpsPort, httpPort, otherPort] = await Promise.all(
    [0, 1, 2, 3].map(() => freePort()),
  );
  origin = `https://localhost:${httpsPort}`;
  elsewhere = `http://localhost:${otherPort}`;

  const dbPath = join(dir, "voz.db");
  const db = await openDatabase(dbPath);
  await publishSurveyVersion(
    db,
    seedSurvey("passport-access"),
    generateKeyPair().publicKey,
    "open",
  );
  await closeDatabase(db);
  ({ child: voz } = await spawnServer({
    VOZ_DB: dbPath,
    PORT: String(vozPort),
    VOZ_PUBLIC_ORIGIN: origin,
    VOZ_TRUST_PROXY: "1",
  }));

  // The Caddyfile of docs/deploy.md, on test ports, with Caddy's internal CA instead of ACME.
  const caddyfile = join(dir, "Caddyfile");
  mkdirSync(join(dir, "data"));
  writeFileSync(
    caddyfile,
    `{
	admin off
	skip_install_trust
	auto_https disable_redirects
	http_port ${httpPort}
	https_port ${httpsPort}
	storage file_system ${join(dir, "data")}
}

${origin} {
	tls internal
	reverse_proxy 127.0.0.1:${vozPort}
}

${elsewhere} {
	header Content-Type "text/html; charset=utf-8"
	respond \`<!doctype html><form method="post" action="${origin}/api/login" enctype="text/plain"><input name="x" value="y"><button>go</button></form>\`
}
`,
  );
  caddy = spawn(CADDY, ["run", "--config", caddyfile, "--adapter", "caddyfile"], {
    env: { ...process.env, HOME: dir, XDG_DATA_HOME: join(dir, "data"), XDG_CONFIG_HOME: dir },
    stdio: ["ignore", "pipe", "pipe"],
  });
  await waitFor(caddy, /serving initial configuration/, "caddy");

  browser = await launchChromium();
  // Caddy's internal CA is trusted by nobody; this context alone is told to accept it.
  context = await browser.newContext({ ignoreHTTPSErrors: true });
}, 120_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  for (const child of [caddy, voz]) {
    if (child && child.exitCode === null) {
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
    }
  }
  rmSync(dir, { recursive: true, force: true });
});

describe("Voz behind Caddy with TLS", () => {
  it("sends HSTS, and sets the session cookie Secure, HttpOnly and SameSite=Strict", async () => {
    const page = await context.newPage();
    const response = await page.goto(`${origin}/c`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()["strict-transport-security"]).toMatch(/max-age=\d{7,}/);
    // Sign up from the page, as the workspace does: the browser sets Origin itself.
    const body = signUpBody("Red de Apoyo", "owner@tls.example");
    const status = await page.evaluate(async (json) => {
      const res = await fetch("/api/signup", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: json,
      });
      return res.status;
    }, JSON.stringify(body));
    expect(status).toBe(201);
    const cookies = await context.cookies(origin);
    expect(cookies).toContainEqual(
      expect.objectContaining({
        name: "voz_session",
        secure: true,
        httpOnly: true,
        sameSite: "Strict",
      }),
    );
    await page.close();
  });

  it("prints a poster whose QR code, read from the page's pixels, is the https link", async () => {
    const page = await context.newPage();
    await page.goto(`${origin}/s/passport-access/poster`);
    const pixels = await page.evaluate(async () => {
      const svg = document.querySelector("svg");
      if (!svg) throw new Error("no QR code on the poster");
      const image = new Image();
      image.src = `data:image/svg+xml;base64,${btoa(new XMLSerializer().serializeToString(svg))}`;
      await image.decode();
      const canvas = document.createElement("canvas");
      canvas.width = 400;
      canvas.height = 400;
      const g = canvas.getContext("2d") as CanvasRenderingContext2D;
      g.fillStyle = "#fff";
      g.fillRect(0, 0, 400, 400);
      g.drawImage(image, 0, 0, 400, 400);
      return Array.from(g.getImageData(0, 0, 400, 400).data);
    });
    const code = jsQR(Uint8ClampedArray.from(pixels), 400, 400);
    expect(code?.data).toMatch(new RegExp(`^${origin}/s/passport-access(#k=[A-Za-z0-9_-]{22})?$`));
    expect(await page.textContent("body")).toContain(
      `localhost:${new URL(origin).port}/s/passport-access`,
    );
    await page.close();
  });

  it("refuses a login posted from another site", async () => {
    const page = await context.newPage();
    await page.goto(elsewhere);
    const [response] = await Promise.all([
      page.waitForResponse(`${origin}/api/login`),
      page.click("button"),
    ]);
    expect(response.status()).toBe(403);
    expect(await response.json()).toMatchObject({ error: { code: "csrf", field: "origin" } });
    await page.close();
  });
});
