// Which language an XLSForm column is in. Forms write it every way: `English (en)`, `EN`,
// `English`, `العربية`, `Dari`, `Tigrinya`… The answer is a BCP 47 tag (SPEC §A), or null when
// it cannot be told — then the importer asks the designer rather than guess in silence.
import { languageName } from "../languages";

// ISO 639-1, and the ISO 639-3 languages of humanitarian responses that have no two-letter code.
// Their names in English, French, Spanish, Portuguese, Arabic and in themselves come from Intl,
// so this list is all the data the module carries.
const CODES = (
  "aa ab af ak am ar as ay az ba be bg bm bn bo br bs ca ce co cs cy da de dv dz ee el en eo es " +
  "et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi hr ht hu hy id ig is it iu ja jv ka kg " +
  "ki kk kl km kn ko kr ks ku ky la lb lg ln lo lt lu lv mg mi mk ml mn mr ms mt my nb nd ne nl " +
  "nn no nr ny oc om or os pa pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr " +
  "ss st su sv sw ta te tg th ti tk tl tn to tr ts tt ug uk ur uz ve vi wo xh yi yo zh zu " +
  "ach bem ceb ckb din dyu fil fon kab kea kln lgg luo mfe mnk mos nus nyn pcm prs rhg shi snk " +
  "son syr teo tet tig tpi tzm zgh"
).split(" ");

/** Names Intl does not give, or gives another way; keys are normalized (see `normalize`). */
const OTHER_NAMES: Record<string, string> = {
  farsi: "fa",
  dari: "prs",
  sorani: "ckb",
  "kurdish sorani": "ckb",
  kurmanji: "ku",
  "kurdish kurmanji": "ku",
  kurdi: "ku",
  creole: "ht",
  kreyol: "ht",
  "kreyol ayisyen": "ht",
  haitian: "ht",
  castellano: "es",
  burmese: "my",
  myanmar: "my",
  bangla: "bn",
  "afaan oromoo": "om",
  oromiffa: "om",
  tigrigna: "ti",
  tigirigna: "ti",
  "juba arabic": "pga",
  tagalog: "fil",
  fulfulde: "ff",
  fulani: "ff",
  peul: "ff",
  bamanankan: "bm",
  kinyarwanda: "rw",
  kirundi: "rn",
  luganda: "lg",
  عربي: "ar",
  "اللغة العربية": "ar",
  دری: "prs",
  پښتو: "ps",
};

