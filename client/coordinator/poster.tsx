// The printable A4 poster GET /s/:slug/poster: who asks (the organization), the survey's title
// in each of its languages, a QR code of the respondents' link, the link itself, and one line on anonymity per language.
// Public, so it shows only public things; server-rendered, no script.
import { renderToString } from "preact-render-to-string";
import type { Survey } from "../../surveys/schema";

/** One line per survey language we have it in; a survey in none of them gets es and en. */
export const ANONYMITY: Record<string, string> = {
  es: "Es anónimo: sus respuestas se cifran en su teléfono antes de enviarse. Nadie puede saber quién respondió.",
  en: "It is anonymous: your answers are encrypted on your phone before they are sent. Nobody can tell who answered.",
  pt: "É anônimo: suas respostas são criptografadas no seu celular antes do envio. Ninguém pode saber quem respondeu.",
  fr: "C'est anonyme : vos réponses sont chiffrées sur votre téléphone avant l'envoi. Personne ne peut savoir qui a répondu.",
  ht: "Li anonim: repons ou yo kode sou telefòn ou anvan yo voye yo. Pesonn pa ka konnen ki moun ki reponn.",
};

export interface PosterInput {
  survey: Survey;
  /** Who asks; null for surveys opened from files with the CLI. */
  orgName: string | null;
  /** The respondents' absolute link, e.g. https://voz.example.org/s/passport-access. */
  url: string;
  /** The QR code of `url`, as SVG markup made by the qrcode package. */
  qrSvg: string;
  styles: string[];
}

export function renderPosterPage({ survey, orgName, url, qrSvg, styles }: PosterInput): string {
  const first = survey.languages[0] ?? "es";
  const short = url.replace(/^https?:\/\//, "");
  const known = survey.languages.filter((l) => ANONYMITY[l] !== undefined);
  const lines = known.length > 0 ? known : ["es", "en"];
  const document = (
    <html lang={first}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <meta name="robots" content="noindex" />
        <title>{survey.title[first] ?? survey.slug}</title>
        <link rel="icon" href="data:," />
        {styles.map((href) => (
          <link key={href} rel="stylesheet" href={href} />
        ))}
      </head>
      <body class="poster">
        <main class="sheet">
          {orgName ? <p class="org">{orgName}</p> : null}
          <div class="titles">
            {survey.languages.map((l, i) => (
              <h1 key={l} lang={l} class={i === 0 ? "main-title" : "other-title"}>
                {survey.title[l] ?? ""}
              </h1>
            ))}
          </div>
          {/* Markup from the qrcode package for our own URL: paths and attributes only. */}
          <div class="qr" dangerouslySetInnerHTML={{ __html: qrSvg }} />
          <p class="short-link">{short}</p>
          <ul class="anonymity">
            {lines.map((l) => (
              <li key={l} lang={l}>
                {ANONYMITY[l]}
              </li>
            ))}
          </ul>
        </main>
      </body>
    </html>
  );
  return `<!doctype html>${renderToString(document)}`;
}
