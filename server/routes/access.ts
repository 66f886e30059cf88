// Who may read a survey's answers (issue 13 item 4): access follows keys. A member gets a
// survey's ciphertexts only while they hold its current key; revoking someone rotates the key
// (a new version, same questions), sealed in the owner's browser to the members who keep it.
import { type Context, Hono, type MiddlewareHandler } from "hono";
import { z } from "zod";
import {
  publicKeySchema as publicKey,
  sealedKeySchema as sealedKey,
} from "../../client/lib/key-format";
import {
  grantKeys,
  grantsOf,
  holdsCurrentKey,
  keyHolders,
  READERS,
  type RotationResult,
  rotateSurveyKey,
  surveyKeysOf,
} from "../db/access";
import { findMemberById } from "../db/accounts";
import type { Db } from "../db/client";
import { type OrgSurvey, orgSurvey } from "../db/workspace";
import { apiError, LARGE_BODY_BYTES, readJson } from "../http";
import { requireMember, type SessionEnv } from "../session";

const memberId = z.string().min(1).max(64);
/** A new survey key and its secret sealed to each member who keeps access. */
export const rotationFields = {
  publicKey,
  sealedKeys: z.array(z.strictObject({ memberId, sealedKey })).min(1).max(500),
};
const grantBody = z.strictObject({
  keys: z.array(z.strictObject({ publicKey, sealedKey })).min(1).max(100),
});
const rotationBody = z.strictObject({
  ...rotationFields,
  /** Members whose access ends with this rotation; empty for a plain rotation. */
  revoke: z.array(memberId).max(500),
});

export type SurveyEnv = SessionEnv & { Variables: { survey: OrgSurvey } };

function notFound(c: Context) {
  return apiError(c, 404, {
    code: "unknown_survey",
    message: "no such survey in your organization",
  });
}

/**
 * After requireMember: the survey named by `:slug` in the member's organization, and only for
 * a member holding its current key — every route that serves ciphertexts (responses, exports)
 * or speaks for them (publications) sits behind this. 404 for another organization's survey.
 */
export function requireSurveyKey(db: Db): MiddlewareHandler<SurveyEnv> {
  return async (c, next) => {
    const member = c.get("member");
    const survey = await orgSurvey(db, member.orgId, c.req.param("slug") ?? "");
    if (!survey) return notFound(c);
    if (!(await holdsCurrentKey(db, survey.slug, member.id))) {
      return apiError(c, 403, {
        code: "not_granted",
        message: "you do not hold this survey's key; ask an owner to give you access",
      });
    }
    c.set("survey", survey);
    await next();
  };
}

/** 409 or 400 naming what a browser must do again: read the holders anew, or pick others. */
export function rotationRefusal(
  c: Context,
  result: Exclude<RotationResult, { ok: true }>,
  field = "$",
): Response {
  switch (result.reason) {
    case "no_version":
      return apiError(c, 409, {
        code: "no_version",
        message: `${result.slug} has no published version, so no key to rotate`,
        field,
      });
    case "key_reused":
      return apiError(c, 400, {
        code: "key_reused",
        message: `the new key of ${result.slug} is one it already had; make a new one`,
        field: `${field}.publicKey`,
      });
    case "not_granted":
      return apiError(c, 404, {
        code: "not_granted",
        message: `no access to ${result.slug} to take away from ${result.memberIds.join(", ")}`,
        field: `${field}.revoke`,
      });
    case "nobody_left":
      return apiError(c, 409, {
        code: "nobody_left",
        message: `nobody would be left to read the answers of ${result.slug}; give someone else access first`,
        field,
      });
    case "holders_changed":
      return c.json(
        {
          error: {
            code: "holders_changed",
            message: `who may read ${result.slug} changed; read the list again and seal the new key to exactly those members`,
            field: `${field}.sealedKeys`,
          },
          missing: result.missing,
          extra: result.extra,
        },
        409,
      );
    case "rotations_mismatch":
      return c.json(
        {
          error: {
            code: "rotations_mismatch",
            message:
              "rotate the key of exactly the surveys this member can read; read the list again",
            field: `${field}.rotations`,
          },
          missing: result.missing,
          extra: result.extra,
        },
        409,
      );
  }
}

export function accessRoutes(db: Db): Hono<SurveyEnv> {
  const app = new Hono<SurveyEnv>();
  const owners = requireMember(db, ["owner"]);

  // The member's own copies of the survey's keys: the current one opens answers arriving now,
  // older ones the answers sealed before each rotation.
  app.get(
    "/api/org/surveys/:slug/key",
    requireMember(db, READERS),
    requireSurveyKey(db),
    async (c) => {
      const { keys } = await grantsOf(db, c.get("survey").slug, c.get("member").id);
      return c.json({ sealedKey: keys[0]?.sealedKey, keys });
    },
  );

  // Who holds the current key, with their public keys: what a rotation must seal to.
  app.get("/api/org/surveys/:slug/access", owners, async (c) => {
    const survey = await orgSurvey(db, c.get("member").orgId, c.req.param("slug"));
    if (!survey) return notFound(c);
    return c.json({
      holders: await keyHolders(db, c.get("member").orgId, survey.slug),
      keys: await surveyKeysOf(db, survey.slug),
    });
  });

  app.put("/api/org/surveys/:slug/analysts/:memberId", owners, async (c) => {
    const orgId = c.get("member").orgId;
    const survey = await orgSurvey(db, orgId, c.req.param("slug"));
    if (!survey) return notFound(c);
    const member = await findMemberById(db, c.req.param("memberId"));
    if (!member || member.orgId !== orgId || !READERS.includes(member.role)) {
      return apiError(c, 404, {
        code: "unknown_member",
        message: "no owner or analyst with this id",
        field: "memberId",
      });
    }
    const body = await readJson(c, grantBody);
    if (!body.ok) return body.response;
    const result = await grantKeys(db, survey.slug, member.id, body.value.keys);
    if (!result.ok) {
      return apiError(c, 400, {
        code: result.reason,
        message:
          result.reason === "unknown_key"
            ? `${result.publicKey} is not a key of this survey`
            : "a grant includes the survey's current key",
        field: "$.keys",
      });
    }
    return c.json({ granted: member.id });
  });

  app.post("/api/org/surveys/:slug/rotations", owners, async (c) => {
    const orgId = c.get("member").orgId;
    const survey = await orgSurvey(db, orgId, c.req.param("slug"));
    if (!survey) return notFound(c);
    const body = await readJson(c, rotationBody, LARGE_BODY_BYTES);
    if (!body.ok) return body.response;
    const { revoke, ...rotation } = body.value;
    const result = await rotateSurveyKey(db, orgId, { slug: survey.slug, ...rotation }, revoke);
    if (!result.ok) return rotationRefusal(c, result);
    return c.json({ version: result.versions[0]?.version }, 201);
  });

  return app;
}
