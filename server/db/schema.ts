// Storage schema. Privacy by design (DESIGN §9): there is no column where an IP address,
// a user agent, a cookie or a time finer than the day could go, and no plaintext answers.
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

// Coordinators' side (issue 4). Unlike respondents, members are identified: that is the point
// of an account. Still, passwords are kept only as scrypt hashes, session and invitation
// tokens only as SHA-256 hashes, and a member's secret key only wrapped with their passphrase.
export const organizations = sqliteTable("organizations", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  createdOn: text("created_on").notNull(),
});

export const ROLES = ["owner", "designer", "analyst"] as const;
export type Role = (typeof ROLES)[number];

export const members = sqliteTable("members", {
  id: text("id").primaryKey(),
  orgId: text("org_id")
    .notNull()
    .references(() => organizations.id),
  email: text("email").notNull().unique(),
  passwordHash: text("password_hash").notNull(),
  role: text("role", { enum: ROLES }).notNull(),
  /** The member's personal X25519 public key; survey keys are sealed to it. */
  publicKey: text("public_key").notNull(),
  /** The personal secret key wrapped with the passphrase (client/lib/keyring.ts), as JSON. */
  wrappedKey: text("wrapped_key").notNull(),
  /** Granted by the owner: may hold the feedback channel's sensitive key and see those reports. */
  safeguarding: integer("safeguarding", { mode: "boolean" }).notNull().default(false),
  /** As the owner wrote it on the invitation; null for an organization's first owner. */
  name: text("name"),
});

export const sessions = sqliteTable("sessions", {
  tokenHash: text("token_hash").primaryKey(),
  memberId: text("member_id")
    .notNull()
    .references(() => members.id),
  csrfToken: text("csrf_token").notNull(),
  createdAt: integer("created_at").notNull(),
  lastSeenAt: integer("last_seen_at").notNull(),
});

/**
 * An organization the operator let in (`cli org create`, VOZ_SIGNUP=invite): the one-time
 * sign-up link's token, by its hash, and the name the organization will have. Deleted when used.
 */
export const organizationInvitations = sqliteTable("organization_invitations", {
  tokenHash: text("token_hash").primaryKey(),
  name: text("name").notNull(),
  expiresAt: integer("expires_at").notNull(),
});

/**
 * Wrong passwords per email tried (issue 13 item 7), whether or not it has an account: an email
 * that exists must be slowed down exactly as one that does not, or the delay tells which exist.
 * Keyed by a hash of the email as typed (normalized), so the table holds no address; a copy
 * of the database can still confirm that a guessed address was tried. A right password deletes
 * its row, and so does a day without attempts (logins.ts LOGIN_COUNT_KEPT_MS).
 */
export const loginCounts = sqliteTable("login_counts", {
  emailHash: text("email_hash").primaryKey(),
  failedLogins: integer("failed_logins").notNull().default(0),
  /** Epoch ms until which attempts on this email wait. */
  lockedUntil: integer("locked_until").notNull().default(0),
});

/**
 * Browsers a member has logged in from (issue 13 item 7): each has its own count of wrong
 * passwords and its own delay, so whoever knows only an email slows down strangers' browsers,
 * never the member's own. Keyed by the hash of the token in the browser's `voz_device` cookie.
 */
export const loginDevices = sqliteTable(
  "login_devices",
  {
    tokenHash: text("token_hash").primaryKey(),
    memberId: text("member_id")
      .notNull()
      .references(() => members.id),
    failedLogins: integer("failed_logins").notNull().default(0),
    /** Epoch ms until which this browser's attempts wait. */
    lockedUntil: integer("locked_until").notNull().default(0),
    /** Epoch ms of the last login from it: a member keeps their most recent browsers. */
    lastLoginAt: integer("last_login_at").notNull(),
  },
  (t) => [index("login_devices_by_member").on(t.memberId)],
);

export const invitations = sqliteTable("invitations", {
  /** What the owner's page names an invitation by; the token itself is shown once. */
  id: text("id").notNull().unique(),
  tokenHash: text("token_hash").primaryKey(),
  orgId: text("org_id")
    .notNull()
    .references(() => organizations.id),
  /** Whom it is for, as the owner wrote it (issue 16). */
  name: text("name").notNull(),
  role: text("role", { enum: ROLES }).notNull(),
  expiresAt: integer("expires_at").notNull(),
  used: integer("used", { mode: "boolean" }).notNull().default(false),
  revoked: integer("revoked", { mode: "boolean" }).notNull().default(false),
});

