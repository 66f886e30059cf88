// Interface strings of the start page `/`, in the respondent pages' languages.

export interface StartStrings {
  title: string;
  lead: string;
  respondentsHeading: string;
  respondents: string;
  /** Labels the short-name field. */
  surveyName: string;
  go: string;
  badName: string;
  safety: string;
  organizationsHeading: string;
  organizations: string;
  logIn: string;
  signUp: string;
  languages: string;
}

export const START_STRINGS: Record<string, StartStrings> = {
  es: {
    title: "Voz: encuestas anónimas",
    lead: "Voz recoge opiniones de personas que pueden correr riesgos si se sabe lo que respondieron. Las respuestas se cifran en el teléfono de quien responde: el servidor no puede leerlas, y solo se publican cifras de grupos grandes.",
    respondentsHeading: "¿Le pidieron responder una encuesta?",
    respondents:
      "Abra el enlace o escanee el código QR que le dio la organización. Si solo tiene el nombre corto de la encuesta, escríbalo aquí.",
    surveyName: "Nombre corto de la encuesta",
    go: "Ir a la encuesta",
    badName:
      "Ese nombre no es válido: use minúsculas, números y guiones (por ejemplo acceso-pasaporte).",
    safety:
      "No se guarda su dirección IP ni la hora en que responde, y la página tiene un botón de salida rápida.",
    organizationsHeading: "Organizaciones",
    organizations:
      "Cree y traduzca cuestionarios, ábralos con su propia clave, lea las respuestas en su computadora y publique resultados que protegen a quienes respondieron.",
    logIn: "Entrar al espacio de trabajo",
    signUp: "Crear un espacio para su organización",
    languages: "Idioma",
  },
  en: {
    title: "Voz: anonymous surveys",
    lead: "Voz collects the views of people who can be hurt if their answers leak. Answers are encrypted on the respondent's phone: the server cannot read them, and only numbers about large enough groups are ever published.",
    respondentsHeading: "Were you asked to answer a survey?",
    respondents:
      "Open the link or scan the QR code the organization gave you. If you only have the survey's short name, type it here.",
    surveyName: "Survey short name",
    go: "Go to the survey",
    badName:
      "That name is not valid: use lower-case letters, digits and hyphens (for example passport-access).",
    safety:
      "Your IP address and the time you answer are not stored, and the page has a quick-exit button.",
    organizationsHeading: "Organizations",
    organizations:
      "Build and translate questionnaires, open them with your own key, read the answers on your own computer and publish results that protect the people who answered.",
    logIn: "Log in to the workspace",
    signUp: "Create a workspace for your organization",
    languages: "Language",
  },
  pt: {
    title: "Voz: pesquisas anônimas",
    lead: "O Voz recolhe a opinião de pessoas que podem correr riscos se suas respostas vazarem. As respostas são criptografadas no telefone de quem responde: o servidor não consegue lê-las, e só se publicam números de grupos grandes.",
    respondentsHeading: "Pediram que você respondesse a uma pesquisa?",
    respondents:
      "Abra o link ou escaneie o código QR que a organização lhe deu. Se você só tem o nome curto da pesquisa, digite-o aqui.",
    surveyName: "Nome curto da pesquisa",
    go: "Ir para a pesquisa",
    badName:
      "Esse nome não é válido: use minúsculas, números e hífens (por exemplo acesso-passaporte).",
    safety:
      "Seu endereço IP e a hora da resposta não são guardados, e a página tem um botão de saída rápida.",
    organizationsHeading: "Organizações",
    organizations:
      "Crie e traduza questionários, abra-os com sua própria chave, leia as respostas no seu computador e publique resultados que protegem quem respondeu.",
    logIn: "Entrar no espaço de trabalho",
    signUp: "Criar um espaço para sua organização",
    languages: "Idioma",
  },
  fr: {
    title: "Voz : enquêtes anonymes",
    lead: "Voz recueille l'avis de personnes qui peuvent être mises en danger si leurs réponses sont connues. Les réponses sont chiffrées sur le téléphone de la personne : le serveur ne peut pas les lire, et seuls des chiffres portant sur des groupes assez grands sont publiés.",
    respondentsHeading: "On vous a demandé de répondre à une enquête ?",
    respondents:
      "Ouvrez le lien ou scannez le code QR que l'organisation vous a donné. Si vous n'avez que le nom court de l'enquête, saisissez-le ici.",
    surveyName: "Nom court de l'enquête",
    go: "Aller à l'enquête",
    badName:
      "Ce nom n'est pas valide : utilisez des minuscules, des chiffres et des tirets (par exemple acces-passeport).",
    safety:
      "Votre adresse IP et l'heure de votre réponse ne sont pas enregistrées, et la page a un bouton de sortie rapide.",
    organizationsHeading: "Organisations",
    organizations:
      "Créez et traduisez des questionnaires, ouvrez-les avec votre propre clé, lisez les réponses sur votre ordinateur et publiez des résultats qui protègent les personnes qui ont répondu.",
    logIn: "Entrer dans l'espace de travail",
    signUp: "Créer un espace pour votre organisation",
    languages: "Langue",
  },
  ht: {
    title: "Voz: sondaj anonim",
    lead: "Voz ranmase opinyon moun ki ka an danje si yo konnen sa yo reponn. Repons yo kode sou telefòn moun ki reponn nan: sèvè a pa ka li yo, epi se sèlman chif sou gwo gwoup moun yo pibliye.",
    respondentsHeading: "Yo mande w reponn yon sondaj?",
    respondents:
      "Louvri lyen an oswa eskane kòd QR òganizasyon an ba ou a. Si ou gen non kout sondaj la sèlman, ekri l la a.",
    surveyName: "Non kout sondaj la",
    go: "Ale nan sondaj la",
    badName: "Non sa a pa bon: sèvi ak lèt miniskil, chif ak tirè (pa egzanp akse-paspo).",
    safety: "Nou pa kenbe adrès IP ou ni lè ou reponn, epi paj la gen yon bouton pou soti vit.",
    organizationsHeading: "Òganizasyon",
    organizations:
      "Kreye epi tradui kesyonè, louvri yo ak pwòp kle ou, li repons yo sou òdinatè ou epi pibliye rezilta ki pwoteje moun ki reponn yo.",
    logIn: "Antre nan espas travay la",
    signUp: "Kreye yon espas pou òganizasyon ou",
    languages: "Lang",
  },
};

export const START_LANGUAGES = Object.keys(START_STRINGS);

export function startStrings(language: string): StartStrings {
  return START_STRINGS[language] ?? (START_STRINGS.es as StartStrings);
}
