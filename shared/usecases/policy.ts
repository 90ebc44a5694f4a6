/** Public privacy-policy use cases: the version in force (and the next announced one) and the list. */
import type { AccessContext } from '../domain/access';
import { auditEvent } from '../domain/audit';
import { ConflictError, ConsentRequiredError, NotFoundError, UnprocessableError } from '../domain/errors';
import {
  type AnnouncedPolicyVersion,
  acceptanceRequired,
  earliestEffectiveAt,
  effectiveVersion,
  POLICY_AUDIT_CHAIN,
  publicVersions,
  upcomingVersion,
} from '../domain/policy';
import type { Ports } from '../ports';

type Deps = Pick<Ports, 'clock' | 'policies'>;

export interface PolicyView {
  readonly version: number;
  readonly effectiveAt: string;
  readonly content: string;
  readonly summary: string;
  readonly material: boolean;
}

const view = (v: AnnouncedPolicyVersion): PolicyView => ({
  version: v.version,
  effectiveAt: v.effectiveAt,
  content: v.content,
  summary: v.summary,
  material: v.material,
});

export async function currentPolicy(deps: Deps): Promise<PolicyView & { next?: PolicyView }> {
  const versions = await deps.policies.all();
  const now = deps.clock.now();
  const inForce = effectiveVersion(versions, now);
  if (!inForce) throw new NotFoundError('No privacy policy is in force yet.');
  const next = upcomingVersion(versions, now);
  return { ...view(inForce), ...(next && { next: view(next) }) };
}

export async function listPolicyVersions(deps: Deps) {
  const versions = publicVersions(await deps.policies.all(), deps.clock.now());
  return versions.map((v) => ({ ...view(v), status: v.publicStatus, announcedAt: v.announcedAt }));
}

/**
 * Puts version 1 in force if no version exists yet (first deployment, fresh local stack). It is
 * idempotent: a second run, or a run after the officer published versions, changes nothing.
 */
export async function seedInitialPolicy(
  deps: Pick<Ports, 'clock' | 'policies' | 'uow'>,
  initial: { content: string; summary: string; effectiveAt: Date },
): Promise<boolean> {
  if ((await deps.policies.all()).length > 0) return false;
  const at = deps.clock.now().toISOString();
  const first = deps.policies.create({
    version: 1,
    status: 'announced',
    content: initial.content,
    summary: initial.summary,
    material: true,
    createdAt: at,
    announcedAt: at,
    effectiveAt: initial.effectiveAt.toISOString(),
  });
  try {
    await deps.uow.commit([first], [], { 'policy.create': () => new VersionTaken() });
    return true;
  } catch (e) {
    if (e instanceof VersionTaken) return false;
    throw e;
  }
}

/** Another process created that version number first. */
class VersionTaken extends Error {}

type AdminDeps = Pick<Ports, 'clock' | 'config' | 'policies' | 'uow' | 'outbox'>;

const policyAudit = (access: AccessContext, action: string, version: number) =>
  auditEvent(access, { action, subjectId: POLICY_AUDIT_CHAIN, resource: `policy/${version}`, details: { version } });

/** Any version, drafts included, as privacy officers review it before announcing it. */
export async function policyVersion(deps: Pick<Ports, 'policies'>, version: number) {
  const found = (await deps.policies.all()).find((v) => v.version === version);
  if (!found) throw new NotFoundError('No such policy version.');
  return {
    version: found.version,
    status: found.status,
    content: found.content,
    summary: found.summary,
    material: found.material,
    createdAt: found.createdAt,
    ...(found.status === 'announced' && { announcedAt: found.announcedAt, effectiveAt: found.effectiveAt }),
  };
}

/** A privacy officer drafts the next version; nothing changes for anyone until it is announced. */
export async function draftPolicy(
  deps: AdminDeps,
  draft: { content: string; summary: string; material: boolean },
  access: AccessContext,
): Promise<{ version: number; status: 'draft' }> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const version = Math.max(0, ...(await deps.policies.all()).map((v) => v.version)) + 1;
    try {
      await deps.uow.commit(
        [deps.policies.create({ ...draft, version, status: 'draft', createdAt: deps.clock.now().toISOString() })],
        [policyAudit(access, 'policy.draft', version)],
        { 'policy.create': () => new VersionTaken() },
      );
      return { version, status: 'draft' };
    } catch (e) {
      if (!(e instanceof VersionTaken)) throw e;
    }
  }
  throw new ConflictError('Could not allocate a version number; retry.');
}

