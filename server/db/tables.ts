// The tables every query in server/db/ uses: the SQLite ones (schema.ts) or the PostgreSQL
// ones (schema-postgres.ts), chosen when the process opens its database. A Voz process talks
// to one database, so queries import their tables from here and are written once; the two
// schemas are kept alike by schema-postgres.test.ts. Typed as the PostgreSQL tables, like Db.
import type { Dialect } from "./connection";
import * as sqlite from "./schema";
import * as postgres from "./schema-postgres";

type Tables = {
  organizations: typeof postgres.organizations;
  members: typeof postgres.members;
  sessions: typeof postgres.sessions;
  invitations: typeof postgres.invitations;
  surveys: typeof postgres.surveys;
  surveyVersions: typeof postgres.surveyVersions;
  responses: typeof postgres.responses;
  invitationCodes: typeof postgres.invitationCodes;
  publications: typeof postgres.publications;
  surveyKeys: typeof postgres.surveyKeys;
  feedbackChannels: typeof postgres.feedbackChannels;
  feedbackKeys: typeof postgres.feedbackKeys;
  feedbackMessages: typeof postgres.feedbackMessages;
  feedbackReplies: typeof postgres.feedbackReplies;
  feedbackPublications: typeof postgres.feedbackPublications;
};

const of = (schema: typeof sqlite | typeof postgres): Tables => ({
  organizations: schema.organizations as unknown as typeof postgres.organizations,
  members: schema.members as unknown as typeof postgres.members,
  sessions: schema.sessions as unknown as typeof postgres.sessions,
  invitations: schema.invitations as unknown as typeof postgres.invitations,
  surveys: schema.surveys as unknown as typeof postgres.surveys,
  surveyVersions: schema.surveyVersions as unknown as typeof postgres.surveyVersions,
  responses: schema.responses as unknown as typeof postgres.responses,
  invitationCodes: schema.invitationCodes as unknown as typeof postgres.invitationCodes,
  publications: schema.publications as unknown as typeof postgres.publications,
  surveyKeys: schema.surveyKeys as unknown as typeof postgres.surveyKeys,
  feedbackChannels: schema.feedbackChannels as unknown as typeof postgres.feedbackChannels,
  feedbackKeys: schema.feedbackKeys as unknown as typeof postgres.feedbackKeys,
  feedbackMessages: schema.feedbackMessages as unknown as typeof postgres.feedbackMessages,
  feedbackReplies: schema.feedbackReplies as unknown as typeof postgres.feedbackReplies,
  feedbackPublications:
    schema.feedbackPublications as unknown as typeof postgres.feedbackPublications,
});

export let organizations = of(sqlite).organizations;
export let members = of(sqlite).members;
export let sessions = of(sqlite).sessions;
export let invitations = of(sqlite).invitations;
export let surveys = of(sqlite).surveys;
export let surveyVersions = of(sqlite).surveyVersions;
export let responses = of(sqlite).responses;
export let invitationCodes = of(sqlite).invitationCodes;
export let publications = of(sqlite).publications;
export let surveyKeys = of(sqlite).surveyKeys;
export let feedbackChannels = of(sqlite).feedbackChannels;
export let feedbackKeys = of(sqlite).feedbackKeys;
export let feedbackMessages = of(sqlite).feedbackMessages;
export let feedbackReplies = of(sqlite).feedbackReplies;
export let feedbackPublications = of(sqlite).feedbackPublications;

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
  surveys = tables.surveys;
  surveyVersions = tables.surveyVersions;
  responses = tables.responses;
  invitationCodes = tables.invitationCodes;
  publications = tables.publications;
  surveyKeys = tables.surveyKeys;
  feedbackChannels = tables.feedbackChannels;
  feedbackKeys = tables.feedbackKeys;
  feedbackMessages = tables.feedbackMessages;
  feedbackReplies = tables.feedbackReplies;
  feedbackPublications = tables.feedbackPublications;
}
