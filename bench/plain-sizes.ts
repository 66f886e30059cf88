// npm run bench:plain: what the pages without JavaScript weigh (docs/respondent.md "Sizes without
// JavaScript", docs/feedback.md "Sizes"). Every page a post answers is padded to one length per
// survey version (or channel) and language, and every post of a version has one length, typed
// text aside; this prints those lengths for the two seed surveys and a feedback channel, and what
// brotli would make of a page, unpadded and as sent (neither is allowed: no-transform). Real app,
// real client build (the survey pages inline its CSS), in-process requests. Prints figures;
// asserts nothing.
import { brotliCompressSync } from "node:zlib";
import { renderPlainFeedbackPage } from "../client/feedback/plain";
import { CATEGORIES } from "../client/lib/feedback-format";
import { createApp } from "../server/app";
import { loadAssets } from "../server/assets";
import { createCodes } from "../server/db/codes";
import { seededDatabase } from "../test/harness";
import { noscriptForm, readForm, submit } from "../test/plain-form";

const assets = loadAssets("dist/client");
if (!assets) throw new Error("no client build in dist/client: run `npx vite build` first");
const seeded = await seededDatabase();
const app = createApp({ db: seeded.db, log: () => {} });

/** Thousands of bytes, as the docs give them. */
const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;
/** The page as it would be without the padding comment that ends it (nojs-size.tsx padPage). */
const unpadded = (html: string) => html.replace(/<!--x*-->$/, "");
const brotli = (html: string) => brotliCompressSync(Buffer.from(html)).length;

/** The first page's post and the page it answers; every post and page of the version is as long. */
async function firstPost(slug: string) {
  const first = await app.request(`http://localhost/s/${slug}?lang=es`);
  const form = readForm(noscriptForm(await first.text()));
  // The first page's first choice, or nothing chosen: either way a post of the version's length.
  const choice = form.find((c) => c.kind === "radio" && c.words !== "");
  const main = form.find((c) => c.kind === "button");
  const body = submit(form, {
    choose: choice ? [{ words: choice.words, legend: choice.legend }] : [],
    press: main?.words ?? "",
  }).toString();
  const res = await app.request(`http://localhost/s/${slug}/nojs`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body,
  });
  const page = await res.text();
  return `page ${kb(Buffer.byteLength(page))} (${Buffer.byteLength(page)} B), post ${kb(body.length)} (${body.length} B); with brotli ${kb(brotli(unpadded(page)))} unpadded, ${kb(brotli(page))} as sent`;
}

console.log("survey form without JavaScript, Spanish:");
for (const slug of ["passport-access", "cso-program-awareness"]) {
  console.log(`  ${slug}: ${await firstPost(slug)}`);
}
// Asking for a code adds its field to the review, and the review writes a typed one back.
await createCodes(seeded.db, "passport-access", 1);
console.log(`  passport-access asking for invitation codes: ${await firstPost("passport-access")}`);

// The channel as the page shows it: the organization's name is the only text of its own.
const channel = {
  slug: "red-de-apoyo",
  orgName: "Red de Apoyo al Migrante",
  publicKey: seeded.keys["passport-access"]?.publicKey ?? "",
  sensitivePublicKey: seeded.keys["cso-program-awareness"]?.publicKey ?? "",
  categories: [...CATEGORIES],
  replyDays: 5,
};
const refused = renderPlainFeedbackPage({
  channel,
  language: "es",
  screen: {
    kind: "write",
    draft: { category: "", country: "", program: "", message: "Hola" },
    id: "00000000-0000-4000-8000-000000000000",
    checked: true,
    failure: null,
  },
  assets: assets.feedback,
});
console.log(
  `feedback pages answering a post, Spanish, organization "${channel.orgName}": ${kb(Buffer.byteLength(refused))} (${Buffer.byteLength(refused)} B); with brotli ${kb(brotli(unpadded(refused)))} unpadded, ${kb(brotli(refused))} as sent`,
);
await seeded.cleanup();
