// Every coordinator route × {anonymous, another organization, each role}: only the right
// role of the right organization gets data; everyone else gets 401, 403 or 404.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateKeyPair, toBase64 } from "../../client/lib/crypto";
import {
  newReplyCode,
  replyKey,
  replyLookup,
  sealMessage,
  sealReply,
} from "../../client/lib/feedback";
import { loginSecret, rewrapMemberKey, sealSurveyKey } from "../../client/lib/keyring";
import { safePublication, seededDatabase, seedSurvey } from "../../test/harness";
import { Browser, invite, type Person, readyCrypto, signUp } from "../../test/workspace-client";
import { createApp } from "../app";

type Actor = "anonymous" | "otherOrg" | "owner" | "designer" | "analyst";
const ROLES = ["owner", "designer", "analyst"] as const;

let app: ReturnType<typeof createApp>;
let cleanup: () => Promise<void>;
const people = {} as Record<Exclude<Actor, "anonymous">, Person>;
let created = 0;

const SLUG = "alpha-survey";
function definition(slug = SLUG) {
  return { ...seedSurvey("cso-program-awareness"), slug };
}

beforeAll(async () => {
  await readyCrypto();
  const seeded = await seededDatabase();
  cleanup = seeded.cleanup;
  app = createApp({
    db: seeded.db,
    log: () => {},
    loginLimit: { limit: 1000, windowMs: 60_000 },
    publicationLimit: { limit: 1000, windowMs: 60_000 },
  });
  people.owner = await signUp(app, "Red de Apoyo", "owner@a.example");
  people.designer = await invite(app, people.owner, "designer", "designer@a.example");
  people.analyst = await invite(app, people.owner, "analyst", "analyst@a.example");
  people.otherOrg = await signUp(app, "Other Org", "owner@b.example");
  // Alpha is org A's survey, open, with its key sealed to A's owner and analyst.
  await people.owner.browser.json("POST", "/api/org/surveys", { definition: definition() });
  const surveyKey = generateKeyPair();
  alphaKey.publicKey = surveyKey.publicKey;
  feedbackKey.publicKey = generateKeyPair().publicKey;
  await people.owner.browser.json("POST", `/api/org/surveys/${SLUG}/versions`, {
    publicKey: surveyKey.publicKey,
    sealedKeys: [people.owner, people.analyst].map((p) => ({
      memberId: p.id,
      sealedKey: sealSurveyKey(surveyKey, p.keyPair.publicKey),
    })),
  });
}, 60_000);
afterAll(() => cleanup());

const FEEDBACK = "red-apoyo-feedback";
const feedbackKey = { publicKey: "" };
const alphaKey = { publicKey: "" };
let messageId = "";
/** A member of org A made for one route to act on (removed, or given another role). */
let subject: Person | undefined;
let pendingId = "";

async function newSubject(): Promise<void> {
  subject = await invite(app, people.owner, "designer", `subject-${++created}@a.example`);
}

async function pendingInvitation(): Promise<void> {
  const made = await people.owner.browser.json<{ id: string }>("POST", "/api/org/invitations", {
    name: "Ana",
    role: "analyst",
  });
  pendingId = made.id;
}

/** What a member's browser sends to change its passphrase; the sender keeps the new one. */
function newPassphraseOf(sender?: Person) {
  if (!sender) return { password: "x", newPassword: "y".repeat(12), wrappedKey: {} };
  const passphrase = `${sender.passphrase} again`;
  const body = {
    password: loginSecret(sender.email, sender.passphrase),
    newPassword: loginSecret(sender.email, passphrase),
    wrappedKey: rewrapMemberKey(sender.keyPair, passphrase),
  };
  sender.passphrase = passphrase;
  return body;
}

/** A new key for alpha sealed to the owner only, as the owner's browser makes it to revoke. */
function rotationWithoutAnalyst() {
  const key = generateKeyPair();
  return {
    publicKey: key.publicKey,
    sealedKeys: [
      { memberId: people.owner.id, sealedKey: sealSurveyKey(key, people.owner.keyPair.publicKey) },
    ],
    revoke: [people.analyst.id],
  };
}

