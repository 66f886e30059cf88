// The seven attacks of issue 12 that read suppressed counts off v0.1's publications, each
// replayed the way the attacker worked: a publication shaped as v0.1 let it through, the
// independent attacker (test/attacker.ts, its own LP) recovering the small count from it — so the
// attack is real — then the product's audit refusing that publication, and the product's
// suppression of the same answers leaving the attacker nothing narrower than k. Attack 2
// (withdraw falls back) is a route test: server/routes/publications.test.ts.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Answers } from "../client/lib/answers";
import { auditedWith, auditPublication, keepsPattern, publishedIn } from "../client/lib/audit";
import {
  type CountedMessage,
  feedbackPublication,
  feedbackTables,
} from "../client/lib/feedback-tables";
import { checkGrowth } from "../client/lib/policy";
import {
  type CountedTable,
  hideSuppressed,
  type Key,
  type PublishedTable,
} from "../client/lib/publication";
import { CHANNEL_STRUCTURE, surveyStructure } from "../client/lib/structure";
import { suppress } from "../client/lib/suppress";
import { tabulate } from "../client/lib/tabulate";
import type { Survey } from "../surveys/schema";
import { leaks, type Published, surveyOf } from "./attack-surveys";
import { Attacker, type PublicQuestion } from "./attacker";

const K = 5;
const many = (n: number, answers: Answers): Answers[] => Array.from({ length: n }, () => answers);
const sameKey = (a: Key, b: Key) =>
  Object.keys(a).length === Object.keys(b).length &&
  Object.entries(a).every(([v, c]) => b[v] === c);

function counted(survey: Survey, answers: Answers[]): CountedTable[] {
  const result = tabulate(survey, answers);
  if (!result.ok) throw new Error(result.reason);
  return result.tables;
}

/** The tables with the given cells hidden, as a hand-made (or v0.1) publication. */
function hiding(tables: CountedTable[], hidden: Key[]): PublishedTable[] {
  return tables.map((t) => ({
    id: t.id,
    variables: t.variables,
    cells: t.cells.map((c) =>
      hidden.some((h) => sameKey(h, c.key))
        ? { key: c.key, count: null, suppressed: "secondary" as const }
        : { key: c.key, count: c.count, suppressed: false as const },
    ),
  }));
}

/** The attacker's tightest bounds on `key` from one publication. */
async function attack(questions: PublicQuestion[], tables: PublishedTable[], n: number, key: Key) {
  const attacker = await Attacker.of(questions, [{ responses: n, tables }]);
  try {
    return attacker.bounds(key, 0);
  } finally {
    attacker.dispose();
  }
}

/** The product's own publication of the answers, with the attacker's findings on it. */
async function productLeaks(questions: PublicQuestion[], survey: Survey, answers: Answers[]) {
  const tables = counted(survey, answers);
  const result = await suppress(tables, K, { structure: surveyStructure(survey) });
  expect(result.unresolved).toEqual([]);
  const release = { responses: answers.length, tables: hideSuppressed(result.tables) };
  return { release, leaks: await leaks(questions, [{ counted: tables, release }], K) };
}

/** The passport survey in miniature: a required gender, then passport status. */
const genderAndPassport = (genders: string[]): PublicQuestion[] => [
  { id: "gender", type: "single", required: true, options: genders.map((id) => ({ id })) },
  {
    id: "passport",
    type: "single",
    options: [{ id: "valid" }, { id: "expired" }, { id: "never" }],
  },
];