export const surveys = sqliteTable("surveys", {
  slug: text("slug").primaryKey(),
  /** The organization that owns it; null for surveys opened from files with the CLI. */
  orgId: text("org_id").references(() => organizations.id),
  state: text("state", { enum: ["draft", "open", "closed"] }).notNull(),
  createdOn: text("created_on").notNull(),
  /** The organization's cap on responses per UTC day, against floods; null = no cap. */
  maxResponsesPerDay: integer("max_responses_per_day"),
  /** The working copy designers edit; publishing it makes the next immutable version. */
  draft: text("draft"),
  /** When set, a response is accepted only with an unspent invitation code. */
  requiresCode: integer("requires_code", { mode: "boolean" }).notNull().default(false),
  /**
   * DESIGN §8: the k its publications are held to. Null until the first publication sets it;
   * later ones may raise it, never lower it (client/lib/policy.ts).
   */
  publicationK: integer("publication_k"),
});

export const surveyVersions = sqliteTable(
  "survey_versions",
  {
    slug: text("slug")
      .notNull()
      .references(() => surveys.slug),
    version: integer("version").notNull(),
    /** The definition as validated by surveys/schema.ts, serialized as JSON. */
    definition: text("definition").notNull(),
    /** X25519 public key, standard base64. The secret key is never stored here. */
    publicKey: text("public_key").notNull(),
    createdOn: text("created_on").notNull(),
  },
  (t) => [primaryKey({ columns: [t.slug, t.version] })],
);

// Response parts and invitation codes are WITHOUT ROWID (added by hand in the migrations:
// drizzle cannot say it; keep it if a migration is ever regenerated). With a rowid, a table's
// physical order is insertion order, which would let anyone holding the file list responses by
// arrival. Without, rows sit in key order, and keys are random. No other index may cover these
// tables: an index's small entries crowd many to a page, where SQLite lays them out in the
// order they were written (issue 13: 58 ids of one index page in arrival order).

/**
 * Responses, cut into parts that each fit on one page. SQLite puts whatever does not fit on
 * overflow pages taken from the end of the file as rows arrive, so one whole ciphertext per row
 * gave the arrival order away exactly (issue 13). Part 0 is keyed by the response id, every
 * other part by a key derived from the id (responses.ts), so the parts scatter over the table
 * like unrelated rows.
 */
export const responseParts = sqliteTable(
  "response_parts",
  {
    slug: text("slug")
      .notNull()
      .references(() => surveys.slug),
    /** Part 0: the response id. Part n: partKey(id, n). */
    key: text("key").notNull(),
    /** Random UUID v4 made by the respondent's browser; doubles as the idempotency key. */
    id: text("id").notNull(),
    part: integer("part").notNull(),
    parts: integer("parts").notNull(),
    /** This part's slice of the sealed, padded envelope (DESIGN §4), standard base64. */
    ciphertext: text("ciphertext").notNull(),
    /** YYYY-MM-DD (UTC): the finest time we keep about a respondent. */
    receivedOn: text("received_on").notNull(),
  },
  (t) => [primaryKey({ columns: [t.slug, t.key] })],
);

/** Responses per survey and UTC day: the daily cap and the workspace's counts read this. */
export const responseDays = sqliteTable(
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

/**
 * One-time invitation codes (issue 7): a hash of each unspent code. Spending one deletes its
 * row (with secure_delete, its bytes are zeroed), so nothing on disk says which code was spent
 * when, or for which response.
 */
export const invitationCodes = sqliteTable(
  "invitation_codes",
  {
    slug: text("slug")
      .notNull()
      .references(() => surveys.slug),
    codeHash: text("code_hash").notNull(),
  },
  (t) => [primaryKey({ columns: [t.slug, t.codeHash] })],
);

/**
 * Published aggregate tables (DESIGN §7), numbered per survey. The body keeps which hidden
 * cells were primary or secondary for the coordinator; the public never sees that.
 */
export const publications = sqliteTable(
  "publications",
  {
    slug: text("slug")
      .notNull()
      .references(() => surveys.slug),
    number: integer("number").notNull(),
    body: text("body").notNull(),
    /** YYYY-MM: the public page shows dates by month only. */
    publishedOn: text("published_on").notNull(),
    withdrawn: integer("withdrawn", { mode: "boolean" }).notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.slug, t.number] })],
);

/**
 * One of a survey's key pairs sealed to one member's personal public key (client/lib/keyring.ts).
 * A survey has one key per rotation (server/db/access.ts); a member holds a copy of each key
 * whose answers they may read.
 */
export const surveyKeys = sqliteTable(
  "survey_keys",
  {
    slug: text("slug")
      .notNull()
      .references(() => surveys.slug),
    /** The survey public key (a version's `public_key`) whose secret half this copy holds. */
    publicKey: text("public_key").notNull(),
    memberId: text("member_id")
      .notNull()
      .references(() => members.id),
    sealedKey: text("sealed_key").notNull(),
  },
  (t) => [primaryKey({ columns: [t.slug, t.publicKey, t.memberId] })],
);