/** A message in org A's channel, sent once, as a person's page would. */
async function feedbackMessage(): Promise<void> {
  if (messageId) return;
  const code = newReplyCode();
  const id = crypto.randomUUID();
  const res = await new Browser(app).request("POST", `/api/feedback/${FEEDBACK}/messages`, {
    id,
    sensitive: false,
    lookup: replyLookup(code),
    ciphertext: sealMessage(
      { category: "question", message: "¿Hay turnos?", replyKey: toBase64(replyKey(code)) },
      feedbackKey.publicKey,
    ),
  });
  expect(res.status).toBe(201);
  messageId = id;
}

/** Each accepted publication counts k more respondents than the one before (DESIGN §8). */
let published = 0;
const nextPublication = () => safePublication(SLUG, 5 * ++published);
let publishedFeedback = 0;
const nextFeedback = () => ({
  publication: { ...safePublication(FEEDBACK, 5 * ++publishedFeedback), tables: [] },
  statements: [{ text: { es: "Abrimos los sábados." }, month: "2026-11" }],
});

interface Route {
  /** Runs first, e.g. to make the message a route acts on. */
  before?: () => Promise<void>;
  /** Runs before each allowed role's request, e.g. to publish what it withdraws. */
  beforeAllowed?: () => Promise<void>;
  method: string;
  path: () => string;
  /** Made for the member sending it (undefined when anonymous). */
  body?: (sender?: Person) => unknown;
  allowed: readonly (typeof ROLES)[number][];
  /** Routes about one survey hide it from other organizations (404). */
  scoped: boolean;
  ok: number;
}

