// Bodies nested deeper than any of ours, sent to the real server process (found by a QA pass on
// 5 December): a publication 100,000 deep ended the process, and 5,000 deep with a NUL inside
// answered 500 on every JSON route, the public ones included. readJson now refuses them.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { seedSurvey } from "./harness";
import { type ServerProcess, spawnServer } from "./server-process";
import { openSurvey, overHttp, type Person, readyCrypto, signUp } from "./workspace-client";

const MAX_DEPTH = 64; // server/http.ts MAX_JSON_DEPTH, restated: the test says what it expects
const SLUG = "deep-survey";

let dir: string;
let server: ServerProcess;
let owner: Person;
let exited: number | null | undefined;

beforeAll(async () => {
  await readyCrypto();
  dir = mkdtempSync(join(tmpdir(), "voz-deep-"));
  server = await spawnServer({ VOZ_DB: join(dir, "voz.db") });
  server.child.once("exit", (code) => {
    exited = code;
  });
  owner = await signUp(overHttp(server.url), "Deep", "owner@deep.example");
  await openSurvey(owner, { ...seedSurvey("passport-access"), slug: SLUG }, [owner]);
}, 60_000);

afterAll(async () => {
  if (exited === undefined) {
    server.child.kill("SIGTERM");
    await new Promise((resolve) => server.child.once("exit", resolve));
  }
  rmSync(dir, { recursive: true, force: true });
});

const arrays = (depth: number, inside = "") => "[".repeat(depth) + inside + "]".repeat(depth);

async function post(path: string, body: string, signedIn = false) {
  const res = await fetch(`${server.url}${path}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      origin: new URL(server.url).origin,
      ...(signedIn ? { cookie: owner.browser.cookie, "x-csrf-token": owner.browser.csrf } : {}),
    },
    body,
  });
  return { status: res.status, body: (await res.json()) as { error?: { code: string } } };
}

it("refuses a publication nested 100,000 deep with a 400, and keeps serving", async () => {
  const answer = await post(`/api/org/surveys/${SLUG}/publications`, arrays(100_000), true);
  expect(answer).toEqual({
    status: 400,
    body: { error: { code: "too_deep", message: expect.any(String), field: "$" } },
  });
  expect(exited).toBeUndefined();
  expect((await fetch(`${server.url}/api/surveys/${SLUG}`)).status).toBe(200);
});

it("answers 400, not 500, to a deep body holding a NUL, on public and signed-in routes", async () => {
  const nul = arrays(5_000, '"\\u0000"');
  for (const [path, body, signedIn] of [
    [`/api/surveys/${SLUG}/responses`, nul, false],
    ["/api/login", nul, false],
    ["/api/signup", `{"email":${nul}}`, false],
    ["/api/org/surveys", `{"definition":${arrays(5_000)}}`, true],
  ] as const) {
    const answer = await post(path, body, signedIn);
    expect({ path, status: answer.status, code: answer.body.error?.code }).toEqual({
      path,
      status: 400,
      code: "too_deep",
    });
  }
  expect(server.output()).not.toMatch(/Maximum call stack/);
});

it("counts depth in brackets outside strings: 64 levels pass to the schema, 65 do not", async () => {
  // `{"email": …}` is one level; the arrays inside make the rest.
  const at = await post("/api/login", `{"email":${arrays(MAX_DEPTH - 1)}}`);
  expect(at.body.error?.code).toBe("invalid_field");
  const over = await post("/api/login", `{"email":${arrays(MAX_DEPTH)}}`);
  expect(over.body.error?.code).toBe("too_deep");
  // Brackets in a string, an escaped quote among them, are text, not nesting.
  const text = JSON.stringify({ email: `\\"${"[{".repeat(500)}` });
  const inString = await post("/api/login", text);
  expect(inString.body.error?.code).toBe("invalid_field");
});
