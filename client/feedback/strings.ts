// Interface strings of the feedback pages (/f/:slug and /f/:slug/reply), as data like the
// respondent page's (client/respondent/strings.ts, which also gives the quick exit and the
// language names). `{name}` is filled in by `fill`; every language has every key (strings.test.ts).
import type { Category } from "../lib/feedback-format";

export interface FeedbackStrings {
  /** {org} */
  title: string;
  intro: string;
  categoryLegend: string;
  categories: Record<Category, string>;
  /** What a sensitive report is: abuse, exploitation, fraud. */
  sensitiveHint: string;
  /** What happens to a sensitive report, in one plain sentence. */
  sensitiveNote: string;
  countryLabel: string;
  countryNone: string;
  programLabel: string;
  programHint: string;
  messageLabel: string;
  messageHint: string;
  send: string;
  sending: string;
  chooseCategory: string;
  writeMessage: string;
  /** {max} */
  tooLong: string;
  failed: string;
  rateLimited: string;
  sentTitle: string;
  queuedTitle: string;
  queuedNote: string;
  codeLabel: string;
  /** Write the code down: the only way to read the answer, and it cannot be recovered. */
  codeNote: string;
  /** When the organization says how long a reply takes: come back here. {days}; One for 1 day. */
  replyTime: string;
  replyTimeOne: string;
  /** The button that copies the reply code, and what it says once done. */
  copyCode: string;
  codeCopied: string;
  replyLink: string;
  /** The reply page. */
  replyTitle: string;
  replyIntro: string;
  replyCodeLabel: string;
  replyCodeHint: string;
  replyRead: string;
  notACode: string;
  unknownCode: string;
  /** {minutes} */
  tryLater: string;
  noReplyYet: string;
  repliesTitle: string;
  /** {day} */
  repliedOn: string;
  /**
   * The pages without JavaScript (plain.tsx), under the survey form's notice (nojs-strings.ts):
   * why they are less private, here for a message and its reply code.
   */
  plainAbout: string;
  /** The sent page: close the tab, since the posted form with the message stays in history. */
  plainSentNote: string;
  /** The same form was posted again (back, then send): the code was on the first answer. */
  alreadySent: string;
}