const ANY = ROLES;
const routes: Route[] = [
  { method: "GET", path: () => "/api/me", allowed: ANY, scoped: false, ok: 200 },
  { method: "GET", path: () => "/api/org/members", allowed: ["owner"], scoped: false, ok: 200 },
  {
    method: "POST",
    path: () => "/api/org/invitations",
    body: () => ({ name: "Ana", role: "analyst" }),
    allowed: ["owner"],
    scoped: false,
    ok: 201,
  },
  { method: "GET", path: () => "/api/org/invitations", allowed: ["owner"], scoped: false, ok: 200 },
  {
    method: "PUT",
    path: () => "/api/me/passphrase",
    body: newPassphraseOf,
    allowed: ANY,
    scoped: false,
    ok: 200,
  },
  {
    before: pendingInvitation,
    method: "DELETE",
    path: () => `/api/org/invitations/${pendingId}`,
    allowed: ["owner"],
    scoped: true,
    ok: 204,
  },
  {
    before: newSubject,
    method: "GET",
    path: () => `/api/org/members/${subject?.id}/surveys`,
    allowed: ["owner"],
    scoped: true,
    ok: 200,
  },
  {
    before: newSubject,
    method: "PUT",
    path: () => `/api/org/members/${subject?.id}/role`,
    body: () => ({ role: "analyst", rotations: [] }),
    allowed: ["owner"],
    scoped: true,
    ok: 200,
  },
  {
    before: newSubject,
    method: "POST",
    path: () => `/api/org/members/${subject?.id}/removal`,
    body: () => ({ rotations: [] }),
    allowed: ["owner"],
    scoped: true,
    ok: 200,
  },
  { method: "GET", path: () => "/api/org/surveys", allowed: ANY, scoped: false, ok: 200 },
  { method: "GET", path: () => "/api/org/analysts", allowed: ANY, scoped: false, ok: 200 },
  {
    method: "POST",
    path: () => "/api/org/surveys",
    body: () => ({ definition: definition(`made-${++created}`) }),
    allowed: ["owner", "designer"],
    scoped: false,
    ok: 201,
  },
  { method: "GET", path: () => `/api/org/surveys/${SLUG}`, allowed: ANY, scoped: true, ok: 200 },
  {
    method: "PUT",
    path: () => `/api/org/surveys/${SLUG}/draft`,
    body: () => ({ definition: definition() }),
    allowed: ["owner", "designer"],
    scoped: true,
    ok: 200,
  },
  {
    method: "POST",
    path: () => `/api/org/surveys/${SLUG}/versions`,
    body: () => ({}),
    allowed: ["owner", "designer"],
    scoped: true,
    ok: 201,
  },
  {
    method: "POST",
    path: () => `/api/org/surveys/${SLUG}/state`,
    body: () => ({ state: "open" }),
    allowed: ["owner", "designer"],
    scoped: true,
    ok: 200,
  },
  {
    method: "GET",
    path: () => `/api/org/surveys/${SLUG}/key`,
    allowed: ["owner", "analyst"],
    scoped: true,
    ok: 200,
  },
  {
    method: "GET",
    path: () => `/api/org/surveys/${SLUG}/responses`,
    allowed: ["owner", "analyst"],
    scoped: true,
    ok: 200,
  },
  {
    method: "GET",
    path: () => `/api/org/surveys/${SLUG}/access`,
    allowed: ["owner"],
    scoped: true,
    ok: 200,
  },
  {
    method: "PUT",
    path: () => `/api/org/surveys/${SLUG}/analysts/${people.analyst.id}`,
    body: () => ({
      keys: [
        {
          publicKey: alphaKey.publicKey,
          sealedKey: sealSurveyKey(generateKeyPair(), people.analyst.keyPair.publicKey),
        },
      ],
    }),
    allowed: ["owner"],
    scoped: true,
    ok: 200,
  },
  {
    method: "GET",
    path: () => `/api/org/surveys/${SLUG}/publications`,
    allowed: ["owner", "analyst"],
    scoped: true,
    ok: 200,
  },
  {
    method: "POST",
    path: () => `/api/org/surveys/${SLUG}/codes`,
    body: () => ({ count: 3 }),
    allowed: ["owner", "designer"],
    scoped: true,
    ok: 201,
  },
  {
    method: "PUT",
    path: () => `/api/org/surveys/${SLUG}/admission`,
    body: () => ({ maxPerDay: null, requiresCode: false }),
    allowed: ["owner", "designer"],
    scoped: true,
    ok: 200,
  },
  {
    method: "POST",
    path: () => `/api/org/surveys/${SLUG}/publications`,
    body: nextPublication,
    allowed: ["owner", "analyst"],
    scoped: true,
    ok: 201,
  },
  {
    // Withdrawing shows nothing and never falls back, so each withdrawal needs its own.
    beforeAllowed: async () => {
      await people.owner.browser.json(
        "POST",
        `/api/org/surveys/${SLUG}/publications`,
        nextPublication(),
      );
    },
    method: "DELETE",
    path: () => `/api/org/surveys/${SLUG}/publications/current`,
    allowed: ["owner", "analyst"],
    scoped: true,
    ok: 200,
  },
  // Last of the survey routes: it takes the analyst's access away.
  {
    method: "POST",
    path: () => `/api/org/surveys/${SLUG}/rotations`,
    body: rotationWithoutAnalyst,
    allowed: ["owner"],
    scoped: true,
    ok: 201,
  },
  // The feedback channel (issue 8). The owner takes the safeguarding role, then opens it.
  {
    method: "PUT",
    path: () => `/api/org/members/${people.owner.id}/safeguarding`,
    body: () => ({ safeguarding: true }),
    allowed: ["owner"],
    scoped: true,
    ok: 200,
  },
  {
    method: "PUT",
    path: () => "/api/org/feedback",
    body: () => ({
      slug: FEEDBACK,
      publicKey: feedbackKey.publicKey,
      sensitivePublicKey: feedbackKey.publicKey,
      keys: [
        { memberId: people.owner.id, kind: "general", sealedKey: "A".repeat(120) },
        { memberId: people.analyst.id, kind: "general", sealedKey: "A".repeat(120) },
        { memberId: people.owner.id, kind: "sensitive", sealedKey: "A".repeat(120) },
      ],
    }),
    allowed: ["owner"],
    scoped: false,
    ok: 201,
  },
  { method: "GET", path: () => "/api/org/feedback", allowed: ANY, scoped: true, ok: 200 },
  {
    method: "GET",
    path: () => "/api/org/feedback/key",
    allowed: ["owner", "analyst"],
    scoped: true,
    ok: 200,
  },
  {
    method: "GET",
    path: () => "/api/org/feedback/messages",
    allowed: ["owner", "analyst"],
    scoped: true,
    ok: 200,
  },
  {
    before: feedbackMessage,
    method: "PATCH",
    path: () => `/api/org/feedback/messages/${messageId}`,
    body: () => ({ status: "in_progress" }),
    allowed: ["owner", "analyst"],
    scoped: true,
    ok: 200,
  },
  {
    before: feedbackMessage,
    method: "POST",
    path: () => `/api/org/feedback/messages/${messageId}/replies`,
    body: () => ({ ciphertext: sealReply("gracias", replyKey(newReplyCode())) }),
    allowed: ["owner", "analyst"],
    scoped: true,
    ok: 201,
  },
  {
    method: "PUT",
    path: () => `/api/org/feedback/keys/${people.analyst.id}`,
    body: () => ({ kind: "general", sealedKey: "B".repeat(120) }),
    allowed: ["owner"],
    scoped: true,
    ok: 200,
  },
  {
    method: "PUT",
    path: () => "/api/org/feedback/frame",
    body: () => ({ frame: [{ code: "fees", label: { es: "Cobros" } }] }),
    allowed: ["owner"],
    scoped: true,
    ok: 200,
  },
  {
    method: "GET",
    path: () => "/api/org/feedback/publications",
    allowed: ["owner", "analyst"],
    scoped: true,
    ok: 200,
  },
  {
    method: "POST",
    path: () => "/api/org/feedback/publications",
    body: nextFeedback,
    allowed: ["owner", "analyst"],
    scoped: true,
    ok: 201,
  },
  {
    beforeAllowed: async () => {
      await people.owner.browser.json("POST", "/api/org/feedback/publications", nextFeedback());
    },
    method: "DELETE",
    path: () => "/api/org/feedback/publications/current",
    allowed: ["owner", "analyst"],
    scoped: true,
    ok: 200,
  },
  {
    method: "DELETE",
    path: () => `/api/org/feedback/keys/${people.analyst.id}?kind=general`,
    allowed: ["owner"],
    scoped: true,
    ok: 204,
  },
];

