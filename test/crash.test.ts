import { describe, expect, it } from "vitest";
import { crashRun } from "./crash";

describe("durability under SIGKILL", () => {
  it("keeps every acknowledged response, byte-identical and once, across three kills", async () => {
    const report = await crashRun({ kills: 3, concurrency: 16, maxLifeMs: 1500 });
    // Guards against a run that proves nothing because no request ever got through.
    expect(report.acknowledged).toBeGreaterThan(0);
    expect(report).toMatchObject({ lost: 0, corrupted: 0, integrity: "ok" });
    expect(report.found).toBe(report.acknowledged);
  }, 120_000);
});
