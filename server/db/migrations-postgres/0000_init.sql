CREATE UNLOGGED TABLE "client_limits" (
	"rule" text NOT NULL,
	"bucket" integer NOT NULL,
	"window_start" bigint NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "client_limits_rule_bucket_pk" PRIMARY KEY("rule","bucket")
);
--> statement-breakpoint
CREATE TABLE "feedback_channels" (
	"slug" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"public_key" text NOT NULL,
	"sensitive_public_key" text NOT NULL,
	"frame" text NOT NULL,
	"created_on" text NOT NULL,
	"publication_k" integer,
	CONSTRAINT "feedback_channels_org_id_unique" UNIQUE("org_id")
);
--> statement-breakpoint
CREATE TABLE "feedback_keys" (
	"slug" text NOT NULL,
	"member_id" text NOT NULL,
	"kind" text NOT NULL,
	"sealed_key" text NOT NULL,
	CONSTRAINT "feedback_keys_slug_member_id_kind_pk" PRIMARY KEY("slug","member_id","kind")
);
--> statement-breakpoint
CREATE TABLE "feedback_messages" (
	"id" text PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"sensitive" boolean NOT NULL,
	"ciphertext" text NOT NULL,
	"lookup" text NOT NULL,
	"month" text NOT NULL,
	"status" text DEFAULT 'new' NOT NULL,
	"assignee" text,
	"coding" text,
	CONSTRAINT "feedback_messages_lookup_unique" UNIQUE("lookup")
);
--> statement-breakpoint
CREATE TABLE "feedback_publications" (
	"slug" text NOT NULL,
	"number" integer NOT NULL,
	"body" text NOT NULL,
	"published_on" text NOT NULL,
	"withdrawn" boolean DEFAULT false NOT NULL,
	CONSTRAINT "feedback_publications_slug_number_pk" PRIMARY KEY("slug","number")
);
--> statement-breakpoint
CREATE TABLE "feedback_replies" (
	"message_id" text NOT NULL,
	"number" integer NOT NULL,
	"ciphertext" text NOT NULL,
	"day" text NOT NULL,
	CONSTRAINT "feedback_replies_message_id_number_pk" PRIMARY KEY("message_id","number")
);
--> statement-breakpoint
CREATE TABLE "invitation_codes" (
	"slug" text NOT NULL,
	"code_hash" text NOT NULL,
	"spent" boolean DEFAULT false NOT NULL,
	CONSTRAINT "invitation_codes_slug_code_hash_pk" PRIMARY KEY("slug","code_hash")
);
--> statement-breakpoint
CREATE TABLE "invitations" (
	"id" text NOT NULL,
	"token_hash" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"expires_at" bigint NOT NULL,
	"used" boolean DEFAULT false NOT NULL,
	"revoked" boolean DEFAULT false NOT NULL,
	CONSTRAINT "invitations_id_unique" UNIQUE("id")
);
--> statement-breakpoint
CREATE UNLOGGED TABLE "limit_secrets" (
	"day" text PRIMARY KEY NOT NULL,
	"secret" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "members" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"email" text NOT NULL,
	"password_hash" text NOT NULL,
	"role" text NOT NULL,
	"public_key" text NOT NULL,
	"wrapped_key" text NOT NULL,
	"failed_logins" integer DEFAULT 0 NOT NULL,
	"locked_until" bigint DEFAULT 0 NOT NULL,
	"safeguarding" boolean DEFAULT false NOT NULL,
	"name" text,
	CONSTRAINT "members_email_unique" UNIQUE("email")
);
--> statement-breakpoint
CREATE TABLE "organizations" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"created_on" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "publication_limits" (
	"org_id" text PRIMARY KEY NOT NULL,
	"window_start" bigint NOT NULL,
	"count" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "publications" (
	"slug" text NOT NULL,
	"number" integer NOT NULL,
	"body" text NOT NULL,
	"published_on" text NOT NULL,
	"withdrawn" boolean DEFAULT false NOT NULL,
	CONSTRAINT "publications_slug_number_pk" PRIMARY KEY("slug","number")
);
--> statement-breakpoint
CREATE TABLE "responses" (
	"id" text PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"ciphertext" text NOT NULL,
	"received_on" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"member_id" text NOT NULL,
	"csrf_token" text NOT NULL,
	"created_at" bigint NOT NULL,
	"last_seen_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "survey_keys" (
	"slug" text NOT NULL,
	"public_key" text NOT NULL,
	"member_id" text NOT NULL,
	"sealed_key" text NOT NULL,
	CONSTRAINT "survey_keys_slug_public_key_member_id_pk" PRIMARY KEY("slug","public_key","member_id")
);
--> statement-breakpoint
CREATE TABLE "survey_versions" (
	"slug" text NOT NULL,
	"version" integer NOT NULL,
	"definition" text NOT NULL,
	"public_key" text NOT NULL,
	"created_on" text NOT NULL,
	CONSTRAINT "survey_versions_slug_version_pk" PRIMARY KEY("slug","version")
);
--> statement-breakpoint
CREATE TABLE "surveys" (
	"slug" text PRIMARY KEY NOT NULL,
	"org_id" text,
	"state" text NOT NULL,
	"created_on" text NOT NULL,
	"max_responses_per_day" integer,
	"draft" text,
	"requires_code" boolean DEFAULT false NOT NULL,
	"publication_k" integer
);
--> statement-breakpoint
ALTER TABLE "feedback_channels" ADD CONSTRAINT "feedback_channels_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_keys" ADD CONSTRAINT "feedback_keys_slug_feedback_channels_slug_fk" FOREIGN KEY ("slug") REFERENCES "public"."feedback_channels"("slug") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_keys" ADD CONSTRAINT "feedback_keys_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_messages" ADD CONSTRAINT "feedback_messages_slug_feedback_channels_slug_fk" FOREIGN KEY ("slug") REFERENCES "public"."feedback_channels"("slug") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_messages" ADD CONSTRAINT "feedback_messages_assignee_members_id_fk" FOREIGN KEY ("assignee") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_publications" ADD CONSTRAINT "feedback_publications_slug_feedback_channels_slug_fk" FOREIGN KEY ("slug") REFERENCES "public"."feedback_channels"("slug") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_replies" ADD CONSTRAINT "feedback_replies_message_id_feedback_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."feedback_messages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitation_codes" ADD CONSTRAINT "invitation_codes_slug_surveys_slug_fk" FOREIGN KEY ("slug") REFERENCES "public"."surveys"("slug") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "members" ADD CONSTRAINT "members_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "publication_limits" ADD CONSTRAINT "publication_limits_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "publications" ADD CONSTRAINT "publications_slug_surveys_slug_fk" FOREIGN KEY ("slug") REFERENCES "public"."surveys"("slug") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "responses" ADD CONSTRAINT "responses_slug_surveys_slug_fk" FOREIGN KEY ("slug") REFERENCES "public"."surveys"("slug") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_keys" ADD CONSTRAINT "survey_keys_slug_surveys_slug_fk" FOREIGN KEY ("slug") REFERENCES "public"."surveys"("slug") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_keys" ADD CONSTRAINT "survey_keys_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_versions" ADD CONSTRAINT "survey_versions_slug_surveys_slug_fk" FOREIGN KEY ("slug") REFERENCES "public"."surveys"("slug") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "surveys" ADD CONSTRAINT "surveys_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "feedback_messages_by_channel" ON "feedback_messages" USING btree ("slug","sensitive");--> statement-breakpoint
CREATE INDEX "responses_by_survey" ON "responses" USING btree ("slug","received_on");