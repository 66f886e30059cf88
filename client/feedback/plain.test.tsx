import { describe, expect, it } from "vitest";
import { CATEGORIES, MESSAGE_MAX_LENGTH } from "../lib/feedback-format";
import { type PlainFeedbackScreen, renderPlainFeedbackPage } from "./plain";
import { FEEDBACK_LANGUAGES } from "./strings";

const channel = {
  slug: "red-apoyo",
  orgName: "Red de Apoyo",
  publicKey: "A".repeat(43).concat("="),
  sensitivePublicKey: "B".repeat(43).concat("="),
  categories: [...CATEGORIES],
  replyDays: 12,
};
const assets = { script: "/assets/feedback.js", styles: ["/assets/feedback.css"] };
const id = "6f1c1d2e-8a4b-4c3d-9e5f-0a1b2c3d4e5f";
const bytes = (html: string) => new TextEncoder().encode(html).length;
const page = (screen: PlainFeedbackScreen, language = "es") =>
  renderPlainFeedbackPage({ channel, language, screen, assets });

describe("the feedback pages without JavaScript", () => {
  it.each(FEEDBACK_LANGUAGES)(
    "in %s have one length, whatever was written, chosen or replied",
    (language) => {
      // Written by hand at their worst and at their least; `'` and `<` escape long, Arabic and
      // emoji take 2 and 4 bytes.
      const screens: PlainFeedbackScreen[] = [
        {
          kind: "write",
          draft: { category: "", country: "", program: "", message: "" },
          id,
          checked: false,
          failure: null,
        },
        {
          kind: "write",
          draft: {
            category: "sensitive",
            country: "ve",
            program: "<".repeat(200),
            message: "\"'&".repeat(MESSAGE_MAX_LENGTH / 4),
          },
          id,
          checked: true,
          failure: "rate_limited",
        },
        {
          kind: "write",
          draft: { category: "", country: "", program: "", message: "🙂".repeat(2000) },
          id,
          checked: true,
          failure: "server",
        },
        { kind: "sent", code: "K7QF-2M9D-8XTA-PW3C-HN5E" },
        { kind: "already_sent" },
        {
          kind: "reply",
          typed: '"'.repeat(40),
          problem: { ok: false, reason: "not_a_code" },
          replies: null,
        },
        {
          kind: "reply",
          typed: "",
          problem: { ok: false, reason: "rate_limited", minutes: 1 },
          replies: null,
        },
        { kind: "reply", typed: "", problem: null, replies: [] },
        {
          kind: "reply",
          typed: "",
          problem: null,
          replies: [{ text: "ما".repeat(2000), day: "2026-11-30" }],
        },
        { kind: "reply", typed: "", problem: null, replies: [{ text: null, day: "2026-11-30" }] },
      ];
      const lengths = screens.map((screen) => bytes(page(screen, language)));
      expect(new Set(lengths).size, JSON.stringify(lengths)).toBe(1);
    },
  );

  it("pads a page longer than the bound (several long replies) to a whole kilobyte beyond it", () => {
    const one = bytes(page({ kind: "already_sent" }));
    const many = bytes(
      page({
        kind: "reply",
        typed: "",
        problem: null,
        replies: Array.from({ length: 3 }, () => ({ text: '"'.repeat(4000), day: "2026-11-30" })),
      }),
    );
    expect(many).toBeGreaterThan(one);
    expect((many - one) % 1024).toBe(0);
  });

  it("says on every page that this way is less private, never the word JavaScript", () => {
    for (const screen of [
      { kind: "sent", code: "K7QF-2M9D-8XTA-PW3C-HN5E" },
      { kind: "already_sent" },
    ] satisfies PlainFeedbackScreen[]) {
      const html = page(screen);
      expect(html).toContain(
        '<p class="plain-notice">Versión sencilla: menos privada. <a href="#why">¿Por qué?</a></p>',
      );
      expect(html).toContain('id="why"');
      expect(html).not.toMatch(/javascript/i);
      expect(html).not.toMatch(/<script/);
    }
  });

  it("offers every language as a button of the form a page holds, else a link to the form, but not beside the reply code, which leaving loses", () => {
    const links = (html: string) =>
      [...html.matchAll(/<a href="([^"]+)" lang="(\w+)"/g)].map(([, href, lang]) => [lang, href]);
    /** The bar's buttons: the form each posts, and what it posts. */
    const buttons = (html: string) =>
      [...html.matchAll(/<button type="submit" form="([^"]+)" name="go" value="(\w+)"/g)].map(
        ([, form, value]) => [form, value],
      );
    expect(links(page({ kind: "already_sent" }))).toEqual(
      FEEDBACK_LANGUAGES.map((lang) => [lang, `/f/red-apoyo?lang=${lang}`]),
    );
    // First a hidden copy of the form's own button, which Enter in a field presses.
    const each = (form: string) => [
      [form, "s0"],
      ...FEEDBACK_LANGUAGES.map((_, i) => [form, `l${i}`]),
    ];
    const reply = page({ kind: "reply", typed: "K7QF", problem: null, replies: [] }, "pt");
    expect(links(reply)).toEqual([]);
    expect(buttons(reply)).toEqual(each("plain-reply-form"));
    const write = page({
      kind: "write",
      draft: { category: "", country: "", program: "", message: "hola" },
      id,
      checked: true,
      failure: null,
    });
    expect(buttons(write)).toEqual(each("plain-message-form"));
    const sent = page({ kind: "sent", code: "K7QF-2M9D-8XTA-PW3C-HN5E" });
    expect(sent).not.toContain('class="languages"');
    expect(links(sent)).toEqual([]);
  });
});
