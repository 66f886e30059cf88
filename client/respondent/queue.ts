// The offline queue (DESIGN §9.5): a response that could not be sent waits on the phone as
// ciphertext only — its id, the survey slug and the sealed bytes, never an answer — and is
// deleted as soon as the server acknowledges it. The database exists only while something
// waits in it, so a phone that sent everything holds nothing.
import type { SendResult, Submission } from "./send";

/** What waits: the sealed submission and where it goes. Nothing else is ever written. */
export interface Queued extends Submission {
  slug: string;
  /** The invitation code the survey asked for, when it asked for one (not an answer). */
  code?: string;
  /**
   * Set for a feedback message (client/feedback/): its channel is `slug`. The lookup is a hash
   * of the reply code, never the code, so the phone holds nothing that opens a reply.
   */
  feedback?: { sensitive: boolean; lookup: string };
}

/** Each page sends only its own kind, so a survey page never posts a feedback message. */
export type QueueKind = "response" | "feedback";
const kindOf = (item: Queued): QueueKind => (item.feedback ? "feedback" : "response");

const DATABASE = "voz-outbox";
const STORE = "outbox";

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** Opens the queue; `create: false` never creates it (reading an empty phone leaves nothing). */
function openQueue(create: boolean): Promise<IDBDatabase | null> {
  if (typeof indexedDB === "undefined") return Promise.reject(new Error("no IndexedDB"));
  return new Promise((resolve, reject) => {
    const opening = indexedDB.open(DATABASE, 1);
    let aborted = false;
    opening.onupgradeneeded = () => {
      if (!create) {
        aborted = true;
        opening.transaction?.abort();
        return;
      }
      opening.result.createObjectStore(STORE, { keyPath: "id" });
    };
    opening.onsuccess = () => resolve(opening.result);
    opening.onerror = () => (aborted ? resolve(null) : reject(opening.error));
  });
}

async function exists(): Promise<boolean> {
  // Chrome 71+: list without opening; older browsers open and abort the creation.
  if (typeof indexedDB !== "undefined" && typeof indexedDB.databases === "function") {
    return (await indexedDB.databases()).some((db) => db.name === DATABASE);
  }
  const db = await openQueue(false).catch(() => null);
  db?.close();
  return db !== null;
}

async function withStore<T>(
  mode: IDBTransactionMode,
  create: boolean,
  use: (store: IDBObjectStore) => IDBRequest<T>,
): Promise<T | null> {
  const db = await openQueue(create);
  if (!db) return null;
  try {
    const tx = db.transaction(STORE, mode);
    const result = await request(use(tx.objectStore(STORE)));
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
    return result;
  } finally {
    db.close();
  }
}

/** Throws when the phone cannot store it (no IndexedDB, private mode, full). */
export async function enqueue(item: Queued): Promise<void> {
  const record: Queued = { id: item.id, slug: item.slug, ciphertext: item.ciphertext };
  if (item.code) record.code = item.code;
  if (item.feedback)
    record.feedback = { sensitive: item.feedback.sensitive, lookup: item.feedback.lookup };
  await withStore("readwrite", true, (store) => store.put(record));
}

export async function queued(): Promise<Queued[]> {
  if (!(await exists())) return [];
  return (
    (await withStore("readonly", false, (store) => store.getAll() as IDBRequest<Queued[]>)) ?? []
  );
}

/** Deletes one item; the database goes with the last one. */
async function remove(id: string): Promise<void> {
  const left = await withStore("readwrite", false, (store) => {
    store.delete(id);
    return store.count();
  });
  if (left === 0) await request(indexedDB.deleteDatabase(DATABASE)).catch(() => undefined);
}

/** The quick exit: the queue and everything in it are gone from the phone. */
export function forgetQueue(): Promise<void> {
  if (typeof indexedDB === "undefined") return Promise.resolve();
  return new Promise((resolve) => {
    const deleting = indexedDB.deleteDatabase(DATABASE);
    // Blocked: a connection of this page is still open; the deletion ends when the page goes.
    deleting.onsuccess = deleting.onerror = deleting.onblocked = () => resolve();
  });
}

/** Failures no retry of the same bytes can fix: the item is dropped, not retried forever. */
const FINAL: readonly string[] = ["closed", "gone", "rejected", "code_required", "code_invalid"];

export type Post = (item: Queued) => Promise<SendResult>;

/** Sends everything waiting, once each; the result of each attempt by response id. */
export async function flush(
  post: Post,
  kind: QueueKind = "response",
): Promise<Map<string, SendResult>> {
  const results = new Map<string, SendResult>();
  for (const item of await queued()) {
    if (kindOf(item) !== kind) continue;
    const result = await post(item);
    results.set(item.id, result);
    if (result.ok || FINAL.includes(result.reason)) await remove(item.id);
  }
  return results;
}

const FIRST_RETRY_MS = 3_000;
const LAST_RETRY_MS = 5 * 60_000;

/**
 * Retries the queue with doubling pauses (3 s … 5 min) and at once when the phone comes back
 * online, until it is empty. `onResult` hears every attempt.
 */
export function keepFlushing(
  post: Post,
  onResult: (id: string, result: SendResult) => void,
  kind: QueueKind = "response",
): { now(): Promise<void>; soon(): void; stop(): void } {
  let pause = FIRST_RETRY_MS;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | null = null;
  let stopped = false;

  const attempt = (): Promise<void> => {
    if (running) return running;
    clearTimeout(timer);
    running = (async () => {
      try {
        const results = await flush(post, kind);
        for (const [id, result] of results) onResult(id, result);
        const waiting = (await queued()).some((item) => kindOf(item) === kind);
        if (waiting && !stopped) {
          timer = setTimeout(attempt, pause);
          pause = Math.min(pause * 2, LAST_RETRY_MS);
        } else {
          pause = FIRST_RETRY_MS;
        }
      } finally {
        running = null;
      }
    })();
    return running;
  };
  const online = () => {
    pause = FIRST_RETRY_MS;
    attempt().catch(() => undefined);
  };
  window.addEventListener("online", online);
  return {
    now: attempt,
    soon() {
      if (running || stopped) return;
      clearTimeout(timer);
      timer = setTimeout(attempt, pause);
      pause = Math.min(pause * 2, LAST_RETRY_MS);
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
      window.removeEventListener("online", online);
    },
  };
}
