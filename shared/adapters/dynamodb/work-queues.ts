/**
 * Work queues on gsi2 (`gsi2pk` = the queue, `gsi2sk` = `<dueAt>#<id>`, soonest due first), read as
 * one list over several queues (an officer's "open and assigned"). The page merges the queues by
 * due date; its position records where each queue stands, `null` once a queue is exhausted, so the
 * last page carries no cursor.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { Page } from '../../ports/page';
import { decodeCursor, encodeCursor, guarded, invalidCursor } from './client';
import { decodeItem } from './decode';

/** A queue entry's keys in the table and in gsi2: where its queue resumes. */
const entryKey = z.object({ pk: z.string(), sk: z.string(), gsi2pk: z.string(), gsi2sk: z.string() });
type EntryKey = z.infer<typeof entryKey>;

/** Per queue (its gsi2pk): where it resumes, `null` once exhausted, absent at the start. */
const positions = z.record(z.string(), entryKey.nullable());
type Positions = z.infer<typeof positions>;

export const QUEUE_KEY_ATTRIBUTES: readonly string[] = Object.keys(entryKey.shape);

export interface MergedQueueQuery {
  readonly table: string;
  /** gsi2pk of each queue to merge. */
  readonly queues: readonly string[];
  /** Only entries whose gsi2sk sorts before this (an ISO instant: due before it). */
  readonly dueBefore?: string | undefined;
  /** Attributes to read (the key attributes are added); all when absent. */
  readonly attributes?: readonly string[];
  readonly what: string;
}

export async function mergedQueuePage(
  ddb: Pick<DynamoDBDocumentClient, 'send'>,
  query: MergedQueueQuery,
  page: Page,
): Promise<{ items: Record<string, unknown>[]; cursor?: string | undefined }> {
  const state = decodePositions(page.cursor);
  const fetched = await Promise.all(
    query.queues.map(async (queue) => ({ queue, ...(await queuePage(ddb, query, queue, state[queue], page.limit)) })),
  );
  const merged = fetched
    .flatMap(({ queue, entries }) => entries.map((entry) => ({ queue, ...entry })))
    .sort((a, b) => (a.key.gsi2sk < b.key.gsi2sk ? -1 : 1))
    .slice(0, page.limit);
  const next: Positions = {};
  for (const { queue, entries, exhausted } of fetched) {
    const taken = merged.filter((m) => m.queue === queue);
    const resume = exhausted && taken.length === entries.length ? null : (taken.at(-1)?.key ?? state[queue]);
    // Absent: nothing taken from this queue yet, it starts from its beginning next time too.
    if (resume !== undefined) next[queue] = resume;
  }
  const finished = query.queues.every((q) => next[q] === null);
  return { items: merged.map((m) => m.item), cursor: finished ? undefined : encodeCursor(next) };
}

/**
 * Up to `limit + 1` entries of one queue from `start` (`null`: exhausted already). Reading one
 * beyond the page tells an exhausted queue from one that merely filled the page.
 */
async function queuePage(
  ddb: Pick<DynamoDBDocumentClient, 'send'>,
  query: MergedQueueQuery,
  queue: string,
  start: EntryKey | null | undefined,
  limit: number,
): Promise<{ entries: { item: Record<string, unknown>; key: EntryKey }[]; exhausted: boolean }> {
  if (start === null) return { entries: [], exhausted: true };
  const attributes = query.attributes && [...new Set([...query.attributes, ...QUEUE_KEY_ATTRIBUTES])];
  const result = await guarded(query.what, () =>
    ddb.send(
      new QueryCommand({
        TableName: query.table,
        IndexName: 'gsi2',
        KeyConditionExpression: query.dueBefore ? 'gsi2pk = :q AND gsi2sk < :before' : 'gsi2pk = :q',
        ExpressionAttributeValues: { ':q': queue, ...(query.dueBefore && { ':before': query.dueBefore }) },
        // Placeholders for every name: some (`status`) are DynamoDB reserved words.
        ...(attributes && {
          ExpressionAttributeNames: Object.fromEntries(attributes.map((a) => [`#${a}`, a])),
          ProjectionExpression: attributes.map((a) => `#${a}`).join(', '),
        }),
        Limit: limit + 1,
        ExclusiveStartKey: start,
      }),
    ),
  );
  const entries = (result.Items ?? []).map((item) => ({ item, key: decodeItem(entryKey, item, 'queue entry key') }));
  return { entries, exhausted: !result.LastEvaluatedKey };
}

function decodePositions(cursor: string | undefined): Positions {
  const parsed = positions.safeParse(decodeCursor(cursor) ?? {});
  if (!parsed.success) throw invalidCursor();
  return parsed.data;
}
