// Interface strings of the public results page. The survey supplies its own texts.
import type { CategoryWords } from "../lib/labels";

export interface ResultsStrings extends CategoryWords {
  /** Respondents the survey's conditions never showed a question to (the coordinator's report). */
  notAsked: string;
  results: string;
  method: string;
  /** {k}, {n}, {unreadable}, {from}, {to}, {published} are filled in. */
  methodText: string;
  hidden: string;
  responses: string;
  download: string;
  count: string;
  share: string;
  noPublication: string;
  /** The newest publication was withdrawn: nothing is shown in its place. */
  withdrawn: string;
}

export const RESULTS_STRINGS: Record<string, ResultsStrings> = {
  es: {
    results: "Resultados",
    method: "Cómo se calcularon",
    methodText:
      "Estos cuadros resumen {n} respuestas anónimas recibidas entre {from} y {to} (publicado en {published}). Para que nadie pueda ser identificado, se oculta toda cifra que venga de menos de {k} personas, y también algunas otras, para que las ocultas no se puedan deducir de los totales. {unreadable} respuestas no se pudieron leer y no se cuentan.",
    hidden: "oculto para proteger a quienes respondieron",
    responses: "respuestas",
    download: "Descargar los datos",
    count: "Cantidad",
    share: "Porcentaje",
    noPublication: "Todavía no se publicaron resultados de esta encuesta.",
    withdrawn: "La organización retiró los resultados de esta encuesta.",
    total: "Total",
    noAnswer: "Sin respuesta",
    notAsked: "No se preguntó",
    yes: "Sí",
    no: "No",
    toUnder: "a menos de",
    orMore: "{lo} o más",
  },
  en: {
    results: "Results",
    method: "How these were made",
    methodText:
      "These tables summarize {n} anonymous responses received between {from} and {to} (published {published}). So that no one can be singled out, every number that comes from fewer than {k} people is hidden, and so are some others, so that the hidden ones cannot be worked out from the totals. {unreadable} responses could not be read and are not counted.",
    hidden: "hidden to protect respondents",
    responses: "responses",
    download: "Download the data",
    count: "Count",
    share: "Share",
    noPublication: "No results of this survey have been published yet.",
    withdrawn: "The organization withdrew the results of this survey.",
    total: "Total",
    noAnswer: "No answer",
    notAsked: "Not asked",
    yes: "Yes",
    no: "No",
    toUnder: "to under",
    orMore: "{lo} or more",
  },
  pt: {
    results: "Resultados",
    method: "Como foram calculados",
    methodText:
      "Estas tabelas resumem {n} respostas anônimas recebidas entre {from} e {to} (publicado em {published}). Para que ninguém possa ser identificado, todo número que vem de menos de {k} pessoas é ocultado, e também alguns outros, para que os ocultos não possam ser deduzidos dos totais. {unreadable} respostas não puderam ser lidas e não são contadas.",
    hidden: "oculto para proteger quem respondeu",
    responses: "respostas",
    download: "Baixar os dados",
    count: "Quantidade",
    share: "Porcentagem",
    noPublication: "Ainda não foram publicados resultados desta pesquisa.",
    withdrawn: "A organização retirou os resultados desta pesquisa.",
    total: "Total",
    noAnswer: "Sem resposta",
    notAsked: "Não perguntado",
    yes: "Sim",
    no: "Não",
    toUnder: "a menos de",
    orMore: "{lo} ou mais",
  },
  fr: {
    results: "Résultats",
    method: "Méthode",
    methodText:
      "Ces tableaux résument {n} réponses anonymes reçues entre {from} et {to} (publié en {published}). Pour que personne ne puisse être identifié, tout chiffre qui provient de moins de {k} personnes est masqué, ainsi que quelques autres, afin que les chiffres masqués ne puissent pas être déduits des totaux. {unreadable} réponses n'ont pas pu être lues et ne sont pas comptées.",
    hidden: "masqué pour protéger les répondants",
    responses: "réponses",
    download: "Télécharger les données",
    count: "Nombre",
    share: "Part",
    noPublication: "Aucun résultat de cette enquête n'a encore été publié.",
    withdrawn: "L'organisation a retiré les résultats de cette enquête.",
    total: "Total",
    noAnswer: "Sans réponse",
    notAsked: "Question non posée",
    yes: "Oui",
    no: "Non",
    toUnder: "à moins de",
    orMore: "{lo} ou plus",
  },
  ht: {
    results: "Rezilta",
    method: "Kijan nou kalkile yo",
    methodText:
      "Tablo sa yo rezime {n} repons anonim nou resevwa ant {from} ak {to} (pibliye {published}). Pou pèsonn pa ka idantifye, nou kache chak chif ki soti nan mwens pase {k} moun, ak kèk lòt ankò, pou moun pa ka jwenn chif ki kache yo apati total yo. {unreadable} repons pa t ka li, yo pa konte.",
    hidden: "kache pou pwoteje moun ki reponn yo",
    responses: "repons",
    download: "Telechaje done yo",
    count: "Kantite",
    share: "Pousantaj",
    noPublication: "Poko gen rezilta ki pibliye pou sondaj sa a.",
    withdrawn: "Òganizasyon an retire rezilta sondaj sa a.",
    total: "Total",
    noAnswer: "Pa gen repons",
    notAsked: "Yo pa t poze kesyon an",
    yes: "Wi",
    no: "Non",
    toUnder: "rive anba",
    orMore: "{lo} oswa plis",
  },
};

export function resultsStrings(language: string): ResultsStrings {
  return RESULTS_STRINGS[language] ?? (RESULTS_STRINGS.en as ResultsStrings);
}