/**
 * Announces a draft to take effect at `effectiveAt`, no sooner than the notice period. The version in
 * force stays so until then. Users learn of it through the `PolicyAnnounced` event and their
 * notifications; a material version must be accepted again before their next order or consent change.
 */
export async function announcePolicy(deps: AdminDeps, version: number, effectiveAt: Date, access: AccessContext) {
  const now = deps.clock.now();
  const versions = await deps.policies.all();
  const draft = versions.find((v) => v.version === version);
  if (!draft) throw new NotFoundError('No such policy version.');
  if (draft.status !== 'draft') throw new ConflictError(`Version ${version} was already announced.`);
  // The notice period protects users from a change to the terms they accepted; the very first
  // version (a fresh deployment, nothing in force or announced) changes nothing and may start at once.
  const first = versions.every((v) => v.status === 'draft');
  const earliest = first ? now : earliestEffectiveAt(now, deps.config.retention.POLICY_NOTICE_DAYS);
  if (effectiveAt < earliest) {
    throw new UnprocessableError(
      `A new version may take effect no sooner than ${deps.config.retention.POLICY_NOTICE_DAYS} days after its announcement (${earliest.toISOString()}).`,
      [{ path: 'body.effectiveAt', message: 'Inside the notice period' }],
    );
  }
  await deps.uow.commit(
    [
      deps.policies.announce(version, effectiveAt, now),
      deps.outbox.stage(
        [
          {
            type: 'PolicyAnnounced',
            version,
            effectiveAt: effectiveAt.toISOString(),
            material: draft.material,
            at: now.toISOString(),
          },
        ],
        now,
      ),
    ],
    [policyAudit(access, 'policy.announce', version)],
    { 'policy.announce': () => new ConflictError(`Version ${version} was already announced.`) },
  );
  return { version, status: 'announced' as const, effectiveAt: effectiveAt.toISOString(), material: draft.material };
}

/** The subject accepts the version in force (needed after a material change). */
export async function acceptPolicy(
  deps: Pick<Ports, 'clock' | 'policies' | 'profiles' | 'consents' | 'uow'>,
  version: number,
  access: AccessContext,
): Promise<{ version: number; acceptedAt: string; alreadyAccepted: boolean }> {
  const subjectId = access.actor.id;
  const now = deps.clock.now();
  const inForce = effectiveVersion(await deps.policies.all(), now);
  if (!inForce || inForce.version !== version) {
    throw new UnprocessableError(
      inForce
        ? `Version ${version} is not in force; the version in force is ${inForce.version}.`
        : 'No policy is in force.',
      [{ path: 'body.version', message: 'Not the version in force' }],
    );
  }
  const status = await deps.profiles.status(subjectId);
  if (!status) throw new NotFoundError('No profile exists for this account yet: register with POST /v1/me.');
  if (status.acceptedPolicyVersion >= version) {
    return { version, acceptedAt: now.toISOString(), alreadyAccepted: true };
  }
  // Both conditions fail when a concurrent acceptance of this version landed first.
  const alreadyRecorded = () => new ConflictError('Your acceptance was already recorded.');
  await deps.uow.commit(
    [
      deps.profiles.acceptPolicy(subjectId, version, now),
      deps.consents.recordPolicyAcceptance(subjectId, { version, at: now.toISOString() }),
    ],
    [auditEvent(access, { action: 'policy.accept', subjectId, resource: `policy/${version}`, details: { version } })],
    { 'profile.accept-policy': alreadyRecorded, 'policy-acceptance.record': alreadyRecorded },
  );
  return { version, acceptedAt: now.toISOString(), alreadyAccepted: false };
}

/** Refuses (403 consent-required) when a material version awaits the subject's acceptance. */
export async function assertCurrentPolicyAccepted(deps: Deps, acceptedVersion: number): Promise<void> {
  const required = acceptanceRequired(await deps.policies.recent(), acceptedVersion, deps.clock.now());
  if (required) {
    throw new ConsentRequiredError(
      `Privacy policy version ${required.version} changed materially: accept it (POST /v1/me/policy-acceptances) to continue.`,
      { requiredPolicyVersion: required.version },
    );
  }
}
