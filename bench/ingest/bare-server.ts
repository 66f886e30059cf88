// The yardstick of bench:ingest: what this stack (node:http + better-sqlite3) does durably with
// nothing of Voz in the way. It parses the same JSON, checks the id, computes a receipt and
// stores the row with Voz's durability: WAL, synchronous=FULL, group commit (requests readable
// together share one transaction), and a 201 only after the commit that holds the row.
// `private` adds what Voz's storage does for DESIGN §9.7 and costs disk, not CPU: secure_delete
// and the write-ahead log checkpointed and cut to zero before the 201s of each commit.
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import Database from "better-sqlite3";

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

export interface BareServer {
  port: number;
  storedRows(): number;
  /** Moves the write-ahead log into the file, so the file's size is the data's. */
  checkpoint(): void;
}

export function serveBare(path: string, dbPath: string, storage: "plain" | "private") {
  const sqlite = new Database(dbPath);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = FULL");
  if (storage === "private") {
    sqlite.pragma("secure_delete = ON");
    sqlite.pragma("journal_size_limit = 0");
  }
  sqlite.exec(
    "create table if not exists responses (id text primary key, ciphertext text not null, received_on text not null) without rowid",
  );
  const insert = sqlite.prepare("insert into responses values (?, ?, ?)");
  const count = sqlite.prepare("select count(*) as n from responses");

  let waiting: { id: string; ciphertext: string; res: ServerResponse }[] = [];
  const flush = () => {
    const batch = waiting;
    waiting = [];
    const day = new Date().toISOString().slice(0, 10);
    const stored: boolean[] = [];
    sqlite.exec("BEGIN IMMEDIATE");
    for (const { id, ciphertext } of batch) {
      try {
        insert.run(id, ciphertext, day);
        stored.push(true);
      } catch {
        stored.push(false);
      }
    }
    sqlite.exec("COMMIT");
    if (storage === "private") sqlite.pragma("wal_checkpoint(TRUNCATE)");
    for (const [i, { id, ciphertext, res }] of batch.entries()) {
      if (!stored[i]) {
        answer(res, 409, '{"error":"id taken"}');
        continue;
      }
      const receipt = createHash("sha256").update(`${id}\n${ciphertext}`).digest("base64url");
      answer(res, 201, `{"receipt":"${receipt.slice(0, 16)}"}`);
    }
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
      if (waiting.length === 1) setImmediate(flush);
    });
  });
  return new Promise<BareServer>((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      resolve({
        port: typeof address === "object" && address ? address.port : 0,
        storedRows: () => (count.get() as { n: number }).n,
        checkpoint: () => sqlite.pragma("wal_checkpoint(TRUNCATE)"),
      });
    });
  });
}

function answer(res: ServerResponse, status: number, json: string): void {
  res.writeHead(status, { "content-type": "application/json", "content-length": json.length });
  res.end(json);
}
