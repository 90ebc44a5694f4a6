/**
 * Every internal use is recorded, committed with the change (issue 13, part 6): carrier webhook
 * writes, engagement intake, the inactive-accounts sweep joining an open erasure, and each of the
 * processor's erasure steps — each a system actor (or the caller) with the run's or request's id,
 * on the subject's chain, which stays intact. (The retention sweep and auditor reads are covered in
 * retention-sweep.test.ts and auditor.test.ts.)
 */
import type { AccessContext } from '../../shared/domain/access';
import type { AuditRecord } from '../../shared/domain/audit';
import { fileRequest } from '../../shared/domain/privacy-request';
import { epochSeconds } from '../../shared/domain/time';
import { registerProfile } from '../../shared/usecases/account';
import { changeConsent, recordEngagementEvents } from '../../shared/usecases/consents';
import { sweepInactiveAccounts } from '../../shared/usecases/inactive-accounts';
import { placeOrder } from '../../shared/usecases/orders';
import { processRequest } from '../../shared/usecases/privacy-processor';
import { submitPrivacyRequest } from '../../shared/usecases/privacy-requests';
import { createShipment, receiveCarrierEvent } from '../../shared/usecases/shipping';
import { carrierSignature, type Harness, harness, selfAccess } from '../support/app-harness';
import { sampleOrder } from '../support/sample-requests';

const DAY = 86_400;
const packer: AccessContext = { actor: { id: 'packer', role: 'fulfillment' }, purpose: 'shipping', requestId: 'r' };

const register = (h: Harness, subject: string) =>
  registerProfile(h.deps, { name: 'N', email: `${subject}@example.com`, acceptPolicyVersion: 1 }, selfAccess(subject));

/** The subject's records, oldest first. */
const trail = async (h: Harness, subject: string): Promise<AuditRecord[]> =>
  [...(await h.deps.audit.list(subject, { limit: 200 })).records].reverse();

async function shipped(h: Harness, subject: string, key: string) {
  const body = { ...sampleOrder(), delivery: { carrier: 'ups', service: 'ground' } };
  const { order } = await placeOrder(h.deps, body as never, key, selfAccess(subject));
  const { shipment } = await createShipment(h.deps, order.orderId, { carrier: 'ups', service: 'ground' }, packer);
  return { orderId: order.orderId, trackingNumber: shipment.trackingNumber };
}

function carrierEvent(h: Harness, trackingNumber: string, eventId: string, status: string) {
  const raw = JSON.stringify({
    eventId,
    trackingNumber,
    status,
    occurredAt: h.clock
      .now()
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z'),
    location: 'Leeds depot',
  });
  return receiveCarrierEvent(h.deps, 'ups', raw, carrierSignature('ups', h.clock.now(), raw));
}

let h: Harness;
beforeAll(async () => {
  h = await harness({ seedPolicy: true });
});

