/**
 * Profiles in the data table (`SUBJECT#<id>` / `PROFILE`). Personal fields are sealed on the way
 * in and opened on the way out; a read by anyone but the subject is audited before it returns.
 */
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { loadRetention } from '../../config/retention';
import type { AccessContext } from '../../domain/access';
import { UnavailableError } from '../../domain/errors';
import { PERSONAL_PROFILE_FIELDS, type PersonalProfileField, type Profile } from '../../domain/profile';
import { epochSeconds } from '../../domain/time';
import type { Write } from '../../ports/unit-of-work';
import type { PersonalDataCodec } from '../crypto/personal-data-codec';
import type { TransactItem } from './audit-trail';
import type { AuditedReads } from './audited-read';
import { isConditionalCheckFailure, itemKey } from './client';
import { inactiveBucket, PROFILE_SK, subjectPk } from './keys';
import { RETENTION_ACTIONS } from './retention-index';
import { dynamoWrite } from './unit-of-work';

export interface ProfileRepositoryDeps {
  readonly ddb: DynamoDBDocumentClient;
  readonly table: string;
  readonly codec: PersonalDataCodec;
  /** Staff reads go through the one audited-read rule. */
  readonly reads: AuditedReads;
  /**
   * INACTIVE_ACCOUNT_DAYS: activity puts the profile in the inactive-accounts sweep's bucket this
   * many days ahead. Defaults to the environment's retention config.
   */
  readonly inactiveAccountDays?: number;
}

/** Non-personal facts about a registered subject, readable without decryption or audit. */
export interface ProfileStatus {
  readonly subjectId: string;
  readonly version: number;
  readonly acceptedPolicyVersion: number;
  /** Processing restricted at the subject's request: no new orders, no staff reads but the officer's. */
  readonly restricted: boolean;
}

const where = (subjectId: string) => ({ table: 'data', pk: subjectPk(subjectId), sk: PROFILE_SK });

export class ProfileRepository {
  private readonly inactiveAccountDays: number;

  constructor(private readonly deps: ProfileRepositoryDeps) {
    this.inactiveAccountDays = deps.inactiveAccountDays ?? loadRetention().INACTIVE_ACCOUNT_DAYS;
  }

  /**
   * A transaction item recording activity (sign-in, order, privacy request): sets `lastActiveAt`
   * and moves the profile to the inactive-accounts bucket INACTIVE_ACCOUNT_DAYS ahead, due an
   * inactivity notice again (a notice already sent is superseded). Fails if there is no profile.
   * Put it in the same transaction as the order or request; registration gets it from createItem.
   */
  activityItem(subjectId: string, at: Date, mayOrder?: { minimumPolicyVersion: number }): TransactItem {
    return {
      Update: {
        TableName: this.deps.table,
        Key: { pk: subjectPk(subjectId), sk: PROFILE_SK },
        UpdateExpression:
          'SET lastActiveAt = :at, retentionBucket = :bucket, retentionDueAt = :due, retentionAction = :action REMOVE inactivityNoticeAt',
        // With `mayOrder`, the write also proves the subject may order now (not restricted, no
        // material policy version awaiting acceptance) without a separate read.
        ConditionExpression: mayOrder
          ? 'attribute_exists(pk) AND (attribute_not_exists(restricted) OR restricted = :false) AND acceptedPolicyVersion >= :minVersion'
          : 'attribute_exists(pk)',
        ExpressionAttributeValues: {
          ...this.activityValues(at),
          ...(mayOrder && { ':false': false, ':minVersion': mayOrder.minimumPolicyVersion }),
        },
      },
    };
  }

  /** `profile.activity`: the activity item as a named write (see activityItem). */
  activity(subjectId: string, at: Date, mayOrder?: { minimumPolicyVersion: number }): Write {
    return dynamoWrite('profile.activity', this.activityItem(subjectId, at, mayOrder));
  }

  /** Records activity on its own (e.g. a sign-in); false when the subject has no profile. */
  async recordActivity(subjectId: string, at: Date): Promise<boolean> {
    const { Update } = this.activityItem(subjectId, at);
    try {
      await this.deps.ddb.send(new UpdateCommand(Update as NonNullable<typeof Update>));
      return true;
    } catch (e) {
      if (isConditionalCheckFailure(e)) return false;
      throw new UnavailableError('Profiles are temporarily unavailable.');
    }
  }

  private activityValues(at: Date) {
    const due = new Date(at.getTime() + this.inactiveAccountDays * 86_400_000);
    return {
      ':at': at.toISOString(),
      ':bucket': inactiveBucket(due),
      ':due': epochSeconds(due),
      ':action': RETENTION_ACTIONS.inactiveNotice,
    };
  }

  /** A transaction item recording that the subject accepted policy `version`. */
  acceptPolicyItem(subjectId: string, version: number, at: Date): TransactItem {
    return {
      Update: {
        TableName: this.deps.table,
        Key: { pk: subjectPk(subjectId), sk: PROFILE_SK },
        UpdateExpression: 'SET acceptedPolicyVersion = :v, updatedAt = :at',
        ConditionExpression: 'attribute_exists(pk) AND acceptedPolicyVersion < :v',
        ExpressionAttributeValues: { ':v': version, ':at': at.toISOString() },
      },
    };
  }

