import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Category } from "../../client/lib/feedback";
import { startServer, type TestServer } from "../harness";
import {
  openFeedbackChannel,
  overHttp,
  type Person,
  readyCrypto,
  sendFeedbackMessage,
  signUp,
} from "../workspace-client";
import { launchChromium } from "./chromium";
import { go, LANGUAGES, logIn, type Stop, walk } from "./walk";

const SLUG = "walk-every";
const CHANNEL = "walk-voces";

const both = (es: string, pt: string) => ({ es, pt });
const yesNo = [
  { id: "si", label: both("Sí", "Sim") },
  { id: "no", label: both("No", "Não") },
];

/** Every kind of question and construct, written in Spanish and Portuguese; one text missing. */
const EVERY = {
  slug: SLUG,
  version: 1,
  languages: ["es", "pt"],
  title: both("Acceso a documentos", "Acesso a documentos"),
  intro: both("Preguntas breves.", "Perguntas breves."),
  breakdowns: ["pais"],
  sections: [
    { id: "inicio", title: both("Inicio", "Início") },
    { id: "datos", showIf: { question: "acuerdo", equals: "si" } },
  ],
  questions: [
    { id: "aviso", type: "note", section: "inicio", label: both("Sin nombres.", "Sem nomes.") },
    {
      id: "acuerdo",
      type: "single",
      required: true,
      section: "inicio",
      label: both("¿Acepta?", "Aceita?"),
      options: yesNo,
    },
    {
      id: "pais",
      type: "single",
      section: "datos",
      label: both("País", "País"),
      options: [
        { id: "co", label: both("Colombia", "Colômbia") },
        { id: "pe", label: both("Perú", "Peru") },
      ],
    },
    {
      id: "region",
      type: "single",
      section: "datos",
      filterBy: "pais",
      label: both("Región", "Região"),
      options: [
        { id: "bogota", label: both("Bogotá", "Bogotá"), for: "co" },
        { id: "lima", label: both("Lima", "Lima"), for: "pe" },
      ],
    },
    {
      id: "edad",
      type: "number",
      section: "datos",
      integer: true,
      min: 0,
      max: 120,
      bins: [0, 18, 60],
      constraintMessage: both("Años enteros de 0 a 120", "Anos inteiros de 0 a 120"),
      label: both("Edad", "Idade"),
    },
    {
      id: "llegada",
      type: "month",
      section: "datos",
      min: "2015-01",
      max: "2025-12",
      bins: ["2018-01", "2020-01"],
      label: both("Mes de llegada", "Mês de chegada"),
    },
    {
      id: "documentos",
      type: "multi",
      label: both("Documentos que tiene", "Documentos que tem"),
      options: [
        { id: "pasaporte", label: both("Pasaporte", "Passaporte") },
        { id: "otro", label: both("Otro", "Outro") },
        { id: "ninguno", label: both("Ninguno", "Nenhum"), exclusive: true },
      ],
    },
    {
      id: "documentos_otro",
      type: "text",
      maxLength: 200,
      specifies: { question: "documentos", option: "otro" },
      label: both("¿Cuál otro?", "Qual outro?"),
    },
    {
      id: "seguir",
      type: "single",
      label: { es: "¿Podemos preguntar más?" },
      options: yesNo,
      showIf: {
        all: [{ question: "acuerdo", equals: "si" }, { not: { question: "edad", lt: 18 } }],
      },
    },
    {
      id: "comentario",
      type: "text",
      label: both("Comentario", "Comentário"),
      showIf: {
        any: [
          {
            all: [
              { question: "pais", equals: "co" },
              { question: "edad", gte: 60 },
            ],
          },
          { question: "documentos", includes: "ninguno" },
        ],
      },
    },
    { id: "gracias", type: "note", label: both("Gracias", "Obrigado") },
  ],
};

const MESSAGES: { category: Category; text: string }[] = [
  { category: "complaint", text: "Nos cobraron por el formulario gratuito" },
  { category: "suggestion", text: "Abran la oficina también los sábados" },
];

let server: TestServer;
let browser: Browser;
let owner: Person;
let messageId = "";

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchChromium(), readyCrypto()]);
  owner = await signUp(overHttp(server.url), "Puentes", "owner@builder-walk.example");
  await owner.browser.json("POST", "/api/org/surveys", { definition: EVERY });
  const keys = await openFeedbackChannel(owner, CHANNEL);
  for (const { category, text } of MESSAGES) {
    const id = await sendFeedbackMessage(
      overHttp(server.url),
      CHANNEL,
      { category, message: text },
      keys.general.publicKey,
    );
    messageId ||= id;
  }
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Opens a <details> so what it folds is walked too. */
const unfold = (page: Page, selector: string) =>
  page.locator(selector).evaluate((details) => {
    (details as HTMLDetailsElement).open = true;
  });

const BUILDER: Stop[] = [
  {
    name: "new",
    path: "/c/new",
    ready: async (p) => {
      await p.locator(".builder .question-card").waitFor();
      await unfold(p, "details.templates");
    },
  },
  {
    name: "new, a validation error shown",
    path: "/c/new",
    ready: async (p) => {
      await p.locator('input[id$="-slug"]').fill("Mi Encuesta");
      const error = p.locator('[id$="-slug-error"]');
      await error.waitFor();
      // The validator's English, shown in the workspace's language (checks.ts).
      const language = await p.evaluate(() => document.documentElement.lang);
      expect((await error.textContent()) === "must match [a-z0-9-]{3,64}").toBe(language === "en");
      await unfold(p, ".summary details");
    },
  },
  {
    name: "every question kind",
    path: `/c/s/${SLUG}/edit`,
    ready: async (p) => {
      await expect.poll(() => p.locator(".question-card").count()).toBe(EVERY.questions.length);
      await p.locator("textarea.code").waitFor();
      await p.locator(".phone iframe").waitFor();
    },
  },
  {
    name: "translations, a language added",
    path: `/c/s/${SLUG}/edit`,
    ready: async (p) => {
      const before = await p.locator("p.missing-warning").count();
      await p.locator('input[id$="-new-language"]').fill("fr");
      await p.locator(".language-list form button[type=submit]").click();
      await expect.poll(() => p.locator("p.missing-warning").count()).toBeGreaterThan(before);
    },
  },
];

/** A function: the message's id is known only once beforeAll ran. */
const feedback = (): Stop[] => [
  {
    name: "feedback inbox",
    path: "/c/feedback",
    ready: (p) =>
      expect.poll(() => p.locator("table.inbox tbody tr").count()).toBe(MESSAGES.length),
  },
  {
    name: "feedback message",
    path: `/c/feedback/m/${messageId}`,
    ready: (p) => p.getByTestId("message-text").waitFor(),
  },
  {
    name: "feedback publication",
    path: "/c/feedback/publish",
    ready: (p) =>
      p.locator('[data-testid="suppression-summary"], [data-testid="no-closed-month"]').waitFor(),
  },
];

describe("the builder and the feedback views, in every language, at 360 px and 1280 px", () => {
  it.each(LANGUAGES)(
    "in %s: axe clean, fits, in its language",
    (language) =>
      walk(
        browser,
        language,
        [...BUILDER, ...feedback()],
        (page, stop) => go(page, stop.path),
        async (page) => {
          // Leaving the edited builder asks first; the walk leaves on purpose.
          page.on("dialog", (dialog) => void dialog.accept());
          await logIn(page, server.url, owner);
        },
      ),
    600_000,
  );
});