describe("attack 1: differencing two publications", () => {
  const questions = genderAndPassport(["m", "w", "x"]);
  const survey = surveyOf(questions, ["gender"]);
  const first = [
    ...many(7, { gender: "w", passport: "valid" }),
    ...many(5, { gender: "w", passport: "never" }),
    ...many(4, { gender: "m", passport: "valid" }),
    ...many(2, { gender: "m", passport: "expired" }),
    ...many(2, { gender: "x", passport: "never" }),
  ];
  const newcomer: Answers = { gender: "x", passport: "expired" };

  it("is refused at N + 1: a republication needs N to grow by k", () => {
    const facts = {
      storedK: K,
      history: [{ number: 1, version: 1, k: K, responses: 20, withdrawn: false }],
    };
    expect(checkGrowth({ version: 1, k: K, responses: 21 }, facts)).toMatchObject({
      ok: false,
      needed: 4,
    });
    expect(checkGrowth({ version: 1, k: K, responses: 25 }, facts).ok).toBe(true);
  });

  it("reads the newcomers' answers off two fresh suppressions, and nothing off the product's", async () => {
    const later = [...first, newcomer, ...many(4, { gender: "w", passport: "valid" })];
    const structure = surveyStructure(survey);
    const runs: { fresh: Published[]; kept: Published[] } = { fresh: [], kept: [] };
    for (const answers of [first, later]) {
      const tables = counted(survey, answers);
      const history = runs.kept.map((p) => p.release);
      const kept = await suppress(tables, K, { history, structure });
      expect(kept.unresolved).toEqual([]);
      runs.kept.push({
        counted: tables,
        release: { responses: answers.length, tables: hideSuppressed(kept.tables) },
      });
      // v0.1: each publication suppressed on its own.
      const fresh = await suppress(tables, K, { structure });
      runs.fresh.push({
        counted: tables,
        release: { responses: answers.length, tables: hideSuppressed(fresh.tables) },
      });
    }
    expect(await leaks(questions, runs.fresh, K)).not.toEqual([]);
    expect(await leaks(questions, runs.kept, K)).toEqual([]);
    const audited = await auditPublication({
      publication: { ...(runs.fresh[1]?.release as Published["release"]), k: K },
      history: [runs.fresh[0]?.release as Published["release"]],
      structure,
    });
    expect(audited.ok).toBe(false);
  });

  it("keeps the last pattern at a gate that relates it to the last publication alone", async () => {
    const structure = surveyStructure(survey);
    const second = [...first, ...many(5, { gender: "w", passport: "valid" })];
    const third = [...second, newcomer, ...many(4, { gender: "w", passport: "valid" })];
    const runs: Published[] = [];
    for (const answers of [first, second, third]) {
      const tables = counted(survey, answers);
      const history = runs.map((p) => p.release);
      const result = await suppress(tables, K, { history, structure, keepPattern: true });
      expect(result.unresolved).toEqual([]);
      const release = { k: K, responses: answers.length, tables: hideSuppressed(result.tables) };
      const latest = history.at(-1);
      if (latest) {
        expect(keepsPattern(latest, release)).toBe(true);
        expect(auditedWith(release, history).history).toEqual([latest]);
      }
      const checked = await auditPublication({ publication: release, history, structure });
      expect(checked.findings).toEqual([]);
      runs.push({ counted: tables, release });
    }
    // The attacker relates all three, whatever the gate did.
    expect(await leaks(questions, runs, K)).toEqual([]);

    // The third again, hiding what the second hid and no more: the four who came after the
    // newcomer are a change of 4 in the published count of women, and the gate says so in the
    // whole history's numbers.
    const [, second_, third_] = runs as [Published, Published, Published];
    const shown = publishedIn(second_.release);
    const tampered = {
      k: K,
      responses: third.length,
      tables: hiding(
        third_.counted,
        third_.counted.flatMap((t) => t.cells.filter((c) => !shown(t.id, c.key)).map((c) => c.key)),
      ),
    };
    expect(keepsPattern(second_.release, tampered)).toBe(true);
    const refused = await auditPublication({
      publication: tampered,
      history: runs.slice(0, 2).map((p) => p.release),
      structure,
    });
    expect(refused.findings).toContainEqual(
      expect.objectContaining({
        problem: "small_change",
        key: { gender: "w" },
        release: 2,
        since: 1,
        change: 4,
      }),
    );
  });
});

describe("attack 3: a multi question's no answer is one number", () => {
  const questions: PublicQuestion[] = [
    { id: "help", type: "multi", options: [{ id: "h1" }, { id: "h2" }] },
  ];
  const survey = surveyOf(questions, []);
  const answers = [...many(10, { help: ["h1"] }), ...many(2, { help: ["h2"] }), ...many(10, {})];

  it("gives h1.no = 22 − 10 − 10 = 2 when h1's no and no-answer cover each other", async () => {
    const tables = counted(survey, answers).filter(
      (t) => t.variables.includes("help.h1") || t.variables.includes("help.h2"),
    );
    const published = hiding(tables, [{ "help.h1": "no" }, { "help.h1": null }]);
    expect(await attack(questions, published, 22, { "help.h1": "no" })).toEqual({ lo: 2, hi: 2 });
    const audited = await auditPublication({
      publication: { responses: 22, k: K, tables: published },
      structure: surveyStructure(survey),
    });
    expect(audited.findings.some((f) => sameKey(f.key, { "help.h1": "no" }))).toBe(true);
  });

  it("leaves the attacker nothing narrower than k in the product's publication", async () => {
    const { leaks: found } = await productLeaks(questions, survey, answers);
    expect(found).toEqual([]);
  });
});

