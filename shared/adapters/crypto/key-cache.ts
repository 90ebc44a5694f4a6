/**
 * A bounded in-memory cache of plaintext data keys: each entry expires after a maximum age or a
 * maximum number of uses, and the least recently used subject is evicted past `maxEntries`.
 * Bounding both limits how much an in-memory compromise can reveal and how long a shredded key
 * survives in a warm process.
 */
import { forgetKey } from './field-cipher';

export interface KeyCacheLimits {
  readonly maxAgeSeconds: number;
  readonly maxUses: number;
  readonly maxEntries: number;
}

interface Entry {
  readonly key: Buffer;
  readonly loadedAtMs: number;
  uses: number;
}

export class DataKeyCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly limits: KeyCacheLimits,
    private readonly nowMs: () => number = Date.now,
  ) {}

  /** Returns the key and counts `uses` against it, or undefined when absent, too old or used up. */
  take(subjectId: string, uses = 1): Buffer | undefined {
    const entry = this.entries.get(subjectId);
    if (!entry) return undefined;
    const expired = this.nowMs() - entry.loadedAtMs >= this.limits.maxAgeSeconds * 1000;
    if (expired || entry.uses + uses > this.limits.maxUses) {
      this.evict(subjectId);
      return undefined;
    }
    entry.uses += uses;
    // Re-insert to mark as most recently used.
    this.entries.delete(subjectId);
    this.entries.set(subjectId, entry);
    return entry.key;
  }

  put(subjectId: string, key: Buffer, uses = 1): void {
    this.evict(subjectId);
    this.entries.set(subjectId, { key, loadedAtMs: this.nowMs(), uses });
    while (this.entries.size > this.limits.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.evict(oldest);
    }
  }

  /** Forgets the key. Its bytes are left alone: an in-flight operation may still hold them. */
  evict(subjectId: string): void {
    this.entries.delete(subjectId);
  }

  /** Forgets the key and overwrites its bytes: used when the subject is crypto-shredded. */
  destroy(subjectId: string): void {
    const entry = this.entries.get(subjectId);
    if (entry) forgetKey(entry.key);
    entry?.key.fill(0);
    this.entries.delete(subjectId);
  }

  get size(): number {
    return this.entries.size;
  }
}
