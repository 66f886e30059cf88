// Publishing in the workspace (issues 5, 8, 12): survey results and feedback counts through
// the publish gate (server/publish.ts), withdrawing, and the facts the results page shows
// before anyone tries (the stored k, every earlier publication). Scoped like every workspace
// route; limited per organization (server/limits.ts).
import { type Context, Hono } from "hono";
import { z } from "zod";
import { policyMessage, sameRespondents, versionGroups } from "../../client/lib/policy";
import type { Db } from "../db/client";
import { channelOfOrg, feedbackKeysFor } from "../db/feedback";
import {
  channelPublicationK,
  feedbackPublicationHistory,
  type PublicationRecord,
  publicationHistory,
  surveyPublicationK,
  withdrawFeedbackPublication,
  withdrawPublication,
} from "../db/publications";
import { orgSurvey } from "../db/workspace";
import { type GateRunner, workText } from "../gate/run";
import { apiError, limitBody, readJson } from "../http";
import { type LimitRule, limitPublications } from "../limits";
import { factsOf, type GateResult, publish, publishFeedback } from "../publish";
import { requireMember } from "../session";
import { requireSurveyKey, type SurveyEnv } from "./access";

const ANALYSTS = ["owner", "analyst"] as const;

/** An earlier publication as GET …/publications/earlier lists it (client/lib/policy.ts). */
const earlier = (p: PublicationRecord) => ({
  number: p.number,
  publishedOn: p.publishedOn,
  withdrawn: p.withdrawn,
  publication: p.publication,
});
/** The passport survey's full publication is ~180 KB; leave room, refuse floods. */
const MAX_PUBLICATION_BYTES = 2 * 1024 * 1024;

/** Every refusal of the gate as HTTP, with the DESIGN §5 error naming the field or cap. */
export function gateAnswer(c: Context, result: GateResult): Response {
  if (result.ok) return c.json({ number: result.number }, 201);
  switch (result.reason) {
    case "invalid": {
      const first = result.errors[0];
      return apiError(c, 400, {
        code: "invalid_publication",
        message: result.errors.map((e) => `${e.path}: ${e.message}`).join("; "),
        field: first?.path ?? "$",
      });
    }
    case "too_large": {
      const { cap, limit, found } = result.cap;
      return c.json(
        {
          error: {
            code: `too_many_${cap}`,
            message: `the publication has ${found} ${cap}; the gate checks at most ${limit}`,
            field: result.field,
          },
          cap: result.cap,
        },
        413,
      );
    }
    case "wrong_shape": {
      const [first, ...more] = result.problems;
      return c.json(
        {
          error: {
            code: "wrong_shape",
            message: `the publication does not fit this survey version: ${first?.message}${more.length > 0 ? ` (and ${more.length} more)` : ""}`,
            field: "$.tables",
          },
          problems: result.problems,
        },
        422,
      );
    }
    case "policy": {
      const { ok: _, reason, field: __, ...details } = result.verdict;
      return c.json(
        {
          error: { code: reason, message: policyMessage(result.verdict), field: result.field },
          ...details,
        },
        422,
      );
    }
    case "unsafe":
      return c.json(
        {
          error: {
            code: "unsafe_publication",
            message: `${result.findings.length} cell(s) would let someone single out fewer than k respondents`,
            field: "$.tables",
          },
          cells: result.findings,
        },
        422,
      );
    case "over_budget":
      // 422: the same publication after the same history needs the same work on any server at
      // any load, so sending it again is refused again. Fewer tables cost less, but every
      // earlier publication is checked again: past a few, only a larger budget helps.
      return apiError(c, 422, {
        code: "audit_over_budget",
        message: `checking this publication after the earlier ones needs more than the gate's ${workText(result.work)} of LP work; publish fewer tables or breakdowns, or ask whoever runs the server to raise VOZ_GATE_WORK`,
        field: "$.tables",
      });
    case "timeout":
      // 503: the work budget was not reached, so the server was too loaded, not the
      // publication too large; the same request may pass later.
      c.header("Retry-After", String(Math.ceil(result.budgetMs / 1000)));
      return apiError(c, 503, {
        code: "audit_timeout",
        message: `the server could not finish the audit within ${result.budgetMs / 1000} s; try again later`,
      });
    case "busy":
      c.header("Retry-After", String(result.retryAfterSeconds));
      return apiError(c, 503, {
        code: "gate_busy",
        message: "other publications are being checked; try again in a few seconds",
      });
    case "conflict":
      return apiError(c, 409, {
        code: "publication_conflict",
        message: "another publication was stored while this one was checked; check it again",
      });
  }
}

const noSurvey = (c: Context) =>
  apiError(c, 404, { code: "unknown_survey", message: "no such survey in your organization" });
const noChannel = (c: Context) =>
  apiError(c, 404, { code: "no_channel", message: "your organization has no feedback channel" });
