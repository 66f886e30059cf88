// The workspace's words in English: one namespace per page (TEAM.md; the respondent pages'
// pattern). es.ts, pt.ts and fr.ts have the same shape (WorkspaceStrings). `{name}` slots are
// filled with fill() from client/lib/labels.ts.

export const en = {
  shell: {
    loading: "Loading…",
    navigation: "Workspace",
    surveys: "Surveys",
    feedback: "Feedback",
    members: "Members",
    lock: "Lock",
    lockTitle: "Forget the unlocked key in this tab",
    locked: "Key locked",
    logOut: "Log out",
    language: "Language",
    ownersOnly: "Only owners manage members.",
    missing: "There is no such page.",
  },
  confirm: {
    cancel: "Cancel",
  },
  surveys: {
    title: "Surveys",
    newSurvey: "New survey",
    none: "No surveys yet.",
    survey: "Survey",
    state: "State",
    today: "Today (UTC)",
    week: "Last 7 days",
    all: "All responses",
    states: { draft: "draft", open: "open", closed: "closed" },
  },
  survey: {
    states: {
      draft: "Draft — not published",
      open: "Open — taking answers",
      closed: "Closed",
    },
    shortName: "Short name",
    version: "version {n}",
    unpublished: "the draft has unpublished changes",
    edit: "Edit questionnaire",
    open: "Open survey",
    openYes: "Yes, open it",
    openWhat:
      "Opening publishes this questionnaire as version 1: from then on anyone with the link can answer. This browser makes the survey's key and seals it to every owner and analyst. Later changes reach respondents only when you publish them as a new version.",
    publish: "Publish version {n}",
    publishYes: "Yes, publish version {n}",
    publishWhat:
      "Respondents get the edited questionnaire from now on, through the same link and poster. Answers already given stay with version {latest} and stay readable.",
    close: "Close",
    closeYes: "Yes, close it",
    closeWhat:
      "Closing stops new answers at once: the link and the poster will say the survey is closed. Answers already given stay. You can reopen it later.",
    reopen: "Reopen",
    reopenYes: "Yes, reopen it",
    reopenWhat: "Reopening takes answers again through the same link and poster.",
    readAnswers: "Read answers",
    results: "Results",
    refresh: "Refresh",
    opening: "Making the survey key in this browser and sealing it…",
    opened: "Open. The survey key is sealed to {readers}.",
    publishing: "Publishing…",
    live: "Version {n} is live.",
    openedAgain: "Open again.",
    closed: "Closed: no new answers.",
    beforeOpening:
      "Opening makes a key pair for this survey in your browser. Its secret half is sealed to every owner and analyst and never reaches the server unsealed.",
    distribution: "Distribution",
    tampered:
      "The key of version {n} is not the one this browser saw before: someone who can change the stored survey may be redirecting answers. Do not share the link; tell the organization's owners.",
    link: "Respondents' link:",
    poster: "printable poster with QR code",
    fingerprint:
      "The part after “#k=” is the survey key's fingerprint: the survey page checks it before sending answers, and refuses if the key it is given is another. It changes when the key is replaced.",
    responses: "Responses:",
    noneYet: "None yet.",
    day: "Day (UTC)",
    responsesColumn: "Responses",
    bar: "Bar",
    dayOnly: "Only the day is stored for each response, never the time or the sender.",
    duplicate: "Duplicate…",
    copyName: "Short name of the copy",
    makeCopy: "Make the copy",
    copyWhat:
      "The copy is a new draft with the same questions, its own key once opened, and no answers.",
    copying: "Copying…",
    copied: "Copied as the draft “{slug}”.",
    notCopied: "Not copied: {reason}",
    delete: "Delete survey",
    deleteYes: "Yes, delete it",
    deleteWhat:
      "Deleting removes this survey, its versions and its key copies for good; its link and poster stop working and its short name becomes free. Only a survey nobody has answered can be deleted.",
    deleting: "Deleting…",
    notDeleted: "Not deleted: {reason}",
  },
};

export type WorkspaceStrings = typeof en;
