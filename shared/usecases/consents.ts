/**
 * Consent use cases: the current choice per purpose, a change appended to the ledger (effective at
 * once, audited), and engagement events that are stored only while `analytics` is granted. A
 * withdrawal orders the deletion of what was collected under the consent (the retention sweep does
 * it, within a day); until then the consent gate keeps it from every reader.
 */
import type { AccessContext, ConsentPurpose } from '../domain/access';
import { auditEvent } from '../domain/audit';
import { CONSENT_BOUND_DATA, type ConsentState, currentConsents } from '../domain/consent';
import type { EngagementEvent } from '../domain/engagement';
import { ConsentRequiredError, NotFoundError } from '../domain/errors';
import { newId } from '../domain/ids';
import { dayOf } from '../domain/time';
import type { Ports } from '../ports';
import { assertCurrentPolicyAccepted } from './policy';

type Deps = Pick<Ports, 'clock' | 'profiles' | 'consents' | 'uow' | 'engagement' | 'policies'>;

export async function listConsents(deps: Pick<Deps, 'consents'>, access: AccessContext): Promise<ConsentState[]> {
  return currentConsents(await deps.consents.entries(access.actor.id));
}

export async function changeConsent(
  deps: Deps,
  purpose: ConsentPurpose,
  granted: boolean,
  access: AccessContext,
): Promise<ConsentState> {
  const subjectId = access.actor.id;
  const status = await deps.profiles.status(subjectId);
  if (!status) throw new NotFoundError('No profile exists for this account yet: register with POST /v1/me.');
  // Withdrawing is always possible at once; granting waits until a material change is accepted.
  if (granted) await assertCurrentPolicyAccepted(deps, status.acceptedPolicyVersion);
  const now = deps.clock.now();
  const entry = {
    id: newId(now),
    purpose,
    granted,
    policyVersion: status.acceptedPolicyVersion,
    at: now.toISOString(),
  };
  // A withdrawal takes back what was collected under the consent: unreadable at once, deleted within a day.
  const takeBack = !granted && CONSENT_BOUND_DATA[purpose].length > 0;
  await deps.uow.commit(
    [deps.consents.record(subjectId, entry), ...(takeBack ? [deps.consents.purgeCollected(subjectId, entry)] : [])],
    [
      auditEvent(access, {
        action: 'consent.change',
        subjectId,
        resource: `consent/${purpose}`,
        details: { purpose, granted },
      }),
    ],
  );
  return { purpose, granted, policyVersion: entry.policyVersion, at: entry.at };
}

export async function recordEngagementEvents(
  deps: Deps,
  events: readonly EngagementEvent[],
  access: AccessContext,
): Promise<{ accepted: number }> {
  const subjectId = access.actor.id;
  const consent = await deps.consents.latest(subjectId, 'analytics');
  if (!consent?.granted) {
    throw new ConsentRequiredError(
      'Engagement events are recorded only with analytics consent: grant it with PUT /v1/me/consents/analytics.',
      { purpose: 'analytics' },
    );
  }
  const now = deps.clock.now();
  const batch = { id: newId(now), receivedAt: now.toISOString(), events };
  const { write, expiresAt } = await deps.engagement.record(subjectId, batch);
  // Analytics is processing of personal data the policy lists: the intake is on the subject's chain,
  // with when the batch will expire (DynamoDB's TTL removes it then, recording nothing itself).
  await deps.uow.commit(
    [write],
    [
      auditEvent(access, {
        action: 'engagement.record',
        subjectId,
        resource: `engagement/${batch.id}`,
        fields: ['events'],
        purpose: 'analytics',
        details: { count: events.length, expiresOn: dayOf(expiresAt) },
      }),
    ],
  );
  return { accepted: events.length };
}