describe('internal uses on the subject’s chain', () => {
  it('carrier webhook writes: the carrier as system actor, under its event id; a repeated event records nothing', async () => {
    await register(h, 'iu-carrier');
    const { orderId, trackingNumber } = await shipped(h, 'iu-carrier', 'iu-c-1');
    await carrierEvent(h, trackingNumber, 'evt-1', 'in_transit');
    await carrierEvent(h, trackingNumber, 'evt-1', 'in_transit');
    await carrierEvent(h, trackingNumber, 'evt-2', 'delivered');

    const records = (await trail(h, 'iu-carrier')).filter((r) => r.action === 'shipment.carrier-event');
    expect(records.map((r) => [r.requestId, r.details?.shipmentStatus])).toEqual([
      ['evt-1', 'in_transit'],
      ['evt-2', 'delivered'],
    ]);
    for (const r of records) {
      expect(r).toMatchObject({
        actor: { id: 'carrier-webhook:ups', role: 'system' },
        purpose: 'shipping',
        resource: `order/${orderId}`,
        fields: ['status', 'location'],
      });
    }
    expect(JSON.stringify(records)).not.toContain('Leeds depot');
    await expect(h.deps.audit.verify('iu-carrier')).resolves.toMatchObject({ valid: true });
  });

  it('engagement intake: recorded for analytics with the batch size and when it expires, never the events', async () => {
    await register(h, 'iu-engaged');
    await changeConsent(h.deps, 'analytics', true, selfAccess('iu-engaged'));
    const events = [{ type: 'page_view' as const, at: h.clock.now().toISOString(), path: '/canary-page-path' }];
    await recordEngagementEvents(h.deps, events, selfAccess('iu-engaged'));

    const [record] = (await trail(h, 'iu-engaged')).filter((r) => r.action === 'engagement.record');
    expect(record).toMatchObject({
      actor: { id: 'iu-engaged', role: 'customer' },
      purpose: 'analytics',
      fields: ['events'],
      details: { count: 1, expiresOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) },
    });
    expect(JSON.stringify(record)).not.toContain('canary-page-path');
  });

  it('the inactive-accounts sweep records joining an erasure request that is already open', async () => {
    // Tables of its own: two years on, every subject of the shared ones would be inactive too.
    const h = await harness({ seedPolicy: true });
    await register(h, 'iu-idle');
    h.clock.advance(730 * DAY + 1);
    await sweepInactiveAccounts(h.deps);
    // An erasure opened meanwhile by the system (not by the user, which would count as activity).
    const open = fileRequest(
      { requestId: 'iu-open-erasure', subjectId: 'iu-idle', type: 'erasure' },
      h.clock.now(),
      30,
    );
    await h.deps.uow.commit([h.deps.privacyRequests.create(open)], []);
    h.clock.advance(30 * DAY + 1);
    await expect(sweepInactiveAccounts(h.deps)).resolves.toMatchObject({ erasuresRequested: 1 });

    const records = (await trail(h, 'iu-idle')).filter((r) => r.actor.id === 'inactive-accounts');
    expect(records.map((r) => r.action)).toEqual(['account.inactivity-notice', 'account.inactivity-erasure']);
    expect(records[1]).toMatchObject({ resource: 'privacy-request/iu-open-erasure', purpose: 'storage_limitation' });
  });

  it('each erasure step: the processor as system actor under the request’s id, with what it touched', async () => {
    await register(h, 'iu-erased');
    await placeOrder(h.deps, sampleOrder() as never, 'iu-e-1', selfAccess('iu-erased'));
    const { trackingNumber } = await shipped(h, 'iu-erased', 'iu-e-2');
    await carrierEvent(h, trackingNumber, 'evt-e-1', 'in_transit');
    const request = await submitPrivacyRequest(h.deps, 'erasure', epochSeconds(h.clock.now()), selfAccess('iu-erased'));
    const ref = { subjectId: 'iu-erased', requestId: request.requestId };

    // A parcel still travels: the erasure keeps only what delivery needs, and waits.
    expect(await processRequest(h.deps, ref)).toMatchObject({ result: 'waiting' });
    await carrierEvent(h, trackingNumber, 'evt-e-2', 'delivered');
    expect(await processRequest(h.deps, ref)).toMatchObject({ result: 'completed' });
    expect(await processRequest(h.deps, ref)).toMatchObject({ result: 'skipped' });

    const records = (await trail(h, 'iu-erased')).filter((r) => r.actor.id === 'privacy-processor');
    expect(records.map((r) => r.action)).toEqual([
      'privacy-request.start',
      'erasure.close-account',
      'erasure.cancel-orders',
      'erasure.keep-delivery-only',
      'erasure.anonymise-orders',
      'erasure.remove-records',
      'erasure.remove-identity',
      'erasure.shred-key',
      'privacy-request.complete',
    ]);
    for (const r of records) expect(r).toMatchObject({ requestId: request.requestId, purpose: 'privacy_request' });
    expect(records.find((r) => r.action === 'erasure.cancel-orders')?.details).toMatchObject({ orders: 1 });
    // The placed order left with the cancellation; the delivered one is anonymised in place.
    expect(records.find((r) => r.action === 'erasure.anonymise-orders')?.details).toMatchObject({ orders: 1 });
    expect(records.find((r) => r.action === 'erasure.shred-key')?.resource).toBe('subject-key');
    // The trail outlives the erasure, intact.
    await expect(h.deps.audit.verify('iu-erased')).resolves.toMatchObject({ valid: true });
  });
});