describe("authorization matrix", () => {
  for (const route of routes) {
    const name = `${route.method} ${route.path
      .toString()
      .match(/`(.*)`|"(.*)"/)
      ?.slice(1)
      .find(Boolean)}`;
    it(`${name}: 401 anonymous, ${route.scoped ? "404 other organization, " : ""}403 wrong role, ${route.ok} right role`, async () => {
      await route.before?.();
      const send = (browser: Browser, sender?: Person) =>
        browser.request(route.method, route.path(), route.body?.(sender));

      const anonymous = await send(new Browser(app));
      expect(anonymous.status).toBe(401);
      expect(await anonymous.json()).toMatchObject({ error: { code: "not_logged_in" } });

      if (route.scoped) {
        const other = await send(people.otherOrg.browser, people.otherOrg);
        expect(other.status).toBe(404);
        expect(JSON.stringify(await other.json())).not.toContain("ciphertext");
      }

      for (const role of ROLES.filter((r) => !route.allowed.includes(r))) {
        const res = await send(people[role].browser, people[role]);
        expect(res.status, role).toBe(403);
        expect(await res.json()).toMatchObject({ error: { code: "forbidden" } });
      }
      for (const role of route.allowed) {
        await route.beforeAllowed?.();
        const res = await send(people[role].browser, people[role]);
        expect(res.status, `${role}: ${await res.clone().text()}`).toBe(route.ok);
      }
    });
  }

  it("lists only the member's own organization's surveys and members", async () => {
    const theirs = await people.otherOrg.browser.json<{ surveys: { slug: string }[] }>(
      "GET",
      "/api/org/surveys",
    );
    expect(theirs.surveys).toEqual([]);
    const members = await people.otherOrg.browser.json<{ members: { email: string }[] }>(
      "GET",
      "/api/org/members",
    );
    expect(members.members.map((m) => m.email)).toEqual(["owner@b.example"]);
  });
});