  /** A transaction item lifting a restriction; fails unless the profile is restricted. */
  liftRestrictionItem(subjectId: string, at: Date): TransactItem {
    return {
      Update: {
        TableName: this.deps.table,
        Key: { pk: subjectPk(subjectId), sk: PROFILE_SK },
        UpdateExpression: 'SET restricted = :f, restrictionLiftedAt = :at',
        ConditionExpression: 'restricted = :t',
        ExpressionAttributeValues: { ':f': false, ':t': true, ':at': at.toISOString() },
      },
    };
  }

  /** A transaction item creating the profile; its condition fails if the subject is registered. */
  async createItem(profile: Profile): Promise<TransactItem> {
    const sealed = await this.deps.codec.seal(profile.subjectId, where(profile.subjectId), personalValues(profile));
    return {
      Put: {
        TableName: this.deps.table,
        Item: {
          ...itemKey(where(profile.subjectId)),
          ...nonPersonal(profile),
          ...sealed,
          type: 'profile',
          // Registration is activity: the inactive-accounts clock starts now.
          ...activityAttributes(this.activityValues(new Date(profile.createdAt))),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  }

  /**
   * A transaction item writing the changed fields of `profile`; its condition fails unless the
   * stored version is `expectedVersion` (optimistic concurrency).
   */
  async updateItem(
    profile: Profile,
    changed: readonly PersonalProfileField[],
    expectedVersion: number,
  ): Promise<TransactItem> {
    const values = personalValues(profile);
    const toSet = changed.filter((f) => values[f] !== undefined);
    const toRemove = changed.filter((f) => values[f] === undefined);
    const sealed = await this.deps.codec.seal(
      profile.subjectId,
      where(profile.subjectId),
      Object.fromEntries(toSet.map((f) => [f, values[f]])),
    );
    const names: Record<string, string> = { '#version': 'version', '#updatedAt': 'updatedAt' };
    const attrValues: Record<string, unknown> = {
      ':version': profile.version,
      ':expected': expectedVersion,
      ':updatedAt': profile.updatedAt,
    };
    const sets = ['#version = :version', '#updatedAt = :updatedAt'];
    for (const f of toSet) {
      names[`#${f}`] = f;
      attrValues[`:${f}`] = sealed[f];
      sets.push(`#${f} = :${f}`);
    }
    for (const f of toRemove) names[`#${f}`] = f;
    const remove = toRemove.length ? ` REMOVE ${toRemove.map((f) => `#${f}`).join(', ')}` : '';
    return {
      Update: {
        TableName: this.deps.table,
        Key: { pk: subjectPk(profile.subjectId), sk: PROFILE_SK },
        UpdateExpression: `SET ${sets.join(', ')}${remove}`,
        ConditionExpression: '#version = :expected',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: attrValues,
      },
    };
  }

  /** The decrypted profile, or undefined if the subject is not registered. */
  async read(subjectId: string, access: AccessContext): Promise<Profile | undefined> {
    const item = await this.getItem(subjectId);
    if (!item) return undefined;
    const personal = await this.deps.reads.read(
      access,
      subjectId,
      {
        action: 'profile.read',
        resource: 'profile',
        fields: PERSONAL_PROFILE_FIELDS.filter((f) => item[f] !== undefined),
      },
      () => this.deps.codec.open(subjectId, where(subjectId), item, PERSONAL_PROFILE_FIELDS),
      item.restricted === true,
    );
    return {
      subjectId,
      name: personal.name as string,
      email: personal.email as string,
      phone: personal.phone as string | undefined,
      addresses: (personal.addresses as Profile['addresses'] | undefined) ?? [],
      acceptedPolicyVersion: Number(item.acceptedPolicyVersion),
      version: Number(item.version),
      createdAt: String(item.createdAt),
      updatedAt: String(item.updatedAt),
    };
  }

  async status(subjectId: string): Promise<ProfileStatus | undefined> {
    const item = await this.getItem(subjectId);
    return item
      ? {
          subjectId,
          version: Number(item.version),
          acceptedPolicyVersion: Number(item.acceptedPolicyVersion),
          restricted: item.restricted === true,
        }
      : undefined;
  }

  private async getItem(subjectId: string): Promise<Record<string, unknown> | undefined> {
    try {
      const { Item } = await this.deps.ddb.send(
        new GetCommand({
          TableName: this.deps.table,
          Key: { pk: subjectPk(subjectId), sk: PROFILE_SK },
          ConsistentRead: true,
        }),
      );
      return Item;
    } catch {
      throw new UnavailableError('Profiles are temporarily unavailable.');
    }
  }
}

function personalValues(profile: Profile): Record<PersonalProfileField, unknown> {
  return {
    name: profile.name,
    email: profile.email,
    phone: profile.phone,
    addresses: profile.addresses.length ? profile.addresses : undefined,
  };
}

function activityAttributes(values: Record<string, string | number>) {
  return {
    retentionBucket: values[':bucket'],
    retentionDueAt: values[':due'],
    retentionAction: values[':action'],
  };
}

function nonPersonal(profile: Profile) {
  return {
    subjectId: profile.subjectId,
    acceptedPolicyVersion: profile.acceptedPolicyVersion,
    version: profile.version,
    createdAt: profile.createdAt,
    updatedAt: profile.updatedAt,
    lastActiveAt: profile.updatedAt,
  };
}
