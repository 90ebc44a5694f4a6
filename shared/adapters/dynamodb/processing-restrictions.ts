/**
 * The restriction of processing: a flag on the subject's profile item (`restricted`), which stops
 * new orders and staff reads but the privacy officer's. TRANSITIONAL: the profile repository owns
 * the profile item and lifts the flag; setting it moves there when that repository is converted.
 */
import type { ProcessingRestrictions } from '../../ports/privacy';
import type { Write } from '../../ports/unit-of-work';
import type { DynamoDeps } from './client';
import { PROFILE_SK, subjectPk } from './keys';
import { dynamoWrite } from './unit-of-work';

export class ProfileRestrictions implements ProcessingRestrictions {
  constructor(private readonly deps: DynamoDeps) {}

  restrict(subjectId: string, at: Date): Write {
    return dynamoWrite('profile.restrict', {
      Update: {
        TableName: this.deps.table,
        Key: { pk: subjectPk(subjectId), sk: PROFILE_SK },
        UpdateExpression: 'SET restricted = :t, restrictedAt = :at',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':t': true, ':at': at.toISOString() },
      },
    });
  }
}
