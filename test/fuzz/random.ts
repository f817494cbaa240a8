import { prng } from "../random-doc.ts";

/**
 * The seeded generator that decides everything in a fuzz run: who acts, what, where,
 * when messages travel, the Yjs client ids and the change ids. Same seed, same run.
 */
export class Random {
  private readonly next: () => number;

  constructor(readonly seed: number) {
    this.next = prng(seed);
  }

  /** A float in [0, 1). */
  float(): number {
    return this.next();
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** An integer in [min, max]. */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(xs: readonly T[]): T {
    if (xs.length === 0) throw new RangeError("pick from an empty list");
    return xs[this.int(xs.length)]!;
  }

  /** A key of `weights`, drawn in proportion to its weight (keys with weight 0 never). */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const entries = Object.entries(weights) as [K, number][];
    const total = entries.reduce((sum, [, w]) => sum + Math.max(0, w), 0);
    let x = this.next() * total;
    for (const [key, w] of entries) {
      if (w <= 0) continue;
      x -= w;
      if (x < 0) return key;
    }
    return entries.filter(([, w]) => w > 0).at(-1)![0];
  }

  /** A Yjs client id (uint32, never 0). */
  clientId(): number {
    return 1 + this.int(0xfffffffe);
  }

  /**
   * Runs `f` with `crypto.getRandomValues` drawing from this generator, so the change
   * ids the project's functions make (`newChangeId`) follow the seed. `f` must be
   * synchronous: nothing else runs while the generator is swapped in.
   */
  seeded<T>(f: () => T): T {
    const crypto = globalThis.crypto;
    const own = Object.getOwnPropertyDescriptor(crypto, "getRandomValues");
    const fill = <A extends ArrayBufferView | null>(array: A): A => {
      if (array) {
        const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
        for (let i = 0; i < bytes.length; i++) bytes[i] = this.int(256);
      }
      return array;
    };
    Object.defineProperty(crypto, "getRandomValues", { value: fill, configurable: true, writable: true });
    try {
      return f();
    } finally {
      if (own) Object.defineProperty(crypto, "getRandomValues", own);
      else delete (crypto as unknown as Record<string, unknown>).getRandomValues;
    }
  }
}
