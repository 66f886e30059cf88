// Interface strings of the public results pages (/r/:slug and the feedback channel's), in the
// respondent pages' languages. The survey supplies its own texts. Numbers and months are filled
// in already written the language's way (client/lib/locale.ts).
import type { CategoryWords } from "../lib/labels";

export interface ResultsStrings extends CategoryWords {
  /** Respondents the survey's conditions never showed a question to (the coordinator's report). */
  notAsked: string;
  /** The public null category of a question the survey's conditions may not show everyone. */
  noAnswerOrNotAsked: string;
  /** {n}: the headline under the title. */
  lead: string;
  method: string;
  /** {n} responses, collected in one month {month}, or between {from} and {to}, or unknown. */
  summaryIn: string;
  summaryBetween: string;
  summary: string;
  /** {month}, and {org} when the survey has an organization. */
  publishedOn: string;
  publishedBy: string;
  /** {k}. */
  protection: string;
  /** {unreadable}; said only when some responses could not be read. */
  unreadable: string;
  /** What the hidden mark means, said once at the top; each hidden cell shows only the mark. */
  hiddenMeaning: string;
  /** A hidden cell read aloud (the mark itself is hidden from screen readers). */
  hidden: string;
  download: string;
  /** Names the language links. */
  languages: string;
  contents: string;
  count: string;
  share: string;
  /** Folds a question's table beneath its chart. */
  table: string;
  /** {question}: folds the question broken down by another one. */
  by: string;
  /** {n}: the chart's denominator in words. */
  shareOfAnswered: string;
  shareOfAll: string;
  severalOptions: string;
  noPublication: string;
  /** The newest publication was withdrawn: nothing is shown in its place. */
  withdrawn: string;
}