describe("attack 4: showIf and required are public", () => {
  const questions: PublicQuestion[] = [
    {
      id: "status",
      type: "single",
      required: true,
      options: [{ id: "a" }, { id: "b" }, { id: "c" }],
    },
    {
      id: "follow",
      type: "single",
      required: true,
      options: [{ id: "x" }, { id: "y" }],
      showIf: { question: "status", equals: "a" },
    },
  ];
  const survey = surveyOf(questions, []);
  const answers = [
    ...many(5, { status: "a", follow: "x" }),
    ...many(5, { status: "a", follow: "y" }),
    ...many(2, { status: "b" }),
    ...many(12, { status: "c" }),
  ];

  it("gives a = 10 and b = 2 from the required follow-up's answers", async () => {
    const published = hiding(counted(survey, answers), [{ status: "a" }, { status: "b" }]);
    expect(await attack(questions, published, 24, { status: "b" })).toEqual({ lo: 2, hi: 2 });
    const audited = await auditPublication({
      publication: { responses: 24, k: K, tables: published },
      structure: surveyStructure(survey),
    });
    expect(audited.findings.some((f) => sameKey(f.key, { status: "b" }))).toBe(true);
  });

  it("leaves the attacker nothing narrower than k in the product's publication", async () => {
    const { leaks: found } = await productLeaks(questions, survey, answers);
    expect(found).toEqual([]);
  });
});

describe("a follow-up asked only inside a group of k or more", () => {
  // Everyone asked `follow` has status a, and every status a is in group g1 (a published 5 and a
  // published 0). That the 2 who answered x are in g1 is no news: all 5 with status a are. The
  // audit once called it a shared answer no cover could fix, so the survey could not be published
  // (property-test seed 520019673).
  const questions: PublicQuestion[] = [
    { id: "group", type: "single", required: true, options: [{ id: "g1" }, { id: "g2" }] },
    { id: "status", type: "single", required: true, options: [{ id: "a" }, { id: "b" }] },
    {
      id: "follow",
      type: "single",
      required: false,
      options: [{ id: "x" }, { id: "y" }],
      showIf: { question: "status", equals: "a" },
    },
  ];
  const survey = surveyOf(questions, ["group"]);
  const answers = [
    ...many(2, { group: "g1", status: "a", follow: "x" }),
    ...many(3, { group: "g1", status: "a", follow: "y" }),
    ...many(10, { group: "g1", status: "b" }),
    ...many(9, { group: "g2", status: "b" }),
  ];

  it("is published, and leaves the attacker nothing narrower than k", async () => {
    const { release, leaks: found } = await productLeaks(questions, survey, answers);
    expect(found).toEqual([]);
    const audited = await auditPublication({
      publication: { ...release, k: K },
      structure: surveyStructure(survey),
    });
    expect(audited.findings).toEqual([]);
  });
});

// LP work that takes seconds alone and half a minute on a loaded machine.
describe("attack 8: tables that share a variable constrain the ones they do not share", {
  timeout: 120_000,
}, () => {
  // Found by test/disclosure.test.ts (seed 1811511320): two publications of a small survey
  // (b1, b2 breakdowns; d asked only if p = s1), each table consistent on its own margins, yet
  // the joint table of everyone's answers pins p = s2 among g1 to [0, 2] at k = 3. The audit
  // once modelled tables only through their shared margins; it now uses the survey's joint table
  // whenever it is small enough (client/lib/structure.ts, surveyJoint).
  const fixture = JSON.parse(
    readFileSync(new URL("./fixtures/three-way-leak.json", import.meta.url), "utf8"),
  ) as {
    plan: { questions: PublicQuestion[]; breakdowns: string[] };
    k: number;
    done: Published[];
  };
  const { plan, k, done } = fixture;
  const structure = surveyStructure(surveyOf(plan.questions, plan.breakdowns));
  const [first, second] = done as [Published, Published];

  it("recovers a count of 1 from the pair", async () => {
    expect(await leaks(plan.questions, done, k)).toContain(
      'p×b1 {"p":"s2","b1":"g1"} @0: 1 in {"lo":0,"hi":2}',
    );
  });

  it("is refused by the audit, and the product's own second publication leaves nothing", async () => {
    const audited = await auditPublication({
      publication: { ...second.release, k },
      history: [first.release],
      structure,
    });
    expect(audited.findings.length).toBeGreaterThan(0);
    const result = await suppress(second.counted, k, { history: [first.release], structure });
    expect(result.unresolved).toEqual([]);
    const release = { responses: second.release.responses, tables: hideSuppressed(result.tables) };
    expect(await leaks(plan.questions, [first, { counted: second.counted, release }], k)).toEqual(
      [],
    );
  });
});

