import type { AccessContext } from '../../shared/domain/access';
import { getOwnProfile, rectifyProfile, registerProfile } from '../../shared/usecases/account';
import { changeConsent, listConsents, recordEngagementEvents } from '../../shared/usecases/consents';
import { seedInitialPolicy } from '../../shared/usecases/policy';
import { canaries, dumpTables, type Harness, harness } from '../support/app-harness';

const self = (id: string): AccessContext => ({
  actor: { id, role: 'customer' },
  purpose: 'self_service',
  requestId: `req-${id}`,
});

let h: Harness;
beforeAll(async () => {
  h = await harness();
  await seedInitialPolicy(h.deps, {
    content: 'Policy text',
    summary: 'Initial',
    effectiveAt: new Date('2026-01-01T00:00:00Z'),
  });
});

function registration(tag: string) {
  const c = canaries(tag);
  return {
    name: c.name,
    email: c.email,
    phone: c.phone,
    addresses: [{ line1: c.street, city: c.city, postalCode: 'CV1 1AA', country: 'GB' }],
    acceptPolicyVersion: 1,
    consents: { analytics: true },
  };
}

describe('account use cases on DynamoDB Local', () => {
  it('registers, reads back the decrypted profile, and stores no personal value in the clear', async () => {
    const created = await registerProfile(h.deps, registration('alpha'), self('alpha'));
    expect(created.version).toBe(1);
    const read = await getOwnProfile(h.deps, self('alpha'));
    expect(read).toMatchObject({
      name: 'Canary Name alpha',
      email: 'canary.alpha@example.com',
      acceptedPolicyVersion: 1,
    });
    expect(read.addresses[0]?.line1).toBe('alpha Canary Street');

    const everything = await dumpTables(h.names);
    for (const value of Object.values(canaries('alpha'))) expect(everything).not.toContain(value);
  });

  it('refuses a second registration of the same subject with a conflict and keeps the first', async () => {
    await registerProfile(h.deps, registration('beta'), self('beta'));
    await expect(
      registerProfile(h.deps, { ...registration('beta'), name: 'Other' }, self('beta')),
    ).rejects.toMatchObject({
      status: 409,
    });
    expect((await getOwnProfile(h.deps, self('beta'))).name).toBe('Canary Name beta');
  });

  it('[P-03] refuses a policy version that is not in force (422) and writes nothing', async () => {
    await expect(
      registerProfile(h.deps, { ...registration('gamma'), acceptPolicyVersion: 2 }, self('gamma')),
    ).rejects.toMatchObject({ status: 422 });
    await expect(getOwnProfile(h.deps, self('gamma'))).rejects.toMatchObject({ status: 404 });
    expect((await h.deps.audit.list('gamma', { limit: 10 })).records).toHaveLength(0);
  });

  it('[P-33] rectifies with the current version and refuses a stale one (412) without writing', async () => {
    await registerProfile(h.deps, registration('delta'), self('delta'));
    const updated = await rectifyProfile(h.deps, { name: 'Delta Renamed' }, 1, self('delta'));
    expect(updated.version).toBe(2);
    await expect(rectifyProfile(h.deps, { name: 'Lost Update' }, 1, self('delta'))).rejects.toMatchObject({
      status: 412,
    });
    const read = await getOwnProfile(h.deps, self('delta'));
    expect(read).toMatchObject({ name: 'Delta Renamed', version: 2, email: 'canary.delta@example.com' });
  });

  it('loses no update under parallel rectification: each lands or is refused as stale', async () => {
    await registerProfile(h.deps, registration('epsilon'), self('epsilon'));
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => rectifyProfile(h.deps, { name: `Parallel ${i}` }, 1, self('epsilon'))),
    );
    const landed = results.filter((r) => r.status === 'fulfilled');
    expect(landed).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ status: 412 });
    expect((await getOwnProfile(h.deps, self('epsilon'))).version).toBe(2);
  });

  it('[P-34] applies a consent withdrawal at once: engagement is refused right after', async () => {
    await registerProfile(h.deps, registration('zeta'), self('zeta'));
    const event = { type: 'page_view' as const, at: '2026-03-01T00:00:00Z', path: '/shoes' };
    await expect(recordEngagementEvents(h.deps, [event], self('zeta'))).resolves.toEqual({ accepted: 1 });
    await changeConsent(h.deps, 'analytics', false, self('zeta'));
    await expect(recordEngagementEvents(h.deps, [event], self('zeta'))).rejects.toMatchObject({
      status: 403,
      kind: 'consent-required',
    });
    const state = await listConsents(h.deps, self('zeta'));
    expect(state.find((c) => c.purpose === 'analytics')).toMatchObject({ granted: false, policyVersion: 1 });
  });

  it('refuses a consent change for an unregistered subject', async () => {
    await expect(changeConsent(h.deps, 'analytics', true, self('nobody'))).rejects.toMatchObject({ status: 404 });
  });
});
