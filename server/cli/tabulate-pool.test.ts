// The pool must give exactly the tabulation of all responses at once, however the responses
// are split into batches and threads, and must fail loudly rather than hang.
import { beforeAll, describe, expect, it } from "vitest";
import type { Answers } from "../../client/lib/answers";
import { generateKeyPair, type KeyPair, ready, seal } from "../../client/lib/crypto";
import { tabulate } from "../../client/lib/tabulate";
import { type Survey, surveySchema } from "../../surveys/schema";
import { tabulateInPool } from "./tabulate-pool";

const text = (en: string) => ({ en });
const options = (...ids: string[]) => ids.map((id) => ({ id, label: text(id) }));
const survey: Survey = surveySchema.parse({
  slug: "pool-example",
  version: 1,
  languages: ["en"],
  title: text("Pool"),
  breakdowns: ["gender"],
  questions: [
    { id: "gender", type: "single", label: text("Gender"), options: options("w", "m", "x") },
    { id: "city", type: "single", label: text("City"), options: options("a", "b", "c", "d") },
    { id: "needs", type: "multi", label: text("Needs"), options: options("food", "work") },
  ],
});

let pair: KeyPair;
let ciphertexts: (string | null)[];
let answers: Answers[];

beforeAll(async () => {
  await ready();
  pair = generateKeyPair();
  const other = generateKeyPair();
  answers = Array.from({ length: 230 }, (_, i) => ({
    gender: ["w", "m", "x"][i % 3] as string,
    ...(i % 7 === 0 ? {} : { city: ["a", "b", "c", "d"][i % 4] as string }),
    needs: i % 5 === 0 ? ["food", "work"] : ["work"],
  }));
  const sealed = answers.map((a) =>
    seal({ v: 1, survey: survey.slug, version: 1, answers: a }, pair.publicKey, survey),
  );
  // Unreadable: a line without a ciphertext, another key, garbage.
  ciphertexts = [
    ...sealed,
    null,
    seal({ v: 1, survey: survey.slug, version: 1, answers: {} }, other.publicKey, survey),
    "bm90IGEgYm94",
  ];
});

async function* inBatches<T>(items: readonly T[], size: number) {
  for (let at = 0; at < items.length; at += size) yield items.slice(at, at + size);
}

const none = () => {
  const empty = tabulate(survey, []);
  if (!empty.ok) throw new Error("no tables");
  return empty.tables;
};

describe("tabulateInPool", { timeout: 60_000 }, () => {
  it("gives the tabulation of all responses at once, whatever the batches and threads", async () => {
    const whole = tabulate(survey, answers);
    if (!whole.ok) throw new Error("no tables");
    for (const [size, threads] of [
      [1000, 1],
      [7, 3],
      [50, 2],
    ] as const) {
      const share = await tabulateInPool(
        { batches: inBatches(ciphertexts, size) },
        { survey, pair },
        none(),
        threads,
      );
      expect(share.responses).toBe(230);
      expect(share.unreadable).toBe(3);
      expect(share.tables).toEqual(whole.tables);
    }
  });

  it("crosses by the breakdowns it is given", async () => {
    const byCity = tabulate(survey, answers, { breakdowns: ["city"] });
    const empty = tabulate(survey, [], { breakdowns: ["city"] });
    if (!byCity.ok || !empty.ok) throw new Error("no tables");
    const share = await tabulateInPool(
      { batches: inBatches(ciphertexts, 40) },
      { survey, pair, breakdowns: ["city"] },
      empty.tables,
      2,
    );
    expect(share.tables).toEqual(byCity.tables);
    expect(share.tables.map((t) => t.id)).toContain("gender×city");
  });

  it("counts nothing from no responses", async () => {
    const share = await tabulateInPool({ batches: inBatches([], 10) }, { survey, pair }, none(), 2);
    expect(share).toEqual({ tables: none(), responses: 0, unreadable: 0 });
  });

  it("rejects when the stream of responses fails, and when a worker fails, instead of hanging", async () => {
    async function* broken() {
      yield ciphertexts.slice(0, 10);
      throw new Error("disk went away");
    }
    await expect(
      tabulateInPool({ batches: broken() }, { survey, pair }, none(), 2),
    ).rejects.toThrow("disk went away");
    const wrongPair = { publicKey: pair.publicKey, secretKey: "too short" };
    await expect(
      tabulateInPool(
        { batches: inBatches(ciphertexts, 10) },
        { survey, pair: wrongPair },
        none(),
        2,
      ),
    ).rejects.toThrow("not a key pair");
  });
});
