/**
 * Small append-only records kept per subject in the data table: the disclosure ledger (what went to
 * which third party, when, why — field names only) and the notifications telling the subject an
 * outcome. Neither holds a personal value.
 */
import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { UnavailableError } from '../../domain/errors';
import { epochSeconds } from '../clock';
import type { TransactItem } from './audit-trail';
import { decodeCursor, encodeCursor } from './client';
import { DISCLOSURE_PREFIX, disclosureSk, NOTIFICATION_PREFIX, notificationSk, subjectPk } from './keys';

export interface Disclosure {
  readonly id: string;
  /** Who received the data, e.g. the carrier id `dhl`. */
  readonly recipient: string;
  readonly recipientType: 'carrier' | 'payment-processor';
  readonly purpose: string;
  /** Field names disclosed, never their values. */
  readonly fields: readonly string[];
  readonly orderId: string;
  readonly at: string;
}

export interface Notification {
  readonly id: string;
  readonly type: string;
  /** Written by the system from templates: states an outcome, quotes no personal value. */
  readonly message: string;
  readonly resource: string;
  readonly at: string;
}

type Page = { limit: number; cursor?: string | undefined };

abstract class SubjectRecords<T> {
  constructor(
    protected readonly deps: { ddb: DynamoDBDocumentClient; table: string },
    private readonly prefix: string,
    private readonly sk: (id: string) => string,
    private readonly kind: string,
  ) {}

  protected put(subjectId: string, record: T & { id: string }, extra: Record<string, unknown> = {}): TransactItem {
    return {
      Put: {
        TableName: this.deps.table,
        Item: { pk: subjectPk(subjectId), sk: this.sk(record.id), type: this.kind, ...record, ...extra },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  }

  /** Newest first. */
  async list(subjectId: string, page: Page, now?: Date): Promise<{ items: T[]; cursor?: string | undefined }> {
    try {
      const result = await this.deps.ddb.send(
        new QueryCommand({
          TableName: this.deps.table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': subjectPk(subjectId), ':prefix': this.prefix },
          ScanIndexForward: false,
          Limit: page.limit,
          ExclusiveStartKey: decodeCursor(page.cursor),
        }),
      );
      const live = (result.Items ?? []).filter(
        (i) => !now || typeof i.expiresAt !== 'number' || i.expiresAt > epochSeconds(now),
      );
      return { items: live.map((i) => this.fromItem(i)), cursor: encodeCursor(result.LastEvaluatedKey) };
    } catch {
      throw new UnavailableError(`The ${this.kind} records are temporarily unavailable.`);
    }
  }

  protected abstract fromItem(item: Record<string, unknown>): T;
}

export class DisclosureLedger extends SubjectRecords<Disclosure> {
  constructor(deps: { ddb: DynamoDBDocumentClient; table: string }) {
    super(deps, DISCLOSURE_PREFIX, disclosureSk, 'disclosure');
  }

  entryItem(subjectId: string, disclosure: Disclosure): TransactItem {
    return this.put(subjectId, disclosure);
  }

  protected fromItem(i: Record<string, unknown>): Disclosure {
    return {
      id: String(i.id),
      recipient: String(i.recipient),
      recipientType: i.recipientType as Disclosure['recipientType'],
      purpose: String(i.purpose),
      fields: (i.fields as string[]) ?? [],
      orderId: String(i.orderId),
      at: String(i.at),
    };
  }
}

export class NotificationInbox extends SubjectRecords<Notification> {
  constructor(deps: { ddb: DynamoDBDocumentClient; table: string }) {
    super(deps, NOTIFICATION_PREFIX, notificationSk, 'notification');
  }

  /** A notification that expires (TTL) at `expiresAt`. */
  notifyItem(subjectId: string, notification: Notification, expiresAt: number): TransactItem {
    return this.put(subjectId, notification, { expiresAt });
  }

  protected fromItem(i: Record<string, unknown>): Notification {
    return {
      id: String(i.id),
      type: String(i.type),
      message: String(i.message),
      resource: String(i.resource),
      at: String(i.at),
    };
  }
}
