// The workspace as a whole: logging in, the header, and which page the path names.
import { useEffect, useState } from "preact/hooks";
import type { KeyPair } from "../lib/crypto";
import { languageName } from "../lib/languages";
import type { PageAssets } from "../respondent/page";
import { Join, LogIn, SignUp } from "./account";
import { AnswersPage } from "./answers";
import { api, type Me } from "./api";
import { Editor } from "./editor";
import { FeedbackPage } from "./feedback/channel";
import { Members } from "./members";
import { Profile } from "./profile";
import { ResultsPage } from "./results/results";
import { navigate, onLinkClick, route, usePath } from "./router";
import { RequireKey, SessionContext } from "./session";
import {
  setWorkspaceLanguage,
  useStrings,
  WORKSPACE_LANGUAGES,
  workspaceLanguage,
} from "./strings";
import { SurveyList, SurveyPage } from "./surveys";

export function Workspace({ respondent }: { respondent: PageAssets }) {
  const path = usePath();
  const current = route(path);
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [memberKey, setMemberKey] = useState<KeyPair | null>(null);
  const strings = useStrings();
  const t = strings.shell;

  useEffect(() => {
    api.me().then((result) => setMe(result.ok ? result.value : null));
  }, []);

  const signedIn = (who: Me, key: KeyPair) => {
    setMe(who);
    setMemberKey(key);
    navigate("/c/");
  };

  async function logOut() {
    await api.logOut();
    setMemberKey(null);
    setMe(null);
    navigate("/c/login");
  }

  if (me === undefined) return <p class="loading">{t.loading}</p>;
  // Before anyone is signed in: the same language menu, above the account forms.
  const outside = (form: preact.ComponentChild) => (
    <>
      <header class="top outside">
        <LanguageChoice label={t.language} />
      </header>
      <main id="main">{form}</main>
    </>
  );
  if (current.page === "join") return outside(<Join onSignedIn={signedIn} />);
  if (current.page === "signup") return outside(<SignUp onSignedIn={signedIn} />);
  if (!me || current.page === "login") return outside(<LogIn onSignedIn={signedIn} />);

  let page: preact.ComponentChild;
  switch (current.page) {
    case "surveys":
      page = <SurveyList />;
      break;
    case "members":
      page = me.member.role === "owner" ? <Members /> : <p>{t.ownersOnly}</p>;
      break;
    case "account":
      page = <Profile />;
      break;
    case "new":
      page = <Editor slug={null} />;
      break;
    case "edit":
      page = <Editor slug={current.slug} />;
      break;
    case "survey":
      page = <SurveyPage slug={current.slug} />;
      break;
    case "answers":
      page = <AnswersPage slug={current.slug} />;
      break;
    case "results":
      page = (
        <RequireKey>
          {memberKey ? (
            <ResultsPage slug={current.slug} memberKey={memberKey} csrfToken={me.csrfToken} />
          ) : null}
        </RequireKey>
      );
      break;
    case "feedback":
      page = <FeedbackPage {...current.feedback} />;
      break;
    default:
      page = <p>{t.missing}</p>;
  }

  return (
    <SessionContext.Provider value={{ me, memberKey, setMemberKey, respondent }}>
      <header class="top">
        <a class="brand" href="/c/" onClick={onLinkClick}>
          Voz · {me.organization.name}
        </a>
        <nav aria-label={t.navigation}>
          <a
            href="/c/"
            onClick={onLinkClick}
            aria-current={current.page === "surveys" ? "page" : undefined}
          >
            {t.surveys}
          </a>
          <a
            href="/c/feedback"
            onClick={onLinkClick}
            aria-current={current.page === "feedback" ? "page" : undefined}
          >
            {t.feedback}
          </a>
          {me.member.role === "owner" ? (
            <a
              href="/c/members"
              onClick={onLinkClick}
              aria-current={current.page === "members" ? "page" : undefined}
            >
              {t.members}
            </a>
          ) : null}
        </nav>
        <div class="who">
          <a
            href="/c/account"
            onClick={onLinkClick}
            aria-current={current.page === "account" ? "page" : undefined}
          >
            {me.member.email} ({strings.members.roleShort[me.member.role]})
          </a>
          {memberKey ? (
            <button type="button" onClick={() => setMemberKey(null)} title={t.lockTitle}>
              {t.lock}
            </button>
          ) : (
            <span class="locked">{t.locked}</span>
          )}
          <button type="button" onClick={logOut}>
            {t.logOut}
          </button>
          <LanguageChoice label={t.language} />
        </div>
      </header>
      <main id="main">{page}</main>
    </SessionContext.Provider>
  );
}

/** The workspace's language, each named in itself; kept on this device. */
function LanguageChoice({ label }: { label: string }) {
  return (
    <select
      aria-label={label}
      value={workspaceLanguage()}
      onChange={(event) => setWorkspaceLanguage((event.currentTarget as HTMLSelectElement).value)}
    >
      {WORKSPACE_LANGUAGES.map((code) => (
        <option key={code} value={code} lang={code}>
          {languageName({}, code)}
        </option>
      ))}
    </select>
  );
}
