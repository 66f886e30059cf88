// The tables every query in server/db/ uses: the SQLite ones (schema.ts) or the PostgreSQL
// ones (schema-postgres.ts), chosen when the process opens its database. A Voz process talks
// to one database, so queries import their tables from here and are written once; the two
// schemas are kept alike by schema-postgres.test.ts. Typed as the PostgreSQL tables, like Db.
// A new table: add it to both schemas, to NAMES, and as one `export let` and one line below.
// POSTGRES_ONLY tables exist only there (undefined on SQLite, where nothing uses them).
import type { Dialect } from "./connection";
import * as sqlite from "./schema";
import * as postgres from "./schema-postgres";

export const NAMES = [
  "organizations",
  "members",
  "sessions",
  "invitations",
  "organizationInvitations",
  "loginCounts",
  "loginDevices",
  "surveys",
  "surveyVersions",
  "responseParts",
  "responseDays",
  "invitationCodes",
  "publications",
  "surveyKeys",
  "feedbackChannels",
  "feedbackKeys",
  "feedbackMessages",
  "feedbackReplies",
  "feedbackPublications",
  "publicationLimits",
  "responseRewrites",
] as const;

export const POSTGRES_ONLY = ["clientLimits", "limitSecrets"] as const;

type Name = (typeof NAMES)[number] | (typeof POSTGRES_ONLY)[number];
type Tables = { [N in Name]: (typeof postgres)[N] };

const of = (schema: typeof sqlite | typeof postgres) =>
  Object.fromEntries(
    [...NAMES, ...POSTGRES_ONLY].map((name) => [name, (schema as Record<string, unknown>)[name]]),
  ) as unknown as Tables;

const initial = of(sqlite);
export let organizations = initial.organizations;
export let members = initial.members;
export let sessions = initial.sessions;
export let invitations = initial.invitations;
export let organizationInvitations = initial.organizationInvitations;
export let loginCounts = initial.loginCounts;
export let loginDevices = initial.loginDevices;
export let surveys = initial.surveys;
export let surveyVersions = initial.surveyVersions;
export let responseParts = initial.responseParts;
export let responseDays = initial.responseDays;
export let invitationCodes = initial.invitationCodes;
export let publications = initial.publications;
export let surveyKeys = initial.surveyKeys;
export let feedbackChannels = initial.feedbackChannels;
export let feedbackKeys = initial.feedbackKeys;
export let feedbackMessages = initial.feedbackMessages;
export let feedbackReplies = initial.feedbackReplies;
export let feedbackPublications = initial.feedbackPublications;
export let publicationLimits = initial.publicationLimits;
export let clientLimits = initial.clientLimits;
export let limitSecrets = initial.limitSecrets;
export let responseRewrites = initial.responseRewrites;

let chosen: Dialect | undefined;

/** Called by openDatabase; a process that opened one kind of database cannot open the other. */
export function useTablesOf(dialect: Dialect): void {
  if (chosen && chosen !== dialect) {
    throw new Error(`this process already uses ${chosen}; one process talks to one database`);
  }
  chosen = dialect;
  const tables = of(dialect === "postgres" ? postgres : sqlite);
  organizations = tables.organizations;
  members = tables.members;
  sessions = tables.sessions;
  invitations = tables.invitations;
  organizationInvitations = tables.organizationInvitations;
  loginCounts = tables.loginCounts;
  loginDevices = tables.loginDevices;
  surveys = tables.surveys;
  surveyVersions = tables.surveyVersions;
  responseParts = tables.responseParts;
  responseDays = tables.responseDays;
  invitationCodes = tables.invitationCodes;
  publications = tables.publications;
  surveyKeys = tables.surveyKeys;
  feedbackChannels = tables.feedbackChannels;
  feedbackKeys = tables.feedbackKeys;
  feedbackMessages = tables.feedbackMessages;
  feedbackReplies = tables.feedbackReplies;
  feedbackPublications = tables.feedbackPublications;
  publicationLimits = tables.publicationLimits;
  clientLimits = tables.clientLimits;
  limitSecrets = tables.limitSecrets;
  responseRewrites = tables.responseRewrites;
}