const nothingPublished = (c: Context) =>
  apiError(c, 404, { code: "not_published", message: "nothing is published" });

export interface PublicationDeps {
  runner: GateRunner;
  /** Publish and withdraw requests per organization. */
  limit: LimitRule;
}

export function publicationRoutes(db: Db, { runner, limit }: PublicationDeps): Hono<SurveyEnv> {
  const app = new Hono<SurveyEnv>();
  const analysts = requireMember(db, ANALYSTS);
  const limited = limitPublications(db, limit);
  const bodyLimit = limitBody(MAX_PUBLICATION_BYTES, "the publication");
  const surveyOf = (c: Context<SurveyEnv>) =>
    orgSurvey(db, c.get("member").orgId, c.req.param("slug") ?? "");
  const channelOf = (c: Context<SurveyEnv>) => channelOfOrg(db, c.get("member").orgId);
  // With the earlier publications, so a preview can audit as the gate will, within its budget.
  const gate = { work: runner.limits.work };

  app.get("/api/org/surveys/:slug/publications", analysts, async (c) => {
    const survey = await surveyOf(c);
    if (!survey) return noSurvey(c);
    const [storedK, history] = await Promise.all([
      surveyPublicationK(db, survey.slug),
      publicationHistory(db, survey.slug),
    ]);
    return c.json(factsOf(storedK, history, survey.versions));
  });

  // The earlier publications a new one of this version is audited against (withdrawn ones
  // too: someone may have saved them), so the workspace suppresses with the same history.
  app.get("/api/org/surveys/:slug/publications/earlier", analysts, async (c) => {
    const survey = await surveyOf(c);
    if (!survey) return noSurvey(c);
    const version = z.coerce.number().int().min(1).safeParse(c.req.query("version"));
    if (!version.success) {
      return apiError(c, 400, {
        code: "invalid_query",
        message: "version must be a survey version number",
        field: "version",
      });
    }
    const history = await publicationHistory(db, survey.slug);
    const groups = versionGroups(survey.versions);
    const same = new Set(
      sameRespondents(
        { version: version.data },
        history.map((p) => p.publication),
        groups,
      ),
    );
    return c.json({
      gate,
      publications: history.filter((p) => same.has(p.publication)).map(earlier),
    });
  });

  // Publishing speaks for the answers: only members holding the survey's current key may.
  const keyHolder = requireSurveyKey(db);
  app.post(
    "/api/org/surveys/:slug/publications",
    analysts,
    keyHolder,
    limited,
    bodyLimit,
    async (c) => {
      const survey = c.get("survey");
      const body = await readJson(c, z.unknown(), MAX_PUBLICATION_BYTES);
      if (!body.ok) return body.response;
      return gateAnswer(c, await publish(db, runner, survey.slug, body.value));
    },
  );

  app.delete("/api/org/surveys/:slug/publications/current", analysts, limited, async (c) => {
    const survey = await surveyOf(c);
    if (!survey) return noSurvey(c);
    const withdrawn = await withdrawPublication(db, survey.slug);
    return withdrawn === undefined ? nothingPublished(c) : c.json({ withdrawn });
  });

  app.get("/api/org/feedback/publications", analysts, async (c) => {
    const channel = await channelOf(c);
    if (!channel) return noChannel(c);
    const [storedK, history] = await Promise.all([
      channelPublicationK(db, channel.slug),
      feedbackPublicationHistory(db, channel.slug),
    ]);
    return c.json(factsOf(storedK, history, []));
  });

  app.get("/api/org/feedback/publications/earlier", analysts, async (c) => {
    const channel = await channelOf(c);
    if (!channel) return noChannel(c);
    const history = await feedbackPublicationHistory(db, channel.slug);
    return c.json({ gate, publications: history.map(earlier) });
  });

  // As for a survey: publishing speaks for the messages, so only a member who can read the
  // general ones may (an analyst whose key was revoked may not). Withdrawing stays open to every
  // analyst, as a survey's does: taking numbers down is a safety action.
  app.post("/api/org/feedback/publications", analysts, limited, bodyLimit, async (c) => {
    const channel = await channelOf(c);
    if (!channel) return noChannel(c);
    if (!(await feedbackKeysFor(db, channel.slug, c.get("member").id)).general) {
      return apiError(c, 403, {
        code: "not_granted",
        message: "you do not hold the feedback key; ask an owner to give you access",
      });
    }
    const body = await readJson(c, z.unknown(), MAX_PUBLICATION_BYTES);
    if (!body.ok) return body.response;
    return gateAnswer(c, await publishFeedback(db, runner, channel, body.value));
  });

  app.delete("/api/org/feedback/publications/current", analysts, limited, async (c) => {
    const channel = await channelOf(c);
    if (!channel) return noChannel(c);
    const withdrawn = await withdrawFeedbackPublication(db, channel.slug);
    return withdrawn === undefined ? nothingPublished(c) : c.json({ withdrawn });
  });

  return app;
}