// The feedback channel (issue 8). One per organization, public at /f/:slug. Like responses,
// messages and replies are ciphertext only; the server keeps what triage needs (status,
// assignee, the sensitive flag, the month) and nothing finer about the person or the time.
export const feedbackChannels = sqliteTable("feedback_channels", {
  slug: text("slug").primaryKey(),
  orgId: text("org_id")
    .notNull()
    .unique()
    .references(() => organizations.id),
  /** X25519 public keys, standard base64; general messages and sensitive reports apart. */
  publicKey: text("public_key").notNull(),
  sensitivePublicKey: text("sensitive_public_key").notNull(),
  /** The organization's category frame for coding, JSON `[{code, label: {lang: text}}]`. */
  frame: text("frame").notNull(),
  createdOn: text("created_on").notNull(),
  /** As surveys.publicationK: set by the first publication, never lowered. */
  publicationK: integer("publication_k"),
  /** Days a reply usually takes, as the owner states it to the people writing; null: not said. */
  replyDays: integer("reply_days"),
});

export const FEEDBACK_KEY_KINDS = ["general", "sensitive"] as const;

/** A channel key pair sealed to one member's personal public key, as survey_keys. */
export const feedbackKeys = sqliteTable(
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

export const FEEDBACK_STATUSES = ["new", "in_progress", "answered", "referred", "closed"] as const;
export type FeedbackStatus = (typeof FEEDBACK_STATUSES)[number];

// feedback_messages and feedback_replies are WITHOUT ROWID (hand-added in 0001, as for
// responses): physical order must not be arrival order.
export const feedbackMessages = sqliteTable(
  "feedback_messages",
  {
    /** Random UUID v4 made by the person's browser; doubles as the idempotency key. */
    id: text("id").primaryKey(),
    slug: text("slug")
      .notNull()
      .references(() => feedbackChannels.slug),
    /** Sealed to the sensitive key: only safeguarding members may know it exists. */
    sensitive: integer("sensitive", { mode: "boolean" }).notNull(),
    ciphertext: text("ciphertext").notNull(),
    /** Hex BLAKE2b of the person's reply code (client/lib/feedback.ts); never the code. */
    lookup: text("lookup").notNull().unique(),
    /** YYYY-MM (UTC): a day would narrow who wrote a message too far on a small channel. */
    month: text("month").notNull(),
    status: text("status", { enum: FEEDBACK_STATUSES }).notNull().default("new"),
    assignee: text("assignee").references(() => members.id),
    /** The member's codes, sealed to the channel key; null until coded. */
    coding: text("coding"),
  },
  (t) => [index("feedback_messages_by_channel").on(t.slug, t.sensitive)],
);

export const feedbackReplies = sqliteTable(
  "feedback_replies",
  {
    messageId: text("message_id")
      .notNull()
      .references(() => feedbackMessages.id),
    number: integer("number").notNull(),
    /** secretbox under the key derived from the person's reply code. */
    ciphertext: text("ciphertext").notNull(),
    /** YYYY-MM-DD: the person sees when they were answered, no finer. */
    day: text("day").notNull(),
  },
  (t) => [primaryKey({ columns: [t.messageId, t.number] })],
);

/** "You said — we did" publications, numbered per channel, as survey publications. */
export const feedbackPublications = sqliteTable(
  "feedback_publications",
  {
    slug: text("slug")
      .notNull()
      .references(() => feedbackChannels.slug),
    number: integer("number").notNull(),
    body: text("body").notNull(),
    /** YYYY-MM. */
    publishedOn: text("published_on").notNull(),
    withdrawn: integer("withdrawn", { mode: "boolean" }).notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.slug, t.number] })],
);

/**
 * Publish and withdraw requests per organization in the current window (server/limits.ts).
 * In the database, not in memory, so that every instance serving one database (issue 17)
 * counts against the same budget.
 */
export const publicationLimits = sqliteTable("publication_limits", {
  orgId: text("org_id")
    .primaryKey()
    .references(() => organizations.id),
  /** Epoch ms when the current window opened. */
  windowStart: integer("window_start").notNull(),
  count: integer("count").notNull(),
});

/**
 * The responses stored (the sum of response_days) and the feedback messages held when the file
 * was last rebuilt in key order (sqlite-rebuild.ts): a rebuild is due when either has grown by a
 * tenth since (rebuilds.ts). One row, made by the migration. Like PostgreSQL's, where each
 * group of tables is rewritten on its own count.
 */
export const responseRewrites = sqliteTable("response_rewrites", {
  responses: integer("responses").notNull(),
  feedbackMessages: integer("feedback_messages").notNull().default(0),
});
