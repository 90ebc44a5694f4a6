/**
 * Everything stored about one subject, found by partition queries (never a Scan): the basis of
 * exports and erasure. Knows which attributes of each item kind are sealed personal data, so an
 * export can open them, where each section of the export lives, and where a subject's export
 * documents live, so an erasure removes them. Exports read a page at a time, whatever the subject
 * holds, and apply the consent gate to consent-bound data.
 */
import * as z from 'zod';
import { CONSENT_PURPOSES } from '../../domain/access';
import { currentConsents, mayRead } from '../../domain/consent';
import { PERSONAL_ORDER_FIELDS } from '../../domain/order-record';
import { EXPORT_SECTIONS, type ExportSection } from '../../domain/privacy-request';
import { PERSONAL_PROFILE_FIELDS } from '../../domain/profile';
import { PERSONAL_REFUND_FIELDS } from '../../domain/refund-record';
import type { ExportRecord, SubjectData, SubjectRecordsPage } from '../../ports/privacy';
import type { Write } from '../../ports/unit-of-work';
import type { PersonalDataCodec } from '../crypto/personal-data-codec';
import { type DynamoDeps, queryAll, queryPages } from './client';
import { decodeItem } from './decode';
import {
  COMPLAINT_PREFIX,
  CONSENT_PREFIX,
  DISCLOSURE_PREFIX,
  ENGAGEMENT_PREFIX,
  exportPk,
  NOTIFICATION_PREFIX,
  ORDER_PREFIX,
  POLICY_ACCEPTANCE_PREFIX,
  PRIVACY_REQUEST_PREFIX,
  PROFILE_SK,
  REFUND_PREFIX,
  SHIPMENT_PREFIX,
  subjectPk,
} from './keys';
import { dynamoWrite } from './unit-of-work';

/** Sealed attributes of each item kind (the item's `type`). */
const SEALED_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  profile: PERSONAL_PROFILE_FIELDS,
  order: PERSONAL_ORDER_FIELDS,
  refund: PERSONAL_REFUND_FIELDS,
  engagement: ['events'],
  complaint: ['description', 'resolution'],
};

/** Where each export section's items live in the subject's partition, and their kind. */
const SECTIONS: Readonly<Record<ExportSection, { readonly sk: string; readonly type: string }>> = {
  profile: { sk: PROFILE_SK, type: 'profile' },
  consents: { sk: CONSENT_PREFIX, type: 'consent' },
  policyAcceptances: { sk: POLICY_ACCEPTANCE_PREFIX, type: 'policy-acceptance' },
  engagementEvents: { sk: ENGAGEMENT_PREFIX, type: 'engagement' },
  orders: { sk: ORDER_PREFIX, type: 'order' },
  shipments: { sk: SHIPMENT_PREFIX, type: 'shipment' },
  refunds: { sk: REFUND_PREFIX, type: 'refund' },
  disclosures: { sk: DISCLOSURE_PREFIX, type: 'disclosure' },
  notifications: { sk: NOTIFICATION_PREFIX, type: 'notification' },
  privacyRequests: { sk: PRIVACY_REQUEST_PREFIX, type: 'privacy-request' },
  complaints: { sk: COMPLAINT_PREFIX, type: 'complaint' },
};

/** Items opened per page: each may hold several sealed attributes, so a page is a bounded amount of work. */
const PAGE_SIZE = 100;

/** Attributes that are keys, indexes or bookkeeping, left out of exports (the section names the kind). */
const INTERNAL = new Set([
  'type',
  'pk',
  'sk',
  'gsi1pk',
  'gsi1sk',
  'gsi2pk',
  'gsi2sk',
  'retentionBucket',
  'retentionDueAt',
  'retentionAction',
  'expiresAt',
  'exportDocument',
]);

/** Attributes stored under another name than the export shows (a notification's own type). */
const RENAMED: Readonly<Record<string, string>> = { notificationType: 'type' };

/**
 * Any item of the partition: its key and kind, every other attribute kept as stored. An item
 * without a kind is still erased (it is the subject's), though no export section holds it.
 */
const storedItem = z.looseObject({ pk: z.string(), sk: z.string(), type: z.string().optional() });
type StoredItem = z.infer<typeof storedItem>;

/** What an erasure needs of a privacy request: whether it is an export, whose parts must go too. */
const requestKind = z.object({ requestId: z.string(), requestType: z.string() });

/** A consent choice as the gate needs it. */
const consentChoice = z.object({
  id: z.string(),
  purpose: z.enum(CONSENT_PURPOSES),
  granted: z.boolean(),
  policyVersion: z.number(),
  at: z.string(),
});

export class SubjectCatalogue implements SubjectData {
  constructor(private readonly deps: DynamoDeps & { readonly codec: PersonalDataCodec }) {}

  async *records(subjectId: string): AsyncGenerator<SubjectRecordsPage> {
    const choices: z.infer<typeof consentChoice>[] = [];
    for (const section of EXPORT_SECTIONS) {
      // The consent gate: what was collected under a consent only while it is granted (consents come first).
      if (section === 'engagementEvents' && !mayRead('engagement', currentConsents(choices))) {
        yield { section, records: [] };
        continue;
      }
      let empty = true;
      for await (const items of this.section(subjectId, section)) {
        if (section === 'consents') choices.push(...items.map((i) => decodeItem(consentChoice, i, 'consent')));
        const records = await Promise.all(items.map((item) => this.readable(subjectId, item)));
        empty = false;
        yield { section, records };
      }
      if (empty) yield { section, records: [] };
    }
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

  /** One section's items of the subject, a page at a time (items of other kinds under the prefix are skipped). */
  private async *section(subjectId: string, section: ExportSection): AsyncGenerator<StoredItem[]> {
    const { sk, type } = SECTIONS[section];
    const pages = queryPages(
      this.deps.ddb,
      {
        TableName: this.deps.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
        ExpressionAttributeValues: { ':pk': subjectPk(subjectId), ':sk': sk },
        ConsistentRead: true,
        Limit: PAGE_SIZE,
      },
      'The subject’s records',
    );
    for await (const page of pages) {
      const items = page.map((i) => decodeItem(storedItem, i, 'subject item')).filter((i) => i.type === type);
      if (items.length > 0) yield items;
    }
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

  /**
   * An item as the subject may read it: sealed attributes opened, internal keys removed. (Nothing
   * stored is withheld: the payment method paid with is kept nowhere, the card only as the
   * processor described it, brand and last four digits.)
   */
  private async readable(subjectId: string, item: StoredItem): Promise<ExportRecord> {
    const sealed = SEALED_ATTRIBUTES[item.type ?? ''] ?? [];
    const opened = await this.deps.codec.open(subjectId, { table: 'data', pk: item.pk, sk: item.sk }, item, sealed);
    const plain = Object.fromEntries(
      Object.entries(item)
        .filter(([k]) => !INTERNAL.has(k) && !sealed.includes(k))
        .map(([k, v]) => [RENAMED[k] ?? k, v]),
    );
    return { ...plain, ...opened };
  }
}
