/**
 * Engagement events, stored only with `analytics` consent: one encrypted item per accepted batch
 * (`ENGAGEMENT#<ulid>`), expiring by TTL after the retention period.
 */
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { EngagementEvent } from '../../domain/engagement';
import { UnavailableError } from '../../domain/errors';
import type { PersonalDataCodec } from '../crypto/personal-data-codec';
import { engagementSk, subjectPk } from './keys';

export class EngagementRepository {
  constructor(private readonly deps: { ddb: DynamoDBDocumentClient; table: string; codec: PersonalDataCodec }) {}

  async record(
    subjectId: string,
    batch: { id: string; receivedAt: string; expiresAt: number; events: readonly EngagementEvent[] },
  ): Promise<void> {
    const location = { table: 'data', pk: subjectPk(subjectId), sk: engagementSk(batch.id) };
    const sealed = await this.deps.codec.seal(subjectId, location, { events: batch.events });
    try {
      await this.deps.ddb.send(
        new PutCommand({
          TableName: this.deps.table,
          Item: {
            pk: location.pk,
            sk: location.sk,
            type: 'engagement',
            count: batch.events.length,
            receivedAt: batch.receivedAt,
            expiresAt: batch.expiresAt,
            ...sealed,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch {
      throw new UnavailableError('Engagement events could not be stored; none were recorded.');
    }
  }
}
