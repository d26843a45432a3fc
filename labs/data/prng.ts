/**
 * A small seeded pseudo-random generator for the lab datasets. Only integer operations and
 * IEEE-754 `+ - * /` are used, never `Math.random`, `Date` or the transcendental `Math`
 * functions (`Math.exp`, `Math.log`, `Math.cos`... are not required by the spec to be correctly
 * rounded and have changed between engines), so a seed gives byte-identical data on every
 * machine and Node version.
 */

/** mulberry32: 32-bit state, period 2^32, good enough for teaching data. Returns [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Draws built on one generator. */
export class Random {
  private readonly next: () => number;

  constructor(seed: number) {
    this.next = mulberry32(seed);
  }

  /** Uniform in [0, 1). */
  uniform(): number {
    return this.next();
  }

  /** Integer uniform in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** Approximately standard normal: the Irwin-Hall sum of 12 uniforms minus 6 (range ±6). */
  normal(): number {
    let s = 0;
    for (let i = 0; i < 12; i++) s += this.next();
    return s - 6;
  }

  /** `mean + sd * normal()` clamped to [min, max]. */
  clampedNormal(mean: number, sd: number, min: number, max: number): number {
    return clamp(mean + sd * this.normal(), min, max);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }
}

export function clamp(x: number, min: number, max: number): number {
  return x < min ? min : x > max ? max : x;
}
