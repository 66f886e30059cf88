// A copy of a *general* message stored again with `"sensitive": true`
// under a smaller id in the same month. Whoever holds the sealed bytes (seized phone, database
// copy) can post it: the server cannot tell the flag is wrong. copiesOf
// (client/coordinator/feedback/crypto.ts) then treats the sensitive copy as the first copy and
// the genuine general message as "a copy": a safeguarding member (who lists sensitive reports)
// counts the message nowhere, while an analyst (who does not) counts it. The counts of a closed
// month then depend on who publishes, and one sender can erase their own (or anyone's) message
// from the public counts. Then what a publication may count of messages that do not open
// (publicCounts): only those of its closed months.
import { describe, expect, it } from "vitest";
import { generateKeyPair } from "../../lib/crypto";
import { newReplyCode, ready, replyKey, sealMessage } from "../../lib/feedback";
import type { StoredMessage } from "./api";
import { openMessages, publicCounts } from "./crypto";

const stored = (
  id: string,
  ciphertext: string,
  sensitive: boolean,
  month = "2026-09",
): StoredMessage => ({
  id,
  sensitive,
  ciphertext,
  month,
  status: "new",
  assignee: null,
  coding: null,
  replies: 0,
});

describe("a general message copied as a sensitive report", () => {
  it("is still counted once, whoever opens the inbox", async () => {
    await ready();
    const general = generateKeyPair();
    const sensitive = generateKeyPair();
    const ciphertext = sealMessage(
      {
        category: "complaint",
        message: "no me atendieron",
        replyKey: Buffer.from(replyKey(newReplyCode())).toString("base64"),
      },
      general.publicKey,
    );
    const original = stored("f0000000-0000-4000-8000-000000000000", ciphertext, false);
    // Same bytes, posted again with sensitive: true and an id that sorts first.
    const copy = stored("00000000-0000-4000-8000-000000000000", ciphertext, true);

    const counted = (opened: Awaited<ReturnType<typeof openMessages>>) =>
      publicCounts(opened, ["2026-09"]).counted.length;

    // An analyst: lists general messages only.
    const analyst = await openMessages([original], {
      general,
      sensitive: null,
      sealed: {},
    });
    // A safeguarding owner: lists both.
    const owner = await openMessages([copy, original], { general, sensitive, sealed: {} });

    expect(counted(analyst)).toBe(1);
    // Was 0: the sensitive copy took the original's place as the first of its box.
    expect(counted(owner)).toBe(1);
  });
});

describe("messages that do not open", () => {
  it("are counted unreadable in the publication's closed months only, never in the open one", async () => {
    await ready();
    const general = generateKeyPair();
    const sealed = sealMessage(
      {
        category: "question",
        message: "¿dónde renuevo el pasaporte?",
        replyKey: Buffer.from(replyKey(newReplyCode())).toString("base64"),
      },
      general.publicKey,
    );
    // Sealed to a key nobody here holds: each stores, and never opens.
    const stray = () =>
      sealMessage(
        { category: "complaint", message: "x", replyKey: Buffer.alloc(32).toString("base64") },
        generateKeyPair().publicKey,
      );
    const opened = await openMessages(
      [
        stored("10000000-0000-4000-8000-000000000000", sealed, false, "2026-10"),
        stored("20000000-0000-4000-8000-000000000000", stray(), false, "2026-10"),
        stored("30000000-0000-4000-8000-000000000000", stray(), false, "2026-11"),
        stored("40000000-0000-4000-8000-000000000000", stray(), false, "2026-12"),
      ],
      { general, sensitive: null, sealed: {} },
    );
    // October and November are closed; December is the open month.
    const counts = publicCounts(opened, ["2026-10", "2026-11"]);
    expect(counts.counted).toEqual([
      { category: "question", month: "2026-10", country: undefined },
    ]);
    // Was 3: December's unreadable message was published while its month was open.
    expect(counts.unreadable).toBe(2);
    expect(counts.copies).toBe(0);
  });
});