describe("sessions and CSRF", () => {
  it("refuses a state change without the CSRF token, or from another origin", async () => {
    const owner = people.owner.browser;
    const body = { name: "Dana", role: "designer" };
    const withoutToken = await owner.request("POST", "/api/org/invitations", body, {
      "x-csrf-token": "",
    });
    expect(withoutToken.status).toBe(403);
    expect(await withoutToken.json()).toMatchObject({ error: { code: "csrf" } });
    const crossSite = await owner.request("POST", "/api/org/invitations", body, {
      origin: "https://evil.example",
    });
    expect(crossSite.status).toBe(403);
  });

  it("refuses sign-up and login from another origin", async () => {
    const res = await new Browser(app).request(
      "POST",
      "/api/login",
      { email: "owner@a.example", password: "x" },
      {
        origin: "https://evil.example",
      },
    );
    expect(res.status).toBe(403);
  });

  it("sets the session cookie HttpOnly and SameSite=Strict, and logout really ends it", async () => {
    const person = await invite(app, people.owner, "designer", "leaving@a.example");
    const login = await new Browser(app).request("POST", "/api/login", {
      email: "leaving@a.example",
      password: (await import("../../client/lib/keyring")).loginSecret(
        "leaving@a.example",
        person.passphrase,
      ),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect((await person.browser.request("GET", "/api/me")).status).toBe(200);
    const stolen = person.browser.cookie;
    expect((await person.browser.request("POST", "/api/logout")).status).toBe(204);
    const replay = new Browser(app);
    replay.cookie = stolen;
    expect((await replay.request("GET", "/api/me")).status).toBe(401);
  });

  it("never returns a password hash", async () => {
    const me = await people.owner.browser.json("GET", "/api/me");
    const members = await people.owner.browser.json("GET", "/api/org/members");
    expect(JSON.stringify([me, members])).not.toMatch(/scrypt|passwordHash|password_hash/);
  });
});

describe("survey definitions coming in", () => {
  const many = (n: number) =>
    Array.from({ length: n }, (_, i) => ({
      id: `q${i}`,
      type: "single",
      label: { es: `Pregunta ${i}` },
      options: [
        { id: "a", label: { es: "a" } },
        { id: "b", label: { es: "b" } },
      ],
    }));
  const over = (questions: unknown[], hint = "") => ({
    definition: {
      slug: "caps-survey",
      version: 1,
      languages: ["es"],
      title: { es: "Topes" },
      breakdowns: [],
      questions: questions.map((q) => (hint ? { ...(q as object), hint: { es: hint } } : q)),
    },
  });

  it("refuses a definition past a cap with 400 naming the cap and where", async () => {
    const res = await people.designer.browser.request("POST", "/api/org/surveys", over(many(301)));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      error: {
        code: "invalid_survey",
        field: "$.definition.questions",
        message: expect.stringContaining("301 questions; the cap is 300"),
      },
    });
  });

  it("refuses a 4.6 MB definition with 413 before parsing it, and stores nothing", async () => {
    const big = over(many(300), "h".repeat(15_000));
    expect(JSON.stringify(big).length).toBeGreaterThan(4_500_000);
    const res = await people.designer.browser.request("POST", "/api/org/surveys", big);
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: { code: "too_large", field: "$" } });
    const list = await people.designer.browser.json<{ surveys: { slug: string }[] }>(
      "GET",
      "/api/org/surveys",
    );
    expect(list.surveys.map((s) => s.slug)).not.toContain("caps-survey");
  });
});

describe("login", () => {
  it("answers an unknown email exactly like a wrong password", async () => {
    const res = await new Browser(app).request("POST", "/api/login", {
      email: "nobody@a.example",
      password: "x",
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      error: { code: "bad_login", message: "the email or the password is wrong" },
    });
  });

  it("spends an invitation once", async () => {
    const { token } = await people.owner.browser.json<{ token: string }>(
      "POST",
      "/api/org/invitations",
      { name: "Once", role: "designer" },
    );
    const first = await invite(app, people.owner, "designer", "first@a.example");
    expect(first.id).toBeTruthy();
    const { createMemberKey, loginSecret } = await import("../../client/lib/keyring");
    const join = (email: string) => {
      const wrappedKey = createMemberKey("a long enough passphrase");
      return new Browser(app).request("POST", "/api/join", {
        token,
        email,
        password: loginSecret(email, "a long enough passphrase"),
        publicKey: wrappedKey.publicKey,
        wrappedKey,
      });
    };
    expect((await join("once@a.example")).status).toBe(201);
    const again = await join("twice@a.example");
    expect(again.status).toBe(410);
    expect(await again.json()).toMatchObject({ error: { code: "invitation_used" } });
  });
});
