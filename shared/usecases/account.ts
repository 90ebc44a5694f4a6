/**
 * Account use cases: registration (with policy acceptance and optional consents), reading one's
 * own profile, and rectification with optimistic concurrency. Every change commits together with
 * its audit records; none records a personal value in the trail.
 */
import type { AppDependencies } from '../adapters/dependencies';
import type { TransactItem } from '../adapters/dynamodb/audit-trail';
import type { AccessContext, ConsentPurpose } from '../domain/access';
import type { AuditEvent } from '../domain/audit';
import { ConflictError, NotFoundError, PreconditionFailedError, UnprocessableError } from '../domain/errors';
import { newId } from '../domain/ids';
import { effectiveVersion } from '../domain/policy';
import {
  PERSONAL_PROFILE_FIELDS,
  type Profile,
  type Rectification,
  type Registration,
  rectify,
} from '../domain/profile';

type Deps = Pick<AppDependencies, 'clock' | 'policies' | 'profiles' | 'consents' | 'audit'>;

const notRegistered = () => new NotFoundError('No profile exists for this account yet: register with POST /v1/me.');

export async function registerProfile(deps: Deps, input: Registration, access: AccessContext): Promise<Profile> {
  const now = deps.clock.now();
  const inForce = effectiveVersion(await deps.policies.all(), now);
  if (!inForce || input.acceptPolicyVersion !== inForce.version) {
    throw new UnprocessableError(
      inForce
        ? `Policy version ${input.acceptPolicyVersion} is not the one in force; accept version ${inForce.version}.`
        : 'No privacy policy is in force yet.',
      [{ path: 'body.acceptPolicyVersion', message: 'Not the effective policy version' }],
    );
  }
  const subjectId = access.actor.id;
  const at = now.toISOString();
  const profile: Profile = {
    subjectId,
    name: input.name,
    email: input.email,
    phone: input.phone,
    addresses: input.addresses ?? [],
    acceptedPolicyVersion: inForce.version,
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
  const event = (action: string, rest: Partial<AuditEvent>): AuditEvent => ({
    actor: access.actor,
    action,
    subjectId,
    resource: 'profile',
    purpose: access.purpose,
    fields: [],
    outcome: 'success',
    requestId: access.requestId,
    ...rest,
  });
  const consents = Object.entries(input.consents ?? {}) as [ConsentPurpose, boolean][];
  const items: TransactItem[] = [
    await deps.profiles.createItem(profile),
    deps.consents.policyAcceptanceItem(subjectId, { version: inForce.version, at }),
    ...consents.map(([purpose, granted]) =>
      deps.consents.entryItem(subjectId, { id: newId(now), purpose, granted, policyVersion: inForce.version, at }),
    ),
  ];
  const events: AuditEvent[] = [
    event('profile.register', { fields: PERSONAL_PROFILE_FIELDS.filter((f) => hasValue(profile[f])) }),
    event('policy.accept', { resource: `policy/${inForce.version}`, details: { version: inForce.version } }),
    ...consents.map(([purpose, granted]) =>
      event('consent.change', { resource: `consent/${purpose}`, details: { purpose, granted } }),
    ),
  ];
  await deps.audit.commit(items, events, (index) =>
    index === 0 ? new ConflictError('This account is already registered.') : new ConflictError(),
  );
  return profile;
}

export async function getOwnProfile(deps: Deps, access: AccessContext): Promise<Profile> {
  const profile = await deps.profiles.read(access.actor.id, access);
  if (!profile) throw notRegistered();
  return profile;
}

/** Applies `patch` if the stored version is still `expectedVersion`; a stale version is refused. */
export async function rectifyProfile(
  deps: Deps,
  patch: Rectification,
  expectedVersion: number | '*',
  access: AccessContext,
): Promise<Profile> {
  const current = await getOwnProfile(deps, access);
  const stale = () =>
    new PreconditionFailedError('The profile changed since you read it; fetch it again and retry with the new ETag.');
  if (expectedVersion !== '*' && current.version !== expectedVersion) throw stale();
  const { profile, changed } = rectify(current, patch, deps.clock.now());
  if (changed.length === 0) return current;
  await deps.audit.commit(
    [await deps.profiles.updateItem(profile, changed, current.version)],
    [
      {
        actor: access.actor,
        action: 'profile.rectify',
        subjectId: profile.subjectId,
        resource: 'profile',
        purpose: access.purpose,
        fields: changed,
        outcome: 'success',
        requestId: access.requestId,
      },
    ],
    stale,
  );
  return profile;
}

const hasValue = (v: unknown): boolean => v !== undefined && !(Array.isArray(v) && v.length === 0);
