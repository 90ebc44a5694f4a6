/**
 * Reading a sharded key (docs/decisions/0060): one Query per shard, all in flight at once, merged
 * into one page in the index's sort order, so a reader sees the shards as the single list they
 * replace. Two kinds of position:
 *
 * - `shardedPageAfter`, for lists whose sort key is unique (the fulfilment queue, the audit day
 *   index): the cursor is the last sort key returned, which resumes every shard — small enough to
 *   seal into a client's cursor whatever the shard count.
 * - `shardedPageFrom`, for sort keys that repeat (a due time in epoch seconds): the cursor holds each
 *   open shard's own position. Only the sweeps use it; it never leaves the process.
 *
 * Each shard reads `limit + 1` items. The page keeps the first `limit` of the merge, never past the
 * last item read of a shard that has more (a read cut short by DynamoDB's 1 MB limit), so nothing
 * sorting before the page's end is left behind in a shard.
 */
import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { Page } from '../../ports/page';
import { decodeCursor, encodeCursor, guarded, invalidCursor } from './client';

type Item = Record<string, unknown>;
type Query = Omit<QueryCommandInput, 'Limit' | 'ExclusiveStartKey'>;

export interface Merge {
  /** The index's sort key: the order of the merged page. */
  readonly sortKey: string;
  readonly descending?: boolean;
  /** What is unavailable if a read fails (503). */
  readonly what: string;
}

interface ShardRead {
  readonly items: Item[];
  readonly more: boolean;
}

/** Orders two sort-key values (numbers or strings), ascending. */
function compareValues(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Merges the shards' reads: the first `limit` items in order, but none past the last item read of
 * a shard with more to read (its unread items might sort before them). Each item with its shard.
 */
function merge(reads: readonly ShardRead[], limit: number, order: Merge): { kept: [Item, number][]; more: boolean } {
  const direction = order.descending ? -1 : 1;
  const cmp = (a: Item, b: Item) => direction * compareValues(a[order.sortKey], b[order.sortKey]);
  let cutoff: Item | undefined;
  for (const read of reads) {
    const last = read.items.at(-1);
    if (read.more && last && (!cutoff || cmp(last, cutoff) < 0)) cutoff = last;
  }
  const all = reads
    .flatMap((read, shard) => read.items.map((item): [Item, number] => [item, shard]))
    .sort(([a, s], [b, t]) => cmp(a, b) || s - t);
  const eligible = cutoff ? all.filter(([item]) => cmp(item, cutoff) <= 0) : all;
  const kept = eligible.slice(0, limit);
  return { kept, more: all.length > kept.length || reads.some((r) => r.more) };
}

async function readShard(
  ddb: Pick<DynamoDBDocumentClient, 'send'>,
  input: Query,
  limit: number,
  start: Item | undefined,
  what: string,
): Promise<ShardRead> {
  const result = await guarded(what, () =>
    ddb.send(new QueryCommand({ ...input, Limit: limit, ExclusiveStartKey: start })),
  );
  return { items: result.Items ?? [], more: result.LastEvaluatedKey !== undefined };
}

const afterCursor = z.object({ after: z.string() });

/**
 * One page across `shards`, in `order.sortKey` order, resumed after the last sort key returned.
 * `query(shard, after)` is the Query of one shard; with `after`, its key condition must start at it
 * (inclusive is fine: the item at `after` is dropped here). The sort key must be a unique string.
 */
export async function shardedPageAfter(
  ddb: Pick<DynamoDBDocumentClient, 'send'>,
  shards: readonly string[],
  query: (shard: string, after: string | undefined) => Query,
  order: Merge,
  page: Page,
): Promise<{ items: Item[]; cursor?: string | undefined }> {
  const position = decodeCursor(page.cursor);
  const parsed = position === undefined ? undefined : afterCursor.safeParse(position);
  if (parsed && !parsed.success) throw invalidCursor();
  const after = parsed?.data.after;
  const reads = await Promise.all(
    shards.map(async (shard) => {
      // One more than the page, plus the item at `after` if the condition includes it.
      const read = await readShard(ddb, query(shard, after), page.limit + 2, undefined, order.what);
      return after === undefined ? read : { ...read, items: read.items.filter((i) => i[order.sortKey] !== after) };
    }),
  );
  const { kept, more } = merge(reads, page.limit, order);
  const last = kept.at(-1)?.[0][order.sortKey];
  return {
    items: kept.map(([item]) => item),
    cursor: more && typeof last === 'string' ? encodeCursor({ after: last }) : undefined,
  };
}

const fromCursor = z.object({ open: z.record(z.string(), z.record(z.string(), z.unknown()).nullable()) });

/**
 * One page across `shards`, in `order.sortKey` order (which may repeat), resumed from each open
 * shard's own position. `positionOf(item, shard)` is the key a Query of that shard resumes after.
 * The cursor lists the shards with more to read; a shard the page used up is left out of it.
 */
export async function shardedPageFrom(
  ddb: Pick<DynamoDBDocumentClient, 'send'>,
  shards: readonly string[],
  query: (shard: string) => Query,
  positionOf: (item: Item, shard: string) => Item,
  order: Merge,
  page: Page,
): Promise<{ items: Item[]; cursor?: string | undefined }> {
  const position = decodeCursor(page.cursor);
  let open: Record<string, Item | null>;
  if (position === undefined) {
    open = Object.fromEntries(shards.map((s) => [s, null]));
  } else {
    const parsed = fromCursor.safeParse(position);
    if (!parsed.success || Object.keys(parsed.data.open).some((s) => !shards.includes(s))) throw invalidCursor();
    open = parsed.data.open;
  }
  const reading = Object.entries(open);
  const reads = await Promise.all(
    reading.map(([shard, start]) => readShard(ddb, query(shard), page.limit + 1, start ?? undefined, order.what)),
  );
  const { kept } = merge(reads, page.limit, order);
  const next: Record<string, Item | null> = {};
  reading.forEach(([shard, start], n) => {
    const read = reads[n] ?? { items: [], more: false };
    const taken = kept.filter(([, s]) => s === n);
    const lastTaken = taken.at(-1)?.[0];
    if (!lastTaken) {
      // Nothing of this shard on the page: it stays where it was, unless it has nothing at all.
      if (read.items.length > 0 || read.more) next[shard] = start;
    } else if (taken.length < read.items.length || read.more) {
      next[shard] = positionOf(lastTaken, shard);
    }
  });
  return {
    items: kept.map(([item]) => item),
    cursor: Object.keys(next).length > 0 ? encodeCursor({ open: next }) : undefined,
  };
}
