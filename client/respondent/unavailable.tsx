// The page a survey link opens when there is no survey to answer (issue 15 item 5): unknown,
// closed, not open yet, or too many requests from this connection. Styled like the survey page,
// in the respondent's language, saying what to do next and, when results are published, where.
// Rendered by the server only.
import { renderToString } from "preact-render-to-string";
import { NEUTRAL_PATH, TopBar } from "./chrome";
import { Document, type PageAssets } from "./page";
import { RESPONDENT_STRINGS } from "./strings";

export type Unavailable = "unknown" | "closed" | "not_open" | "too_many";

interface UnavailableStrings {
  /** Per reason: a heading and what to do next. */
  unknown: [string, string];
  closed: [string, string];
  not_open: [string, string];
  too_many: [string, string];
  /** The link to the survey's published results. */
  results: string;
  quickExit: string;
}

export const UNAVAILABLE_STRINGS = {
  es: {
    unknown: [
      "No encontramos esta encuesta",
      "Revise que el enlace esté completo, tal como se lo enviaron: si lo copió a mano, compare letra por letra. Si aun así no abre, pida el enlace otra vez a quien se lo compartió.",
    ],
    closed: ["Esta encuesta ya cerró", "Ya no recibe respuestas. Gracias por querer participar."],
    not_open: [
      "Esta encuesta todavía no está abierta",
      "La organización aún la está preparando. Vuelva a abrir este enlace más tarde.",
    ],
    too_many: [
      "Demasiadas visitas desde esta conexión",
      "Espere unos minutos y vuelva a abrir el enlace. Pasa más a menudo en una conexión compartida, como el wifi de un local.",
    ],
    results: "Ver los resultados publicados",
    quickExit: RESPONDENT_STRINGS.es.quickExit,
  },
  en: {
    unknown: [
      "We cannot find this survey",
      "Check that the link is complete, exactly as it was sent to you: if you copied it by hand, compare it letter by letter. If it still does not open, ask whoever shared it for the link again.",
    ],
    closed: [
      "This survey has closed",
      "It no longer takes answers. Thank you for wanting to take part.",
    ],
    not_open: [
      "This survey is not open yet",
      "The organization is still preparing it. Open this link again later.",
    ],
    too_many: [
      "Too many visits from this connection",
      "Wait a few minutes and open the link again. This happens more often on a shared connection, such as a shop's wifi.",
    ],
    results: "See the published results",
    quickExit: RESPONDENT_STRINGS.en.quickExit,
  },
  pt: {
    unknown: [
      "Não encontramos esta pesquisa",
      "Confira se o link está completo, do jeito que foi enviado: se você o copiou à mão, compare letra por letra. Se mesmo assim não abrir, peça o link de novo a quem o compartilhou.",
    ],
    closed: [
      "Esta pesquisa já foi encerrada",
      "Ela não recebe mais respostas. Obrigado por querer participar.",
    ],
    not_open: [
      "Esta pesquisa ainda não está aberta",
      "A organização ainda está preparando a pesquisa. Abra este link de novo mais tarde.",
    ],
    too_many: [
      "Acessos demais a partir desta conexão",
      "Espere alguns minutos e abra o link de novo. Isso acontece mais em conexões compartilhadas, como o wi-fi de uma loja.",
    ],
    results: "Ver os resultados publicados",
    quickExit: RESPONDENT_STRINGS.pt.quickExit,
  },
  fr: {
    unknown: [
      "Nous ne trouvons pas cette enquête",
      "Vérifiez que le lien est complet, tel qu'on vous l'a envoyé : si vous l'avez recopié à la main, comparez-le lettre par lettre. S'il ne s'ouvre toujours pas, redemandez le lien à la personne qui vous l'a donné.",
    ],
    closed: [
      "Cette enquête est terminée",
      "Elle ne reçoit plus de réponses. Merci d'avoir voulu participer.",
    ],
    not_open: [
      "Cette enquête n'est pas encore ouverte",
      "L'organisation la prépare encore. Rouvrez ce lien plus tard.",
    ],
    too_many: [
      "Trop de visites depuis cette connexion",
      "Attendez quelques minutes puis rouvrez le lien. Cela arrive plus souvent sur une connexion partagée, comme le wifi d'un commerce.",
    ],
    results: "Voir les résultats publiés",
    quickExit: RESPONDENT_STRINGS.fr.quickExit,
  },
  ht: {
    unknown: [
      "Nou pa jwenn sondaj sa a",
      "Verifye lyen an konplè, jan yo te voye l ba ou a: si w te kopye l ak men, konpare l lèt pa lèt. Si l toujou pa louvri, mande moun ki te pataje l la lyen an ankò.",
    ],
    closed: ["Sondaj sa a fèmen", "Li pa resevwa repons ankò. Mèsi paske w te vle patisipe."],
    not_open: [
      "Sondaj sa a poko louvri",
      "Òganizasyon an ap prepare l toujou. Louvri lyen sa a ankò pita.",
    ],
    too_many: [
      "Twòp vizit soti nan koneksyon sa a",
      "Tann kèk minit epi louvri lyen an ankò. Sa rive pi souvan sou yon koneksyon pataje, tankou wifi yon biznis.",
    ],
    results: "Gade rezilta yo pibliye yo",
    quickExit: RESPONDENT_STRINGS.ht.quickExit,
  },
  ar: {
    unknown: [
      "لا نجد هذا الاستبيان",
      "تحقق من أن الرابط كامل، تمامًا كما أُرسل إليك: إذا نسخته يدويًا، فقارنه حرفًا بحرف. إذا لم يُفتح بعد ذلك، فاطلب الرابط مرة أخرى ممن شاركه معك.",
    ],
    closed: ["أُغلق هذا الاستبيان", "لم يعد يقبل إجابات. شكرًا على رغبتك في المشاركة."],
    not_open: [
      "هذا الاستبيان غير مفتوح بعد",
      "ما زالت المنظمة تُعدّه. افتح هذا الرابط مرة أخرى لاحقًا.",
    ],
    too_many: [
      "زيارات كثيرة من هذا الاتصال",
      "انتظر بضع دقائق ثم افتح الرابط مرة أخرى. يحدث هذا أكثر على اتصال مشترك، مثل شبكة الواي فاي في متجر.",
    ],
    results: "عرض النتائج المنشورة",
    quickExit: RESPONDENT_STRINGS.ar.quickExit,
  },
} satisfies Record<keyof typeof RESPONDENT_STRINGS, UnavailableStrings>;

/** The languages these pages speak: every interface language of the respondent page. */
export const INTERFACE_LANGUAGES = Object.keys(UNAVAILABLE_STRINGS);

const table: Record<string, UnavailableStrings | undefined> = UNAVAILABLE_STRINGS;

export interface UnavailableInput {
  reason: Unavailable;
  /** One of INTERFACE_LANGUAGES. */
  language: string;
  /** Where the survey's published results are, when there are any. */
  results: string | null;
  assets: PageAssets;
}

export function renderUnavailablePage({ reason, language, results, assets }: UnavailableInput) {
  const t = table[language] ?? UNAVAILABLE_STRINGS.es;
  const [title, next] = t[reason];
  return `<!doctype html>${renderToString(
    <Document language={language} title={title} assets={assets}>
      <TopBar
        exit={
          <a class="quick-exit" href={NEUTRAL_PATH}>
            {t.quickExit}
          </a>
        }
      />
      <main class="unavailable">
        <h1>{title}</h1>
        <p>{next}</p>
        {results ? (
          <p>
            <a href={results}>{t.results}</a>
          </p>
        ) : null}
      </main>
    </Document>,
  )}`;
}
