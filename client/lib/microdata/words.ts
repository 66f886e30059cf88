// The few words an exported file carries besides the survey's own texts, in the survey
// language the file is written in (so a Spanish file says "Sí", not "Yes"). Data, as the
// respondent pages' strings are; a language without an entry gets English.
import type { WorkbookWords } from "./xlsx";

export interface FileWords extends WorkbookWords {
  response: string;
  /** After a question's label in its "asked" column (1 shown, 0 never asked). */
  asked: string;
  yes: string;
  no: string;
}

export const FILE_WORDS: Record<string, FileWords> = {
  es: {
    response: "Número de respuesta",
    asked: "se preguntó",
    yes: "Sí",
    no: "No",
    answers: "Respuestas",
    questionnaire: "Cuestionario",
    variable: "Variable",
    question: "Pregunta",
    label: "Texto",
    code: "Código numérico",
    value: "Código",
    valueLabel: "Etiqueta",
  },
  en: {
    response: "Response number",
    asked: "asked",
    yes: "Yes",
    no: "No",
    answers: "Answers",
    questionnaire: "Questionnaire",
    variable: "Variable",
    question: "Question",
    label: "Text",
    code: "Numeric code",
    value: "Code",
    valueLabel: "Label",
  },
  pt: {
    response: "Número da resposta",
    asked: "foi perguntada",
    yes: "Sim",
    no: "Não",
    answers: "Respostas",
    questionnaire: "Questionário",
    variable: "Variável",
    question: "Pergunta",
    label: "Texto",
    code: "Código numérico",
    value: "Código",
    valueLabel: "Rótulo",
  },
  fr: {
    response: "Numéro de réponse",
    asked: "posée",
    yes: "Oui",
    no: "Non",
    answers: "Réponses",
    questionnaire: "Questionnaire",
    variable: "Variable",
    question: "Question",
    label: "Texte",
    code: "Code numérique",
    value: "Code",
    valueLabel: "Libellé",
  },
  ht: {
    response: "Nimewo repons",
    asked: "yo poze l",
    yes: "Wi",
    no: "Non",
    answers: "Repons",
    questionnaire: "Kesyonè",
    variable: "Varyab",
    question: "Kesyon",
    label: "Tèks",
    code: "Kòd nimerik",
    value: "Kòd",
    valueLabel: "Etikèt",
  },
};

export function fileWords(language: string): FileWords {
  return (
    FILE_WORDS[language] ?? FILE_WORDS[language.split("-")[0] ?? ""] ?? (FILE_WORDS.en as FileWords)
  );
}
