/**
 * Small append-only records kept per subject in the data table: the disclosure ledger (what went to
 * which third party, when, why — field names only) and the notifications telling the subject an
 * outcome. Neither holds a personal value.
 */
import * as z from 'zod';
import { daysInSeconds, epochSeconds } from '../../domain/time';
import type {
  Disclosure,
  DisclosureLedger as DisclosurePort,
  Notification,
  NotificationInbox as NotificationPort,
} from '../../ports/orders';
import type { Page } from '../../ports/page';
import type { Write } from '../../ports/unit-of-work';
import { type DynamoDeps, queryPage } from './client';
import { decodeItem } from './decode';
import { DISCLOSURE_PREFIX, disclosureSk, NOTIFICATION_PREFIX, notificationSk, subjectPk } from './keys';
import { dynamoWrite } from './unit-of-work';

export type { Disclosure, Notification };

class SubjectRecords<T extends { id: string }> {
  constructor(
    protected readonly deps: DynamoDeps,
    private readonly kind: { name: string; prefix: string; sk: (id: string) => string; schema: z.ZodType<T> },
  ) {}

  /** `fields` are the record as stored; `type` is always the item's kind (a record's own `type` must be renamed). */
  protected put(writeName: string, subjectId: string, id: string, fields: Record<string, unknown>): Write {
    return dynamoWrite(writeName, {
      Put: {
        TableName: this.deps.table,
        Item: { pk: subjectPk(subjectId), sk: this.kind.sk(id), ...fields, type: this.kind.name },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
  }

  /** Newest first; with `now`, records past their expiry are left out (DynamoDB deletes them within days). */
  async list(subjectId: string, page: Page, now?: Date): Promise<{ items: T[]; cursor?: string | undefined }> {
    const { items, cursor } = await queryPage(
      this.deps.ddb,
      {
        TableName: this.deps.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': subjectPk(subjectId), ':prefix': this.kind.prefix },
        ScanIndexForward: false,
      },
      page,
      `The ${this.kind.name} records`,
    );
    const live = items.filter((i) => !now || typeof i.expiresAt !== 'number' || i.expiresAt > epochSeconds(now));
    return { items: live.map((i) => decodeItem(this.kind.schema, i, this.kind.name)), cursor };
  }
}

const disclosureItem = z.object({
  id: z.string(),
  recipient: z.string(),
  recipientType: z.enum(['carrier', 'payment-processor']),
  purpose: z.string(),
  fields: z.array(z.string()).default([]),
  orderId: z.string(),
  at: z.string(),
});

export class DisclosureLedger extends SubjectRecords<Disclosure> implements DisclosurePort {
  /** `ttlDays`: how long a disclosure record is kept (DISCLOSURE_RECORD_DAYS). */
  constructor(
    deps: DynamoDeps,
    private readonly ttlDays: number,
  ) {
    super(deps, { name: 'disclosure', prefix: DISCLOSURE_PREFIX, sk: disclosureSk, schema: disclosureItem });
  }

  record(subjectId: string, disclosure: Disclosure): Write {
    const expiresAt = epochSeconds(new Date(disclosure.at)) + daysInSeconds(this.ttlDays);
    return this.put('disclosure.record', subjectId, disclosure.id, { ...disclosure, expiresAt });
  }
}

/**
 * A notification's own type is stored as `notificationType`: `type` is every item's kind. (Items
 * written before that carried the notification's type in `type`; they still decode.)
 */
const notificationItem = z
  .object({
    id: z.string(),
    type: z.string(),
    notificationType: z.string().optional(),
    message: z.string(),
    resource: z.string(),
    at: z.string(),
  })
  .transform(
    ({ notificationType, type, ...notification }): Notification => ({
      ...notification,
      type: notificationType ?? type,
    }),
  );

export class NotificationInbox extends SubjectRecords<Notification> implements NotificationPort {
  /** `ttlDays`: how long a notification is kept (NOTIFICATION_TTL_DAYS). */
  constructor(
    deps: DynamoDeps,
    private readonly ttlDays: number,
  ) {
    super(deps, { name: 'notification', prefix: NOTIFICATION_PREFIX, sk: notificationSk, schema: notificationItem });
  }

  notify(subjectId: string, notification: Notification): Write {
    const expiresAt = epochSeconds(new Date(notification.at)) + daysInSeconds(this.ttlDays);
    const { type: notificationType, ...fields } = notification;
    return this.put('notification.create', subjectId, notification.id, { ...fields, notificationType, expiresAt });
  }
}
