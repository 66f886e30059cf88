// Interface strings only the form without JavaScript shows (issue 6 item 4). The server renders
// those pages, so they stay out of the respondent script (strings.ts is in its bundle). Every
// language of strings.ts has every key (strings.test.ts).
import type { RESPONDENT_STRINGS } from "./strings";

export interface PlainStrings {
  /** One line above the question on every page; `why` links to the explanation below. */
  notice: string;
  why: string;
  /** The explanation at the foot of every page (DESIGN §9.1: here the server sees the answers). */
  aboutTitle: string;
  about: string;
  /** A multi question asks this for each option (nojs-question.tsx). */
  yes: string;
  no: string;
  /** The same review page was sent a second time (the browser's back, then resend). */
  alreadySent: string;
  /** Nothing can clear the browser's history of posted pages: the respondent closes the tab. */
  plainSentNote: string;
}

// The word "JavaScript" means nothing to most respondents (issue 15): these say what happens
// instead, and what they can do about it.
export const PLAIN_STRINGS = {
  es: {
    notice: "Versión sencilla: menos privada.",
    why: "¿Por qué?",
    aboutTitle: "Por qué esta versión es menos privada",
    about:
      "Su navegador abrió la página sin su programa (pasa, por ejemplo, con el ahorro de datos). Por eso sus respuestas llegan a nuestro servidor sin cifrar, y allí se cifran en ese mismo instante, en memoria, sin guardarse ni anotarse. Con el programa, se cifran en este teléfono y el servidor nunca las ve. Si puede, abra el enlace en otro navegador o desactive el ahorro de datos.",
    yes: "Sí",
    no: "No",
    alreadySent: "Estas respuestas ya se enviaron. No hace falta enviarlas otra vez.",
    plainSentNote:
      "Este comprobante muestra que su respuesta llegó; no contiene sus respuestas. Cierre ahora esta pestaña: el navegador puede guardar las páginas anteriores del formulario con sus respuestas.",
  },
  en: {
    notice: "Simple version: less private.",
    why: "Why?",
    aboutTitle: "Why this version is less private",
    about:
      "Your browser opened the page without its program (this happens with data saving, for example). So your answers reach our server unencrypted, and are encrypted there at that very moment, in memory, without being kept or written down. With the program, they are encrypted on this phone and the server never sees them. If you can, open the link in another browser or turn data saving off.",
    yes: "Yes",
    no: "No",
    alreadySent: "These answers were already sent. There is no need to send them again.",
    plainSentNote:
      "This receipt shows that your response arrived; it does not contain your answers. Close this tab now: the browser may keep the earlier pages of the form, with your answers.",
  },
  pt: {
    notice: "Versão simples: menos privada.",
    why: "Por quê?",
    aboutTitle: "Por que esta versão é menos privada",
    about:
      "Seu navegador abriu a página sem o programa dela (isso acontece, por exemplo, com a economia de dados). Por isso suas respostas chegam ao nosso servidor sem criptografia e são criptografadas lá no mesmo instante, na memória, sem serem guardadas nem anotadas. Com o programa, elas são criptografadas neste celular e o servidor nunca as vê. Se puder, abra o link em outro navegador ou desative a economia de dados.",
    yes: "Sim",
    no: "Não",
    alreadySent: "Estas respostas já foram enviadas. Não é preciso enviá-las de novo.",
    plainSentNote:
      "Este comprovante mostra que sua resposta chegou; ele não contém suas respostas. Feche esta aba agora: o navegador pode guardar as páginas anteriores do formulário, com suas respostas.",
  },
  fr: {
    notice: "Version simple : moins privée.",
    why: "Pourquoi ?",
    aboutTitle: "Pourquoi cette version est moins confidentielle",
    about:
      "Votre navigateur a ouvert la page sans son programme (c'est le cas, par exemple, avec l'économiseur de données). Vos réponses arrivent donc sur notre serveur sans être chiffrées, et y sont chiffrées aussitôt, en mémoire, sans être conservées ni notées. Avec le programme, elles sont chiffrées sur ce téléphone et le serveur ne les voit jamais. Si vous le pouvez, ouvrez le lien dans un autre navigateur ou désactivez l'économiseur de données.",
    yes: "Oui",
    no: "Non",
    alreadySent: "Ces réponses ont déjà été envoyées. Inutile de les renvoyer.",
    plainSentNote:
      "Ce reçu montre que votre réponse est arrivée ; il ne contient pas vos réponses. Fermez cet onglet maintenant : le navigateur peut garder les pages précédentes du formulaire, avec vos réponses.",
  },
  ht: {
    notice: "Vèsyon senp: mwens prive.",
    why: "Poukisa?",
    aboutTitle: "Poukisa vèsyon sa a mwens prive",
    about:
      "Navigatè w la louvri paj la san pwogram li (sa rive, pa egzanp, lè ekonomi done aktive). Se poutèt sa repons ou yo rive sou sèvè nou an san yo pa kode, epi se la yo kode yo menm moman an, nan memwa, san yo pa kenbe yo ni ekri yo. Avèk pwogram nan, yo kode sou telefòn sa a epi sèvè a pa janm wè yo. Si w kapab, louvri lyen an nan yon lòt navigatè oswa dezaktive ekonomi done.",
    yes: "Wi",
    no: "Non",
    alreadySent: "Repons sa yo te deja voye. Pa bezwen voye yo ankò.",
    plainSentNote:
      "Resi sa a montre repons ou a rive; li pa gen repons ou yo ladan l. Fèmen onglè sa a kounye a: navigatè a ka kenbe paj anvan yo nan fòmilè a, avèk repons ou yo.",
  },
  ar: {
    notice: "نسخة مبسطة: أقل خصوصية.",
    why: "لماذا؟",
    aboutTitle: "لماذا هذه النسخة أقل خصوصية",
    about:
      "فتح متصفحك الصفحة بدون برنامجها (يحدث هذا مثلًا عند توفير البيانات). لذلك تصل إجاباتك إلى خادمنا غير مشفرة، وتُشفَّر هناك في اللحظة نفسها، في الذاكرة، دون أن تُحفظ أو تُدوَّن. مع البرنامج، تُشفَّر على هذا الهاتف ولا يراها الخادم أبدًا. إن استطعت، افتح الرابط في متصفح آخر أو أوقف توفير البيانات.",
    yes: "نعم",
    no: "لا",
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
