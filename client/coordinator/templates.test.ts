import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseSurvey } from "../../surveys/schema";
import { TEMPLATE_DEFINITIONS } from "./template-definitions";
import { loadTemplate, TEMPLATES } from "./templates";

const SEEDS = ["passport-access", "cso-program-awareness"];

describe("the template library", () => {
  it("offers every survey of surveys/, each valid; the templates beyond the two seeds in Spanish, English and Portuguese at least", () => {
    const files = readdirSync("surveys")
      .filter((file) => file.endsWith(".json"))
      .map((file) => file.replace(/\.json$/, ""));
    expect([...TEMPLATES].sort()).toEqual(files.sort());
    expect(Object.keys(TEMPLATE_DEFINITIONS).sort()).toEqual(files.sort());
    expect(files.length).toBeGreaterThanOrEqual(5);
    for (const file of files) {
      const parsed = parseSurvey(TEMPLATE_DEFINITIONS[file]);
      expect(parsed.ok, file).toBe(true);
      if (SEEDS.includes(file)) continue;
      expect(TEMPLATE_DEFINITIONS[file]?.languages, file).toEqual(
        expect.arrayContaining(["es", "en", "pt"]),
      );
    }
  });

  it("starts a new survey without the template's slug, so each organization names its own", async () => {
    const started = await loadTemplate("needs-access");
    expect(started.slug).toBe("");
    expect(TEMPLATE_DEFINITIONS["needs-access"]?.slug).toBe("needs-access");
    started.questions.pop();
    expect((await loadTemplate("needs-access")).questions.length).toBe(
      TEMPLATE_DEFINITIONS["needs-access"]?.questions.length,
    );
  });
});
