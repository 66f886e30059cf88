import { describe, expect, it } from "vitest";
import { openInPool } from "./pool";
import type { OpenBatch, OpenedBatch, OpenReply } from "./protocol";

/** Stands in for open-worker.ts: "opens" a batch by counting it, after a tick. */
class FakeWorker {
  static live = 0;
  static busiest = 0;
  onmessage: ((event: MessageEvent<OpenReply>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  terminated = false;
  constructor(private readonly reply: (batch: OpenBatch) => OpenReply | "hang") {}
  postMessage(batch: OpenBatch) {
    FakeWorker.live++;
    FakeWorker.busiest = Math.max(FakeWorker.busiest, FakeWorker.live);
    setTimeout(() => {
      const reply = this.reply(batch);
      if (reply === "hang" || this.terminated) return;
      FakeWorker.live--;
      this.onmessage?.({ data: reply } as MessageEvent<OpenReply>);
    }, 1);
  }
  terminate() {
    this.terminated = true;
  }
}

const counted = (batch: OpenBatch): OpenReply => ({
  ok: true,
  batch: {
    tables: [],
    answers: [],
    opened: batch.ciphertexts.filter((c) => c !== "bad").length,
    unreadable: batch.ciphertexts.filter((c) => c === "bad").length,
    otherVersions: 0,
  },
});

async function* batchesOf(...batches: string[][]) {
  for (const batch of batches) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    yield batch;
  }
}

const job = {
  surveyKeys: [{ publicKey: "", secretKey: "" }],
  versions: [],
  version: 1,
  sameQuestions: [],
};

describe("openInPool", () => {
  it("opens every batch with at most `size` workers busy, and terminates them all", async () => {
    FakeWorker.live = 0;
    FakeWorker.busiest = 0;
    const workers: FakeWorker[] = [];
    const seen: OpenedBatch[] = [];
    const outcome = await openInPool({
      size: 2,
      createWorker: () => {
        const worker = new FakeWorker(counted);
        workers.push(worker);
        return worker as unknown as Worker;
      },
      batches: batchesOf(["a", "b"], ["c", "bad"], [], ["d"], ["e", "f", "g"]),
      job,
      signal: new AbortController().signal,
      onBatch: (batch) => seen.push(batch),
    });
    expect(outcome).toEqual({ ok: true });
    expect(seen.reduce((n, b) => n + b.opened, 0)).toBe(7);
    expect(seen.reduce((n, b) => n + b.unreadable, 0)).toBe(1);
    expect(workers.length).toBeLessThanOrEqual(2);
    expect(FakeWorker.busiest).toBeLessThanOrEqual(2);
    expect(workers.every((w) => w.terminated)).toBe(true);
  });

  it("cancelling stops at once, even while a worker is still busy", async () => {
    const controller = new AbortController();
    const workers: FakeWorker[] = [];
    const running = openInPool({
      size: 1,
      createWorker: () => {
        const worker = new FakeWorker(() => "hang");
        workers.push(worker);
        return worker as unknown as Worker;
      },
      batches: batchesOf(["a"], ["b"]),
      job,
      signal: controller.signal,
      onBatch: () => {},
    });
    setTimeout(() => controller.abort(), 5);
    expect(await running).toMatchObject({ ok: false, reason: "cancelled" });
    expect(workers.every((w) => w.terminated)).toBe(true);
  });

  it("a worker's failure or a failed page stops the pool with its message", async () => {
    const failing = await openInPool({
      size: 2,
      createWorker: () =>
        new FakeWorker(() => ({ ok: false, message: "no key" })) as unknown as Worker,
      batches: batchesOf(["a"]),
      job,
      signal: new AbortController().signal,
      onBatch: () => {},
    });
    expect(failing).toEqual({ ok: false, reason: "failed", message: "no key" });

    async function* broken(): AsyncGenerator<string[]> {
      yield ["a"];
      throw new Error("the server answered 500");
    }
    const offline = await openInPool({
      size: 2,
      createWorker: () => new FakeWorker(counted) as unknown as Worker,
      batches: broken(),
      job,
      signal: new AbortController().signal,
      onBatch: () => {},
    });
    expect(offline).toEqual({ ok: false, reason: "failed", message: "the server answered 500" });
  });
});
