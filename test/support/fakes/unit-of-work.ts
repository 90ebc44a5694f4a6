/**
 * In-memory unit of work for use-case tests: a fake repository's write is a check and an effect;
 * `commit` checks every write first and applies them all only if each holds, so a use case sees the
 * same all-or-nothing outcome and the same by-name error mapping as on DynamoDB, in microseconds.
 */

import { loadRetention } from '../../../shared/config/retention';
import {
  type AuditEvent,
  type AuditRecord,
  type ChainHead,
  chainRecord,
  retentionFloor,
  type StoredChain,
  verifyChain,
} from '../../../shared/domain/audit';
import { ConflictError } from '../../../shared/domain/errors';
import { newId } from '../../../shared/domain/ids';
import type { AuditLog } from '../../../shared/ports/audit';
import type { Clock } from '../../../shared/ports/clock';
import type { Page } from '../../../shared/ports/page';
import type { BatchOptions, ConditionErrors, UnitOfWork, Write } from '../../../shared/ports/unit-of-work';

export interface MemoryWrite extends Write {
  /** The write's condition against the current state. */
  readonly holds: () => boolean;
  readonly apply: () => void;
}

export const memoryWrite = (name: string, holds: () => boolean, apply: () => void): MemoryWrite => ({
  name,
  holds,
  apply,
});

function asMemory(write: Write): MemoryWrite {
  if (!('holds' in write) || !('apply' in write)) throw new Error(`${write.name} was not built by an in-memory fake`);
  return write as MemoryWrite;
}

/** Audit chains kept in memory, hashed as the real trail hashes them. */
export class MemoryAuditLog implements AuditLog {
  readonly records: AuditRecord[] = [];

  constructor(private readonly clock: Clock) {}

  async append(event: AuditEvent): Promise<AuditRecord> {
    const chain = this.records.filter((r) => r.subjectId === event.subjectId);
    const head = chain.at(-1);
    const record = chainRecord(event, head && { seq: head.seq, hash: head.hash }, {
      id: newId(this.clock.now()),
      at: this.clock.now(),
    });
    this.records.push(record);
    return record;
  }

  async list(subjectId: string, page: Page) {
    const start = Number(page.cursor ?? 0);
    const newestFirst = this.records.filter((r) => r.subjectId === subjectId).reverse();
    const records = newestFirst.slice(start, start + page.limit);
    const next = start + records.length;
    return { records, ...(next < newestFirst.length && { cursor: String(next) }) };
  }

  async listDay(day: string, range: { from: string; to: string }, page: Page) {
    const inRange = this.records
      .filter((r) => r.at.startsWith(day) && r.at >= range.from && r.at <= range.to)
      .reverse();
    const start = Number(page.cursor ?? 0);
    return { records: inRange.slice(start, start + page.limit) };
  }

  async chain(subjectId: string, options: { afterSeq?: number } = {}): Promise<StoredChain> {
    const records = this.records.filter((r) => r.subjectId === subjectId);
    const last = records.at(-1);
    return {
      subjectId,
      records: records.filter((r) => r.seq > (options.afterSeq ?? 0)),
      head: last && { seq: last.seq, hash: last.hash },
      floor: undefined,
    };
  }

  async verify(subjectId: string) {
    return verifyChain(await this.chain(subjectId), {
      retentionFloor: retentionFloor(this.clock.now(), loadRetention({}).AUDIT_RETENTION_DAYS),
    });
  }

  async chainsAppended(window: { from: Date; through: Date }): Promise<string[]> {
    const [from, through] = [window.from.toISOString(), window.through.toISOString()];
    return [...new Set(this.records.filter((r) => r.at >= from && r.at <= through).map((r) => r.subjectId))];
  }

  async heads(subjectIds: readonly string[]): Promise<Map<string, ChainHead>> {
    const heads = new Map<string, ChainHead>();
    for (const id of subjectIds) {
      const last = this.records.filter((r) => r.subjectId === id).at(-1);
      if (last) heads.set(id, { seq: last.seq, hash: last.hash });
    }
    return heads;
  }

  /** The events recorded for a subject, oldest first, without chain fields (for assertions). */
  actions(subjectId: string): string[] {
    return this.records.filter((r) => r.subjectId === subjectId).map((r) => r.action);
  }
}

export class MemoryUnitOfWork implements UnitOfWork {
  /** Transactions that landed. */
  commits = 0;
  private interleaved: (() => void) | undefined;

  constructor(private readonly audit: MemoryAuditLog) {}

  /** Runs `change` just before the next commit: another request landing between our read and our write. */
  interleave(change: () => void): void {
    this.interleaved = change;
  }

  async commit(writes: readonly Write[], audit: readonly AuditEvent[], errors: ConditionErrors = {}) {
    const concurrent = this.interleaved;
    this.interleaved = undefined;
    concurrent?.();
    const memory = writes.map(asMemory);
    const failed = memory.find((w) => !w.holds());
    if (failed) throw errors[failed.name]?.() ?? new ConflictError();
    for (const write of memory) write.apply();
    this.commits++;
    const records: AuditRecord[] = [];
    for (const event of audit) records.push(await this.audit.append(event));
    return records;
  }

  combine(name: string, writes: readonly Write[]): MemoryWrite {
    const parts = writes.map(asMemory);
    return memoryWrite(
      name,
      () => parts.every((w) => w.holds()),
      () => {
        for (const w of parts) w.apply();
      },
    );
  }

  async commitInBatches(writes: readonly Write[], options: BatchOptions = {}): Promise<void> {
    const all = options.last ? [...writes, options.last] : writes;
    const audit = options.audit ?? [];
    if (all.length === 0 && audit.length > 0) await this.commit([], audit, options.errors);
    for (const [i, write] of all.entries()) {
      try {
        // The audit records ride with the last write, as in the last DynamoDB transaction.
        await this.commit([write], i === all.length - 1 ? audit : [], options.errors);
      } catch (error) {
        if (!options.alreadyDone?.includes(write.name)) throw error;
      }
    }
  }
}