export const FEEDBACK_STRINGS = {
  es: {
    title: "Opiniones para {org}",
    intro: "Su mensaje se cifra en este teléfono. No pedimos su nombre.",
    categoryLegend: "¿Qué quiere enviar?",
    categories: {
      question: "Una pregunta",
      suggestion: "Una sugerencia",
      complaint: "Una queja",
      thanks: "Un agradecimiento",
      sensitive: "Un reporte delicado",
    },
    sensitiveHint: "Abuso, explotación o fraude.",
    sensitiveNote:
      "Solo lo leen las personas de la organización a cargo de la protección, y nunca aparece en las cifras públicas.",
    countryLabel: "País (opcional)",
    countryNone: "No decir",
    programLabel: "Programa o servicio (opcional)",
    programHint: "Por ejemplo: entrega de alimentos.",
    messageLabel: "Su mensaje",
    messageHint: "No escriba nombres ni números de documento, salvo que quiera que le contacten.",
    send: "Enviar",
    sending: "Enviando…",
    chooseCategory: "Elija qué quiere enviar.",
    writeMessage: "Escriba su mensaje.",
    tooLong: "Su mensaje es demasiado largo (máximo {max} caracteres).",
    failed: "No se pudo enviar. Inténtelo de nuevo.",
    rateLimited: "Demasiados envíos desde esta conexión. Inténtelo en unos minutos.",
    sentTitle: "Mensaje enviado",
    queuedTitle: "Mensaje guardado para enviar",
    queuedNote:
      "No hay conexión. El mensaje cifrado espera en este teléfono y se enviará al volver la conexión.",
    codeLabel: "Su código de respuesta",
    copyCode: "Copiar el código",
    codeCopied: "Código copiado.",
    codeNote: "Anote este código: es la única forma de leer la respuesta. No podemos recuperarlo.",
    replyTime: "Vuelva a esta página con su código: una respuesta suele tardar {days} días.",
    replyTimeOne: "Vuelva a esta página con su código: una respuesta suele tardar 1 día.",
    replyLink: "Leer una respuesta",
    replyTitle: "Leer la respuesta",
    replyIntro: "Escriba el código que recibió al enviar su mensaje.",
    replyCodeLabel: "Código de respuesta",
    replyCodeHint: "20 letras y números, por ejemplo K7QF-2M9D-8XTA-PW3C-HN5E.",
    replyRead: "Leer",
    notACode: "Ese código no está completo: tiene 20 letras y números.",
    unknownCode: "No hay ningún mensaje con este código.",
    tryLater: "Demasiados intentos. Inténtelo de nuevo en {minutes} minutos.",
    noReplyYet: "Recibimos su mensaje. Todavía no hay respuesta.",
    repliesTitle: "Respuestas",
    repliedOn: "Respuesta del {day}",
    plainAbout:
      "Su navegador abrió la página sin su programa (pasa, por ejemplo, con el ahorro de datos). Por eso su mensaje llega a nuestro servidor sin cifrar, y allí se cifra en ese mismo instante, en memoria, sin guardarse ni anotarse. El servidor también crea su código de respuesta, y cuando usted lee una respuesta, la abre con su código en ese momento. Con el programa, todo esto pasa en este teléfono y el servidor nunca ve su mensaje. Si puede, abra el enlace en otro navegador o desactive el ahorro de datos.",
    plainSentNote:
      "Cuando haya anotado el código, cierre esta pestaña: el navegador puede guardar la página anterior con su mensaje.",
    alreadySent:
      "Este mensaje ya se envió. Su código de respuesta estaba en la página que apareció al enviarlo. Si no lo anotó, puede escribir el mensaje otra vez para recibir un código nuevo.",
  },
  en: {
    title: "Feedback for {org}",
    intro: "Your message is encrypted on this phone. We do not ask for your name.",
    categoryLegend: "What would you like to send?",
    categories: {
      question: "A question",
      suggestion: "A suggestion",
      complaint: "A complaint",
      thanks: "Thanks",
      sensitive: "A sensitive report",
    },
    sensitiveHint: "Abuse, exploitation or fraud.",
    sensitiveNote:
      "Only the organization's safeguarding staff read it, and it never appears in public counts.",
    countryLabel: "Country (optional)",
    countryNone: "Prefer not to say",
    programLabel: "Program or service (optional)",
    programHint: "For example: food distribution.",
    messageLabel: "Your message",
    messageHint: "Do not write names or document numbers unless you want to be contacted.",
    send: "Send",
    sending: "Sending…",
    chooseCategory: "Choose what you would like to send.",
    writeMessage: "Write your message.",
    tooLong: "Your message is too long (at most {max} characters).",
    failed: "It could not be sent. Please try again.",
    rateLimited: "Too many messages from this connection. Try again in a few minutes.",
    sentTitle: "Message sent",
    queuedTitle: "Message saved to send",
    queuedNote:
      "There is no connection. The encrypted message waits on this phone and is sent when the connection returns.",
    codeLabel: "Your reply code",
    copyCode: "Copy the code",
    codeCopied: "Code copied.",
    codeNote: "Write this code down: it is the only way to read the answer. We cannot recover it.",
    replyTime: "Come back to this page with your code: a reply usually takes {days} days.",
    replyTimeOne: "Come back to this page with your code: a reply usually takes 1 day.",
    replyLink: "Read a reply",
    replyTitle: "Read the reply",
    replyIntro: "Type the code you got when you sent your message.",
    replyCodeLabel: "Reply code",
    replyCodeHint: "20 letters and digits, for example K7QF-2M9D-8XTA-PW3C-HN5E.",
    replyRead: "Read",
    notACode: "That code is not complete: it has 20 letters and digits.",
    unknownCode: "There is no message with this code.",
    tryLater: "Too many attempts. Try again in {minutes} minutes.",
    noReplyYet: "We received your message. There is no reply yet.",
    repliesTitle: "Replies",
    repliedOn: "Reply of {day}",
    plainAbout:
      "Your browser opened the page without its program (this happens with data saving, for example). So your message reaches our server unencrypted, and is encrypted there at that very moment, in memory, without being kept or written down. The server also makes your reply code, and when you read a reply, it opens it with your code at that moment. With the program, all this happens on this phone and the server never sees your message. If you can, open the link in another browser or turn data saving off.",
    plainSentNote:
      "Once you have written the code down, close this tab: the browser may keep the previous page, with your message.",
    alreadySent:
      "This message was already sent. Your reply code was on the page shown when you sent it. If you did not write it down, you can write the message again to get a new code.",
  },
  pt: {
    title: "Opiniões para {org}",
    intro: "Sua mensagem é criptografada neste celular. Não pedimos seu nome.",
    categoryLegend: "O que você quer enviar?",
    categories: {
      question: "Uma pergunta",
      suggestion: "Uma sugestão",
      complaint: "Uma reclamação",
      thanks: "Um agradecimento",
      sensitive: "Uma denúncia delicada",
    },
    sensitiveHint: "Abuso, exploração ou fraude.",
    sensitiveNote:
      "Só a equipe de proteção da organização a lê, e ela nunca aparece nos números públicos.",
    countryLabel: "País (opcional)",
    countryNone: "Prefiro não dizer",
    programLabel: "Programa ou serviço (opcional)",
    programHint: "Por exemplo: distribuição de alimentos.",
    messageLabel: "Sua mensagem",
    messageHint: "Não escreva nomes nem números de documento, a menos que queira ser contatado.",
    send: "Enviar",
    sending: "Enviando…",
    chooseCategory: "Escolha o que quer enviar.",
    writeMessage: "Escreva sua mensagem.",
    tooLong: "Sua mensagem é longa demais (no máximo {max} caracteres).",
    failed: "Não foi possível enviar. Tente de novo.",
    rateLimited: "Muitos envios desta conexão. Tente em alguns minutos.",
    sentTitle: "Mensagem enviada",
    queuedTitle: "Mensagem guardada para enviar",
    queuedNote:
      "Não há conexão. A mensagem criptografada espera neste celular e será enviada quando a conexão voltar.",
    codeLabel: "Seu código de resposta",
    copyCode: "Copiar o código",
    codeCopied: "Código copiado.",
    codeNote: "Anote este código: é a única forma de ler a resposta. Não podemos recuperá-lo.",
    replyTime: "Volte a esta página com o seu código: uma resposta costuma levar {days} dias.",
    replyTimeOne: "Volte a esta página com o seu código: uma resposta costuma levar 1 dia.",
    replyLink: "Ler uma resposta",
    replyTitle: "Ler a resposta",
    replyIntro: "Digite o código que recebeu ao enviar sua mensagem.",
    replyCodeLabel: "Código de resposta",
    replyCodeHint: "20 letras e números, por exemplo K7QF-2M9D-8XTA-PW3C-HN5E.",
    replyRead: "Ler",
    notACode: "Esse código não está completo: tem 20 letras e números.",
    unknownCode: "Não há nenhuma mensagem com este código.",
    tryLater: "Tentativas demais. Tente de novo em {minutes} minutos.",
    noReplyYet: "Recebemos sua mensagem. Ainda não há resposta.",
    repliesTitle: "Respostas",
    repliedOn: "Resposta de {day}",
    plainAbout:
      "Seu navegador abriu a página sem o programa dela (isso acontece, por exemplo, com a economia de dados). Por isso sua mensagem chega ao nosso servidor sem criptografia e é criptografada lá no mesmo instante, na memória, sem ser guardada nem anotada. O servidor também cria o seu código de resposta e, quando você lê uma resposta, ele a abre com o seu código nesse momento. Com o programa, tudo isso acontece neste celular e o servidor nunca vê sua mensagem. Se puder, abra o link em outro navegador ou desative a economia de dados.",
    plainSentNote:
      "Depois de anotar o código, feche esta aba: o navegador pode guardar a página anterior, com sua mensagem.",
    alreadySent:
      "Esta mensagem já foi enviada. Seu código de resposta estava na página que apareceu quando você a enviou. Se não o anotou, você pode escrever a mensagem de novo para receber um código novo.",
  },
  fr: {
    title: "Avis pour {org}",
    intro: "Votre message est chiffré sur ce téléphone. Nous ne demandons pas votre nom.",
    categoryLegend: "Que voulez-vous envoyer ?",
    categories: {
      question: "Une question",
      suggestion: "Une suggestion",
      complaint: "Une plainte",
      thanks: "Un remerciement",
      sensitive: "Un signalement sensible",
    },
    sensitiveHint: "Abus, exploitation ou fraude.",
    sensitiveNote:
      "Seule l'équipe de protection de l'organisation le lit, et il n'apparaît jamais dans les chiffres publics.",
    countryLabel: "Pays (facultatif)",
    countryNone: "Je préfère ne pas dire",
    programLabel: "Programme ou service (facultatif)",
    programHint: "Par exemple : distribution alimentaire.",
    messageLabel: "Votre message",
    messageHint: "N'écrivez ni noms ni numéros de document, sauf si vous voulez être contacté.",
    send: "Envoyer",
    sending: "Envoi…",
    chooseCategory: "Choisissez ce que vous voulez envoyer.",
    writeMessage: "Écrivez votre message.",
    tooLong: "Votre message est trop long ({max} caractères au plus).",
    failed: "L'envoi a échoué. Réessayez.",
    rateLimited: "Trop d'envois depuis cette connexion. Réessayez dans quelques minutes.",
    sentTitle: "Message envoyé",
    queuedTitle: "Message gardé pour l'envoi",
    queuedNote:
      "Pas de connexion. Le message chiffré attend sur ce téléphone et partira au retour de la connexion.",
    codeLabel: "Votre code de réponse",
    copyCode: "Copier le code",
    codeCopied: "Code copié.",
    codeNote:
      "Notez ce code : c'est le seul moyen de lire la réponse. Nous ne pouvons pas le retrouver.",
    replyTime:
      "Revenez sur cette page avec votre code : une réponse prend en général {days} jours.",
    replyTimeOne: "Revenez sur cette page avec votre code : une réponse prend en général 1 jour.",
    replyLink: "Lire une réponse",
    replyTitle: "Lire la réponse",
    replyIntro: "Tapez le code reçu en envoyant votre message.",
    replyCodeLabel: "Code de réponse",
    replyCodeHint: "20 lettres et chiffres, par exemple K7QF-2M9D-8XTA-PW3C-HN5E.",
    replyRead: "Lire",
    notACode: "Ce code est incomplet : il compte 20 lettres et chiffres.",
    unknownCode: "Aucun message ne correspond à ce code.",
    tryLater: "Trop d'essais. Réessayez dans {minutes} minutes.",
    noReplyYet: "Nous avons reçu votre message. Pas encore de réponse.",
    repliesTitle: "Réponses",
    repliedOn: "Réponse du {day}",
    plainAbout:
      "Votre navigateur a ouvert la page sans son programme (c'est le cas, par exemple, avec l'économiseur de données). Votre message arrive donc sur notre serveur sans être chiffré, et y est chiffré aussitôt, en mémoire, sans être conservé ni noté. Le serveur crée aussi votre code de réponse et, quand vous lisez une réponse, il l'ouvre avec votre code à ce moment-là. Avec le programme, tout cela se passe sur ce téléphone et le serveur ne voit jamais votre message. Si vous le pouvez, ouvrez le lien dans un autre navigateur ou désactivez l'économiseur de données.",
    plainSentNote:
      "Une fois le code noté, fermez cet onglet : le navigateur peut garder la page précédente, avec votre message.",
    alreadySent:
      "Ce message a déjà été envoyé. Votre code de réponse figurait sur la page affichée à l'envoi. Si vous ne l'avez pas noté, vous pouvez écrire à nouveau le message pour recevoir un nouveau code.",
  },
  ht: {
    title: "Opinyon pou {org}",
    intro: "Mesaj ou a kode sou telefòn sa a. Nou pa mande non w.",
    categoryLegend: "Kisa ou vle voye?",
    categories: {
      question: "Yon kesyon",
      suggestion: "Yon sijesyon",
      complaint: "Yon plent",
      thanks: "Yon remèsiman",
      sensitive: "Yon rapò delika",
    },
    sensitiveHint: "Abi, eksplwatasyon oswa fwod.",
    sensitiveNote:
      "Se sèlman ekip pwoteksyon òganizasyon an ki li l, epi li pa janm parèt nan chif piblik yo.",
    countryLabel: "Peyi (si ou vle)",
    countryNone: "Mwen pa vle di",
    programLabel: "Pwogram oswa sèvis (si ou vle)",
    programHint: "Pa egzanp: distribisyon manje.",
    messageLabel: "Mesaj ou",
    messageHint: "Pa ekri non moun ni nimewo dokiman, sòf si ou vle yo kontakte w.",
    send: "Voye",
    sending: "N ap voye…",
    chooseCategory: "Chwazi kisa ou vle voye.",
    writeMessage: "Ekri mesaj ou.",
    tooLong: "Mesaj ou twò long ({max} karaktè pou pi plis).",
    failed: "Nou pa t ka voye l. Eseye ankò.",
    rateLimited: "Twòp mesaj sot nan koneksyon sa a. Eseye ankò nan kèk minit.",
    sentTitle: "Mesaj la ale",
    queuedTitle: "Mesaj la sere pou l ale",
    queuedNote:
      "Pa gen koneksyon. Mesaj kode a ap tann sou telefòn nan, l ap ale lè koneksyon an tounen.",
    codeLabel: "Kòd repons ou",
    copyCode: "Kopye kòd la",
    codeCopied: "Kòd la kopye.",
    codeNote: "Ekri kòd sa a: se sèl fason pou li repons lan. Nou pa ka jwenn li ankò pou ou.",
    replyTime: "Tounen sou paj sa a ak kòd ou: yon repons konn pran {days} jou.",
    replyTimeOne: "Tounen sou paj sa a ak kòd ou: yon repons konn pran 1 jou.",
    replyLink: "Li yon repons",
    replyTitle: "Li repons lan",
    replyIntro: "Tape kòd ou te resevwa lè ou te voye mesaj ou.",
    replyCodeLabel: "Kòd repons",
    replyCodeHint: "20 lèt ak chif, pa egzanp K7QF-2M9D-8XTA-PW3C-HN5E.",
    replyRead: "Li",
    notACode: "Kòd sa a pa konplè: li gen 20 lèt ak chif.",
    unknownCode: "Pa gen okenn mesaj ak kòd sa a.",
    tryLater: "Twòp esè. Eseye ankò nan {minutes} minit.",
    noReplyYet: "Nou resevwa mesaj ou. Poko gen repons.",
    repliesTitle: "Repons",
    repliedOn: "Repons {day}",
    plainAbout:
      "Navigatè w la louvri paj la san pwogram li (sa rive, pa egzanp, lè ekonomi done aktive). Se poutèt sa mesaj ou a rive sou sèvè nou an san li pa kode, epi se la yo kode l menm moman an, nan memwa, san yo pa kenbe l ni ekri l. Se sèvè a tou ki fè kòd repons ou, epi lè w li yon repons, li louvri l ak kòd ou a nan moman sa a. Avèk pwogram nan, tout bagay sa yo fèt sou telefòn sa a epi sèvè a pa janm wè mesaj ou. Si w kapab, louvri lyen an nan yon lòt navigatè oswa dezaktive ekonomi done.",
    plainSentNote:
      "Lè w fin ekri kòd la, fèmen onglè sa a: navigatè a ka kenbe paj anvan an, avèk mesaj ou.",
    alreadySent:
      "Mesaj sa a te deja voye. Kòd repons ou a te sou paj ki te parèt lè w te voye l la. Si w pa t ekri l, ou ka ekri mesaj la ankò pou w resevwa yon nouvo kòd.",
  },
  ar: {
    title: "آراؤكم إلى {org}",
    intro: "تُشفَّر رسالتك على هذا الهاتف. لا نسألك عن اسمك.",
    categoryLegend: "ماذا تريد أن ترسل؟",
    categories: {
      question: "سؤال",
      suggestion: "اقتراح",
      complaint: "شكوى",
      thanks: "شكر",
      sensitive: "بلاغ حساس",
    },
    sensitiveHint: "إساءة أو استغلال أو احتيال.",
    sensitiveNote: "لا يقرؤه إلا فريق الحماية في المنظمة، ولا يظهر أبدًا في الأعداد المنشورة.",
    countryLabel: "البلد (اختياري)",
    countryNone: "أفضّل عدم القول",
    programLabel: "البرنامج أو الخدمة (اختياري)",
    programHint: "مثلًا: توزيع الغذاء.",
    messageLabel: "رسالتك",
    messageHint: "لا تكتب أسماء أو أرقام وثائق، إلا إذا أردت أن يتواصلوا معك.",
    send: "إرسال",
    sending: "جارٍ الإرسال…",
    chooseCategory: "اختر ما تريد إرساله.",
    writeMessage: "اكتب رسالتك.",
    tooLong: "رسالتك طويلة جدًا (الحد الأقصى {max} حرفًا).",
    failed: "تعذّر الإرسال. حاول مرة أخرى.",
    rateLimited: "وصلت رسائل كثيرة من هذا الاتصال. حاول مرة أخرى بعد بضع دقائق.",
    sentTitle: "أُرسلت الرسالة",
    queuedTitle: "حُفظت الرسالة لإرسالها",
    queuedNote: "لا يوجد اتصال. تنتظر الرسالة المشفرة على هذا الهاتف وتُرسل عندما يعود الاتصال.",
    codeLabel: "رمز الرد الخاص بك",
    codeNote: "اكتب هذا الرمز: إنه الطريقة الوحيدة لقراءة الرد. لا يمكننا استعادته.",
    replyTime: "عُد إلى هذه الصفحة ومعك الرمز. المدة المعتادة للرد بالأيام: {days}.",
    replyTimeOne: "عُد إلى هذه الصفحة ومعك الرمز. يستغرق الرد عادةً يومًا واحدًا.",
    replyLink: "قراءة رد",
    replyTitle: "قراءة الرد",
    replyIntro: "اكتب الرمز الذي حصلت عليه عندما أرسلت رسالتك.",
    replyCodeLabel: "رمز الرد",
    replyCodeHint: "20 حرفًا ورقمًا، مثلًا K7QF-2M9D-8XTA-PW3C-HN5E.",
    replyRead: "قراءة",
    notACode: "هذا الرمز غير مكتمل: يتكون من 20 حرفًا ورقمًا.",
    unknownCode: "لا توجد رسالة بهذا الرمز.",
    tryLater: "محاولات كثيرة. حاول مرة أخرى بعد {minutes} دقيقة.",
    noReplyYet: "وصلتنا رسالتك. لا يوجد رد بعد.",
    repliesTitle: "الردود",
    repliedOn: "رد يوم {day}",
    copyCode: "نسخ الرمز",
    codeCopied: "نُسخ الرمز.",
    plainAbout:
      "فتح متصفحك الصفحة بدون برنامجها (يحدث هذا مثلًا عند توفير البيانات). لذلك تصل رسالتك إلى خادمنا غير مشفرة، وتُشفَّر هناك في اللحظة نفسها، في الذاكرة، دون أن تُحفظ أو تُدوَّن. ويُنشئ الخادم أيضًا رمز الرد الخاص بك، وعندما تقرأ ردًا يفتحه برمزك في تلك اللحظة. مع البرنامج، يحدث كل هذا على هذا الهاتف ولا يرى الخادم رسالتك أبدًا. إن استطعت، افتح الرابط في متصفح آخر أو أوقف توفير البيانات.",
    plainSentNote:
      "بعد أن تكتب الرمز، أغلق علامة التبويب هذه: قد يحتفظ المتصفح بالصفحة السابقة مع رسالتك.",
    alreadySent:
      "أُرسلت هذه الرسالة من قبل. كان رمز الرد على الصفحة التي ظهرت عند إرسالها. إن لم تكتبه، يمكنك كتابة الرسالة مرة أخرى لتحصل على رمز جديد.",
  },
} satisfies Record<string, FeedbackStrings>;

export type FeedbackLanguage = keyof typeof FEEDBACK_STRINGS;
export const FEEDBACK_LANGUAGES = Object.keys(FEEDBACK_STRINGS) as FeedbackLanguage[];

export function isFeedbackLanguage(language: string): language is FeedbackLanguage {
  return Object.hasOwn(FEEDBACK_STRINGS, language);
}

export function feedbackStrings(language: string): FeedbackStrings {
  return isFeedbackLanguage(language) ? FEEDBACK_STRINGS[language] : FEEDBACK_STRINGS.es;
}
