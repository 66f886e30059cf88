// Issue 13 item 7, tried over real HTTP with real concurrent requests: parallel guesses must not
// slip past the per-account count, and whoever knows an email must not be able to lock its
// owner out for long.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loginSecret } from "../../client/lib/keyring";
import { changeRows, storedBytes, storedRows } from "../../test/database";
import { startServer, type TestServer } from "../../test/harness";
import { overHttp, readyCrypto, signUp } from "../../test/workspace-client";
import { emailHashOf, LOGIN_COUNT_KEPT_MS } from "../db/logins";

let server: TestServer;

beforeAll(async () => {
  await readyCrypto();
  // Many attempts from one address: lift the per-client limit, so only the account's own
  // gate is tested here.
  server = await startServer({ loginLimit: { limit: 10_000, windowMs: 60_000 } });
}, 60_000);
afterAll(() => server.close());

const login = (email: string, password: string, cookie = "") =>
  fetch(`${server.url}/api/login`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      origin: server.url,
      ...(cookie ? { cookie } : {}),
    },
    body: JSON.stringify({ email, password }),
  });

/** The cookies a response sets, as a browser would send them back. */
const cookiesOf = (res: Response) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");

/** The email's count as it is on disk, read beside the server; no row counts nothing. */
async function stored(email: string): Promise<{ failed_logins: number; locked_until: number }> {
  const [row] = await storedRows<{ failed_logins: number; locked_until: number | string }>(
    server.dbPath,
    "select failed_logins, locked_until from login_counts where email_hash = ?",
    emailHashOf(email),
  );
  // PostgreSQL's driver returns a bigint column as a string.
  return { failed_logins: row?.failed_logins ?? 0, locked_until: Number(row?.locked_until ?? 0) };
}

/** Moves the email's delay to `until`, beside the app, as time passing would. */
const delayUntil = (email: string, until: number) =>
  changeRows(
    server.dbPath,
    "update login_counts set locked_until = ? where email_hash = ?",
    until,
    emailHashOf(email),
  );

describe("logging in", () => {
  it("counts every wrong guess of 11 sent at once, or turns it away", async () => {
    const person = await signUp(overHttp(server.url), "Paralelo", "parallel@login.example");
    const answers = await Promise.all(
      Array.from({ length: 11 }, (_, i) => login(person.email, `guess number ${i}`)),
    );
    const statuses = answers.map((a) => a.status);
    const judged = statuses.filter((s) => s === 401).length;
    const turnedAway = statuses.filter((s) => s === 429).length;
    expect(judged + turnedAway).toBe(11);
    // Every guess whose password was checked is counted (v0.1: 11 checked, 1 counted).
    expect((await stored(person.email)).failed_logins).toBe(judged);
    for (const answer of answers.filter((a) => a.status === 429)) {
      expect(Number(answer.headers.get("retry-after"))).toBeGreaterThan(0);
    }
  });

  it("makes each guess after the third wait longer, never more than a minute", async () => {
    const person = await signUp(overHttp(server.url), "Espera", "delay@login.example");
    const right = loginSecret(person.email, person.passphrase);
    const waits: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await login(person.email, `wrong ${i}`);
      if (res.status === 429) {
        waits.push(Number(res.headers.get("retry-after")));
        // Let the delay pass, as a patient attacker would, by moving its end to just now.
        await delayUntil(person.email, Date.now() - 1);
        expect((await login(person.email, `wrong ${i}`)).status).toBe(401);
      } else {
        expect(res.status).toBe(401);
      }
    }
    expect(waits.length).toBeGreaterThan(5);
    expect(waits).toEqual([...waits].sort((a, b) => a - b));
    expect(Math.max(...waits)).toBeLessThanOrEqual(60);
    // The right password during a delay waits too: it would otherwise be a free guess.
    expect((await login(person.email, right)).status).toBe(429);
    await delayUntil(person.email, Date.now() - 1);
    expect((await login(person.email, right)).status).toBe(200);
    expect(await stored(person.email)).toEqual({ failed_logins: 0, locked_until: 0 });
  });

  it("lets the owner in from a browser they used before while someone who knows the email keeps guessing", async () => {
    const person = await signUp(overHttp(server.url), "Dueña", "owner@lockout.example");
    const right = loginSecret(person.email, person.passphrase);
    // The owner logged in once from this browser: it keeps what the server gave it.
    const first = await login(person.email, right);
    expect(first.status).toBe(200);
    const browser = cookiesOf(first);

    // The attacker knows only the email, and guesses as fast as the server lets them, with
    // and without cookies of their own, and with a cookie made up to look like a device's.
    const attacker = [
      "",
      `voz_device=${"A".repeat(43)}`,
      cookiesOf(await login("nobody@lockout.example", "x")),
    ];
    let delayed = 0;
    for (let round = 0; round < 8; round++) {
      const answers = await Promise.all(
        attacker.map((c, i) => login(person.email, `guess ${round} ${i}`, c)),
      );
      delayed += answers.filter((a) => a.status === 429).length;
      expect(answers.every((a) => a.status === 401 || a.status === 429)).toBe(true);
    }
    expect(delayed).toBeGreaterThan(0);
    expect((await stored(person.email)).failed_logins).toBeGreaterThanOrEqual(3);
    // Where a patient attacker gets: the account waits the longest delay, again and again.
    await delayUntil(person.email, Date.now() + 60_000);
    // A stranger's browser waits out the delay; the owner's own browser does not.
    expect((await login(person.email, right)).status).toBe(429);
    expect((await login(person.email, right, browser)).status).toBe(200);
  });

  it("counts wrong passwords from a known browser on their own, with the same growing delay", async () => {
    const person = await signUp(overHttp(server.url), "Propia", "own@lockout.example");
    const right = loginSecret(person.email, person.passphrase);
    const browser = cookiesOf(await login(person.email, right));
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await login(person.email, `typo ${i}`, browser)).status);
    // Three free typos, then the known browser waits too: a stolen cookie is no licence to
    // guess.
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
    expect(statuses.slice(3)).toContain(429);
    // Counted on that browser, in the database; the account's own count was never touched, so
    // other browsers are not slowed by the typos.
    const devices = await storedRows<{ failed_logins: number }>(
      server.dbPath,
      "select d.failed_logins from login_devices d join members m on m.id = d.member_id where m.email = ?",
      person.email,
    );
    const wrong = statuses.filter((s) => s === 401).length;
    expect(devices).toContainEqual({ failed_logins: wrong });
    expect(devices.reduce((sum, d) => sum + d.failed_logins, 0)).toBe(wrong);
    expect((await stored(person.email)).failed_logins).toBe(0);
  });
});

