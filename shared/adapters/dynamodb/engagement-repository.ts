/**
 * Engagement events, stored only with `analytics` consent: one encrypted item per accepted batch
 * (`ENGAGEMENT#<ulid>`), expiring by TTL ENGAGEMENT_EVENT_TTL_DAYS after it was received.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { EngagementBatch } from '../../domain/engagement';
import { UnavailableError } from '../../domain/errors';
import { daysInSeconds, epochSeconds } from '../../domain/time';
import type { EngagementStore } from '../../ports/accounts';
import type { PersonalDataCodec } from '../crypto/personal-data-codec';
import type { DynamoDeps } from './client';
import { engagementSk, subjectPk } from './keys';

export interface EngagementRepositoryDeps extends DynamoDeps {
  readonly codec: PersonalDataCodec;
  /** ENGAGEMENT_EVENT_TTL_DAYS: how long a batch is kept. */
  readonly ttlDays: number;
}

export class EngagementRepository implements EngagementStore {
  constructor(private readonly deps: EngagementRepositoryDeps) {}

  async record(subjectId: string, batch: EngagementBatch): Promise<void> {
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
            expiresAt: epochSeconds(new Date(batch.receivedAt)) + daysInSeconds(this.deps.ttlDays),
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
