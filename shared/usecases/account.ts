/**
 * Account use cases: registration (with policy acceptance and optional consents), reading one's
 * own profile, and rectification with optimistic concurrency. Every change commits together with
 * its audit records; none records a personal value in the trail.
 */
import { type AccessContext, CONSENT_PURPOSES } from '../domain/access';
import { auditEvent } from '../domain/audit';
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
import type { Ports } from '../ports';

type Deps = Pick<Ports, 'clock' | 'policies' | 'profiles' | 'consents' | 'uow'>;

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
  const version = inForce.version;
  const choices = CONSENT_PURPOSES.flatMap((purpose) => {
    const granted = input.consents?.[purpose];
    return granted === undefined ? [] : [{ id: newId(now), purpose, granted, policyVersion: version, at }];
  });
  await deps.uow.commit(
    [
      await deps.profiles.create(profile),
      deps.consents.recordPolicyAcceptance(subjectId, { version, at }),
      ...choices.map((entry) => deps.consents.record(subjectId, entry)),
    ],
    [
      auditEvent(access, {
        action: 'profile.register',
        subjectId,
        resource: 'profile',
        fields: PERSONAL_PROFILE_FIELDS.filter((f) => hasValue(profile[f])),
      }),
      auditEvent(access, { action: 'policy.accept', subjectId, resource: `policy/${version}`, details: { version } }),
      ...choices.map(({ purpose, granted }) =>
        auditEvent(access, {
          action: 'consent.change',
          subjectId,
          resource: `consent/${purpose}`,
          details: { purpose, granted },
        }),
      ),
    ],
    { 'profile.create': () => new ConflictError('This account is already registered.') },
  );
  return profile;
}

export async function getOwnProfile(deps: Pick<Deps, 'profiles'>, access: AccessContext): Promise<Profile> {
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
  await deps.uow.commit(
    [await deps.profiles.update(profile, changed, current.version)],
    [
      auditEvent(access, {
        action: 'profile.rectify',
        subjectId: profile.subjectId,
        resource: 'profile',
        fields: changed,
      }),
    ],
    { 'profile.update': stale },
  );
  return profile;
}

const hasValue = (v: unknown): boolean => v !== undefined && !(Array.isArray(v) && v.length === 0);
