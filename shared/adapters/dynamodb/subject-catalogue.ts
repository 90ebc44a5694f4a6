/**
 * Everything stored about one subject, found by partition queries (never a Scan): the basis of
 * exports and erasure. Knows which attributes of each item kind are sealed personal data, so an
 * export can open them, and where a subject's export documents live, so an erasure removes them.
 */
import * as z from 'zod';
import { PERSONAL_ORDER_FIELDS } from '../../domain/order-record';
import { PERSONAL_PROFILE_FIELDS } from '../../domain/profile';
import { PERSONAL_REFUND_FIELDS } from '../../domain/refund-record';
import type { ExportRecord, SubjectData, SubjectRecords } from '../../ports/privacy';
import type { Write } from '../../ports/unit-of-work';
import type { PersonalDataCodec } from '../crypto/personal-data-codec';
import { type DynamoDeps, queryAll } from './client';
import { decodeItem } from './decode';
import { exportPk, subjectPk } from './keys';
import { dynamoWrite } from './unit-of-work';

/** Sealed attributes of each item kind (the item's `type`). */
const SEALED_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
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

/**
 * Any item of the partition: its key and kind, every other attribute kept as stored. An item
 * without a kind is still erased (it is the subject's), though no export section holds it.
 */
const storedItem = z.looseObject({ pk: z.string(), sk: z.string(), type: z.string().optional() });
type StoredItem = z.infer<typeof storedItem>;

/** What an erasure needs of a privacy request: whether it is an export, whose parts must go too. */
const requestKind = z.object({ requestId: z.string(), requestType: z.string() });

export class SubjectCatalogue implements SubjectData {
  constructor(private readonly deps: DynamoDeps & { readonly codec: PersonalDataCodec }) {}

  async records(subjectId: string): Promise<SubjectRecords> {
    const items = await this.query(subjectPk(subjectId));
    const of = (type: string) =>
      Promise.all(items.filter((i) => i.type === type).map((i) => this.readable(subjectId, i)));
    const [profile] = await of('profile');
    return {
      profile,
      consents: await of('consent'),
      policyAcceptances: await of('policy-acceptance'),
      engagementEvents: await of('engagement'),
      orders: await of('order'),
      shipments: await of('shipment'),
      refunds: await of('refund'),
      disclosures: await of('disclosure'),
      notifications: await of('notification'),
      privacyRequests: await of('privacy-request'),
      complaints: await of('complaint'),
    };
  }

  /** Only keys, kinds and request ids are read: an erasure needs no sealed value. */
  async erasureWrites(subjectId: string): Promise<Write[]> {
    const projection = ['pk', 'sk', 'type', 'requestId', 'requestType'];
    const items = await this.query(subjectPk(subjectId), projection);
    const requests = items.filter((i) => i.type === 'privacy-request');
    const exports = requests
      .map((i) => decodeItem(requestKind, i, 'privacy request'))
      .filter((r) => r.requestType === 'export');
    const exportParts = await Promise.all(exports.map((r) => this.query(exportPk(r.requestId), ['pk', 'sk'])));
    return [...items.filter((i) => i.type !== 'privacy-request'), ...exportParts.flat()].map((i) =>
      dynamoWrite('subject-data.delete', { Delete: { TableName: this.deps.table, Key: { pk: i.pk, sk: i.sk } } }),
    );
  }

  /** Every item of one partition, all pages, consistently read. */
  private async query(pk: string, projection?: readonly string[]): Promise<StoredItem[]> {
    const items = await queryAll(
      this.deps.ddb,
      {
        TableName: this.deps.table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ...(projection && {
          ProjectionExpression: projection.map((_, n) => `#a${n}`).join(', '),
          ExpressionAttributeNames: Object.fromEntries(projection.map((name, n) => [`#a${n}`, name])),
        }),
        ConsistentRead: true,
      },
      'The subject’s records',
    );
    return items.map((i) => decodeItem(storedItem, i, 'subject item'));
  }

  /** An item as the subject may read it: sealed attributes opened, internal keys removed. */
  private async readable(subjectId: string, item: StoredItem): Promise<ExportRecord> {
    const sealed = SEALED_ATTRIBUTES[item.type ?? ''] ?? [];
    const opened = await this.deps.codec.open(subjectId, { table: 'data', pk: item.pk, sk: item.sk }, item, sealed);
    const plain = Object.fromEntries(Object.entries(item).filter(([k]) => !INTERNAL.has(k) && !sealed.includes(k)));
    return { ...plain, ...opened };
  }
}
