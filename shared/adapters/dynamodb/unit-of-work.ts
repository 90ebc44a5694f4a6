/**
 * The unit of work on DynamoDB: named writes become `TransactWriteItems` items, the audit trail adds
 * its records and chain heads to the same transaction, and a cancelled condition is mapped back to
 * the write that carried it, so the use case's error is chosen by name. Also the batch runner for
 * bulk, idempotent changes (erasure, anonymisation) that exceed one transaction.
 */
import {
  type DynamoDBDocumentClient,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { AuditEvent, AuditRecord } from '../../domain/audit';
import { ConflictError, UnavailableError } from '../../domain/errors';
import type { BatchOptions, ConditionErrors, UnitOfWork, Write } from '../../ports/unit-of-work';
import { failedConditionIndexes } from './client';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** DynamoDB accepts at most this many items in one transaction. */
export const TRANSACTION_LIMIT = 100;

const DYNAMODB = Symbol('dynamodb-write');

/** A write built by a DynamoDB repository: its transaction items, which land together. */
export interface DynamoWrite extends Write {
  readonly [DYNAMODB]: readonly TransactItem[];
}

/** Names `items` as one write (they always land together: an order and its shipment moving, say). */
export const dynamoWrite = (name: string, ...items: TransactItem[]): DynamoWrite => ({ name, [DYNAMODB]: items });

/** The single item a Put write stores (benchmarks and tests that seed tables directly). */
export function putItemOf(write: Write): Record<string, unknown> {
  const [first] = itemsOf(write);
  if (!first?.Put?.Item) throw new Error(`The write ${write.name} is not a single Put`);
  return { ...first.Put.Item };
}

/** The items of a write; a write from another adapter (an in-memory fake) is a programming error. */
export function itemsOf(write: Write): readonly TransactItem[] {
  const items = (write as Partial<DynamoWrite>)[DYNAMODB];
  if (!items) throw new Error(`The write ${write.name} was not prepared by a DynamoDB repository`);
  return items;
}

/** Thrown by AuditTrail.transact when data items' conditions failed: their positions in the transaction. */
export class DataConditionFailed extends Error {
  override readonly name = 'DataConditionFailed';
  constructor(readonly indexes: readonly number[]) {
    super(`Condition failed on transaction item(s) ${indexes.join(', ')}`);
  }
}

/** What the unit of work needs of the audit trail: commit data items with the records of `events`. */
export interface AuditTransactor {
  transact(items: readonly TransactItem[], events: readonly AuditEvent[]): Promise<AuditRecord[]>;
}

export class DynamoUnitOfWork implements UnitOfWork {
  /** `audit` is resolved only when there are records to write, so a function that audits nothing needs no audit table. */
  constructor(private readonly deps: { readonly ddb: DynamoDBDocumentClient; readonly audit: () => AuditTransactor }) {}

  async commit(
    writes: readonly Write[],
    audit: readonly AuditEvent[],
    errors: ConditionErrors = {},
  ): Promise<readonly AuditRecord[]> {
    const { items, owner } = flatten(writes);
    try {
      if (audit.length > 0) return await this.deps.audit().transact(items, audit);
      await transactWithoutAudit(this.deps.ddb, items);
      return [];
    } catch (e) {
      if (e instanceof DataConditionFailed) throw errorFor(owner, e.indexes, errors);
      throw e;
    }
  }

  combine(name: string, writes: readonly Write[]): Write {
    return dynamoWrite(name, ...writes.flatMap(itemsOf));
  }

  async commitInBatches(writes: readonly Write[], options: BatchOptions = {}): Promise<void> {
    const all = options.last ? [...writes, options.last] : [...writes];
    const audit = options.audit ?? [];
    const alreadyDone = (e: unknown, only?: Write): boolean => {
      const names = e instanceof Error ? failedWrites.get(e) : undefined;
      return !!names && names.every((n) => options.alreadyDone?.includes(n) && (!only || n === only.name));
    };
    if (all.length === 0) {
      if (audit.length > 0) await this.commit([], audit, options.errors);
      return;
    }
    const planned = batches(all, auditItems(audit));
    for (const [i, batch] of planned.entries()) {
      // The audit records ride with the last write of the last transaction.
      const events = (write: number) => (i === planned.length - 1 && write === batch.length - 1 ? audit : []);
      try {
        await this.commit(batch, events(batch.length - 1), options.errors);
      } catch (e) {
        if (!alreadyDone(e)) throw e;
        // Another run did some of this batch first: apply the rest one write at a time.
        for (const [w, write] of batch.entries()) {
          await this.commit([write], events(w), options.errors).catch((error: unknown) => {
            if (!alreadyDone(error, write)) throw error;
          });
        }
      }
    }
  }
}

const MAX_ATTEMPTS = 4;

/** One transaction of data items only; a conflict with a concurrent transaction is retried. */
async function transactWithoutAudit(ddb: DynamoDBDocumentClient, items: readonly TransactItem[]): Promise<void> {
  if (items.length === 0) return;
  for (let attempt = 1; ; attempt++) {
    try {
      await ddb.send(new TransactWriteCommand({ TransactItems: [...items] }));
      return;
    } catch (e) {
      const failed = failedConditionIndexes(e);
      if (failed.length > 0) throw new DataConditionFailed(failed);
      if (!isTransientTransactionError(e) || attempt >= MAX_ATTEMPTS)
        throw new UnavailableError('The change could not be saved; nothing was changed. Retry shortly.');
      await new Promise((resolve) => setTimeout(resolve, Math.min(200, 5 * 2 ** attempt) * Math.random()));
    }
  }
}

/** A lost race with another transaction or throttling: worth retrying, nothing was written. */
export function isTransientTransactionError(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  if (e.name === 'TransactionConflictException' || e.name === 'ProvisionedThroughputExceededException') return true;
  if (e.name !== 'TransactionCanceledException') return false;
  const reasons = (e as Error & { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  return reasons.some((r) => r.Code === 'TransactionConflict' || r.Code === 'ThrottlingError');
}

/** The names of the writes whose conditions failed, kept beside the domain error they became. */
const failedWrites = new WeakMap<Error, readonly string[]>();

function errorFor(owner: readonly string[], indexes: readonly number[], errors: ConditionErrors): Error {
  const names = [...new Set(indexes.map((i) => owner[i] ?? 'unknown'))];
  const error = errors[names[0] ?? 'unknown']?.() ?? new ConflictError();
  failedWrites.set(error, names);
  return error;
}

/** Each transaction item's write name, by position. */
function flatten(writes: readonly Write[]): { items: TransactItem[]; owner: string[] } {
  const items: TransactItem[] = [];
  const owner: string[] = [];
  for (const write of writes) {
    for (const item of itemsOf(write)) {
      items.push(item);
      owner.push(write.name);
    }
  }
  return { items, owner };
}

/** The transaction items the audit trail adds for `events`: one record each, one head per chain. */
const auditItems = (events: readonly AuditEvent[]): number =>
  events.length + new Set(events.map((e) => e.subjectId)).size;

/**
 * Greedy packing into transactions of at most TRANSACTION_LIMIT items, order kept, no write split,
 * with room for `reserve` more items (the audit records) in the last one.
 */
function batches(writes: readonly Write[], reserve: number): Write[][] {
  const result: Write[][] = [];
  let current: Write[] = [];
  let size = 0;
  for (const write of writes) {
    const n = itemsOf(write).length;
    if (size + n > TRANSACTION_LIMIT && current.length > 0) {
      result.push(current);
      current = [];
      size = 0;
    }
    current.push(write);
    size += n;
  }
  if (current.length > 0) result.push(current);
  const last = result.at(-1);
  if (last && size + reserve > TRANSACTION_LIMIT && last.length > 1) {
    // The audit records do not fit beside the last batch: its last write moves to a batch of its own.
    result.push([last.pop() as Write]);
  }
  return result;
}
