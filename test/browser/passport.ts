// The shortest way through the passport seed survey in Spanish, as a person taps it: its three
// required questions, then "Siguiente" past every optional one to the review. Shared by browser
// tests that need a response sent and by `npm run bench:page`.
import type { Page } from "playwright-core";
import { seedSurvey } from "../harness";

export const PASSPORT = "passport-access";

/** The button that moves on: "Revisar respuestas" on the last question, since it leads to the review. */
export const NEXT = /^(Siguiente|Revisar respuestas)$/;

const REQUIRED: [id: string, option: string][] = [
  ["country", "co"],
  ["age_group", "25_34"],
  ["gender", "woman"],
];

/** The Spanish label of a passport question, as the survey file words it. */
export function passportLabel(id: string): string {
  const label = seedSurvey(PASSPORT).questions.find((q) => q.id === id)?.label.es;
  if (!label) throw new Error(`${PASSPORT} has no question "${id}" in Spanish`);
  return label;
}

/**
 * From the first question to the review, answering only what is required. `onQuestion` runs on
 * every question's screen, once it is answered, before moving on.
 */
export async function answerRequiredOnly(
  page: Page,
  onQuestion: (page: Page) => Promise<void> = async () => {},
): Promise<void> {
  const survey = seedSurvey(PASSPORT);
  for (const [id, value] of REQUIRED) {
    const question = survey.questions.find((q) => q.id === id);
    const option =
      question?.type === "single" ? question.options.find((o) => o.id === value) : undefined;
    if (!option?.label.es) throw new Error(`${PASSPORT}: no option ${id}=${value}`);
    await page.getByRole("radio", { name: option.label.es, exact: true }).check();
    await onQuestion(page);
    await page.getByRole("button", { name: NEXT }).click();
  }
  const review = page.getByRole("heading", { name: "Revise sus respuestas" });
  for (let step = 0; !(await review.isVisible()); step++) {
    if (step > survey.questions.length) throw new Error("never reached the review");
    await onQuestion(page);
    await page.getByRole("button", { name: NEXT }).click();
  }
}

/** Presses send on the review and waits for the "sent" screen's receipt. */
export async function sendAndWaitForReceipt(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Enviar respuestas" }).click();
  await page.locator(".receipt strong").waitFor({ state: "visible" });
}

/** Opens the top bar's language picker and picks a language by its own name. */
export async function pickLanguage(page: Page, name: string): Promise<void> {
  await page.locator(".topbar .languages summary").click();
  await page.locator(".topbar .languages").getByRole("link", { name, exact: true }).click();
}

/**
 * Taps "Salir rápido" and waits for the neutral page itself to load: the address changes a
 * moment before it arrives.
 */
export async function quickExit(page: Page): Promise<void> {
  const loaded = page.waitForEvent("load");
  await page.getByRole("link", { name: "Salir rápido" }).click();
  await loaded;
  if (new URL(page.url()).pathname !== "/home") throw new Error(`left for ${page.url()}`);
}
