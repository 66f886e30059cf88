// The public "you said — we did" page /f/:slug/results (issue 8): server-rendered, complete
// without JavaScript, with the same tables as survey results (hidden cells look alike) and the
// organization's statements of what changed. Nothing here comes from a person's message.
import { renderToString } from "preact-render-to-string";
import { type Category, fill } from "../lib/labels";
import { escapeHtml, type Labels, LanguageLinks, month, ResultTable } from "./page";
import { type PublicPublication, toPublic } from "./publication";
import { resultsStrings } from "./strings";

/** The stored body of a feedback publication (server/publish.ts publishFeedback). */
export interface FeedbackPublished {
  publication: Parameters<typeof toPublic>[0];
  statements: { text: Record<string, string>; month: string }[];
}

export interface FeedbackResultsInput {
  slug: string;
  orgName: string;
  /** The current publication as stored, and its month; null when nothing is published. */
  published: (FeedbackPublished & { publishedOn: string }) | null;
  /** The newest publication was withdrawn: say so, show nothing (DESIGN §8). */
  withdrawn: boolean;
  language: string;
  styles: string[];
}

interface FeedbackStrings {
  title: string;
  lead: string;
  weDid: string;
  youSaid: string;
  noPublication: string;
  withdrawn: string;
  category: string;
  month: string;
  country: string;
  noCountry: string;
  /** {k}, {n}, {published} are filled in. */
  method: string;
  categories: Record<string, string>;
}

const STRINGS: Record<string, FeedbackStrings> = {
  es: {
    title: "Lo que nos dijeron — lo que hicimos",
    lead: "Opiniones, preguntas y quejas que {org} recibió de forma anónima, y lo que cambió.",
    weDid: "Lo que hicimos",
    youSaid: "Lo que nos dijeron",
    noPublication: "Todavía no se publicó nada.",
    withdrawn: "La organización retiró lo que había publicado.",
    category: "Tipo de mensaje",
    month: "Mes",
    country: "País",
    noCountry: "Sin país",
    method:
      "{n} mensajes (publicado en {published}). Se oculta toda cifra que venga de menos de {k} personas, y algunas otras para que no se puedan deducir. Los reportes sensibles nunca se cuentan aquí.",
    categories: {
      question: "Pregunta",
      suggestion: "Sugerencia",
      complaint: "Queja",
      thanks: "Agradecimiento",
    },
  },
  en: {
    title: "You said — we did",
    lead: "Feedback, questions and complaints {org} received anonymously, and what changed.",
    weDid: "What we did",
    youSaid: "What you told us",
    noPublication: "Nothing has been published yet.",
    withdrawn: "The organization withdrew what it had published.",
    category: "Kind of message",
    month: "Month",
    country: "Country",
    noCountry: "No country",
    method:
      "{n} messages (published {published}). Every number that comes from fewer than {k} people is hidden, and some others so that those cannot be worked out. Sensitive reports are never counted here.",
    categories: {
      question: "Question",
      suggestion: "Suggestion",
      complaint: "Complaint",
      thanks: "Thanks",
    },
  },
  pt: {
    title: "O que vocês disseram — o que fizemos",
    lead: "Opiniões, perguntas e reclamações que {org} recebeu de forma anônima, e o que mudou.",
    weDid: "O que fizemos",
    youSaid: "O que vocês nos disseram",
    noPublication: "Ainda não foi publicado nada.",
    withdrawn: "A organização retirou o que tinha publicado.",
    category: "Tipo de mensagem",
    month: "Mês",
    country: "País",
    noCountry: "Sem país",
    method:
      "{n} mensagens (publicado em {published}). Todo número que venha de menos de {k} pessoas é ocultado, e alguns outros para que não possam ser deduzidos. Denúncias sensíveis nunca são contadas aqui.",
    categories: {
      question: "Pergunta",
      suggestion: "Sugestão",
      complaint: "Reclamação",
      thanks: "Agradecimento",
    },
  },
};

function countryName(code: string, language: string): string {
  try {
    return new Intl.DisplayNames([language], { type: "region" }).of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

function FeedbackResults({ orgName, published, withdrawn, language }: FeedbackResultsInput) {
  const s = STRINGS[language] ?? (STRINGS.es as FeedbackStrings);
  const t = resultsStrings(language);
  const publication: PublicPublication | null = published ? toPublic(published.publication) : null;
  const labels: Labels = {
    variable: (variable) =>
      variable === "category" ? s.category : variable === "month" ? s.month : s.country,
    category: (variable: string, category: Category) => {
      if (category === "*") return t.total;
      if (category === null) return variable === "country" ? s.noCountry : t.noAnswer;
      if (variable === "category") return s.categories[category] ?? category;
      if (variable === "month") return month(category, language);
      return countryName(category, language);
    },
  };
  const statements = [...(published?.statements ?? [])].sort((a, b) =>
    b.month.localeCompare(a.month),
  );
  return (
    <main>
      <LanguageLinks languages={Object.keys(STRINGS)} current={language} />
      <h1>{s.title}</h1>
      <p class="lead">{fill(s.lead, { org: orgName })}</p>
      {!published || !publication ? (
        <p>{withdrawn ? s.withdrawn : s.noPublication}</p>
      ) : (
        <>
          {statements.length > 0 ? (
            <section>
              <h2>{s.weDid}</h2>
              <ul class="statements">
                {statements.map((statement) => (
                  <li key={`${statement.month}${JSON.stringify(statement.text)}`}>
                    <strong>{month(statement.month, language)}</strong>:{" "}
                    {statement.text[language] ?? Object.values(statement.text)[0]}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          <section>
            <h2>{s.youSaid}</h2>
            <p>
              {fill(s.method, {
                n: publication.responses,
                k: publication.k,
                published: month(published.publishedOn, language),
              })}
            </p>
            {publication.tables.map((table) => (
              <ResultTable key={table.id} table={table} labels={labels} t={t} />
            ))}
          </section>
        </>
      )}
    </main>
  );
}

export function renderFeedbackResultsPage(input: FeedbackResultsInput): string {
  const s = STRINGS[input.language] ?? (STRINGS.es as FeedbackStrings);
  const head = [
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(`${s.title} — ${input.orgName}`)}</title>`,
    '<link rel="icon" href="data:,">',
    ...input.styles.map((href) => `<link rel="stylesheet" href="${escapeHtml(href)}">`),
  ].join("");
  return `<!doctype html><html lang="${escapeHtml(input.language)}"><head>${head}</head><body>${renderToString(
    <FeedbackResults {...input} />,
  )}</body></html>`;
}
