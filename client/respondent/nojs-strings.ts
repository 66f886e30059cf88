// Interface strings only the form without JavaScript shows (issue 6 item 4). The server renders
// those pages, so they stay out of the respondent script (strings.ts is in its bundle). Every
// language of strings.ts has every key (strings.test.ts).
import type { RESPONDENT_STRINGS } from "./strings";

export interface PlainStrings {
  /** On every page of the form (DESIGN §9.1: here the server sees the answers). */
  lessPrivate: string;
  /** The same review page was sent a second time (the browser's back, then resend). */
  alreadySent: string;
  /** Nothing can clear the browser's history of posted pages: the respondent closes the tab. */
  plainSentNote: string;
}

export const PLAIN_STRINGS = {
  es: {
    lessPrivate:
      "Está respondiendo sin JavaScript. Así es menos privado: sus respuestas llegan a nuestro servidor sin cifrar y allí se cifran en el mismo instante, sin guardarse. Si puede, active JavaScript: así se cifran en este teléfono antes de salir.",
    alreadySent: "Estas respuestas ya se enviaron. No hace falta enviarlas otra vez.",
    plainSentNote:
      "Este comprobante muestra que su respuesta llegó; no contiene sus respuestas. Cierre ahora esta pestaña: el navegador puede guardar las páginas anteriores del formulario con sus respuestas.",
  },
  en: {
    lessPrivate:
      "You are answering without JavaScript. This is less private: your answers reach our server unencrypted and are encrypted there at that very moment, without being kept. If you can, turn on JavaScript: then they are encrypted on this phone before they leave it.",
    alreadySent: "These answers were already sent. There is no need to send them again.",
    plainSentNote:
      "This receipt shows that your response arrived; it does not contain your answers. Close this tab now: the browser may keep the earlier pages of the form, with your answers.",
  },
  pt: {
    lessPrivate:
      "Você está respondendo sem JavaScript. Assim é menos privado: suas respostas chegam ao nosso servidor sem criptografia e são criptografadas lá no mesmo instante, sem serem guardadas. Se puder, ative o JavaScript: assim elas são criptografadas neste telefone antes de sair.",
    alreadySent: "Estas respostas já foram enviadas. Não é preciso enviá-las de novo.",
    plainSentNote:
      "Este comprovante mostra que sua resposta chegou; ele não contém suas respostas. Feche esta aba agora: o navegador pode guardar as páginas anteriores do formulário, com suas respostas.",
  },
  fr: {
    lessPrivate:
      "Vous répondez sans JavaScript. C'est moins confidentiel : vos réponses arrivent sur notre serveur sans être chiffrées et y sont chiffrées aussitôt, sans être conservées. Si vous le pouvez, activez JavaScript : elles seront alors chiffrées sur ce téléphone avant de le quitter.",
    alreadySent: "Ces réponses ont déjà été envoyées. Inutile de les renvoyer.",
    plainSentNote:
      "Ce reçu montre que votre réponse est arrivée ; il ne contient pas vos réponses. Fermez cet onglet maintenant : le navigateur peut garder les pages précédentes du formulaire, avec vos réponses.",
  },
  ht: {
    lessPrivate:
      "W ap reponn san JavaScript. Konsa li mwens prive: repons ou yo rive sou sèvè nou an san yo pa kode, epi yo kode la menm, san yo pa kenbe yo. Si w kapab, aktive JavaScript: konsa yo kode sou telefòn sa a anvan yo soti.",
    alreadySent: "Repons sa yo te deja voye. Pa bezwen voye yo ankò.",
    plainSentNote:
      "Resi sa a montre repons ou a rive; li pa gen repons ou yo ladan l. Fèmen onglè sa a kounye a: navigatè a ka kenbe paj anvan yo nan fòmilè a, avèk repons ou yo.",
  },
  ar: {
    lessPrivate:
      "أنت تجيب بدون JavaScript. هذا أقل خصوصية: تصل إجاباتك إلى خادمنا غير مشفرة وتُشفَّر هناك في اللحظة نفسها، دون أن تُحفظ. إن استطعت، فعّل JavaScript: عندها تُشفَّر على هذا الهاتف قبل أن تغادره.",
    alreadySent: "أُرسلت هذه الإجابات من قبل. لا حاجة لإرسالها مرة أخرى.",
    plainSentNote:
      "يثبت هذا الإيصال أن إجابتك وصلت؛ ولا يحتوي على إجاباتك. أغلق علامة التبويب هذه الآن: قد يحتفظ المتصفح بالصفحات السابقة من النموذج مع إجاباتك.",
  },
} satisfies Record<keyof typeof RESPONDENT_STRINGS, PlainStrings>;

const table: Record<string, PlainStrings | undefined> = PLAIN_STRINGS;

/** The same fallback as respondentStrings: the survey's default language, then Spanish. */
export function plainStrings(language: string, fallback?: string): PlainStrings {
  return table[language] ?? table[fallback ?? ""] ?? PLAIN_STRINGS.es;
}
