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

/**
 * How far Spearman's rho between position and arrival strays from 0 by chance alone on these
 * positions: its standard deviation when the arrival times are dealt out again at random
 * (a permutation test), all copies of one response keeping one time. Copies of a response are
 * not independent points, so the textbook 1/sqrt(n - 1) would be wrong here.
 */
export function chanceSpread(
  points: readonly { position: number; arrival: number }[],
  relabelings = 200,
): number {
  const positionRanks = ranks(points.map((p) => p.position));
  const times = [...new Set(points.map((p) => p.arrival))];
  const indexOf = new Map(times.map((t, i) => [t, i]));
  const of = points.map((p) => indexOf.get(p.arrival) ?? 0);
  const copies = new Array<number>(times.length).fill(0);
  for (const i of of) copies[i] = (copies[i] ?? 0) + 1;
  const rhos: number[] = [];
  for (let r = 0; r < relabelings; r++) {
    // Fisher–Yates: order[k] is the response dealt the k-th earliest time.
    const order = times.map((_, i) => i);
    for (let k = order.length - 1; k > 0; k--) {
      const j = Math.floor(Math.random() * (k + 1));
      [order[k], order[j]] = [order[j] as number, order[k] as number];
    }
    // Ranks from 1, the copies of one response sharing their average rank, as ranks() does.
    const rankOf = new Array<number>(times.length);
    let below = 0;
    for (const i of order) {
      const n = copies[i] ?? 0;
      rankOf[i] = below + (n + 1) / 2;
      below += n;
    }
    rhos.push(
      pearson(
        positionRanks,
        of.map((i) => rankOf[i] ?? 0),
      ),
    );
  }
  const mean = rhos.reduce((s, x) => s + x, 0) / rhos.length;
  return Math.sqrt(rhos.reduce((s, x) => s + (x - mean) ** 2, 0) / (rhos.length - 1));
}

/**
 * Every offset of every needle (each at least `key` + 1 characters long), in one pass over the
 * bytes rather than one per needle: a disk holds thousands of ids, codes and ciphertexts.
 * Every occurrence spans exactly one position that is a multiple of `step`, where a `key`-long
 * piece of it is looked up.
 */
export function locate(bytes: Buffer, needles: readonly string[], key = 12): number[][] {
  const step = Math.min(...needles.map((n) => n.length - key + 1));
  if (!(step >= 1)) throw new Error(`needles must be longer than ${key} characters`);
  const pieces = new Map<string, { needle: number; shift: number }[]>();
  needles.forEach((needle, i) => {
    for (let shift = 0; shift < step; shift++) {
      const piece = needle.slice(shift, shift + key);
      pieces.set(piece, [...(pieces.get(piece) ?? []), { needle: i, shift }]);
    }
  });
  const text = bytes.toString("latin1");
  const found = needles.map((): number[] => []);
  for (let at = 0; at + key <= text.length; at += step) {
    for (const { needle, shift } of pieces.get(text.slice(at, at + key)) ?? []) {
      const start = at - shift;
      if (start >= 0 && text.startsWith(needles[needle] as string, start)) {
        found[needle]?.push(start);
      }
    }
  }
  return found;
}
