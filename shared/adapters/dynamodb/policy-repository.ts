/** Privacy policy versions in the data table (`POLICY` / `VERSION#<n>`). Not personal data. */
import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError, UnavailableError } from '../../domain/errors';
import type { PolicyVersion } from '../../domain/policy';
import type { TransactItem } from './audit-trail';
import { isConditionalCheckFailure } from './client';
import { POLICY_PK, POLICY_VERSION_PREFIX, policyVersionSk } from './keys';

/**
 * How long hot paths may reuse the version list. Safe because a version takes effect at least the
 * notice period after its announcement: a list a minute old already holds every version that can
 * be in force now.
 */
const RECENT_MS = 60_000;

export class PolicyRepository {
  private recentList?: { versions: PolicyVersion[]; at: number };

  constructor(private readonly deps: { ddb: DynamoDBDocumentClient; table: string }) {}

  /** The version list, at most a minute old: for per-request checks (orders, consents). */
  async recent(): Promise<PolicyVersion[]> {
    if (this.recentList && Date.now() - this.recentList.at < RECENT_MS) return this.recentList.versions;
    const versions = await this.all();
    this.recentList = { versions, at: Date.now() };
    return versions;
  }

  /** Every version, oldest first. The list is short (a few per year), so one query reads it. */
  async all(): Promise<PolicyVersion[]> {
    try {
      const versions: PolicyVersion[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await this.deps.ddb.send(
          new QueryCommand({
            TableName: this.deps.table,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
            ExpressionAttributeValues: { ':pk': POLICY_PK, ':prefix': POLICY_VERSION_PREFIX },
            ExclusiveStartKey: start,
          }),
        );
        versions.push(...(page.Items ?? []).map(toVersion));
        start = page.LastEvaluatedKey;
      } while (start);
      return versions;
    } catch {
      throw new UnavailableError('The privacy policy is temporarily unavailable.');
    }
  }

  /** Stores a new version; fails with a conflict if that version number exists. */
  async create(version: PolicyVersion): Promise<void> {
    try {
      await this.deps.ddb.send(new PutCommand(this.createItem(version).Put));
    } catch (e) {
      if (isConditionalCheckFailure(e)) throw new ConflictError(`Policy version ${version.version} already exists.`);
      throw new UnavailableError('The privacy policy store is temporarily unavailable.');
    }
  }

  /** A transaction item announcing a draft; fails unless the version is still a draft. */
  announceItem(version: number, effectiveAt: Date, at: Date): TransactItem {
    return {
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
    };
  }

  createItem(version: PolicyVersion): TransactItem & { Put: NonNullable<TransactItem['Put']> } {
    return {
      Put: {
        TableName: this.deps.table,
        Item: { pk: POLICY_PK, sk: policyVersionSk(version.version), type: 'policy', ...version },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  }
}

function toVersion(item: Record<string, unknown>): PolicyVersion {
  return {
    version: Number(item.version),
    status: item.status === 'announced' ? 'announced' : 'draft',
    content: String(item.content),
    summary: String(item.summary),
    material: item.material === true,
    createdAt: String(item.createdAt),
    announcedAt: item.announcedAt === undefined ? undefined : String(item.announcedAt),
    effectiveAt: item.effectiveAt === undefined ? undefined : String(item.effectiveAt),
  };
}
