/**
 * Everything stored about one subject, found by one partition query (never a Scan): the basis of
 * exports and erasure. Knows which attributes of each item kind are sealed personal data, so an
 * export can open them and an erasure can tell what it removes.
 */
import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { UnavailableError } from '../../domain/errors';
import { PERSONAL_ORDER_FIELDS } from '../../domain/order-record';
import { PERSONAL_PROFILE_FIELDS } from '../../domain/profile';
import { PERSONAL_REFUND_FIELDS } from '../../domain/refund-record';
import type { PersonalDataCodec } from '../crypto/personal-data-codec';
import { subjectPk } from './keys';

/** Sealed attributes of each item kind (the item's `type`). */
export const SEALED_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  profile: PERSONAL_PROFILE_FIELDS,
  order: PERSONAL_ORDER_FIELDS,
  refund: PERSONAL_REFUND_FIELDS,
  engagement: ['events'],
  complaint: ['description', 'resolution'],
};

/** Attributes that are keys, indexes or bookkeeping, left out of exports. */
const INTERNAL = new Set([
  'pk',
  'sk',
  'gsi1pk',
  'gsi1sk',
  'gsi2pk',
  'gsi2sk',
  'retentionBucket',
  'retentionDueAt',
  'expiresAt',
]);

export type SubjectItem = Record<string, unknown> & { pk: string; sk: string; type?: string };

export class SubjectCatalogue {
  constructor(private readonly deps: { ddb: DynamoDBDocumentClient; table: string; codec: PersonalDataCodec }) {}

  /** Every item in the subject's partition, with the number of requests it took. */
  async items(subjectId: string): Promise<{ items: SubjectItem[]; requests: number }> {
    const items: SubjectItem[] = [];
    let start: Record<string, unknown> | undefined;
    let requests = 0;
    try {
      do {
        const page = await this.deps.ddb.send(
          new QueryCommand({
            TableName: this.deps.table,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': subjectPk(subjectId) },
            ConsistentRead: true,
            ExclusiveStartKey: start,
          }),
        );
        requests++;
        items.push(...((page.Items ?? []) as SubjectItem[]));
        start = page.LastEvaluatedKey;
      } while (start);
    } catch {
      throw new UnavailableError('The subject’s records are temporarily unavailable.');
    }
    return { items, requests };
  }

  /** An item as the subject may read it: sealed attributes opened, internal keys removed. */
  async readable(subjectId: string, item: SubjectItem): Promise<Record<string, unknown>> {
    const sealed = SEALED_ATTRIBUTES[item.type ?? ''] ?? [];
    const opened = await this.deps.codec.open(subjectId, { table: 'data', pk: item.pk, sk: item.sk }, item, sealed);
    const plain = Object.fromEntries(Object.entries(item).filter(([k]) => !INTERNAL.has(k) && !sealed.includes(k)));
    return { ...plain, ...opened };
  }
}