const ZEROS_QUESTIONS = genderAndPassport(["man", "woman", "other"]);
const ZEROS_SURVEY = surveyOf(ZEROS_QUESTIONS, ["gender"]);
/** Two men, both with a valid passport: their other cells are zeros. */
const ZEROS_ANSWERS = [
  ...many(2, { gender: "man", passport: "valid" }),
  ...many(3, { gender: "other", passport: "valid" }),
  ...many(8, { gender: "woman", passport: "valid" }),
  ...many(6, { gender: "woman", passport: "expired" }),
  ...many(5, { gender: "woman", passport: "never" }),
  ...many(5, { gender: "woman" }),
];

describe("attack 5: published zeros give a hidden group away", () => {
  const questions = ZEROS_QUESTIONS;
  const survey = ZEROS_SURVEY;
  const answers = ZEROS_ANSWERS;

  it("says every man has a valid passport when the zeros beside the hidden cell are shown", async () => {
    const tables = counted(survey, answers);
    const published = hiding(tables, [
      { gender: "man" },
      { gender: "other" },
      { gender: "man", passport: "valid" },
      { gender: "other", passport: "valid" },
    ]);
    // The men's zeros are published: whatever their number, they all hold a valid passport.
    const cross = published.find((t) => t.variables.length === 2);
    const zeros = cross?.cells.filter((c) => c.key.gender === "man" && c.count === 0) ?? [];
    expect(zeros.map((c) => c.key.passport).sort()).toEqual(["expired", "never", null].sort());
    const audited = await auditPublication({
      publication: { responses: answers.length, k: K, tables: published },
      structure: surveyStructure(survey),
    });
    expect(audited.ok).toBe(false);
    expect(audited.findings.some((f) => f.problem === "zero_beside_hidden")).toBe(true);
    const release = { responses: answers.length, tables: published };
    // The independent attacker reads the same off the zeros.
    expect(await leaks(questions, [{ counted: tables, release }], K)).toContain(
      'passport×gender {"passport":"*","gender":"man"} @0: all 2 gave passport = valid',
    );
  });

  it("hides those zeros in the product's publication", async () => {
    const { release, leaks: found } = await productLeaks(questions, survey, answers);
    expect(found).toEqual([]);
    const cross = release.tables.find((t) => t.variables.length === 2);
    const shownZeros = cross?.cells.filter((c) => c.key.gender === "man" && c.count === 0) ?? [];
    expect(shownZeros).toEqual([]);
  });
});

describe("a zero that a published total of 0 already gives", () => {
  // Nobody's passport expired, and the public page says so (expired = 0). The men's row is
  // hidden, and its zeros with it by the zero rule: all but (man, expired), which the column's
  // 0 already gives; hiding it hid nobody and said more was hidden than was (feedback QA).
  const questions = ZEROS_QUESTIONS;
  const survey = ZEROS_SURVEY;
  const answers = ZEROS_ANSWERS.filter((a) => a.passport !== "expired");

  it("is published, and the independent attacker still finds nothing", async () => {
    const { release, leaks: found } = await productLeaks(questions, survey, answers);
    expect(found).toEqual([]);
    const cross = release.tables.find((t) => t.variables.length === 2);
    const cell = (gender: string, passport: string | null) =>
      cross?.cells.find((c) => c.key.gender === gender && c.key.passport === passport);
    expect(cell("*", "expired")).toMatchObject({ count: 0 });
    expect(cell("man", "expired")).toMatchObject({ count: 0 });
    // The zeros no published total gives stay hidden beside the men's hidden row.
    expect(cell("man", "never")?.count).toBeNull();
    expect(cell("man", null)?.count).toBeNull();
    const audited = await auditPublication({
      publication: { ...release, k: K },
      structure: surveyStructure(survey),
    });
    expect(audited.findings).toEqual([]);
  });
});

