// Interface strings of the respondent page, as data (STYLE: configuration is data). The survey
// supplies its own texts; these are the buttons and messages around them. `{name}` is filled
// in by `fill`; every language has every key (strings.test.ts).
import type { Survey } from "../../surveys/schema";
import { languageName as ownLanguageName } from "../lib/languages";

export interface RespondentStrings {
  /** The language's own name, shown in the language switcher. */
  languageName: string;
  languagePicker: string;
  /** {n}, {total} */
  questionOf: string;
  requiredMark: string;
  next: string;
  /** The last question's button: it leads to the review, not to another question. */
  toReview: string;
  back: string;
  backToReview: string;
  chooseAny: string;
  /** {min}, {max} */
  range: string;
  /** {min} */
  rangeMin: string;
  /** {max} */
  rangeMax: string;
  /** {count}, {max} */
  characters: string;
  required: string;
  notAnOption: string;
  wrongType: string;
  notANumber: string;
  /** {min} */
  tooSmall: string;
  /** {max} */
  tooLarge: string;
  /** {max} */
  tooLong: string;
  review: string;
  reviewIntro: string;
  change: string;
  /** {question} */
  changeLabel: string;
  noAnswer: string;
  privacyNote: string;
  send: string;
  sending: string;
  retry: string;
  offline: string;
  rateLimited: string;
  serverError: string;
  closed: string;
  gone: string;
  rejected: string;
  /** The link's key fingerprint (#k=) does not match the page's key: nothing is sent. */
  keyMismatch: string;
  codeLabel: string;
  codeHint: string;
  codeInvalid: string;
  sentTitle: string;
  receiptLabel: string;
  receiptNote: string;
  /** After sending: what happens to the answers now. */
  nextTitle: string;
  nextNote: string;
  /** Followed by the link to the survey's results page. */
  resultsWhere: string;
  /** With JavaScript off and the survey's form without JavaScript switched off. */
  noscript: string;
  /** Surveys with `resumeOnDevice`: unsent answers stay on this phone until sent. */
  resumeNote: string;
  /** The quick-exit control (DESIGN §9.5): leaves at once for a neutral page. */
  quickExit: string;
  /** Sending failed; the sealed answers wait on this phone (ciphertext only). */
  queuedTitle: string;
  queuedNote: string;
  /** Back went below the first question: the answers would be lost. */
  leavingTitle: string;
  leavingNote: string;
  stay: string;
  leave: string;
  /** Quick exit while a sealed answer still waits on the phone: ask before deleting it. */
  pendingTitle: string;
  pendingNote: string;
  pendingDelete: string;
  pendingKeep: string;
  /** A whole number was asked for. */
  notInteger: string;
  /** A month question's answer is not a month and year. */
  notAMonth: string;
  /** "None" (an exclusive option) was chosen with others. */
  exclusive: string;
  /** {min}: a month, written out */
  tooEarly: string;
  /** {max}: a month, written out */
  tooLate: string;
  /** {min}, {max}: months, written out */
  monthRange: string;
  /** {min} */
  monthFrom: string;
  /** {max} */
  monthTo: string;
  /** With sections (pages): {n}, {total} */
  pageOf: string;
}

