// When a database is rewritten in key order to forget the order responses arrived in (DESIGN
// §9.7, docs/promises.md#arrival-order): one rule for SQLite's rebuild (sqlite.ts) and
// PostgreSQL's rewrite (postgres-rewrite.ts), so both leave the same share of responses in
// arrival order.

/**
 * A rebuild is due once the responses stored since the last one reach a tenth of those held
 * then, and at least REBUILD_MIN_RESPONSES. Counted in responses, not pages: right after a
 * SQLite rebuild every page is full, so nearly every new row splits one, and a file that grew by
 * a tenth of its pages had taken about 3 % more responses (test/arrival-order.test.ts: 61
 * rebuilds in 2,000 responses, now 41; 60 responses apart near 2,000, now 180).
 */
export const REBUILD_GROWTH = 0.1;
/**
 * Responses between rebuilds while the database is small (under 10 × this many). A SQLite
 * rebuild costs a fixed part (measured with VACUUM: about 20 ms, 4 ms of it CPU: disk syncs,
 * the tables beside the responses) and a part that grows with the file (then about 0.2 ms,
 * 0.08 ms of it CPU, per response it holds at load 8; in steps, bench:rebuild on an idle
 * machine: 72 µs, 2.6 times VACUUM's 27 µs there), which at a tenth's growth comes to ten times
 * that per response stored: spread over this many, the fixed part costs no more. Until the first rebuild, and between two while the
 * database is small, up to this many responses keep their order.
 */
export const REBUILD_MIN_RESPONSES = 10;

/**
 * Whether `stored` responses, `at` of them held at the last rebuild, call for the next one. The
 * same rule counts feedback messages, each count on its own (SQLite: sqlite-rebuild.ts; on
 * PostgreSQL each group of tables is rewritten on its own).
 */
export const rebuildIsDue = (stored: number, at: number) =>
  stored - at >= Math.max(REBUILD_MIN_RESPONSES, at * REBUILD_GROWTH);