function normalize(name: string): string {
  return name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * A tag as written (`EN`, `pt-br`, `eng`) in its canonical case (`en`, `pt-BR`), or null. A
 * three-letter code with a two-letter one becomes it (`eng` → `en`), but a code Intl would
 * replace by another language (`prs` → `fa-AF`) stays as the form wrote it.
 */
export function canonicalTag(written: string): string | null {
  if (!/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(written)) return null;
  let canonical: string | undefined;
  try {
    [canonical] = Intl.getCanonicalLocales(written);
  } catch {
    return null;
  }
  if (!canonical || !/^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(canonical)) return null;
  const [primary = "", ...rest] = written.split("-");
  if (primary.length === 3 && /^[a-z]{2}$/.test(canonical) && rest.length === 0) return canonical;
  return [
    primary.toLowerCase(),
    ...rest.map((part) =>
      part.length === 2
        ? part.toUpperCase()
        : part.length === 4
          ? part[0]?.toUpperCase() + part.slice(1).toLowerCase()
          : part.toLowerCase(),
    ),
  ].join("-");
}

const displayers = new Map<string, Intl.DisplayNames>();

function displayName(tag: string, inLanguage: string): string | null {
  try {
    let displayer = displayers.get(inLanguage);
    if (!displayer) {
      displayer = new Intl.DisplayNames([inLanguage], { type: "language" });
      displayers.set(inLanguage, displayer);
    }
    const name = displayer.of(tag);
    return name && name !== tag ? name : null;
  } catch {
    return null;
  }
}

let byName: Map<string, string> | null = null;

function namesToTags(): Map<string, string> {
  if (byName) return byName;
  const map = new Map<string, string>();
  // English names win a clash, then each language's own name, then the other interface languages.
  for (const inLanguage of ["en", "own", "fr", "es", "pt", "ar"]) {
    for (const code of CODES) {
      const tag = canonicalTag(code);
      if (!tag) continue;
      const name = displayName(tag, inLanguage === "own" ? tag : inLanguage);
      if (name && !map.has(normalize(name))) map.set(normalize(name), tag);
    }
  }
  for (const [name, tag] of Object.entries(OTHER_NAMES)) map.set(normalize(name), tag);
  byName = map;
  return map;
}

/** A language a column names, with the name it was given (for `languageNames`). */
export interface ColumnLanguage {
  tag: string;
  /** The name written in the header, when it is neither the English nor the own name. */
  name?: string;
}

/**
 * The language of a header's language part: `English (en)`, `Arabic (AR)`, `es-419`, `EN`,
 * `Español`, `العربية`, `Dari`. Null when no tag can be told.
 */
export function columnLanguage(written: string): ColumnLanguage | null {
  const text = written.trim();
  const inParens = text.match(/^(.*?)\s*\(([^()]+)\)\s*$/);
  const name = (inParens ? (inParens[1] as string) : text).trim();
  const tag =
    (inParens && canonicalTag((inParens[2] as string).trim())) ||
    namesToTags().get(normalize(text)) ||
    // A parenthesis that is no code may say the dialect: "Kurdish (Sorani)" is Sorani, not the
    // Kurmanji that "Kurdish" alone names.
    (inParens && namesToTags().get(normalize(`${name} ${inParens[2]}`))) ||
    namesToTags().get(normalize(name)) ||
    (/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(text) && displayName(text, "en")
      ? canonicalTag(text)
      : null);
  if (!tag) return null;
  // Kept: a name of the form's own ("Criollo venezolano"), or the language's own name written
  // otherwise than Voz shows it ("español" for "Español"). Not kept: a code, Voz's own name,
  // or a name in another language ("Spanish", "espagnol"), which the picker must not show.
  const shown = languageName({}, tag);
  const kept =
    name !== "" &&
    !canonicalTag(name) &&
    name !== shown &&
    normalize(name) !== normalize(displayName(tag, "en") ?? "") &&
    (normalize(name) === normalize(shown) || namesToTags().get(normalize(name)) === undefined);
  return kept ? { tag, name } : { tag };
}

/** How the exporter writes a language in a column header: `Español (es)`, as Voz names it. */
export function headerName(tag: string, names?: Readonly<Record<string, string>>): string {
  return `${languageName(names ? { languageNames: names } : {}, tag)} (${tag})`;
}

// Scripts that say the language on their own, and, for the Latin script, the small words that
// tell apart the languages Voz's organizations work in most.
const SCRIPTS: [RegExp, string][] = [
  [/[\u0600-\u06ff]/g, "ar"],
  [/[\u1200-\u137f]/g, "am"],
  [/[\u0400-\u04ff]/g, "ru"],
  [/[\u0900-\u097f]/g, "hi"],
  [/[\u0980-\u09ff]/g, "bn"],
  [/[\u1000-\u109f]/g, "my"],
  [/[\u4e00-\u9fff]/g, "zh"],
];
const WORDS: Record<string, string> = {
  en: "the of and to in is are you your what how do does did have has for with this",
  es: "el los las y en su usted es por con del qué cuántos tiene ha",
  pt: "o os as e em você seu sua do da não tem com quantos foi",
  fr: "le les des et vous votre est pour avec du combien avez au",
  ht: "ki ou nan pou se yo li pa gen ak kounye",
  sw: "na ya wa kwa ni za je una katika",
};

/**
 * The language texts are most likely in, for a `label` column that names none and a form with
 * no default_language; null when nothing stands out. Only a guess: the importer reports it.
 */
export function guessLanguage(texts: readonly string[]): string | null {
  const sample = texts.slice(0, 400).join(" ");
  for (const [script, tag] of SCRIPTS) {
    if ((sample.match(script)?.length ?? 0) > sample.length / 4) return tag;
  }
  const words = sample.toLowerCase().match(/\p{L}+/gu) ?? [];
  const scores = Object.entries(WORDS).map(([tag, list]) => {
    const set = new Set(list.split(" "));
    return [tag, words.filter((w) => set.has(w)).length] as const;
  });
  scores.sort((a, b) => b[1] - a[1]);
  const [best, second] = scores;
  if (!best || best[1] < 2 || best[1] < 1.5 * (second?.[1] ?? 0) || best[1] === second?.[1])
    return null;
  return best[0];
}
