/**
 * The consent ledger in the data table: one immutable item per choice at
 * `CONSENT#<purpose>#<ulid>`, so the newest choice for a purpose is one reverse query away.
 */
import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { ConsentPurpose } from '../../domain/access';
import type { ConsentEntry } from '../../domain/consent';
import { UnavailableError } from '../../domain/errors';
import type { TransactItem } from './audit-trail';
import { CONSENT_PREFIX, consentSk, policyAcceptanceSk, subjectPk } from './keys';

export class ConsentLedger {
  constructor(private readonly deps: { ddb: DynamoDBDocumentClient; table: string }) {}

  /** A transaction item appending `entry`; entries are never overwritten. */
  entryItem(subjectId: string, entry: ConsentEntry): TransactItem {
    return {
      Put: {
        TableName: this.deps.table,
        Item: { pk: subjectPk(subjectId), sk: consentSk(entry.purpose, entry.id), type: 'consent', ...entry },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  }

  /** A transaction item recording that the subject accepted policy `version` (one item per version). */
  policyAcceptanceItem(subjectId: string, acceptance: { version: number; at: string }): TransactItem {
    return {
      Put: {
        TableName: this.deps.table,
        Item: {
          pk: subjectPk(subjectId),
          sk: policyAcceptanceSk(acceptance.version),
          type: 'policy-acceptance',
          ...acceptance,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  }

  async entries(subjectId: string): Promise<ConsentEntry[]> {
    const items = await this.query(subjectId, CONSENT_PREFIX);
    return items.map(toEntry);
  }

  /** The newest choice for `purpose`, read strongly consistent: a withdrawal takes effect at once. */
  async latest(subjectId: string, purpose: ConsentPurpose): Promise<ConsentEntry | undefined> {
    const [item] = await this.query(subjectId, `${CONSENT_PREFIX}${purpose}#`, 1);
    return item ? toEntry(item) : undefined;
  }

  private async query(subjectId: string, prefix: string, limit?: number): Promise<Record<string, unknown>[]> {
    try {
      const items: Record<string, unknown>[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await this.deps.ddb.send(
          new QueryCommand({
            TableName: this.deps.table,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
            ExpressionAttributeValues: { ':pk': subjectPk(subjectId), ':prefix': prefix },
            ScanIndexForward: false,
            ConsistentRead: true,
            Limit: limit,
            ExclusiveStartKey: start,
          }),
        );
        items.push(...(page.Items ?? []));
        start = limit && items.length >= limit ? undefined : page.LastEvaluatedKey;
      } while (start);
      return items;
    } catch {
      throw new UnavailableError('Consent records are temporarily unavailable.');
    }
  }
}

function toEntry(item: Record<string, unknown>): ConsentEntry {
  return {
    id: String(item.id),
    purpose: item.purpose as ConsentPurpose,
    granted: item.granted === true,
    policyVersion: Number(item.policyVersion),
    at: String(item.at),
  };
}
