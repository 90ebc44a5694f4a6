/** Privacy policy versions in the data table (`POLICY` / `VERSION#<n>`). Not personal data. */
import * as z from 'zod';
import type { PolicyVersion } from '../../domain/policy';
import type { PolicyStore } from '../../ports/accounts';
import type { Clock } from '../../ports/clock';
import type { Write } from '../../ports/unit-of-work';
import { type DynamoDeps, queryAll } from './client';
import { decodeItem } from './decode';
import { POLICY_PK, POLICY_VERSION_PREFIX, policyVersionSk } from './keys';
import { dynamoWrite } from './unit-of-work';

/**
 * How long `recent` may reuse the version list. Safe because a version takes effect at least the
 * notice period after its announcement: a list a minute old already holds every version that can
 * be in force now.
 */
const RECENT_MS = 60_000;

const text = {
  version: z.number(),
  content: z.string(),
  summary: z.string(),
  material: z.boolean(),
  createdAt: z.string(),
};

const policyItem = z.discriminatedUnion('status', [
  z.object({ ...text, status: z.literal('draft') }),
  z.object({ ...text, status: z.literal('announced'), announcedAt: z.string(), effectiveAt: z.string() }),
]);

export class PolicyRepository implements PolicyStore {
  private recentList?: { versions: PolicyVersion[]; readAt: number };

  constructor(private readonly deps: DynamoDeps & { readonly clock: Clock }) {}

  async recent(): Promise<PolicyVersion[]> {
    const now = this.deps.clock.now().getTime();
    if (this.recentList && now - this.recentList.readAt < RECENT_MS) return this.recentList.versions;
    const versions = await this.all();
    this.recentList = { versions, readAt: now };
    return versions;
  }

  async all(): Promise<PolicyVersion[]> {
    const items = await queryAll(
      this.deps.ddb,
      {
        TableName: this.deps.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': POLICY_PK, ':prefix': POLICY_VERSION_PREFIX },
      },
      'Privacy policy versions',
    );
    return items.map((item) => decodeItem(policyItem, item, 'policy version'));
  }

  create(version: PolicyVersion): Write {
    return dynamoWrite('policy.create', {
      Put: {
        TableName: this.deps.table,
        Item: { pk: POLICY_PK, sk: policyVersionSk(version.version), type: 'policy', ...version },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
  }

  announce(version: number, effectiveAt: Date, at: Date): Write {
    return dynamoWrite('policy.announce', {
      Update: {
        TableName: this.deps.table,
        Key: { pk: POLICY_PK, sk: policyVersionSk(version) },
        UpdateExpression: 'SET #status = :announced, effectiveAt = :effectiveAt, announcedAt = :at',
        ConditionExpression: '#status = :draft',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':announced': 'announced',
          ':draft': 'draft',
          ':effectiveAt': effectiveAt.toISOString(),
          ':at': at.toISOString(),
        },
      },
    });
  }
}