export const RESULTS_STRINGS: Record<string, ResultsStrings> = {
  es: {
    lead: "Resultados de {n} respuestas anónimas",
    method: "Cómo se calcularon",
    summaryIn: "Estos cuadros resumen {n} respuestas anónimas recibidas en {month}.",
    summaryBetween: "Estos cuadros resumen {n} respuestas anónimas recibidas entre {from} y {to}.",
    summary: "Estos cuadros resumen {n} respuestas anónimas.",
    publishedOn: "Publicado en {month}.",
    publishedBy: "Publicado por {org} en {month}.",
    protection:
      "Para que nadie pueda ser identificado, se oculta toda cifra que venga de menos de {k} personas, y también algunas otras, para que las ocultas no se puedan deducir de los totales.",
    unreadable: "Respuestas que no se pudieron leer y no se cuentan: {unreadable}.",
    hiddenMeaning: "cifra oculta para proteger a quienes respondieron",
    hidden: "oculto",
    download: "Descargar los datos",
    languages: "Idioma",
    contents: "Contenido",
    count: "Cantidad",
    share: "Porcentaje",
    table: "Cuadro",
    by: "Por {question}",
    shareOfAnswered: "Porcentaje de las {n} personas que respondieron.",
    shareOfAll: "Porcentaje de las {n} respuestas.",
    severalOptions: "Cada persona pudo elegir varias opciones.",
    noPublication: "Todavía no se publicaron resultados de esta encuesta.",
    withdrawn: "La organización retiró los resultados de esta encuesta.",
    total: "Total",
    noAnswer: "Sin respuesta",
    notAsked: "No se preguntó",
    noAnswerOrNotAsked: "Sin respuesta o no se preguntó",
    yes: "Sí",
    no: "No",
    toUnder: "a menos de",
    orMore: "{lo} o más",
    fromMonth: "desde {lo}",
  },
  en: {
    lead: "Results from {n} anonymous responses",
    method: "How these were made",
    summaryIn: "These tables summarize {n} anonymous responses received in {month}.",
    summaryBetween:
      "These tables summarize {n} anonymous responses received between {from} and {to}.",
    summary: "These tables summarize {n} anonymous responses.",
    publishedOn: "Published in {month}.",
    publishedBy: "Published by {org} in {month}.",
    protection:
      "So that no one can be singled out, every number that comes from fewer than {k} people is hidden, and so are some others, so that the hidden ones cannot be worked out from the totals.",
    unreadable: "Responses that could not be read and are not counted: {unreadable}.",
    hiddenMeaning: "number hidden to protect respondents",
    hidden: "hidden",
    download: "Download the data",
    languages: "Language",
    contents: "Contents",
    count: "Count",
    share: "Share",
    table: "Table",
    by: "By {question}",
    shareOfAnswered: "Share of the {n} people who answered.",
    shareOfAll: "Share of all {n} responses.",
    severalOptions: "Each person could choose several options.",
    noPublication: "No results of this survey have been published yet.",
    withdrawn: "The organization withdrew the results of this survey.",
    total: "Total",
    noAnswer: "No answer",
    notAsked: "Not asked",
    noAnswerOrNotAsked: "No answer or not asked",
    yes: "Yes",
    no: "No",
    toUnder: "to under",
    orMore: "{lo} or more",
    fromMonth: "{lo} or later",
  },
  pt: {
    lead: "Resultados de {n} respostas anônimas",
    method: "Como foram calculados",
    summaryIn: "Estas tabelas resumem {n} respostas anônimas recebidas em {month}.",
    summaryBetween: "Estas tabelas resumem {n} respostas anônimas recebidas entre {from} e {to}.",
    summary: "Estas tabelas resumem {n} respostas anônimas.",
    publishedOn: "Publicado em {month}.",
    publishedBy: "Publicado por {org} em {month}.",
    protection:
      "Para que ninguém possa ser identificado, todo número que vem de menos de {k} pessoas é ocultado, e também alguns outros, para que os ocultos não possam ser deduzidos dos totais.",
    unreadable: "Respostas que não puderam ser lidas e não são contadas: {unreadable}.",
    hiddenMeaning: "número oculto para proteger quem respondeu",
    hidden: "oculto",
    download: "Baixar os dados",
    languages: "Idioma",
    contents: "Conteúdo",
    count: "Quantidade",
    share: "Porcentagem",
    table: "Tabela",
    by: "Por {question}",
    shareOfAnswered: "Porcentagem das {n} pessoas que responderam.",
    shareOfAll: "Porcentagem das {n} respostas.",
    severalOptions: "Cada pessoa podia escolher várias opções.",
    noPublication: "Ainda não foram publicados resultados desta pesquisa.",
    withdrawn: "A organização retirou os resultados desta pesquisa.",
    total: "Total",
    noAnswer: "Sem resposta",
    notAsked: "Não perguntado",
    noAnswerOrNotAsked: "Sem resposta ou não perguntado",
    yes: "Sim",
    no: "Não",
    toUnder: "a menos de",
    orMore: "{lo} ou mais",
    fromMonth: "a partir de {lo}",
  },
  fr: {
    lead: "Résultats de {n} réponses anonymes",
    method: "Méthode",
    summaryIn: "Ces tableaux résument {n} réponses anonymes reçues en {month}.",
    summaryBetween: "Ces tableaux résument {n} réponses anonymes reçues entre {from} et {to}.",
    summary: "Ces tableaux résument {n} réponses anonymes.",
    publishedOn: "Publié en {month}.",
    publishedBy: "Publié par {org} en {month}.",
    protection:
      "Pour que personne ne puisse être identifié, tout chiffre qui provient de moins de {k} personnes est masqué, ainsi que quelques autres, afin que les chiffres masqués ne puissent pas être déduits des totaux.",
    unreadable: "Réponses illisibles, non comptées : {unreadable}.",
    hiddenMeaning: "chiffre masqué pour protéger les répondants",
    hidden: "masqué",
    download: "Télécharger les données",
    languages: "Langue",
    contents: "Sommaire",
    count: "Nombre",
    share: "Part",
    table: "Tableau",
    by: "Selon : {question}",
    shareOfAnswered: "Part des {n} personnes qui ont répondu.",
    shareOfAll: "Part des {n} réponses.",
    severalOptions: "Chaque personne pouvait choisir plusieurs options.",
    noPublication: "Aucun résultat de cette enquête n'a encore été publié.",
    withdrawn: "L'organisation a retiré les résultats de cette enquête.",
    total: "Total",
    noAnswer: "Sans réponse",
    notAsked: "Question non posée",
    noAnswerOrNotAsked: "Sans réponse ou question non posée",
    yes: "Oui",
    no: "Non",
    toUnder: "à moins de",
    orMore: "{lo} ou plus",
    fromMonth: "à partir de {lo}",
  },
  ht: {
    lead: "Rezilta {n} repons anonim",
    method: "Kijan nou kalkile yo",
    summaryIn: "Tablo sa yo rezime {n} repons anonim nou resevwa nan {month}.",
    summaryBetween: "Tablo sa yo rezime {n} repons anonim nou resevwa ant {from} ak {to}.",
    summary: "Tablo sa yo rezime {n} repons anonim.",
    publishedOn: "Pibliye nan {month}.",
    publishedBy: "{org} pibliye l nan {month}.",
    protection:
      "Pou pèsonn pa ka idantifye, nou kache chak chif ki soti nan mwens pase {k} moun, ak kèk lòt ankò, pou moun pa ka jwenn chif ki kache yo apati total yo.",
    unreadable: "Repons nou pa t ka li, ki pa konte: {unreadable}.",
    hiddenMeaning: "chif ki kache pou pwoteje moun ki reponn yo",
    hidden: "kache",
    download: "Telechaje done yo",
    languages: "Lang",
    contents: "Sa ki ladan l",
    count: "Kantite",
    share: "Pousantaj",
    table: "Tablo",
    by: "Dapre {question}",
    shareOfAnswered: "Pousantaj {n} moun ki reponn yo.",
    shareOfAll: "Pousantaj {n} repons yo.",
    severalOptions: "Chak moun te ka chwazi plizyè repons.",
    noPublication: "Poko gen rezilta ki pibliye pou sondaj sa a.",
    withdrawn: "Òganizasyon an retire rezilta sondaj sa a.",
    total: "Total",
    noAnswer: "Pa gen repons",
    notAsked: "Yo pa t poze kesyon an",
    noAnswerOrNotAsked: "Pa gen repons oswa yo pa t poze kesyon an",
    yes: "Wi",
    no: "Non",
    toUnder: "rive anba",
    orMore: "{lo} oswa plis",
    fromMonth: "depi {lo}",
  },
};

/** A language's strings, by its tag or its primary language (`es-CL` reads `es`); else English. */
export function resultsStrings(language: string): ResultsStrings {
  return (
    RESULTS_STRINGS[language] ??
    RESULTS_STRINGS[language.toLowerCase().split("-")[0] ?? ""] ??
    (RESULTS_STRINGS.en as ResultsStrings)
  );
}