export const RESPONDENT_STRINGS = {
  es: {
    languageName: "Español",
    languagePicker: "Idioma",
    questionOf: "Pregunta {n} de {total}",
    requiredMark: "Obligatoria",
    next: "Siguiente",
    toReview: "Revisar respuestas",
    back: "Anterior",
    backToReview: "Volver a la revisión",
    chooseAny: "Puede marcar varias opciones.",
    range: "Un número entre {min} y {max}.",
    rangeMin: "Un número desde {min}.",
    rangeMax: "Un número hasta {max}.",
    characters: "{count} de {max} caracteres",
    required: "Por favor, responda esta pregunta.",
    notAnOption: "Elija una de las opciones.",
    wrongType: "Revise esta respuesta.",
    notANumber: "Escriba solo un número, sin puntos de miles: por ejemplo 12 o 1500.",
    tooSmall: "El número tiene que ser {min} o más.",
    tooLarge: "El número tiene que ser {max} o menos.",
    tooLong: "El texto es muy largo: puede tener hasta {max} caracteres.",
    review: "Revise sus respuestas",
    reviewIntro:
      "Todavía no se ha enviado nada. Puede cambiar cualquier respuesta antes de enviar.",
    change: "Cambiar",
    changeLabel: "Cambiar la respuesta a: {question}",
    noAnswer: "Sin respuesta",
    privacyNote:
      "Sus respuestas se cifran en este teléfono antes de salir. Solo el equipo responsable de la encuesta puede leerlas. No le pedimos su nombre y no guardamos datos de su teléfono.",
    send: "Enviar respuestas",
    sending: "Enviando… Por favor, no cierre esta página.",
    retry: "Intentar de nuevo",
    offline:
      "No se pudo enviar: parece que no hay conexión. Sus respuestas siguen en esta página. Cuando tenga señal, toque «Intentar de nuevo».",
    rateLimited:
      "Llegaron muchas respuestas desde esta conexión. Espere unos minutos y toque «Intentar de nuevo».",
    serverError:
      "Hubo un problema en nuestro servidor. Sus respuestas siguen en esta página. Espere un momento y toque «Intentar de nuevo».",
    closed: "Esta encuesta ya cerró y no recibe más respuestas. Gracias por su tiempo.",
    gone: "Esta encuesta ya no está disponible.",
    rejected: "No pudimos aceptar esta respuesta por un error nuestro. Disculpe las molestias.",
    keyMismatch:
      "No enviamos nada: esta página no coincide con el enlace que recibió (la clave de cifrado es otra). Puede ser un error o que alguien la cambió. Avise a quien le compartió el enlace y no responda por ahora.",
    codeLabel: "Código de invitación",
    codeHint: "Esta encuesta pide el código que le entregaron, por ejemplo 7K2QF-M9D4X.",
    codeInvalid: "Este código no es válido o ya se usó. Revíselo e intente de nuevo.",
    sentTitle: "¡Gracias! Su respuesta fue enviada.",
    receiptLabel: "Comprobante",
    receiptNote:
      "Este comprobante muestra que su respuesta llegó. No contiene sus respuestas ni datos sobre usted. Sus respuestas ya no quedan en este teléfono.",
    nextTitle: "Qué pasa ahora",
    nextNote:
      "El equipo de la encuesta abre las respuestas en su propia computadora y publica solo totales de grupos de personas, nunca lo que respondió una persona. Los grupos muy pequeños no se publican, para que nadie pueda ser reconocido.",
    resultsWhere: "Los resultados se publicarán aquí:",
    noscript: "Para responder esta encuesta, active JavaScript en su navegador.",
    resumeNote:
      "Sus respuestas se guardan en este teléfono hasta que las envíe, para que pueda seguir más tarde. Si otras personas usan este teléfono, envíelas o toque «Salir rápido» para borrarlas.",
    quickExit: "Salir rápido",
    queuedTitle: "Guardado en este teléfono. Se enviará cuando tenga conexión.",
    queuedNote:
      "Sus respuestas están cifradas; nadie puede leerlas en este teléfono. Puede cerrar esta página: se enviarán la próxima vez que abra la encuesta con conexión.",
    leavingTitle: "¿Salir de la encuesta?",
    leavingNote: "Sus respuestas todavía no se enviaron. Si sale ahora, se pierden.",
    stay: "Seguir respondiendo",
    leave: "Salir de la encuesta",
    pendingTitle: "Hay un envío pendiente en este teléfono.",
    pendingNote:
      "Está cifrado: nadie puede leerlo aquí. Si lo borra, se pierde y no llegará. Si lo deja, queda cifrado en este navegador hasta que se envíe, la próxima vez que abra esta página con conexión; quien revise el teléfono podría ver que esta página guardó algo.",
    pendingDelete: "Borrar y salir",
    pendingKeep: "Dejarlo y salir",
    notInteger: "Escriba un número entero, sin decimales.",
    notAMonth: "Escriba el mes y el año, por ejemplo 5/2019.",
    exclusive: "Esta opción no se puede elegir junto con otras.",
    tooEarly: "El mes debe ser {min} o posterior.",
    tooLate: "El mes debe ser {max} o anterior.",
    monthRange: "Un mes entre {min} y {max}.",
    monthFrom: "Un mes desde {min}.",
    monthTo: "Un mes hasta {max}.",
    pageOf: "Página {n} de {total}",
  },
  en: {
    languageName: "English",
    languagePicker: "Language",
    questionOf: "Question {n} of {total}",
    requiredMark: "Required",
    next: "Next",
    toReview: "Check answers",
    back: "Back",
    backToReview: "Back to review",
    chooseAny: "You can choose more than one.",
    range: "A number from {min} to {max}.",
    rangeMin: "A number from {min}.",
    rangeMax: "A number up to {max}.",
    characters: "{count} of {max} characters",
    required: "Please answer this question.",
    notAnOption: "Choose one of the options.",
    wrongType: "Please check this answer.",
    notANumber: "Write only a number, with no thousands separator: for example 12 or 1500.",
    tooSmall: "The number must be {min} or more.",
    tooLarge: "The number must be {max} or less.",
    tooLong: "The text is too long: it can have up to {max} characters.",
    review: "Check your answers",
    reviewIntro: "Nothing has been sent yet. You can change any answer before sending.",
    change: "Change",
    changeLabel: "Change the answer to: {question}",
    noAnswer: "No answer",
    privacyNote:
      "Your answers are encrypted on this phone before they leave it. Only the team running the survey can read them. We do not ask your name and we keep no data about your phone.",
    send: "Send answers",
    sending: "Sending… Please do not close this page.",
    retry: "Try again",
    offline:
      "Could not send: there seems to be no connection. Your answers are still on this page. When you have signal, tap “Try again”.",
    rateLimited:
      "Many responses came from this connection. Wait a few minutes and tap “Try again”.",
    serverError:
      "Something went wrong on our server. Your answers are still on this page. Wait a moment and tap “Try again”.",
    closed: "This survey has closed and takes no more responses. Thank you for your time.",
    gone: "This survey is no longer available.",
    rejected: "We could not accept this response because of an error on our side. We are sorry.",
    keyMismatch:
      "Nothing was sent: this page does not match the link you were given (the encryption key is different). It may be a mistake, or someone may have changed it. Tell whoever shared the link with you, and do not answer for now.",
    codeLabel: "Invitation code",
    codeHint: "This survey asks for the code you were given, for example 7K2QF-M9D4X.",
    codeInvalid: "This code is not valid or was already used. Check it and try again.",
    sentTitle: "Thank you! Your response was sent.",
    receiptLabel: "Receipt",
    receiptNote:
      "This receipt shows that your response arrived. It holds none of your answers and nothing about you. Your answers are no longer on this phone.",
    nextTitle: "What happens now",
    nextNote:
      "The survey team opens the answers on their own computer and publishes only totals for groups of people, never what one person answered. Very small groups are not published, so that nobody can be recognized.",
    resultsWhere: "The results will be published here:",
    noscript: "To answer this survey, turn on JavaScript in your browser.",
    resumeNote:
      "Your answers are kept on this phone until you send them, so you can continue later. If other people use this phone, send them or tap “Quick exit” to delete them.",
    quickExit: "Quick exit",
    queuedTitle: "Saved on this phone. It will be sent when you are online.",
    queuedNote:
      "Your answers are encrypted; nobody can read them on this phone. You can close this page: they will be sent the next time you open the survey while online.",
    leavingTitle: "Leave the survey?",
    leavingNote: "Your answers have not been sent yet. If you leave now, they are lost.",
    stay: "Keep answering",
    leave: "Leave the survey",
    pendingTitle: "Something is still waiting to be sent from this phone.",
    pendingNote:
      "It is encrypted: nobody can read it here. If you delete it, it is lost and will not arrive. If you keep it, it stays encrypted in this browser until it is sent, the next time you open this page while online; someone checking the phone could see that this page stored something.",
    pendingDelete: "Delete and leave",
    pendingKeep: "Keep it and leave",
    notInteger: "Write a whole number, without decimals.",
    notAMonth: "Write the month and the year, for example 5/2019.",
    exclusive: "This option cannot be chosen together with others.",
    tooEarly: "The month must be {min} or later.",
    tooLate: "The month must be {max} or earlier.",
    monthRange: "A month from {min} to {max}.",
    monthFrom: "A month from {min} on.",
    monthTo: "A month up to {max}.",
    pageOf: "Page {n} of {total}",
  },
  pt: {
    languageName: "Português",
    languagePicker: "Idioma",
    questionOf: "Pergunta {n} de {total}",
    requiredMark: "Obrigatória",
    next: "Continuar",
    toReview: "Conferir respostas",
    back: "Anterior",
    backToReview: "Voltar à revisão",
    chooseAny: "Você pode marcar várias opções.",
    range: "Um número entre {min} e {max}.",
    rangeMin: "Um número a partir de {min}.",
    rangeMax: "Um número até {max}.",
    characters: "{count} de {max} caracteres",
    required: "Por favor, responda esta pergunta.",
    notAnOption: "Escolha uma das opções.",
    wrongType: "Confira esta resposta.",
    notANumber: "Escreva só um número, sem pontos de milhar: por exemplo 12 ou 1500.",
    tooSmall: "O número precisa ser {min} ou mais.",
    tooLarge: "O número precisa ser {max} ou menos.",
    tooLong: "O texto está muito longo: pode ter até {max} caracteres.",
    review: "Confira suas respostas",
    reviewIntro: "Nada foi enviado ainda. Você pode mudar qualquer resposta antes de enviar.",
    change: "Mudar",
    changeLabel: "Mudar a resposta de: {question}",
    noAnswer: "Sem resposta",
    privacyNote:
      "Suas respostas são criptografadas neste celular antes de sair. Só a equipe responsável pela pesquisa pode lê-las. Não pedimos seu nome e não guardamos dados do seu celular.",
    send: "Enviar respostas",
    sending: "Enviando… Por favor, não feche esta página.",
    retry: "Tentar de novo",
    offline:
      "Não foi possível enviar: parece que não há conexão. Suas respostas continuam nesta página. Quando tiver sinal, toque em “Tentar de novo”.",
    rateLimited:
      "Chegaram muitas respostas desta conexão. Espere alguns minutos e toque em “Tentar de novo”.",
    serverError:
      "Houve um problema no nosso servidor. Suas respostas continuam nesta página. Espere um momento e toque em “Tentar de novo”.",
    closed: "Esta pesquisa foi encerrada e não recebe mais respostas. Obrigado pelo seu tempo.",
    gone: "Esta pesquisa não está mais disponível.",
    rejected: "Não conseguimos aceitar esta resposta por um erro nosso. Desculpe.",
    keyMismatch:
      "Nada foi enviado: esta página não confere com o link que você recebeu (a chave de criptografia é outra). Pode ser um erro ou alguém pode tê-la trocado. Avise quem compartilhou o link com você e não responda por enquanto.",
    codeLabel: "Código de convite",
    codeHint: "Esta pesquisa pede o código que você recebeu, por exemplo 7K2QF-M9D4X.",
    codeInvalid: "Este código não é válido ou já foi usado. Confira e tente de novo.",
    sentTitle: "Obrigado! Sua resposta foi enviada.",
    receiptLabel: "Comprovante",
    receiptNote:
      "Este comprovante mostra que sua resposta chegou. Ele não contém suas respostas nem dados sobre você. Suas respostas não ficam mais neste celular.",
    nextTitle: "O que acontece agora",
    nextNote:
      "A equipe da pesquisa abre as respostas no próprio computador e publica só totais de grupos de pessoas, nunca o que uma pessoa respondeu. Grupos muito pequenos não são publicados, para que ninguém possa ser reconhecido.",
    resultsWhere: "Os resultados serão publicados aqui:",
    noscript: "Para responder esta pesquisa, ative o JavaScript no seu navegador.",
    resumeNote:
      "Suas respostas ficam guardadas neste celular até você enviá-las, para que possa continuar depois. Se outras pessoas usam este celular, envie-as ou toque em “Sair rápido” para apagá-las.",
    quickExit: "Sair rápido",
    queuedTitle: "Salvo neste celular. Será enviado quando você tiver conexão.",
    queuedNote:
      "Suas respostas estão criptografadas; ninguém pode lê-las neste celular. Você pode fechar esta página: elas serão enviadas na próxima vez que abrir a pesquisa com conexão.",
    leavingTitle: "Sair da pesquisa?",
    leavingNote: "Suas respostas ainda não foram enviadas. Se sair agora, elas se perdem.",
    stay: "Continuar respondendo",
    leave: "Sair da pesquisa",
    pendingTitle: "Há um envio pendente neste celular.",
    pendingNote:
      "Ele está criptografado: ninguém consegue lê-lo aqui. Se você apagar, ele se perde e não chega. Se deixar, ele fica criptografado neste navegador até ser enviado, na próxima vez que abrir esta página com internet; quem olhar o celular pode ver que esta página guardou algo.",
    pendingDelete: "Apagar e sair",
    pendingKeep: "Deixar e sair",
    notInteger: "Escreva um número inteiro, sem decimais.",
    notAMonth: "Escreva o mês e o ano, por exemplo 5/2019.",
    exclusive: "Esta opção não pode ser escolhida junto com outras.",
    tooEarly: "O mês deve ser {min} ou depois.",
    tooLate: "O mês deve ser {max} ou antes.",
    monthRange: "Um mês entre {min} e {max}.",
    monthFrom: "Um mês a partir de {min}.",
    monthTo: "Um mês até {max}.",
    pageOf: "Página {n} de {total}",
  },
  fr: {
    languageName: "Français",
    languagePicker: "Langue",
    questionOf: "Question {n} sur {total}",
    requiredMark: "Obligatoire",
    next: "Suivant",
    toReview: "Vérifier les réponses",
    back: "Précédent",
    backToReview: "Revenir à la vérification",
    chooseAny: "Vous pouvez cocher plusieurs réponses.",
    range: "Un nombre entre {min} et {max}.",
    rangeMin: "Un nombre à partir de {min}.",
    rangeMax: "Un nombre jusqu'à {max}.",
    characters: "{count} sur {max} caractères",
    required: "Merci de répondre à cette question.",
    notAnOption: "Choisissez une des réponses proposées.",
    wrongType: "Vérifiez cette réponse.",
    notANumber:
      "Écrivez seulement un nombre, sans séparateur de milliers : par exemple 12 ou 1500.",
    tooSmall: "Le nombre doit être {min} ou plus.",
    tooLarge: "Le nombre doit être {max} ou moins.",
    tooLong: "Le texte est trop long : {max} caractères au plus.",
    review: "Vérifiez vos réponses",
    reviewIntro: "Rien n'a encore été envoyé. Vous pouvez changer chaque réponse avant l'envoi.",
    change: "Modifier",
    changeLabel: "Modifier la réponse à : {question}",
    noAnswer: "Pas de réponse",
    privacyNote:
      "Vos réponses sont chiffrées sur ce téléphone avant de partir. Seule l'équipe responsable de l'enquête peut les lire. Nous ne demandons pas votre nom et ne gardons aucune donnée sur votre téléphone.",
    send: "Envoyer les réponses",
    sending: "Envoi en cours… Merci de ne pas fermer cette page.",
    retry: "Réessayer",
    offline:
      "L'envoi n'a pas pu se faire : il semble n'y avoir aucune connexion. Vos réponses sont toujours sur cette page. Quand vous aurez du réseau, touchez « Réessayer ».",
    rateLimited:
      "Beaucoup de réponses sont venues de cette connexion. Attendez quelques minutes puis touchez « Réessayer ».",
    serverError:
      "Un problème est survenu sur notre serveur. Vos réponses sont toujours sur cette page. Attendez un moment puis touchez « Réessayer ».",
    closed: "Cette enquête est close et ne reçoit plus de réponses. Merci pour votre temps.",
    gone: "Cette enquête n'est plus disponible.",
    rejected:
      "Nous n'avons pas pu accepter cette réponse à cause d'une erreur de notre côté. Désolés.",
    keyMismatch:
      "Rien n'a été envoyé : cette page ne correspond pas au lien que vous avez reçu (la clé de chiffrement est différente). C'est peut-être une erreur, ou quelqu'un l'a changée. Prévenez la personne qui vous a donné le lien et ne répondez pas pour l'instant.",
    codeLabel: "Code d'invitation",
    codeHint: "Cette enquête demande le code que vous avez reçu, par exemple 7K2QF-M9D4X.",
    codeInvalid: "Ce code n'est pas valide ou a déjà servi. Vérifiez-le et réessayez.",
    sentTitle: "Merci ! Votre réponse a été envoyée.",
    receiptLabel: "Reçu",
    receiptNote:
      "Ce reçu montre que votre réponse est arrivée. Il ne contient ni vos réponses ni rien sur vous. Vos réponses ne restent pas sur ce téléphone.",
    nextTitle: "Et maintenant",
    nextNote:
      "L'équipe de l'enquête ouvre les réponses sur son propre ordinateur et ne publie que des totaux par groupes de personnes, jamais ce qu'une personne a répondu. Les très petits groupes ne sont pas publiés, pour que personne ne puisse être reconnu.",
    resultsWhere: "Les résultats seront publiés ici :",
    noscript: "Pour répondre à cette enquête, activez JavaScript dans votre navigateur.",
    resumeNote:
      "Vos réponses restent sur ce téléphone jusqu’à leur envoi, pour que vous puissiez continuer plus tard. Si d’autres personnes utilisent ce téléphone, envoyez-les ou touchez « Sortie rapide » pour les effacer.",
    quickExit: "Sortie rapide",
    queuedTitle: "Enregistré sur ce téléphone. Ce sera envoyé dès que vous serez en ligne.",
    queuedNote:
      "Vos réponses sont chiffrées ; personne ne peut les lire sur ce téléphone. Vous pouvez fermer cette page : elles seront envoyées la prochaine fois que vous ouvrirez le questionnaire avec une connexion.",
    leavingTitle: "Quitter l'enquête ?",
    leavingNote:
      "Vos réponses n'ont pas encore été envoyées. Si vous partez maintenant, elles sont perdues.",
    stay: "Continuer à répondre",
    leave: "Quitter l'enquête",
    pendingTitle: "Un envoi attend encore sur ce téléphone.",
    pendingNote:
      "Il est chiffré : personne ne peut le lire ici. Si vous le supprimez, il est perdu et n'arrivera pas. Si vous le gardez, il reste chiffré dans ce navigateur jusqu'à son envoi, la prochaine fois que vous ouvrirez cette page avec une connexion ; quelqu'un qui examine le téléphone pourrait voir que cette page a gardé quelque chose.",
    pendingDelete: "Supprimer et partir",
    pendingKeep: "Le garder et partir",
    notInteger: "Écrivez un nombre entier, sans décimales.",
    notAMonth: "Écrivez le mois et l’année, par exemple 5/2019.",
    exclusive: "Cette option ne peut pas être choisie avec d’autres.",
    tooEarly: "Le mois doit être {min} ou plus tard.",
    tooLate: "Le mois doit être {max} ou plus tôt.",
    monthRange: "Un mois entre {min} et {max}.",
    monthFrom: "Un mois à partir de {min}.",
    monthTo: "Un mois jusqu’à {max}.",
    pageOf: "Page {n} sur {total}",
  },
  ht: {
    languageName: "Kreyòl ayisyen",
    languagePicker: "Lang",
    questionOf: "Kesyon {n} sou {total}",
    requiredMark: "Obligatwa",
    next: "Kontinye",
    toReview: "Tcheke repons yo",
    back: "Retounen",
    backToReview: "Retounen nan revizyon an",
    chooseAny: "Ou ka chwazi plizyè repons.",
    range: "Yon nimewo ant {min} ak {max}.",
    rangeMin: "Yon nimewo {min} oswa plis.",
    rangeMax: "Yon nimewo {max} oswa mwens.",
    characters: "{count} sou {max} karaktè",
    required: "Tanpri, reponn kesyon sa a.",
    notAnOption: "Chwazi youn nan repons yo.",
    wrongType: "Tcheke repons sa a.",
    notANumber: "Ekri yon nimewo sèlman, san pwen pou mil yo: pa egzanp 12 oswa 1500.",
    tooSmall: "Nimewo a dwe {min} oswa plis.",
    tooLarge: "Nimewo a dwe {max} oswa mwens.",
    tooLong: "Tèks la twò long: li ka gen {max} karaktè pou pi plis.",
    review: "Tcheke repons ou yo",
    reviewIntro: "Poko gen anyen ki voye. Ou ka chanje nenpòt repons anvan ou voye.",
    change: "Chanje",
    changeLabel: "Chanje repons pou: {question}",
    noAnswer: "Pa gen repons",
    privacyNote:
      "Repons ou yo kode sou telefòn sa a anvan yo pati. Se sèlman ekip ki responsab sondaj la ki ka li yo. Nou pa mande non ou, e nou pa kenbe okenn enfòmasyon sou telefòn ou.",
    send: "Voye repons yo",
    sending: "N ap voye… Tanpri, pa fèmen paj sa a.",
    retry: "Eseye ankò",
    offline:
      "Nou pa t ka voye: sanble pa gen koneksyon. Repons ou yo toujou sou paj sa a. Lè ou gen siyal, peze “Eseye ankò”.",
    rateLimited: "Twòp repons soti nan koneksyon sa a. Tann kèk minit epi peze “Eseye ankò”.",
    serverError:
      "Te gen yon pwoblèm nan sèvè nou an. Repons ou yo toujou sou paj sa a. Tann yon ti moman epi peze “Eseye ankò”.",
    closed: "Sondaj sa a fèmen, li pa resevwa repons ankò. Mèsi pou tan ou.",
    gone: "Sondaj sa a pa disponib ankò.",
    rejected: "Nou pa t ka aksepte repons sa a akoz yon erè bò kote nou. Nou regrèt sa.",
    keyMismatch:
      "Nou pa voye anyen: paj sa a pa koresponn ak lyen ou te resevwa a (kle pou kode a diferan). Sa ka yon erè, oswa yon moun te chanje l. Avèti moun ki te ba ou lyen an, epi pa reponn pou kounye a.",
    codeLabel: "Kòd envitasyon",
    codeHint: "Sondaj sa a mande kòd yo te ba ou a, pa egzanp 7K2QF-M9D4X.",
    codeInvalid: "Kòd sa a pa bon, oswa yo te deja sèvi avè l. Tcheke l epi eseye ankò.",
    sentTitle: "Mèsi! Repons ou an rive.",
    receiptLabel: "Resi",
    receiptNote:
      "Resi sa a montre repons ou an rive. Li pa gen repons ou yo ladan l, ni anyen sou ou. Repons ou yo pa sou telefòn sa a ankò.",
    nextTitle: "Sa k ap pase kounye a",
    nextNote:
      "Ekip sondaj la louvri repons yo sou pwòp òdinatè yo, epi yo pibliye sèlman total pou gwoup moun, janm sa yon sèl moun reponn. Yo pa pibliye gwoup ki twò piti, pou pesonn pa ka rekonèt yon moun.",
    resultsWhere: "Rezilta yo ap pibliye isit la:",
    noscript: "Pou reponn sondaj sa a, aktive JavaScript nan navigatè ou.",
    resumeNote:
      "Repons ou yo rete sou telefòn sa a jiskaske ou voye yo, pou w ka kontinye pita. Si lòt moun sèvi ak telefòn sa a, voye yo oswa peze “Sòti vit” pou efase yo.",
    quickExit: "Sòti vit",
    queuedTitle: "Anrejistre sou telefòn sa a. L ap voye lè ou gen koneksyon.",
    queuedNote:
      "Repons ou yo kode; pesonn pa ka li yo sou telefòn sa a. Ou ka fèmen paj sa a: y ap voye yo pwochen fwa ou louvri sondaj la avèk koneksyon.",
    leavingTitle: "Kite sondaj la?",
    leavingNote: "Repons ou yo poko voye. Si ou kite kounye a, y ap pèdi.",
    stay: "Kontinye reponn",
    leave: "Kite sondaj la",
    pendingTitle: "Gen yon bagay ki poko voye sou telefòn sa a.",
    pendingNote:
      "Li kode: pesonn pa ka li l isit la. Si ou efase l, li pèdi e li p ap rive. Si ou kite l, li rete kode nan navigatè sa a jiskaske li ale, pwochen fwa ou louvri paj sa a avèk koneksyon; yon moun ki fouye telefòn nan ta ka wè paj sa a sere yon bagay.",
    pendingDelete: "Efase epi soti",
    pendingKeep: "Kite l epi soti",
    notInteger: "Ekri yon nonm antye, san vigil.",
    notAMonth: "Ekri mwa a ak ane a, pa egzanp 5/2019.",
    exclusive: "Ou pa ka chwazi opsyon sa a ansanm ak lòt yo.",
    tooEarly: "Mwa a dwe {min} oswa apre.",
    tooLate: "Mwa a dwe {max} oswa anvan.",
    monthRange: "Yon mwa ant {min} ak {max}.",
    monthFrom: "Yon mwa apati {min}.",
    monthTo: "Yon mwa jiska {max}.",
    pageOf: "Paj {n} sou {total}",
  },
  ar: {
    languageName: "العربية",
    languagePicker: "اللغة",
    questionOf: "السؤال {n} من {total}",
    requiredMark: "مطلوب",
    next: "التالي",
    toReview: "مراجعة الإجابات",
    back: "رجوع",
    backToReview: "العودة إلى المراجعة",
    chooseAny: "يمكنك اختيار أكثر من إجابة.",
    range: "رقم من {min} إلى {max}.",
    rangeMin: "رقم من {min} فما فوق.",
    rangeMax: "رقم حتى {max}.",
    characters: "{count} من {max} حرفًا",
    required: "يرجى الإجابة عن هذا السؤال.",
    notAnOption: "اختر أحد الخيارات.",
    wrongType: "يرجى التحقق من هذه الإجابة.",
    notANumber: "اكتب رقمًا فقط، بدون فاصل الآلاف: مثلًا 12 أو 1500.",
    tooSmall: "يجب أن يكون الرقم {min} أو أكثر.",
    tooLarge: "يجب أن يكون الرقم {max} أو أقل.",
    tooLong: "النص طويل جدًا: الحد الأقصى {max} حرفًا.",
    review: "راجع إجاباتك",
    reviewIntro: "لم يُرسَل شيء بعد. يمكنك تغيير أي إجابة قبل الإرسال.",
    change: "تغيير",
    changeLabel: "تغيير الإجابة عن: {question}",
    noAnswer: "لا توجد إجابة",
    privacyNote:
      "تُشفَّر إجاباتك على هذا الهاتف قبل أن تغادره. لا يستطيع قراءتها إلا الفريق الذي يُجري الاستبيان. لا نسألك عن اسمك ولا نحتفظ بأي بيانات عن هاتفك.",
    send: "إرسال الإجابات",
    sending: "جارٍ الإرسال… يرجى عدم إغلاق هذه الصفحة.",
    retry: "حاول مرة أخرى",
    offline:
      "تعذّر الإرسال: يبدو أنه لا يوجد اتصال. إجاباتك ما زالت في هذه الصفحة. عندما تتوفر الشبكة، اضغط «حاول مرة أخرى».",
    rateLimited: "وصلت إجابات كثيرة من هذا الاتصال. انتظر بضع دقائق ثم اضغط «حاول مرة أخرى».",
    serverError:
      "حدث خطأ في خادمنا. إجاباتك ما زالت في هذه الصفحة. انتظر قليلًا ثم اضغط «حاول مرة أخرى».",
    closed: "أُغلق هذا الاستبيان ولم يعد يقبل إجابات. شكرًا على وقتك.",
    gone: "هذا الاستبيان لم يعد متاحًا.",
    rejected: "لم نتمكن من قبول هذه الإجابة بسبب خطأ من جهتنا. نعتذر عن ذلك.",
    keyMismatch:
      "لم نرسل شيئًا: هذه الصفحة لا تطابق الرابط الذي وصلك (مفتاح التشفير مختلف). قد يكون ذلك خطأً، أو ربما غيّرها أحدهم. أخبر من شارك الرابط معك، ولا تُجب الآن.",
    codeLabel: "رمز الدعوة",
    codeHint: "يطلب هذا الاستبيان الرمز الذي أُعطي لك، مثلًا 7K2QF-M9D4X.",
    codeInvalid: "هذا الرمز غير صالح أو استُخدم من قبل. تحقق منه وحاول مرة أخرى.",
    sentTitle: "شكرًا! أُرسلت إجابتك.",
    receiptLabel: "الإيصال",
    receiptNote:
      "يثبت هذا الإيصال أن إجابتك وصلت. لا يحتوي على أي من إجاباتك ولا على أي شيء عنك. لم تعد إجاباتك على هذا الهاتف.",
    nextTitle: "ماذا يحدث الآن",
    nextNote:
      "يفتح فريق الاستبيان الإجابات على حاسوبه الخاص، ولا ينشر إلا مجاميع لمجموعات من الناس، ولا ينشر أبدًا ما أجاب به شخص واحد. لا تُنشر المجموعات الصغيرة جدًا، حتى لا يمكن التعرف على أحد.",
    resultsWhere: "ستُنشر النتائج هنا:",
    noscript: "للإجابة عن هذا الاستبيان، فعّل JavaScript في متصفحك.",
    resumeNote:
      "تبقى إجاباتك على هذا الهاتف حتى ترسلها، لتتمكن من المتابعة لاحقًا. إذا كان أشخاص آخرون يستخدمون هذا الهاتف، أرسلها أو اضغط «خروج سريع» لحذفها.",
    quickExit: "خروج سريع",
    queuedTitle: "حُفظت على هذا الهاتف. ستُرسل عندما يتوفر الاتصال.",
    queuedNote:
      "إجاباتك مشفرة؛ لا يستطيع أحد قراءتها على هذا الهاتف. يمكنك إغلاق هذه الصفحة: ستُرسل في المرة القادمة التي تفتح فيها الاستبيان وأنت متصل بالإنترنت.",
    leavingTitle: "هل تريد مغادرة الاستبيان؟",
    leavingNote: "لم تُرسل إجاباتك بعد. إذا غادرت الآن، ستضيع.",
    stay: "متابعة الإجابة",
    leave: "مغادرة الاستبيان",
    pendingTitle: "ما زال هناك شيء ينتظر الإرسال من هذا الهاتف.",
    pendingNote:
      "إنه مشفر: لا يستطيع أحد قراءته هنا. إذا حذفته، يضيع ولن يصل. إذا احتفظت به، يبقى مشفرًا في هذا المتصفح حتى يُرسل في المرة القادمة التي تفتح فيها هذه الصفحة وأنت متصل بالإنترنت؛ ومن يفحص الهاتف قد يرى أن هذه الصفحة خزّنت شيئًا.",
    pendingDelete: "احذف وغادر",
    pendingKeep: "احتفظ به وغادر",
    notInteger: "اكتب عددًا صحيحًا، بدون كسور.",
    notAMonth: "اكتب الشهر والسنة، مثلًا 5/2019.",
    exclusive: "لا يمكن اختيار هذا الخيار مع خيارات أخرى.",
    tooEarly: "يجب أن يكون الشهر {min} أو بعده.",
    tooLate: "يجب أن يكون الشهر {max} أو قبله.",
    monthRange: "شهر من {min} إلى {max}.",
    monthFrom: "شهر من {min} فما بعد.",
    monthTo: "شهر حتى {max}.",
    pageOf: "الصفحة {n} من {total}",
  },
} satisfies Record<string, RespondentStrings>;

export type InterfaceLanguage = keyof typeof RESPONDENT_STRINGS;

const table: Record<string, RespondentStrings | undefined> = RESPONDENT_STRINGS;

/**
 * The interface follows the survey language the respondent picked; a survey language we have
 * no interface strings for falls back to the survey's default, then to Spanish (DESIGN §1).
 */
export function respondentStrings(language: string, fallback?: string): RespondentStrings {
  return table[language] ?? table[fallback ?? ""] ?? RESPONDENT_STRINGS.es;
}

/**
 * A language's name in itself for the language picker: the survey's own `languageNames`, ours
 * for the interface languages, else the browser's (client/lib/languages.ts).
 */
export function languageName(language: string, survey: Pick<Survey, "languageNames"> = {}): string {
  return (
    survey.languageNames?.[language] ??
    table[language]?.languageName ??
    ownLanguageName(survey, language)
  );
}
