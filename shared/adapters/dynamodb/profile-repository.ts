/**
 * Profiles in the data table (`SUBJECT#<id>` / `PROFILE`). Personal fields are sealed on the way
 * in and opened on the way out; a read by anyone but the subject is audited before it returns.
 * Every profile waits in the inactive-accounts queue of the retention index: registration and each
 * activity put it there, due the inactivity notice INACTIVE_ACCOUNT_DAYS later. An erasure closes
 * the profile (`closedAt`) and leaves a tombstone (`ERASED#<id>` / `TOMBSTONE`) that outlives it, so
 * a token issued before the erasure cannot register the subject again.
 */
import { GetCommand, UpdateCommand, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { AccessContext } from '../../domain/access';
import type { AuditContext } from '../../domain/audit';
import { SubjectErasedError, UnavailableError } from '../../domain/errors';
import {
  PERSONAL_PROFILE_FIELDS,
  type PersonalProfileField,
  type Profile,
  type ProfileStatus,
} from '../../domain/profile';
import { addDays, dayOf, epochSeconds } from '../../domain/time';
import type { Contact, ProfileStore } from '../../ports/accounts';
import type { Write } from '../../ports/unit-of-work';
import type { PersonalDataCodec } from '../crypto/personal-data-codec';
import type { AuditedReads } from './audited-read';
import { type DynamoDeps, guarded, isConditionalCheckFailure, itemKey } from './client';
import { decodeItem, storedAddress } from './decode';
import { erasureTombstoneKey, PROFILE_SK, subjectPk } from './keys';
import { inactivityNoticeDue } from './retention-index';
import { dynamoWrite } from './unit-of-work';

export interface ProfileRepositoryDeps extends DynamoDeps {
  readonly codec: PersonalDataCodec;
  /** Staff reads go through the one audited-read rule. */
  readonly reads: AuditedReads;
  /** INACTIVE_ACCOUNT_DAYS: how long after the last activity the inactivity notice falls due. */
  readonly inactiveAccountDays: number;
}

const where = (subjectId: string) => ({ table: 'data', pk: subjectPk(subjectId), sk: PROFILE_SK });

/** What is stored in the clear. */
const statusItem = z.object({
  subjectId: z.string(),
  version: z.number(),
  acceptedPolicyVersion: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
  restricted: z.boolean().default(false),
});

/** The stored profile, personal attributes still sealed. */
const profileItem = statusItem.extend({
  name: z.string(),
  email: z.string(),
  phone: z.string().optional(),
  addresses: z.string().optional(),
});

/** What the sealed attributes hold once opened (validated on the way in; only their shape here). */
const opened = z.object({
  name: z.string(),
  email: z.string(),
  phone: z.string().optional(),
  addresses: z.array(storedAddress).default([]),
});

/** The two sealed attributes a mail needs, once opened. */
const contactItem = z.object({ name: z.string(), email: z.string() });

export class ProfileRepository implements ProfileStore {
  constructor(private readonly deps: ProfileRepositoryDeps) {}

  async create(profile: Profile): Promise<Write> {
    // Before sealing: sealing makes the subject a key, which an erased subject must never get again.
    if (await this.erased(profile.subjectId)) {
      throw new SubjectErasedError('This account was erased; sign up again to start afresh.');
    }
    const sealed = await this.deps.codec.seal(profile.subjectId, where(profile.subjectId), personalValues(profile));
    const tombstone = erasureTombstoneKey(profile.subjectId);
    return dynamoWrite(
      'profile.create',
      // The tombstone checked again in the transaction itself.
      {
        ConditionCheck: {
          TableName: this.deps.table,
          Key: tombstone,
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Put: {
          TableName: this.deps.table,
          Item: {
            ...itemKey(where(profile.subjectId)),
            type: 'profile',
            subjectId: profile.subjectId,
            acceptedPolicyVersion: profile.acceptedPolicyVersion,
            version: profile.version,
            createdAt: profile.createdAt,
            updatedAt: profile.updatedAt,
            lastActiveAt: profile.createdAt,
            ...sealed,
            ...this.noticeDueAfter(profile.subjectId, new Date(profile.createdAt)),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    );
  }

  close(subjectId: string, at: Date, tombstoneUntil: Date): Write {
    return dynamoWrite(
      'profile.close',
      {
        Update: {
          TableName: this.deps.table,
          Key: { pk: subjectPk(subjectId), sk: PROFILE_SK },
          // Out of the inactive-accounts queue too: the account is being erased already.
          UpdateExpression: 'SET closedAt = if_not_exists(closedAt, :at) REMOVE retentionBucket, retentionDueAt',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':at': at.toISOString() },
        },
      },
      {
        Put: {
          TableName: this.deps.table,
          Item: {
            ...erasureTombstoneKey(subjectId),
            type: 'erasure-tombstone',
            subjectId,
            erasedAt: at.toISOString(),
            expiresAt: epochSeconds(tombstoneUntil),
          },
        },
      },
    );
  }

  async update(profile: Profile, changed: readonly PersonalProfileField[], expectedVersion: number): Promise<Write> {
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
    return dynamoWrite('profile.update', {
      Update: {
        TableName: this.deps.table,
        Key: { pk: subjectPk(profile.subjectId), sk: PROFILE_SK },
        UpdateExpression: `SET ${sets.join(', ')}${remove}`,
        ConditionExpression: '#version = :expected AND attribute_not_exists(closedAt)',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: attrValues,
      },
    });
  }

  async read(subjectId: string, access: AccessContext): Promise<Profile | undefined> {
    const raw = await this.item(subjectId);
    if (!raw) return undefined;
    const item = decodeItem(profileItem, raw, 'profile');
    const personal = await this.deps.reads.read(
      access,
      subjectId,
      {
        action: 'profile.read',
        resource: 'profile',
        fields: PERSONAL_PROFILE_FIELDS.filter((f) => item[f] !== undefined),
      },
      () => this.deps.codec.open(subjectId, where(subjectId), item, PERSONAL_PROFILE_FIELDS),
      item.restricted,
    );
    const { name, email, phone, addresses } = decodeItem(opened, personal, 'profile personal details');
    const { subjectId: id, acceptedPolicyVersion, version, createdAt, updatedAt } = item;
    return { subjectId: id, name, email, phone, addresses, acceptedPolicyVersion, version, createdAt, updatedAt };
  }

  async contact(subjectId: string, context: AuditContext): Promise<Contact | undefined> {
    const raw = await this.item(subjectId);
    if (!raw) return undefined;
    const item = decodeItem(profileItem, raw, 'profile');
    const opened = await this.deps.reads.forSystem(
      context,
      subjectId,
      { action: 'profile.read', resource: 'profile', fields: ['name', 'email'] },
      () => this.deps.codec.open(subjectId, where(subjectId), item, ['name', 'email']),
    );
    return decodeItem(contactItem, opened, 'profile contact');
  }

  async status(subjectId: string): Promise<ProfileStatus | undefined> {
    const raw = await this.item(subjectId);
    if (!raw) return undefined;
    const { version, acceptedPolicyVersion, restricted } = decodeItem(statusItem, raw, 'profile');
    return { subjectId, version, acceptedPolicyVersion, restricted };
  }

  activity(subjectId: string, at: Date, mayOrder?: { minimumPolicyVersion: number }): Write {
    return dynamoWrite('profile.activity', { Update: this.activityUpdate(subjectId, at, mayOrder) });
  }

  async recordActivity(subjectId: string, at: Date): Promise<boolean> {
    return this.conditionalActivity(this.activityUpdate(subjectId, at));
  }

  /** Conditional on the last activity lying before today (UTC): one write per subject per day at most. */
  async recordDailyActivity(subjectId: string, at: Date): Promise<boolean> {
    const update = this.activityUpdate(subjectId, at);
    return this.conditionalActivity({
      ...update,
      ConditionExpression: `${update.ConditionExpression} AND (attribute_not_exists(lastActiveAt) OR lastActiveAt < :today)`,
      ExpressionAttributeValues: { ...update.ExpressionAttributeValues, ':today': `${dayOf(at)}T00:00:00.000Z` },
    });
  }

  /** Whether an erasure's tombstone stands for the subject (consistent read). */
  private async erased(subjectId: string): Promise<boolean> {
    const { Item } = await guarded('Profiles', () =>
      this.deps.ddb.send(
        new GetCommand({ TableName: this.deps.table, Key: erasureTombstoneKey(subjectId), ConsistentRead: true }),
      ),
    );
    return Item !== undefined;
  }

  private async conditionalActivity(update: UpdateCommandInput): Promise<boolean> {
    try {
      await this.deps.ddb.send(new UpdateCommand(update));
      return true;
    } catch (e) {
      if (isConditionalCheckFailure(e)) return false;
      throw new UnavailableError('Profiles are temporarily unavailable.');
    }
  }

  acceptPolicy(subjectId: string, version: number, at: Date): Write {
    return this.profileUpdate('profile.accept-policy', subjectId, {
      set: 'acceptedPolicyVersion = :v, updatedAt = :at',
      condition: 'attribute_exists(pk) AND acceptedPolicyVersion < :v',
      values: { ':v': version, ':at': at.toISOString() },
    });
  }

  restrict(subjectId: string, at: Date): Write {
    return this.profileUpdate('profile.restrict', subjectId, {
      set: 'restricted = :t, restrictedAt = :at',
      condition: 'attribute_exists(pk)',
      values: { ':t': true, ':at': at.toISOString() },
    });
  }

  liftRestriction(subjectId: string, at: Date): Write {
    return this.profileUpdate('profile.lift-restriction', subjectId, {
      set: 'restricted = :f, restrictionLiftedAt = :at',
      condition: 'restricted = :t',
      values: { ':f': false, ':t': true, ':at': at.toISOString() },
    });
  }

  /** A named conditional update of the subject's profile item. */
  private profileUpdate(
    name: string,
    subjectId: string,
    update: { set: string; condition: string; values: Record<string, unknown> },
  ): Write {
    return dynamoWrite(name, {
      Update: {
        TableName: this.deps.table,
        Key: { pk: subjectPk(subjectId), sk: PROFILE_SK },
        UpdateExpression: `SET ${update.set}`,
        ConditionExpression: update.condition,
        ExpressionAttributeValues: update.values,
      },
    });
  }

  /**
   * Sets `lastActiveAt` and puts the profile back in the queue due the notice (a notice already
   * sent is superseded). With `mayOrder`, the same write proves the subject may order now (not
   * restricted, no material policy version awaiting acceptance) without a separate read.
   */
  private activityUpdate(
    subjectId: string,
    at: Date,
    mayOrder?: { minimumPolicyVersion: number },
  ): UpdateCommandInput & {
    UpdateExpression: string;
    ConditionExpression: string;
    ExpressionAttributeValues: Record<string, unknown>;
  } {
    const due = this.noticeDueAfter(subjectId, at);
    return {
      TableName: this.deps.table,
      Key: { pk: subjectPk(subjectId), sk: PROFILE_SK },
      UpdateExpression:
        'SET lastActiveAt = :at, retentionBucket = :bucket, retentionDueAt = :due, retentionAction = :action REMOVE inactivityNoticeAt',
      // A closed profile (erasure begun) takes no more activity, let alone orders.
      ConditionExpression: mayOrder
        ? 'attribute_exists(pk) AND attribute_not_exists(closedAt) AND (attribute_not_exists(restricted) OR restricted = :false) AND acceptedPolicyVersion >= :minVersion'
        : 'attribute_exists(pk) AND attribute_not_exists(closedAt)',
      ExpressionAttributeValues: {
        ':at': at.toISOString(),
        ':bucket': due.retentionBucket,
        ':due': due.retentionDueAt,
        ':action': due.retentionAction,
        ...(mayOrder && { ':false': false, ':minVersion': mayOrder.minimumPolicyVersion }),
      },
    };
  }

  /** The retention attributes of a profile last active at `at`. */
  private noticeDueAfter(subjectId: string, at: Date) {
    return inactivityNoticeDue(subjectId, addDays(at, this.deps.inactiveAccountDays));
  }

  private async item(subjectId: string): Promise<Record<string, unknown> | undefined> {
    const { Item } = await guarded('Profiles', () =>
      this.deps.ddb.send(
        new GetCommand({
          TableName: this.deps.table,
          Key: { pk: subjectPk(subjectId), sk: PROFILE_SK },
          ConsistentRead: true,
        }),
      ),
    );
    return Item;
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
