// The same tables for PostgreSQL (issue 17). schema.ts is the reference: what each table and
// column means, and why, is said there; this file only restates it in PostgreSQL's types
// (booleans as boolean, epoch milliseconds as bigint). schema-postgres.test.ts fails when the
// two disagree on a table, a column, a key or an index.
import { bigint, boolean, index, integer, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { FEEDBACK_KEY_KINDS, FEEDBACK_STATUSES, ROLES } from "./schema";

export const organizations = pgTable("organizations", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  createdOn: text("created_on").notNull(),
});

export const members = pgTable("members", {
  id: text("id").primaryKey(),
  orgId: text("org_id")
    .notNull()
    .references(() => organizations.id),
  email: text("email").notNull().unique(),
  passwordHash: text("password_hash").notNull(),
  role: text("role", { enum: ROLES }).notNull(),
  publicKey: text("public_key").notNull(),
  wrappedKey: text("wrapped_key").notNull(),
  safeguarding: boolean("safeguarding").notNull().default(false),
  name: text("name"),
});

export const sessions = pgTable("sessions", {
  tokenHash: text("token_hash").primaryKey(),
  memberId: text("member_id")
    .notNull()
    .references(() => members.id),
  csrfToken: text("csrf_token").notNull(),
  createdAt: bigint("created_at", { mode: "number" }).notNull(),
  lastSeenAt: bigint("last_seen_at", { mode: "number" }).notNull(),
});

export const organizationInvitations = pgTable("organization_invitations", {
  tokenHash: text("token_hash").primaryKey(),
  name: text("name").notNull(),
  expiresAt: bigint("expires_at", { mode: "number" }).notNull(),
});

export const loginCounts = pgTable("login_counts", {
  emailHash: text("email_hash").primaryKey(),
  failedLogins: integer("failed_logins").notNull().default(0),
  lockedUntil: bigint("locked_until", { mode: "number" }).notNull().default(0),
});

export const loginDevices = pgTable(
  "login_devices",
  {
    tokenHash: text("token_hash").primaryKey(),
    memberId: text("member_id")
      .notNull()
      .references(() => members.id),
    failedLogins: integer("failed_logins").notNull().default(0),
    lockedUntil: bigint("locked_until", { mode: "number" }).notNull().default(0),
    lastLoginAt: bigint("last_login_at", { mode: "number" }).notNull(),
  },
  (t) => [index("login_devices_by_member").on(t.memberId)],
);

export const invitations = pgTable("invitations", {
  id: text("id").notNull().unique(),
  tokenHash: text("token_hash").primaryKey(),
  orgId: text("org_id")
    .notNull()
    .references(() => organizations.id),
  name: text("name").notNull(),
  role: text("role", { enum: ROLES }).notNull(),
  expiresAt: bigint("expires_at", { mode: "number" }).notNull(),
  used: boolean("used").notNull().default(false),
  revoked: boolean("revoked").notNull().default(false),
});

export const surveys = pgTable("surveys", {
  slug: text("slug").primaryKey(),
  orgId: text("org_id").references(() => organizations.id),
  state: text("state", { enum: ["draft", "open", "closed"] }).notNull(),
  createdOn: text("created_on").notNull(),
  maxResponsesPerDay: integer("max_responses_per_day"),
  draft: text("draft"),
  requiresCode: boolean("requires_code").notNull().default(false),
  publicationK: integer("publication_k"),
});

export const surveyVersions = pgTable(
  "survey_versions",
  {
    slug: text("slug")
      .notNull()
      .references(() => surveys.slug),
    version: integer("version").notNull(),
    definition: text("definition").notNull(),
    publicKey: text("public_key").notNull(),
    createdOn: text("created_on").notNull(),
  },
  (t) => [primaryKey({ columns: [t.slug, t.version] })],
);
// PostgreSQL has no WITHOUT ROWID: a table's heap is written in insertion order, whatever the
// key (docs/promises.md#arrival-order says what that leaves, and what the operator must do), so
// each response is one row here, part 0 of 1 (responses.ts partChars).
export const responseParts = pgTable(
  "response_parts",
  {
    slug: text("slug")
      .notNull()
      .references(() => surveys.slug),
    key: text("key").notNull(),
    id: text("id").notNull(),
    part: integer("part").notNull(),
    parts: integer("parts").notNull(),
    ciphertext: text("ciphertext").notNull(),
    receivedOn: text("received_on").notNull(),
  },
  (t) => [primaryKey({ columns: [t.slug, t.key] })],
);

export const responseDays = pgTable(
  "response_days",
  {
    slug: text("slug")
      .notNull()
      .references(() => surveys.slug),
    day: text("day").notNull(),
    responses: integer("responses").notNull(),
  },
  (t) => [primaryKey({ columns: [t.slug, t.day] })],
);

export const invitationCodes = pgTable(
  "invitation_codes",
  {
    slug: text("slug")
      .notNull()
      .references(() => surveys.slug),
    codeHash: text("code_hash").notNull(),
  },
  (t) => [primaryKey({ columns: [t.slug, t.codeHash] })],
);