describe("attack 6: zeros when N < k", () => {
  const questions: PublicQuestion[] = [
    { id: "gender", type: "single", required: true, options: [{ id: "man" }, { id: "woman" }] },
    { id: "status", type: "single", required: true, options: [{ id: "a" }, { id: "b" }] },
  ];
  const survey = surveyOf(questions, ["gender"]);
  const answers = many(3, { gender: "man", status: "b" });

  it("tells the public all 3 are men with status b if the zeros are shown", async () => {
    const tables = counted(survey, answers);
    const published = hiding(
      tables,
      tables
        .flatMap((t) => t.cells.filter((c) => c.count > 0 && c.count < K).map((c) => c.key))
        .filter((key) => Object.values(key).some((v) => v !== "*")),
    );
    expect(await attack(questions, published, 3, { gender: "man", status: "b" })).toEqual({
      lo: 3,
      hi: 3,
    });
    const audited = await auditPublication({
      publication: { responses: 3, k: K, tables: published },
      structure: surveyStructure(survey),
    });
    expect(audited.ok).toBe(false);
  });

  it("publishes only the response count", async () => {
    const tables = counted(survey, answers);
    const result = await suppress(tables, K, { structure: surveyStructure(survey) });
    const shown = hideSuppressed(result.tables).flatMap((t) =>
      t.cells.filter((c) => c.count !== null && Object.values(c.key).some((v) => v !== "*")),
    );
    expect(shown).toEqual([]);
  });
});

describe("attack 7: feedback published month after month", () => {
  const categories = ["question", "suggestion", "complaint", "thanks"];
  const allMonths = ["2026-07", "2026-08", "2026-09", "2026-10"];
  const questions: PublicQuestion[] = [
    { id: "category", type: "single", required: true, options: categories.map((id) => ({ id })) },
    { id: "month", type: "single", required: true, options: allMonths.map((id) => ({ id })) },
  ];

  function monthly(seed: number): CountedMessage[] {
    let state = seed;
    const next = () => {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      return state / 2 ** 31;
    };
    return allMonths.flatMap((month) =>
      categories.flatMap((category) =>
        Array.from({ length: Math.floor(next() ** 2 * 9) }, () => ({ category, month })),
      ),
    );
  }

  interface Run {
    done: Published[];
    /** What the attacker knows of arrivals: a message of a month counted by one publication
     * arrived before it, and one of a later month after it (closed months never change). */
    possible: (slice: number, sheet: Record<string, unknown>) => boolean;
  }

  /**
   * A publication at the end of each month from the second on, with the months closed so far,
   * whenever the count grew by k since the last one (the gate's growth rule).
   */
  async function run(messages: CountedMessage[], withHistory: boolean): Promise<Run> {
    const done: Published[] = [];
    const ends: number[] = [];
    for (let last = 2; last <= allMonths.length; last++) {
      const months = allMonths.slice(0, last);
      const tables = feedbackTables(messages, { months });
      const n = tables[0]?.cells.find((c) => c.key.category === "*" && c.key.month === "*")?.count;
      const before = done.at(-1)?.release.responses;
      if (n === undefined || (before !== undefined && n - before < K)) continue;
      const history = withHistory ? done.map((p) => p.release) : [];
      const { publication } = await feedbackPublication("red", messages, { k: K, months, history });
      done.push({
        counted: tables,
        release: { responses: publication.responses, tables: publication.tables },
      });
      ends.push(last);
    }
    const possible = (slice: number, sheet: Record<string, unknown>) => {
      const month = allMonths.indexOf(sheet.month as string);
      return month < (ends[slice] ?? 0) && month >= (slice === 0 ? 0 : (ends[slice - 1] ?? 0));
    };
    return { done, possible };
  }

  const trials = Number(process.env.VOZ_FEEDBACK_TRIALS ?? 10);

  it(`recovers small monthly counts from fresh patterns, and none with history (${trials} trials)`, {
    timeout: 600_000,
  }, async () => {
    const leaking: Published[][] = [];
    for (let trial = 0; trial < trials; trial++) {
      const messages = monthly(trial + 1);
      const fresh = await run(messages, false);
      if ((await leaks(questions, fresh.done, K, fresh.possible)).length > 0) {
        leaking.push(fresh.done);
      }
      const kept = await run(messages, true);
      expect(await leaks(questions, kept.done, K, kept.possible)).toEqual([]);
    }
    console.log(`attack 7: fresh patterns leaked in ${leaking.length} of ${trials} trials`);
    expect(leaking.length).toBeGreaterThan(0);
    // The audit models the frozen months too: the gate refuses the run the attacker used, at
    // the first publication that leaks.
    const refused = await Promise.all(
      leaking.map(async (run) => {
        for (let t = 1; t < run.length; t++) {
          const audited = await auditPublication({
            publication: { ...(run[t] as Published).release, k: K },
            history: run.slice(0, t).map((p) => p.release),
            structure: CHANNEL_STRUCTURE,
          });
          if (!audited.ok) return true;
        }
        return false;
      }),
    );
    expect(refused.every(Boolean)).toBe(true);
  });
});
