import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { parseSurvey, type Survey } from "../../surveys/schema";
import { forgetSaved, saveAnswers, savedAnswers } from "./resume";

function survey(resumeOnDevice?: boolean): Survey {
  const parsed = parseSurvey({
    slug: "resume-test",
    version: 2,
    languages: ["es"],
    title: { es: "Prueba" },
    breakdowns: [],
    questions: [
      {
        id: "country",
        type: "single",
        label: { es: "País" },
        options: [
          { id: "cl", label: { es: "Chile" } },
          { id: "pe", label: { es: "Perú" } },
        ],
      },
      {
        id: "problems",
        type: "multi",
        label: { es: "Problemas" },
        options: [
          { id: "work", label: { es: "Trabajo" } },
          { id: "health", label: { es: "Salud" } },
        ],
      },
    ],
    ...(resumeOnDevice === undefined ? {} : { resumeOnDevice }),
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.value;
}

/** The browser's localStorage, in memory. */
let items: Map<string, string>;
beforeEach(() => {
  items = new Map();
  vi.stubGlobal("localStorage", {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => items.set(key, value),
    removeItem: (key: string) => items.delete(key),
  });
});
afterEach(() => vi.unstubAllGlobals());

describe("resuming on this device", () => {
  it("keeps the answers and the step for a survey that asks for it, until forgotten", () => {
    const resumable = survey(true);
    saveAnswers(resumable, { values: { country: "pe", problems: ["work"] }, at: 1 });
    expect(savedAnswers(resumable)).toEqual({
      values: { country: "pe", problems: ["work"] },
      at: 1,
    });
    forgetSaved(resumable);
    expect(savedAnswers(resumable)).toBeNull();
    expect(items.size).toBe(0);
  });

  it.each([[undefined], [false]])("never touches storage when resumeOnDevice is %s", (flag) => {
    const plain = survey(flag);
    saveAnswers(plain, { values: { country: "pe" }, at: 1 });
    expect(items.size).toBe(0);
    items.set("voz-resume:resume-test:2", JSON.stringify({ values: { country: "pe" }, at: 1 }));
    expect(savedAnswers(plain)).toBeNull();
  });

  it("reads back only values this version can have, and a step that exists", () => {
    items.set(
      "voz-resume:resume-test:2",
      JSON.stringify({
        values: { country: "cl", problems: ["work", 3], gone: "x" },
        at: 9,
      }),
    );
    expect(savedAnswers(survey(true))).toEqual({ values: { country: "cl" }, at: 0 });
  });

  it("treats unreadable storage as nothing saved, and a refusing one as no harm", () => {
    items.set("voz-resume:resume-test:2", "{not json");
    expect(savedAnswers(survey(true))).toBeNull();
    vi.stubGlobal("localStorage", {
      getItem: () => {
        throw new Error("denied");
      },
      setItem: () => {
        throw new Error("quota");
      },
      removeItem: () => {
        throw new Error("denied");
      },
    });
    expect(() => saveAnswers(survey(true), { values: {}, at: 0 })).not.toThrow();
    expect(savedAnswers(survey(true))).toBeNull();
    expect(() => forgetSaved(survey(true))).not.toThrow();
  });
});