describe("what the counts keep", () => {
  it("forgets an email's count a day after its last attempt, and keeps one still in use", async () => {
    await login("idle@counts.example", "wrong once");
    await login("busy@counts.example", "wrong once");
    expect((await stored("idle@counts.example")).failed_logins).toBe(1);
    // A day and a minute pass for the idle one; the busy one was tried just under a day ago.
    await delayUntil("idle@counts.example", Date.now() - LOGIN_COUNT_KEPT_MS - 60_000);
    await delayUntil("busy@counts.example", Date.now() - LOGIN_COUNT_KEPT_MS + 600_000);
    // Any attempt, on any email, clears what is stale.
    await login("someone@else.example", "wrong");
    const rows = await storedRows<{ email_hash: string }>(
      server.dbPath,
      "select email_hash from login_counts",
    );
    const hashes = rows.map((r) => r.email_hash);
    expect(hashes).not.toContain(emailHashOf("idle@counts.example"));
    expect(hashes).toContain(emailHashOf("busy@counts.example"));
    expect((await stored("busy@counts.example")).failed_logins).toBe(1);
  });
});

describe("whether an email has an account", () => {
  /**
   * What an attacker sees of one answer: its status, its body, and which headers it carries
   * (Retry-After's value grows with the count, and the clock moves under a loaded machine).
   */
  async function seen(res: Response) {
    const headers = [...res.headers.keys()].filter((h) => !["date", "retry-after"].includes(h));
    return {
      status: res.status,
      body: await res.text(),
      headers: headers.sort().join(" "),
      waits: res.status === 429 ? Number(res.headers.get("retry-after")) > 0 : null,
    };
  }

  /** Wrong passwords sent one after another until the server first turns one away. */
  async function hammer(email: string) {
    const answers = [];
    for (let i = 0; i < 10; i++) {
      const answer = await seen(await login(email, `hammer ${i}`));
      answers.push(answer);
      if (answer.status === 429) break;
    }
    return answers;
  }

  it("answers wrong guesses on an unknown email as it answers them on a known one", async () => {
    const person = await signUp(overHttp(server.url), "Existe", "known@exists.example");
    const known = await hammer(person.email);
    const unknown = await hammer("unknown@exists.example");
    // v0.1: the known one was delayed after three guesses, the unknown one never.
    expect(known.at(-1)?.status).toBe(429);
    const kinds = (answers: Awaited<ReturnType<typeof seen>>[]) =>
      [...new Set(answers.map((a) => JSON.stringify(a)))].sort();
    expect(kinds(unknown)).toEqual(kinds(known));
    // Three free typos for both, then a wait (unless the machine was slow enough that the
    // first delay had passed: then both still end in the same refusal).
    expect(unknown.slice(0, 3).map((a) => a.status)).toEqual([401, 401, 401]);
    expect(unknown.at(-1)).toEqual(known.at(-1));
    // Counted without keeping the address someone tried.
    expect((await stored("unknown@exists.example")).failed_logins).toBeGreaterThanOrEqual(3);
    expect((await storedBytes(server.dbPath)).includes("unknown@exists.example")).toBe(false);
  });
});
