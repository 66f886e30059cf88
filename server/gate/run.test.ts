// The gate's runner given a job it cannot hand to a worker: the route's readJson refuses bodies
// nested this deep, so this is the runner's own guard, for whatever else might not clone.
import { expect, it } from "vitest";
import { DEFAULT_GATE_LIMITS, GateRunner } from "./run";

const runner = new GateRunner({ ...DEFAULT_GATE_LIMITS, workers: 1 });
const job = (input: unknown) => ({
  kind: "survey" as const,
  slug: "passport-access",
  input,
  versions: [],
  facts: { storedK: null, history: [] },
  history: [],
  months: [],
});

/** An array nested `depth` deep, built without recursion. */
function nested(depth: number): unknown {
  let value: unknown = [];
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

it("refuses a job it cannot send to a worker, and goes on to check the next", async () => {
  // A new worker (sent from its "ready" message), then the same after a job went through.
  await expect(runner.run(job(nested(200_000)))).rejects.toThrow();
  const next = await runner.run(job({}));
  expect(next).toMatchObject({ ok: false, reason: "invalid" });
  // Now an idle worker is reused: the job is sent at once, not from an event handler.
  await expect(runner.run(job(nested(200_000)))).rejects.toThrow();
  expect(await runner.run(job({}))).toMatchObject({ ok: false, reason: "invalid" });
}, 60_000);
