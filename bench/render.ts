// npm run bench:render: what rendering a respondent page costs, and what caching it per survey
// version buys (issue 13 item 3: v0.1 re-rendered a 4.6 MB survey in ~250 ms on every view).
// Two surveys: the passport survey, and a generated one at the definition caps' scale
// (surveys/limits.ts). For each: the page rendered directly, a GET on an app whose cache is
// empty (what every view cost before: render, and compress when the browser takes brotli) and
// a GET served from the cache. Prints figures; asserts nothing.
import { readFileSync, rmSync } from "node:fs";
import { parseArgs } from "node:util";
import { renderSurveyPage } from "../client/respondent/page";
import { createApp } from "../server/app";
import { loadAssets } from "../server/assets";
import { findSurvey, publishSurveyVersion } from "../server/db/surveys";
import { checkLimits, SURVEY_LIMITS } from "../surveys/limits";
import { parseSurvey, type Survey } from "../surveys/schema";
import { fakeClientBuild, seededDatabase } from "../test/harness";

const { values } = parseArgs({ options: { runs: { type: "string", default: "30" } } });
const runs = Number(values.runs);

/** Three languages, 250 questions of 40 options, long hints: just under the byte cap. */
function largeSurvey(): Survey {
  const languages = ["es", "en", "pt"];
  const text = (s: string) => Object.fromEntries(languages.map((l) => [l, `${s} (${l})`]));
  const parsed = parseSurvey({
    slug: "large-survey",
    version: 1,
    languages,
    title: text("Encuesta grande"),
    breakdowns: [],
    questions: Array.from({ length: 250 }, (_, q) => ({
      id: `q${q}`,
      type: "single",
      label: text(`Pregunta número ${q}, con un enunciado de longitud corriente`),
      hint: text("Una ayuda de una línea para quien responde"),
      options: Array.from({ length: 12 }, (_, o) => ({
        id: `o${o}`,
        label: text(`Opción ${o}`),
      })),
    })),
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors[0]));
  const over = checkLimits(parsed.value);
  if (over.length > 0) throw new Error(`the bench survey breaks a cap: ${over[0]?.message}`);
  return parsed.value;
}

const ms = (n: number) => `${n.toFixed(1)} ms`;

async function time(work: () => Promise<unknown> | unknown): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

const seeded = await seededDatabase();
const clientDir = loadAssets("dist/client") ? "dist/client" : fakeClientBuild();
const assets = loadAssets(clientDir);
if (!assets) throw new Error("no client build");
const large = largeSurvey();
await publishSurveyVersion(
  seeded.db,
  large,
  seeded.keys["passport-access"]?.publicKey ?? "",
  "open",
);
const passport = parseSurvey(JSON.parse(readFileSync("surveys/passport-access.json", "utf8")));
if (!passport.ok) throw new Error("surveys/passport-access.json does not parse");
const surveys: Survey[] = [passport.value, large];

console.log(
  `${runs} runs each; client build: ${clientDir}; byte cap ${SURVEY_LIMITS.bytes.toLocaleString("en")}`,
);
for (const survey of surveys) {
  const bytes = Buffer.byteLength(JSON.stringify(survey));
  const publicKey = seeded.keys["passport-access"]?.publicKey ?? "";
  let direct = 0;
  for (let i = 0; i < runs; i++) {
    direct += await time(() =>
      renderSurveyPage({
        survey,
        publicKey,
        assets: assets.respondent,
        requiresCode: false,
        language: survey.languages[0] as string,
      }),
    );
  }
  let lookup = 0;
  for (let i = 0; i < runs; i++) lookup += await time(() => findSurvey(seeded.db, survey.slug));
  console.log(`${survey.slug}: findSurvey ${ms(lookup / runs)}`);
  for (const encoding of ["identity", "br"]) {
    const get = async (app: ReturnType<typeof createApp>) =>
      (
        await app.request(`/s/${survey.slug}`, { headers: { "accept-encoding": encoding } })
      ).arrayBuffer();
    // A fresh app has an empty cache: its first GET renders (and compresses), as every view
    // did before. One app first, so that neither figure pays for warming up.
    await get(createApp({ db: seeded.db, log: () => {}, clientDir }));
    let uncached = 0;
    for (let i = 0; i < runs; i++) {
      const app = createApp({ db: seeded.db, log: () => {}, clientDir });
      uncached += await time(() => get(app));
    }
    const app = createApp({ db: seeded.db, log: () => {}, clientDir });
    await get(app);
    let cached = 0;
    for (let i = 0; i < runs; i++) cached += await time(() => get(app));
    console.log(
      `${survey.slug} (${(bytes / 1024).toFixed(0)} KB definition), ${encoding}: ` +
        `render ${ms(direct / runs)} · GET uncached ${ms(uncached / runs)} · ` +
        `GET cached ${ms(cached / runs)} (${(uncached / cached).toFixed(1)}× faster)`,
    );
  }
}
await seeded.cleanup();
if (clientDir !== "dist/client") rmSync(clientDir, { recursive: true, force: true });
