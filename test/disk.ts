// What someone holding a copy of the disk can read, worked out from the bytes alone: SQLite's
// file format (https://sqlite.org/fileformat2.html) and its write-ahead log, parsed here
// without SQLite and without any of Voz's code, and the statistics that turn positions into an
// arrival order.

export const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/g;

export interface Found {
  text: string;
  offset: number;
}

/** Every match of `pattern` in the bytes, with its byte offset (the file is read as latin1). */
export function findAll(bytes: Buffer, pattern: RegExp): Found[] {
  const text = bytes.toString("latin1");
  return [...text.matchAll(new RegExp(pattern.source, "g"))].map((m) => ({
    text: m[0],
    offset: m.index,
  }));
}

/** Every offset where `needle` occurs. */
export function offsetsOf(bytes: Buffer, needle: string | Buffer): number[] {
  const offsets: number[] = [];
  for (let at = bytes.indexOf(needle); at !== -1; at = bytes.indexOf(needle, at + 1)) {
    offsets.push(at);
  }
  return offsets;
}

/** The database's page size, from its 100-byte header (offset 16, big-endian; 1 means 65536). */
export function pageSize(database: Buffer): number {
  const size = database.readUInt16BE(16);
  return size === 1 ? 65_536 : size;
}

export interface WalFrame {
  index: number;
  /** Byte offset of the frame's page data in the WAL file. */
  start: number;
  page: number;
  /** Non-zero on the last frame of a transaction: the database size after that commit. */
  commitSize: number;
  /** The transaction the frame belongs to, counting commits from the start of the file. */
  transaction: number;
}

/**
 * Frames of a WAL file: a 32-byte header, then frames of a 24-byte header and one page. Every
 * frame present is listed, stale ones too: an attacker reads them all.
 */
export function walFrames(wal: Buffer): WalFrame[] {
  if (wal.length < 32) return [];
  const size = wal.readUInt32BE(8);
  const frames: WalFrame[] = [];
  let transaction = 0;
  for (let at = 32, index = 0; at + 24 + size <= wal.length; at += 24 + size, index++) {
    const commitSize = wal.readUInt32BE(at + 4);
    frames.push({ index, start: at + 24, page: wal.readUInt32BE(at), commitSize, transaction });
    if (commitSize !== 0) transaction++;
  }
  return frames;
}

/** The index of the WAL frame holding byte `offset` (its header or its page). */
export function frameIndexAt(wal: Buffer, offset: number): number {
  return Math.floor((offset - 32) / (24 + wal.readUInt32BE(8)));
}

/** Ranks from 1, ties sharing their average rank. */
export function ranks(values: readonly number[]): number[] {
  const order = values.map((value, i) => ({ value, i })).sort((a, b) => a.value - b.value);
  const result = new Array<number>(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]?.value === order[start]?.value) end++;
    const rank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) result[order[k]?.i ?? 0] = rank;
    start = end + 1;
  }
  return result;
}

function pearson(x: readonly number[], y: readonly number[]): number {
  const n = x.length;
  const mean = (v: readonly number[]) => v.reduce((s, a) => s + a, 0) / n;
  const mx = mean(x);
  const my = mean(y);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (x[i] ?? 0) - mx;
    const dy = (y[i] ?? 0) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx === 0 || syy === 0 ? 0 : sxy / Math.sqrt(sxx * syy);
}

/** Spearman's rank correlation of paired observations (NaN for fewer than 3 pairs). */
export function spearman(pairs: readonly (readonly [number, number])[]): number {
  if (pairs.length < 3) return Number.NaN;
  return pearson(ranks(pairs.map((p) => p[0])), ranks(pairs.map((p) => p[1])));
}

/**
 * Kendall's tau over the pairs that share a group only (e.g. two ids on one page): how well the
 * order inside each group tells arrival order, whatever the groups' order says.
 * Returns the number of pairs compared too.
 */
export function withinGroupTau(
  points: readonly { group: number; position: number; arrival: number }[],
): { tau: number; pairs: number } {
  const groups = new Map<number, { position: number; arrival: number }[]>();
  for (const p of points) groups.set(p.group, [...(groups.get(p.group) ?? []), p]);
  let sum = 0;
  let pairs = 0;
  for (const members of groups.values()) {
    for (let i = 0; i < members.length; i++) {
      for (let j = i + 1; j < members.length; j++) {
        const a = members[i];
        const b = members[j];
        if (!a || !b || a.arrival === b.arrival || a.position === b.position) continue;
        sum += Math.sign(a.position - b.position) * Math.sign(a.arrival - b.arrival);
        pairs++;
      }
    }
  }
  return { tau: pairs === 0 ? 0 : sum / pairs, pairs };
}