export const publications = pgTable(
  "publications",
  {
    slug: text("slug")
      .notNull()
      .references(() => surveys.slug),
    number: integer("number").notNull(),
    body: text("body").notNull(),
    publishedOn: text("published_on").notNull(),
    withdrawn: boolean("withdrawn").notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.slug, t.number] })],
);

export const surveyKeys = pgTable(
  "survey_keys",
  {
    slug: text("slug")
      .notNull()
      .references(() => surveys.slug),
    publicKey: text("public_key").notNull(),
    memberId: text("member_id")
      .notNull()
      .references(() => members.id),
    sealedKey: text("sealed_key").notNull(),
  },
  (t) => [primaryKey({ columns: [t.slug, t.publicKey, t.memberId] })],
);
export const feedbackChannels = pgTable("feedback_channels", {
  slug: text("slug").primaryKey(),
  orgId: text("org_id")
    .notNull()
    .unique()
    .references(() => organizations.id),
  publicKey: text("public_key").notNull(),
  sensitivePublicKey: text("sensitive_public_key").notNull(),
  frame: text("frame").notNull(),
  createdOn: text("created_on").notNull(),
  publicationK: integer("publication_k"),
  replyDays: integer("reply_days"),
});

export const feedbackKeys = pgTable(
  "feedback_keys",
  {
    slug: text("slug")
      .notNull()
      .references(() => feedbackChannels.slug),
    memberId: text("member_id")
      .notNull()
      .references(() => members.id),
    kind: text("kind", { enum: FEEDBACK_KEY_KINDS }).notNull(),
    sealedKey: text("sealed_key").notNull(),
  },
  (t) => [primaryKey({ columns: [t.slug, t.memberId, t.kind] })],
);

export const feedbackMessages = pgTable(
  "feedback_messages",
  {
    id: text("id").primaryKey(),
    slug: text("slug")
      .notNull()
      .references(() => feedbackChannels.slug),
    sensitive: boolean("sensitive").notNull(),
    ciphertext: text("ciphertext").notNull(),
    lookup: text("lookup").notNull().unique(),
    month: text("month").notNull(),
    status: text("status", { enum: FEEDBACK_STATUSES }).notNull().default("new"),
    assignee: text("assignee").references(() => members.id),
    coding: text("coding"),
  },
  (t) => [index("feedback_messages_by_channel").on(t.slug, t.sensitive)],
);

export const feedbackReplies = pgTable(
  "feedback_replies",
  {
    messageId: text("message_id")
      .notNull()
      .references(() => feedbackMessages.id),
    number: integer("number").notNull(),
    ciphertext: text("ciphertext").notNull(),
    day: text("day").notNull(),
  },
  (t) => [primaryKey({ columns: [t.messageId, t.number] })],
);

export const feedbackPublications = pgTable(
  "feedback_publications",
  {
    slug: text("slug")
      .notNull()
      .references(() => feedbackChannels.slug),
    number: integer("number").notNull(),
    body: text("body").notNull(),
    publishedOn: text("published_on").notNull(),
    withdrawn: boolean("withdrawn").notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.slug, t.number] })],
);

export const publicationLimits = pgTable("publication_limits", {
  orgId: text("org_id")
    .primaryKey()
    .references(() => organizations.id),
  windowStart: bigint("window_start", { mode: "number" }).notNull(),
  count: integer("count").notNull(),
});

// Only on PostgreSQL, where several instances share one database: per-client rate limits
// (server/limits.ts SharedLimiter). Both are UNLOGGED (hand-added in the migration, as
// schema.ts's WITHOUT ROWID): never written to the WAL, never replicated, emptied after a
// crash. A row is a bucket of 1/65,536 of all client addresses, never an address.
export const clientLimits = pgTable(
  "client_limits",
  {
    /** Which limit: submissions, logins, reply lookups. */
    rule: text("rule").notNull(),
    /** 16 bits of HMAC(the day's secret, address). */
    bucket: integer("bucket").notNull(),
    /** Epoch ms of the current window's start, aligned to the window (a minute). */
    windowStart: bigint("window_start", { mode: "number" }).notNull(),
    count: integer("count").notNull(),
  },
  (t) => [primaryKey({ columns: [t.rule, t.bucket] })],
);

/** The day's random secret that places addresses in buckets; older days' are deleted. */
export const limitSecrets = pgTable("limit_secrets", {
  day: text("day").primaryKey(),
  secret: text("secret").notNull(),
});

/**
 * Only on PostgreSQL: the responses stored (the sum of response_days) when the tables that hold
 * responses were last rewritten in key order (postgres-rewrite.ts), and the feedback messages
 * held when theirs were; one row that the migration makes. SQLite keeps the responses' number in
 * its file's header; here it must be in the database, where every instance sharing it reads it.
 */
export const responseRewrites = pgTable("response_rewrites", {
  responses: bigint("responses", { mode: "number" }).notNull(),
  feedbackMessages: bigint("feedback_messages", { mode: "number" }).notNull().default(0),
});
