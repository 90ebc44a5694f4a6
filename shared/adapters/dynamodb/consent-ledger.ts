/**
 * The consent ledger in the data table: one immutable item per choice at
 * `CONSENT#<purpose>#<ulid>`, so the newest choice for a purpose is one reverse query away, and one
 * per accepted policy version at `POLICY_ACCEPTANCE#<version>`.
 */
import * as z from 'zod';
import { CONSENT_PURPOSES, type ConsentPurpose } from '../../domain/access';
import type { ConsentEntry } from '../../domain/consent';
import type { PolicyAcceptance } from '../../domain/policy';
import { epochSeconds } from '../../domain/time';
import type { ConsentStore } from '../../ports/accounts';
import type { Write } from '../../ports/unit-of-work';
import { type DynamoDeps, queryPages } from './client';
import { decodeItem } from './decode';
import { CONSENT_PREFIX, consentPurgeSk, consentSk, policyAcceptanceSk, retentionBucket, subjectPk } from './keys';
import { RETENTION_ACTIONS } from './retention-index';
import { dynamoWrite } from './unit-of-work';

const consentItem = z.object({
  id: z.string(),
  purpose: z.enum(CONSENT_PURPOSES),
  granted: z.boolean(),
  policyVersion: z.number(),
  at: z.string(),
});

export class ConsentLedger implements ConsentStore {
  constructor(private readonly deps: DynamoDeps) {}

  record(subjectId: string, entry: ConsentEntry): Write {
    return dynamoWrite('consent.record', {
      Put: {
        TableName: this.deps.table,
        Item: { pk: subjectPk(subjectId), sk: consentSk(entry.purpose, entry.id), type: 'consent', ...entry },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
  }

  /** In today's retention bucket, due at once: the sweep deletes what the consent covered, then this item. */
  purgeCollected(subjectId: string, withdrawal: ConsentEntry): Write {
    const at = new Date(withdrawal.at);
    return dynamoWrite('consent.purge', {
      Put: {
        TableName: this.deps.table,
        Item: {
          pk: subjectPk(subjectId),
          sk: consentPurgeSk(withdrawal.purpose, withdrawal.id),
          type: 'consent-withdrawal',
          subjectId,
          purpose: withdrawal.purpose,
          withdrawnAt: withdrawal.at,
          retentionBucket: retentionBucket({
            pk: subjectPk(subjectId),
            sk: consentPurgeSk(withdrawal.purpose, withdrawal.id),
          }),
          retentionDueAt: epochSeconds(at),
          retentionAction: RETENTION_ACTIONS.purgeConsentData,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
  }

  recordPolicyAcceptance(subjectId: string, acceptance: PolicyAcceptance): Write {
    return dynamoWrite('policy-acceptance.record', {
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
    });
  }

  async entries(subjectId: string): Promise<ConsentEntry[]> {
    return this.query(subjectId, CONSENT_PREFIX);
  }

  async latest(subjectId: string, purpose: ConsentPurpose): Promise<ConsentEntry | undefined> {
    const [entry] = await this.query(subjectId, `${CONSENT_PREFIX}${purpose}#`, 1);
    return entry;
  }

  /** Entries under `prefix`, newest first per purpose; with `limit`, stops once it has that many. */
  private async query(subjectId: string, prefix: string, limit?: number): Promise<ConsentEntry[]> {
    const items: Record<string, unknown>[] = [];
    const pages = queryPages(
      this.deps.ddb,
      {
        TableName: this.deps.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': subjectPk(subjectId), ':prefix': prefix },
        ScanIndexForward: false,
        ConsistentRead: true,
        Limit: limit,
      },
      'Consent records',
    );
    for await (const page of pages) {
      items.push(...page);
      if (limit && items.length >= limit) break;
    }
    return items.map((item) => decodeItem(consentItem, item, 'consent'));
  }
}
