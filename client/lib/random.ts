// mulberry32: a tiny seeded generator, the same numbers on every run. The LP's random search
// directions (lp.ts), synthetic answers for benches and random answers in tests all use it, so
// a figure or a failure can be reproduced from its seed. Not for anything secret.
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
