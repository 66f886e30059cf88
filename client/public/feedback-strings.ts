// Interface strings of the public "you said — we did" page /f/:slug/results, in the feedback
// channel's languages (client/feedback/strings.ts). Table words it shares with survey results
// (hidden, total, share…) come from ./strings.

export interface FeedbackResultsStrings {
  title: string;
  /** {org} */
  lead: string;
  weDid: string;
  youSaid: string;
  noPublication: string;
  withdrawn: string;
  category: string;
  month: string;
  country: string;
  noCountry: string;
  /** {n}, {published}, {org} are filled in. */
  summary: string;
  /** {k} */
  method: string;
  /** Beside the hidden mark: the survey pages' words speak of respondents and answers. */
  hiddenMeaning: string;
  /** {n}: the messages a chart's shares are of. */
  shareOfAll: string;
  categories: Record<string, string>;
}

export const FEEDBACK_RESULTS_STRINGS: Record<string, FeedbackResultsStrings> = {
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
    summary: "{n} mensajes. Publicado por {org} en {published}.",
    method:
      "Se oculta toda cifra que venga de menos de {k} personas, y algunas otras para que no se puedan deducir. Los reportes sensibles nunca se cuentan aquí.",
    hiddenMeaning: "cifra oculta para proteger a quienes escribieron",
    shareOfAll: "Porcentaje de los {n} mensajes.",
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
    summary: "{n} messages. Published by {org} in {published}.",
    method:
      "Every number that comes from fewer than {k} people is hidden, and some others so that those cannot be worked out. Sensitive reports are never counted here.",
    hiddenMeaning: "number hidden to protect the people who wrote",
    shareOfAll: "Share of all {n} messages.",
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
    summary: "{n} mensagens. Publicado por {org} em {published}.",
    method:
      "Todo número que venha de menos de {k} pessoas é ocultado, e alguns outros para que não possam ser deduzidos. Denúncias sensíveis nunca são contadas aqui.",
    hiddenMeaning: "número oculto para proteger quem escreveu",
    shareOfAll: "Porcentagem das {n} mensagens.",
    categories: {
      question: "Pergunta",
      suggestion: "Sugestão",
      complaint: "Reclamação",
      thanks: "Agradecimento",
    },
  },
  fr: {
    title: "Vous avez dit — nous avons fait",
    lead: "Avis, questions et plaintes que {org} a reçus de façon anonyme, et ce qui a changé.",
    weDid: "Ce que nous avons fait",
    youSaid: "Ce que vous nous avez dit",
    noPublication: "Rien n'a encore été publié.",
    withdrawn: "L'organisation a retiré ce qu'elle avait publié.",
    category: "Type de message",
    month: "Mois",
    country: "Pays",
    noCountry: "Sans pays",
    summary: "{n} messages. Publié par {org} en {published}.",
    method:
      "Tout chiffre qui provient de moins de {k} personnes est masqué, ainsi que quelques autres pour qu'on ne puisse pas le déduire. Les signalements sensibles ne sont jamais comptés ici.",
    hiddenMeaning: "chiffre masqué pour protéger les personnes qui ont écrit",
    shareOfAll: "Part des {n} messages.",
    categories: {
      question: "Question",
      suggestion: "Suggestion",
      complaint: "Plainte",
      thanks: "Remerciement",
    },
  },
  ht: {
    title: "Sa nou te di — sa nou fè",
    lead: "Opinyon, kesyon ak plent {org} resevwa san non moun, ak sa ki chanje.",
    weDid: "Sa nou fè",
    youSaid: "Sa nou te di nou",
    noPublication: "Poko gen anyen ki pibliye.",
    withdrawn: "Òganizasyon an retire sa li te pibliye a.",
    category: "Kalite mesaj",
    month: "Mwa",
    country: "Peyi",
    noCountry: "San peyi",
    summary: "{n} mesaj. {org} pibliye l nan {published}.",
    method:
      "Nou kache chak chif ki soti nan mwens pase {k} moun, ak kèk lòt pou moun pa ka jwenn yo. Rapò sansib yo pa janm konte isit la.",
    hiddenMeaning: "chif ki kache pou pwoteje moun ki ekri yo",
    shareOfAll: "Pousantaj {n} mesaj yo.",
    categories: {
      question: "Kesyon",
      suggestion: "Sijesyon",
      complaint: "Plent",
      thanks: "Remèsiman",
    },
  },
};

export const FEEDBACK_RESULTS_LANGUAGES = Object.keys(FEEDBACK_RESULTS_STRINGS);

export function feedbackResultsStrings(language: string): FeedbackResultsStrings {
  return (
    FEEDBACK_RESULTS_STRINGS[language] ?? (FEEDBACK_RESULTS_STRINGS.es as FeedbackResultsStrings)
  );
}
