/**
 * Engagement events, stored only with `analytics` consent: one encrypted item per accepted batch
 * (`ENGAGEMENT#<ulid>`), expiring by TTL ENGAGEMENT_EVENT_TTL_DAYS after it was received.
 */
import type { EngagementBatch } from '../../domain/engagement';
import { addDays, epochSeconds } from '../../domain/time';
import type { EngagementStore } from '../../ports/accounts';
import type { Write } from '../../ports/unit-of-work';
import type { PersonalDataCodec } from '../crypto/personal-data-codec';
import type { DynamoDeps } from './client';
import { engagementSk, subjectPk } from './keys';
import { dynamoWrite } from './unit-of-work';

export interface EngagementRepositoryDeps extends DynamoDeps {
  readonly codec: PersonalDataCodec;
  /** ENGAGEMENT_EVENT_TTL_DAYS: how long a batch is kept. */
  readonly ttlDays: number;
}

export class EngagementRepository implements EngagementStore {
  constructor(private readonly deps: EngagementRepositoryDeps) {}

  async record(subjectId: string, batch: EngagementBatch): Promise<{ write: Write; expiresAt: Date }> {
    const location = { table: 'data', pk: subjectPk(subjectId), sk: engagementSk(batch.id) };
    const sealed = await this.deps.codec.seal(subjectId, location, { events: batch.events });
    const expiresAt = addDays(new Date(batch.receivedAt), this.deps.ttlDays);
    const write = dynamoWrite('engagement.record', {
      Put: {
        TableName: this.deps.table,
        Item: {
          pk: location.pk,
          sk: location.sk,
          type: 'engagement',
          count: batch.events.length,
          receivedAt: batch.receivedAt,
          expiresAt: epochSeconds(expiresAt),
          ...sealed,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
    return { write, expiresAt };
  }
}
