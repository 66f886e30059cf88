// The yardstick of bench:ingest: what this stack (node:http + the database driver) does durably
// with nothing of Voz in the way. It parses the same JSON, checks the id, computes a receipt and
// stores the row with Voz's durability: group commit (requests readable together share one
// transaction, one savepoint each, one batch at a time), and a 201 only after the commit that
// holds the row. The storage is SQLite (bare-sqlite.ts: WAL, synchronous=FULL) or PostgreSQL
// (bare-postgres.ts: fsync and synchronous_commit on).
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

export interface BareResponse {
  id: string;
  ciphertext: string;
}

/** Where a bare server keeps responses. */
export interface BareStore {
  /** Stores a batch in one transaction; whether each response was stored (false: id taken). */
  storeBatch(batch: BareResponse[], day: string): boolean[] | Promise<boolean[]>;
  /**
   * Work for a pause, when no request came while the last batch was stored (Voz's rule for its
   * rebuild steps, server/db/batch-worker.ts); whether there is more of it.
   */
  pause?(): boolean;
  storedRows(): Promise<number>;
  /** What the stored responses take on disk. */
  storedBytes(): Promise<number>;
}

export interface BareServer {
  port: number;
  storedRows(): Promise<number>;
  storedBytes(): Promise<number>;
}

export function serveBare(path: string, store: BareStore): Promise<BareServer> {
  let waiting: (BareResponse & { res: ServerResponse })[] = [];
  let flushing = false;
  const flush = async () => {
    if (flushing || waiting.length === 0) return;
    flushing = true;
    const batch = waiting;
    waiting = [];
    const day = new Date().toISOString().slice(0, 10);
    const stored = await store.storeBatch(batch, day);
    for (const [i, { id, ciphertext, res }] of batch.entries()) {
      if (!stored[i]) {
        answer(res, 409, '{"error":"id taken"}');
        continue;
      }
      const receipt = createHash("sha256").update(`${id}\n${ciphertext}`).digest("base64url");
      answer(res, 201, `{"receipt":"${receipt.slice(0, 16)}"}`);
    }
    flushing = false;
    // Requests that came while the batch was stored are read before this runs.
    setImmediate(() => (waiting.length > 0 ? flush() : paused()));
  };
  const paused = () => {
    if (waiting.length > 0 || flushing) return;
    if (store.pause?.()) setImmediate(paused);
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== "POST" || req.url !== path) return answer(res, 404, '{"error":"no"}');
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      let body: { id?: unknown; ciphertext?: unknown };
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        return answer(res, 400, '{"error":"json"}');
      }
      const { id, ciphertext } = body;
      if (typeof id !== "string" || !UUID_V4.test(id) || typeof ciphertext !== "string") {
        return answer(res, 400, '{"error":"body"}');
      }
      waiting.push({ id, ciphertext, res });
      if (waiting.length === 1 && !flushing) setImmediate(flush);
    });
  });
  return new Promise<BareServer>((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      resolve({
        port: typeof address === "object" && address ? address.port : 0,
        storedRows: () => store.storedRows(),
        storedBytes: () => store.storedBytes(),
      });
    });
  });
}

function answer(res: ServerResponse, status: number, json: string): void {
  res.writeHead(status, { "content-type": "application/json", "content-length": json.length });
  res.end(json);
}
