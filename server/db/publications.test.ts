// The publication log: every publication kept in order, withdrawn ones too; a publication
// checked against a history that changed meanwhile is not stored; k only rises.
import { describe, expect, it } from "vitest";
import { safePublication, useSeededApp } from "../../test/harness";
import {
  publicationHistory,
  shownPublication,
  storePublication,
  surveyPublicationK,
  withdrawPublication,
} from "./publications";

const t = useSeededApp();
const SLUG = "cso-program-awareness";

describe("the publication log", () => {
  it("keeps every publication, withdrawn ones included, in the order they were published", async () => {
    await storePublication(t.db, SLUG, safePublication(SLUG, 10), 0);
    await storePublication(t.db, SLUG, { ...safePublication(SLUG, 6), version: 2 }, 1);
    await withdrawPublication(t.db, SLUG);
    await storePublication(t.db, SLUG, safePublication(SLUG, 15, 6), 2);
    const history = await publicationHistory(t.db, SLUG);
    expect(
      history.map((p) => [
        p.number,
        p.publication.version,
        p.publication.responses,
        p.publication.k,
        p.withdrawn,
      ]),
    ).toEqual([
      [1, 1, 10, 5, false],
      [2, 2, 6, 5, true],
      [3, 1, 15, 6, false],
    ]);
    expect(history[2]?.body).toEqual(safePublication(SLUG, 15, 6));
    expect(await publicationHistory(t.db, "passport-access")).toEqual([]);
  });

  it("stores nothing when another publication took the number the gate checked against", async () => {
    expect(await storePublication(t.db, SLUG, safePublication(SLUG, 10), 0)).toEqual({
      ok: true,
      number: 1,
    });
    // A second instance's gate read the same empty history and finished later.
    expect(await storePublication(t.db, SLUG, safePublication(SLUG, 11), 0)).toEqual({
      ok: false,
      reason: "conflict",
    });
    expect((await publicationHistory(t.db, SLUG)).map((p) => p.publication.responses)).toEqual([
      10,
    ]);
  });

  it("sets k with the first publication and only ever raises it", async () => {
    expect(await surveyPublicationK(t.db, SLUG)).toBeNull();
    await storePublication(t.db, SLUG, safePublication(SLUG, 10, 6), 0);
    expect(await surveyPublicationK(t.db, SLUG)).toBe(6);
    await storePublication(t.db, SLUG, safePublication(SLUG, 20, 4), 1);
    expect(await surveyPublicationK(t.db, SLUG)).toBe(6);
    await storePublication(t.db, SLUG, safePublication(SLUG, 30, 9), 2);
    expect(await surveyPublicationK(t.db, SLUG)).toBe(9);
  });

  it("shows the newest publication, and after a withdrawal shows that it was withdrawn", async () => {
    expect(await shownPublication(t.db, SLUG)).toEqual({ state: "none" });
    await storePublication(t.db, SLUG, safePublication(SLUG, 10), 0);
    await storePublication(t.db, SLUG, safePublication(SLUG, 15), 1);
    expect(await shownPublication(t.db, SLUG)).toMatchObject({ state: "published", number: 2 });
    expect(await withdrawPublication(t.db, SLUG)).toBe(2);
    expect(await shownPublication(t.db, SLUG)).toEqual({ state: "withdrawn", number: 2 });
  });
});
