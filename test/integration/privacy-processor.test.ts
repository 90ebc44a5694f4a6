/**
 * The privacy-request processor on DynamoDB Local: export completeness (A's canaries, none of B's),
 * erasure with crypto-shredding (no canary anywhere, old ciphertext unreadable, B untouched, order
 * count and totals unchanged), and resumability: a crash after any step or between any two writes,
 * then a re-run, ends in the same state as an uninterrupted run.
 */
import { readFileSync } from 'node:fs';
import { GetItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import Stripe from 'stripe';
import * as z from 'zod';
import { PersonalDataCodec } from '../../shared/adapters/crypto/personal-data-codec';
import { ExportStore } from '../../shared/adapters/dynamodb/export-store';
import { PROFILE_SK, subjectPk } from '../../shared/adapters/dynamodb/keys';
import type { RecordingDirectory } from '../../shared/adapters/identity-directory';
import type { AccessContext } from '../../shared/domain/access';
import { newId } from '../../shared/domain/ids';
import { STEPS } from '../../shared/domain/privacy-request';
import { daysInSeconds, epochSeconds } from '../../shared/domain/time';
import type { Ports } from '../../shared/ports';
import { getOwnProfile, registerProfile } from '../../shared/usecases/account';
import { fileComplaint } from '../../shared/usecases/complaints';
import { changeConsent } from '../../shared/usecases/consents';
import { placeOrder } from '../../shared/usecases/orders';
import { reconcilePayments } from '../../shared/usecases/payment-reconciliation';
import { processRequest } from '../../shared/usecases/privacy-processor';
import { downloadExport, submitPrivacyRequest } from '../../shared/usecases/privacy-requests';
import { createShipment, receiveCarrierEvent } from '../../shared/usecases/shipping';
import { orderForSupport } from '../../shared/usecases/support';
import {
  carrierSignature,
  dynamodbClient,
  type Harness,
  harness,
  paymentsKeyOf,
  selfAccess,
} from '../support/app-harness';
import { testEndpoints } from '../support/local-stack';
import { reportingSteps } from '../support/processor-seams';

const self = selfAccess;
const packer: AccessContext = { actor: { id: 'packer', role: 'fulfillment' }, purpose: 'shipping', requestId: 'r' };

function canariesOf(tag: string) {
  return {
    name: `Name-${tag}-c4n4ry`,
    email: `mail-${tag}-c4n4ry@example.com`,
    phone: `+447700900${tag === 'A' ? '111' : '222'}`,
    homeStreet: `Home-${tag}-c4n4ry Street`,
    recipient: `Recipient-${tag}-c4n4ry`,
    shipStreet: `Ship-${tag}-c4n4ry Road`,
    billingStreet: `Bill-${tag}-c4n4ry Lane`,
    complaint: `Complaint-${tag}-c4n4ry: my address was shown to another customer`,
    // A carrier's free-text location: the shipment outlives an erasure (anonymised), this must not.
    location: `Left with neighbour at ${tag}-c4n4ry Close`,
  };
}

/** An order of a demo catalogue product (the harness seeds it), booked on UPS Ground. */
const order = (c: ReturnType<typeof canariesOf>, sku: string) => ({
  currency: 'EUR' as const,
  items: [{ sku, quantity: 1 }],
  delivery: { carrier: 'ups', service: 'ground' },
  shippingAddress: { recipient: c.recipient, line1: c.shipStreet, city: 'Leeds', postalCode: 'LS1 1AA', country: 'GB' },
  billing: {
    address: { line1: c.billingStreet, city: 'Leeds', postalCode: 'LS2 2BB', country: 'GB' },
    payment: { processor: 'stripe' as const, paymentMethod: 'pm_card_visa' },
  },
  contactPhone: c.phone,
});

async function populate(h: Harness, subject: string, tag: string) {
  const c = canariesOf(tag);
  await registerProfile(
    h.deps,
    {
      name: c.name,
      email: c.email,
      phone: c.phone,
      addresses: [{ line1: c.homeStreet, city: 'York', postalCode: 'YO1 1AA', country: 'GB' }],
      acceptPolicyVersion: 1,
      consents: { analytics: true },
    },
    self(subject),
  );
  await changeConsent(h.deps, 'service_improvement', true, self(subject));
  // One delivered order (with a shipment), one still placed.
  const delivered = await placeOrder(h.deps, order(c, 'BOOT-42'), `${subject}-1`, self(subject));
  const { shipment } = await createShipment(
    h.deps,
    delivered.order.orderId,
    { carrier: 'ups', service: 'ground' },
    packer,
  );
  const raw = JSON.stringify({
    eventId: `${subject}-delivered`,
    trackingNumber: shipment.trackingNumber,
    status: 'delivered',
    occurredAt: '2026-03-01T00:00:00Z',
  });
  await receiveCarrierEvent(h.deps, 'ups', raw, carrierSignature('ups', h.clock.now(), raw)).catch(async () => {
    // label_created → delivered is not a legal jump: go through in_transit first.
    for (const status of ['in_transit', 'delivered']) {
      const body = JSON.stringify({
        eventId: `${subject}-${status}`,
        trackingNumber: shipment.trackingNumber,
        status,
        occurredAt: '2026-03-01T00:00:00Z',
        location: c.location,
      });
      await receiveCarrierEvent(h.deps, 'ups', body, carrierSignature('ups', h.clock.now(), body));
    }
  });
  await placeOrder(h.deps, order(c, 'SOCK-3'), `${subject}-2`, self(subject));
  await fileComplaint(h.deps, { category: 'privacy_breach', description: c.complaint }, self(subject));
  return c;
}

async function scanAll(h: Harness): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for (const table of Object.values(h.names)) {
    let start: Record<string, unknown> | undefined;
    do {
      const page = await dynamodbClient().send(
        new ScanCommand({ TableName: table, ExclusiveStartKey: start as never }),
      );
      items.push(...(page.Items ?? []).map((i) => ({ ...unmarshall(i), __table: table })));
      start = page.LastEvaluatedKey;
    } while (start);
  }
  return items;
}

async function requestAndProcess(h: Harness, subject: string, type: 'export' | 'erasure' | 'restriction') {
  const authTime = epochSeconds(h.clock.now());
  const request = await submitPrivacyRequest(h.deps, type, authTime, self(subject));
  return { request, outcome: await processRequest(h.deps, { subjectId: subject, requestId: request.requestId }) };
}

async function fresh(): Promise<Harness> {
  const h = await harness({ seedPolicy: true });
  return h;
}

/** Every part of the export, downloaded after a fresh sign-in and joined: the document's text. */
async function download(h: Harness, requestId: string, subject: string, deps: Pick<Ports, 'exports'> = h.deps) {
  const signedIn = epochSeconds(h.clock.now());
  const part = (n: number) => downloadExport({ ...h.deps, ...deps }, requestId, n, signedIn, self(subject));
  const first = await part(1);
  let text = first.text;
  for (let n = 2; n <= first.parts; n++) text += (await part(n)).text;
  return { text, parts: first.parts };
}

/** docs/export-schema.json as a validator: the published schema must describe what exports hold. */
const exportSchema = z.fromJSONSchema(JSON.parse(readFileSync('docs/export-schema.json', 'utf8')));

describe('export', () => {
  it('contains every one of A’s planted values, none of B’s, no payment method, and matches the published schema', async () => {
    const h = await fresh();
    const a = await populate(h, 'subject-a', 'A');
    const b = await populate(h, 'subject-b', 'B');
    const { request, outcome } = await requestAndProcess(h, 'subject-a', 'export');
    expect(outcome.result).toBe('completed');
    const { text: doc } = await download(h, request.requestId, 'subject-a');
    for (const value of Object.values(a)) expect(doc).toContain(value);
    // The payment method paid with is kept nowhere: the processor's report (brand, last four) is.
    expect(doc).not.toContain('pm_card_visa');
    for (const value of Object.values(b)) expect(doc).not.toContain(value);
    const parsed = JSON.parse(doc);
    expect(parsed).toMatchObject({ format: 'privacy-orders-export/1', profile: { name: a.name } });
    expect(parsed.orders[0].card).toEqual({ processor: 'stripe', brand: 'visa', last4: '4242' });
    expect(parsed.orders[0].payment).toMatchObject({ processor: 'stripe', paymentId: expect.stringMatching(/^pi_/) });
    expect(exportSchema.safeParse(parsed).error?.issues ?? []).toEqual([]);
    // Its completion reaches the subject's notifications.
    const { items } = await h.deps.notifications.list('subject-a', { limit: 10 }, h.clock.now());
    expect(items.map((n) => n.type)).toContain('privacy-request.export-completed');
  });

  it('is gone (410) after its 7 days, and another subject cannot fetch it', async () => {
    const h = await fresh();
    await populate(h, 'subject-a', 'A');
    const { request } = await requestAndProcess(h, 'subject-a', 'export');
    await expect(download(h, request.requestId, 'subject-b')).rejects.toMatchObject({ status: 404 });
    h.clock.advance(daysInSeconds(7) + 1);
    await expect(download(h, request.requestId, 'subject-a')).rejects.toMatchObject({ status: 410 });
  });

  it('needs a sign-in within 15 minutes to download', async () => {
    const h = await fresh();
    await populate(h, 'subject-a', 'A');
    const { request } = await requestAndProcess(h, 'subject-a', 'export');
    const stale = epochSeconds(h.clock.now()) - 16 * 60;
    await expect(downloadExport(h.deps, request.requestId, 1, stale, self('subject-a'))).rejects.toMatchObject({
      status: 401,
      kind: 'reauthentication-required',
    });
    await expect(downloadExport(h.deps, request.requestId, 1, undefined, self('subject-a'))).rejects.toMatchObject({
      status: 401,
    });
  });

  it('of a customer with 1,000 orders is paged on the way in and out, whatever the store’s limits', async () => {
    const h = await fresh();
    await registerProfile(h.deps, { name: 'Big', email: 'big@example.com', acceptPolicyVersion: 1 }, self('big'));
    await seedOrders(h, 'big', 1000, 1);
    // Small parts and downloads make the same code take many of each: 1 MB pages and 4 MB transactions never bound it.
    const exports = new ExportStore({ ddb: h.deps.ddb, table: h.names.data, codec: codecOf(h), limits: TINY });
    const request = await submitPrivacyRequest(h.deps, 'export', undefined, self('big'));
    const outcome = await processRequest({ ...h.deps, exports }, { subjectId: 'big', requestId: request.requestId });
    expect(outcome.result).toBe('completed');
    const { text, parts } = await download(h, request.requestId, 'big', { exports });
    expect(parts).toBeGreaterThan(10);
    const doc = JSON.parse(text);
    expect(doc.orders).toHaveLength(1000);
    expect(new Set(doc.orders.map((o: { orderId: string }) => o.orderId)).size).toBe(1000);
    expect(exportSchema.safeParse(doc).error?.issues ?? []).toEqual([]);
  });

  it('of 80 large orders, with the store’s own limits, downloads whole', async () => {
    const h = await fresh();
    await registerProfile(h.deps, { name: 'Large', email: 'large@example.com', acceptPolicyVersion: 1 }, self('lg'));
    await seedOrders(h, 'lg', 80, 50);
    const { request, outcome } = await requestAndProcess(h, 'lg', 'export');
    expect(outcome.result).toBe('completed');
    const stored = (await scanAll(h)).filter((i) => i.type === 'export-part');
    // Several stored parts: more than one item's worth, each written on its own.
    expect(stored.length).toBeGreaterThan(1);
    const { text } = await download(h, request.requestId, 'lg');
    expect(Buffer.byteLength(text)).toBeGreaterThan(400 * 1024);
    const doc = JSON.parse(text);
    expect(doc.orders).toHaveLength(80);
    expect(doc.orders.every((o: { lines: unknown[] }) => o.lines.length === 50)).toBe(true);
  });
});

/** Small limits for the export store: a part of 4 KB, two parts per download. */
const TINY = { partBytes: 4 * 1024, partsPerDownload: 2 };

/** The harness's own codec (the export store seals with the subject's key through it). */
const codecOf = (h: Harness) => new PersonalDataCodec(() => h.deps.keyring);

/**
 * `count` delivered orders of `lines` lines each, written as the order repository writes them
 * (sealed details), in batches: the fast way to a subject with a large history.
 */
async function seedOrders(h: Harness, subject: string, count: number, lines: number): Promise<void> {
  const at = h.clock.now().toISOString();
  const writes = [];
  for (let i = 0; i < count; i++) {
    const id = newId(new Date(h.clock.now().getTime() + i));
    const items = Array.from({ length: lines }, (_, n) => ({
      sku: `SKU-${n}`,
      name: `A long product name that fills the order line number ${n} of order ${i} `.repeat(2),
      quantity: 1,
      unitPrice: 999,
    }));
    writes.push(
      await h.deps.orders.create({
        orderId: id,
        subjectId: subject,
        status: 'placed',
        currency: 'EUR',
        lines: items,
        delivery: { carrier: 'ups', service: 'ground' },
        subtotal: 999 * lines,
        shippingFee: 799,
        total: 999 * lines + 799,
        refundedTotal: 0,
        payment: {
          processor: 'stripe',
          paymentId: `pi_seeded_${i}`,
          status: 'authorised',
          authorisedAmount: 999 * lines + 799,
          capturedAmount: 0,
        },
        statusHistory: [{ status: 'placed', at }],
        createdAt: at,
        updatedAt: at,
        personal: {
          state: 'held',
          shippingAddress: {
            recipient: 'R',
            line1: `${i} Long Road`,
            city: 'Leeds',
            postalCode: 'LS1 1AA',
            country: 'GB',
          },
          billingAddress: undefined,
          card: { processor: 'stripe', brand: 'visa', last4: '4242' },
          contactPhone: undefined,
        },
      }),
    );
  }
  await h.deps.uow.commitInBatches(writes);
}

describe('erasure', () => {
  it('leaves none of A’s values anywhere, makes A’s old ciphertext unreadable, and keeps B and the books intact', async () => {
    const h = await fresh();
    const a = await populate(h, 'subject-a', 'A');
    await populate(h, 'subject-b', 'B');
    const before = await scanAll(h);
    const orders = (items: Record<string, unknown>[]) => items.filter((i) => i.type === 'order');
    const savedProfile = await dynamodbClient().send(
      new GetItemCommand({
        TableName: h.names.data,
        Key: { pk: { S: subjectPk('subject-a') }, sk: { S: PROFILE_SK } },
      }),
    );

    const { request, outcome } = await requestAndProcess(h, 'subject-a', 'erasure');
    expect(outcome.result).toBe('completed');

    const after = await scanAll(h);
    const text = JSON.stringify(after);
    for (const value of Object.values(a)) expect(text).not.toContain(value);
    // Books: same number of orders, same totals; A's orders no longer point at A.
    expect(orders(after)).toHaveLength(orders(before).length);
    const sum = (items: Record<string, unknown>[]) => orders(items).reduce((n, o) => n + Number(o.total), 0);
    expect(sum(after)).toBe(sum(before));
    expect(orders(after).filter((o) => o.subjectId === 'subject-a')).toEqual([]);
    for (const o of orders(after).filter((o) => String(o.subjectId).startsWith('anon-'))) {
      expect(o).not.toHaveProperty('shippingAddress');
      expect(o).not.toHaveProperty('card');
    }
    // Only the request (with its receipt) stays in A's partition; no key remains.
    const left = after.filter((i) => i.pk === subjectPk('subject-a') && i.__table === h.names.data);
    expect(left.map((i) => i.type)).toEqual(['privacy-request']);
    expect(after.some((i) => i.__table === h.names.keys && i.pk === subjectPk('subject-a'))).toBe(false);
    // Old ciphertext is unreadable by anyone now.
    const reader = await harness({ names: h.names });
    await expect(reader.deps.keyring.dataKey('subject-a', { create: false, uses: 1 })).rejects.toMatchObject({
      status: 410,
    });
    expect(savedProfile.Item?.email?.S).toMatch(/^v1\./);
    // Support can still look the order up for the books: amounts yes, personal details none.
    const anonymised = orders(after).find((o) => String(o.subjectId).startsWith('anon-'));
    const support: AccessContext = {
      actor: { id: 'agent', role: 'support' },
      purpose: 'customer_support',
      requestId: 'r',
    };
    const view = await orderForSupport(h.deps, String(anonymised?.orderId), support);
    expect(view).toMatchObject({
      total: anonymised?.total,
      personalData: 'removed',
      personalDataRemovedAt: expect.any(String),
    });
    expect(view.total).toBeGreaterThan(0);
    expect(view).not.toHaveProperty('shippingAddress');
    // B is untouched.
    await expect(getOwnProfile(h.deps, self('subject-b'))).resolves.toMatchObject({ name: canariesOf('B').name });
    const done = await h.deps.privacyRequests.get('subject-a', request.requestId);
    expect(done?.receipt?.kept.map((k) => k.basis)).toEqual(
      expect.arrayContaining([expect.stringMatching(/traceability/)]),
    );
    // A's unshipped order was cancelled by the erasure: the reconciliation job gives its payment hold
    // and its stock back, once.
    const socks = (await h.deps.products.get('SOCK-3'))?.stock ?? 0;
    expect(await reconcilePayments(h.deps)).toMatchObject({ paymentsReleased: 1 });
    expect((await h.deps.products.get('SOCK-3'))?.stock).toBe(socks + 1);
    expect(await reconcilePayments(h.deps)).toMatchObject({ paymentsReleased: 0 });
  });

  it('erases a subject whose unshipped orders buy the same product; the job then voids every hold and returns every unit', async () => {
    const h = await fresh();
    const c = await populate(h, 'subject-m', 'M');
    const lamps = async () => (await h.deps.products.get('LAMP-1'))?.stock ?? 0;
    const before = await lamps();
    // Three placed orders of one product: one transaction may not touch its stock item three times.
    const placed = [];
    for (const n of [1, 2, 3])
      placed.push(await placeOrder(h.deps, order(c, 'LAMP-1'), `lamp-${n}`, self('subject-m')));
    expect(await lamps()).toBe(before - 3);
    const { outcome } = await requestAndProcess(h, 'subject-m', 'erasure');
    expect(outcome.result).toBe('completed');
    // 3 lamps and the populated SOCK-3 order.
    expect(await reconcilePayments(h.deps)).toMatchObject({ paymentsReleased: 4, deferred: 0 });
    expect(await lamps()).toBe(before);
    const stripe = new Stripe(paymentsKeyOf(h.names), {
      host: new URL(testEndpoints().paymentsEndpoint).hostname,
      port: Number(new URL(testEndpoints().paymentsEndpoint).port),
      protocol: 'http',
    });
    for (const { order: o } of placed) {
      expect((await stripe.paymentIntents.retrieve(o.payment.paymentId)).status).toBe('canceled');
    }
    expect(await reconcilePayments(h.deps)).toMatchObject({ paymentsReleased: 0 });
    expect(await lamps()).toBe(before);
  });

  it('signs the subject out first and leaves a tombstone: an older token registers nothing, makes no key', async () => {
    const h = await fresh();
    const c = await populate(h, 'subject-z', 'Z');
    const { outcome } = await requestAndProcess(h, 'subject-z', 'erasure');
    expect(outcome.result).toBe('completed');
    expect((h.deps.identity as RecordingDirectory).signedOut).toEqual(['subject-z']);
    const again = { name: c.name, email: c.email, acceptPolicyVersion: 1 };
    await expect(registerProfile(h.deps, again, self('subject-z'))).rejects.toMatchObject({
      status: 410,
      name: 'SubjectErasedError',
    });
    const after = await scanAll(h);
    expect(after.filter((i) => i.pk === subjectPk('subject-z')).map((i) => i.type)).toEqual(['privacy-request']);
    expect(after.some((i) => i.__table === h.names.keys && i.pk === subjectPk('subject-z'))).toBe(false);
    // The tombstone outlives every token issued before the erasure, then expires by TTL.
    const tombstone = after.find((i) => i.type === 'erasure-tombstone');
    expect(tombstone).toMatchObject({ subjectId: 'subject-z', pk: 'ERASED#subject-z' });
    const days = (Number(tombstone?.expiresAt) - epochSeconds(h.clock.now())) / daysInSeconds(1);
    expect(days).toBeGreaterThanOrEqual(30);
  });

  it('waits for an order in transit and keeps only what delivery needs until it is delivered', async () => {
    const h = await fresh();
    const c = await populate(h, 'subject-t', 'T');
    const inTransit = await placeOrder(h.deps, order(c, 'LAMP-1'), 'transit', self('subject-t'));
    const { shipment } = await createShipment(
      h.deps,
      inTransit.order.orderId,
      { carrier: 'ups', service: 'ground' },
      packer,
    );
    const { request, outcome } = await requestAndProcess(h, 'subject-t', 'erasure');
    expect(outcome).toMatchObject({ result: 'waiting' });
    const held = await h.deps.orders.read('subject-t', inTransit.order.orderId, self('subject-t'));
    // Only what delivery needs stays, and the type says so: no card, no billing address.
    expect(held?.personal).toMatchObject({ state: 'delivery-only', shippingAddress: { line1: c.shipStreet } });
    expect(held?.personal).not.toHaveProperty('card');
    expect(held?.personal).not.toHaveProperty('billingAddress');
    for (const [id, status] of [
      ['t1', 'in_transit'],
      ['t2', 'delivered'],
    ] as const) {
      const body = JSON.stringify({
        eventId: id,
        trackingNumber: shipment.trackingNumber,
        status,
        occurredAt: '2026-03-02T00:00:00Z',
      });
      await receiveCarrierEvent(h.deps, 'ups', body, carrierSignature('ups', h.clock.now(), body));
    }
    const resumed = await processRequest(h.deps, { subjectId: 'subject-t', requestId: request.requestId });
    expect(resumed.result).toBe('completed');
  });
});

/** A comparable picture of the end state: ids and random anonymous keys left out. */
async function endState(h: Harness, subject: string) {
  const items = await scanAll(h);
  const data = items.filter((i) => i.__table === h.names.data);
  const request = data.find((i) => i.pk === subjectPk(subject) && i.type === 'privacy-request');
  return {
    request: { status: request?.status, steps: request?.completedSteps, receipt: request?.receipt },
    subjectItems: data
      .filter((i) => i.pk === subjectPk(subject))
      .map((i) => i.type)
      .sort(),
    orders: data
      .filter((i) => i.type === 'order')
      .map((o) => `${o.status}:${o.total}:${String(o.subjectId).startsWith('anon-')}`)
      .sort(),
    hasKey: items.some((i) => i.__table === h.names.keys && i.pk === subjectPk(subject)),
  };
}

describe('resumability', () => {
  const erasureSteps = STEPS.erasure;

  it.each(erasureSteps.map((s, i) => [i + 1, s] as const))(
    'an erasure killed after step %i (%s) finishes on the next run exactly as an uninterrupted one',
    async (_, crashAfter) => {
      const reference = await fresh();
      await populate(reference, 'subject-k', 'K');
      await requestAndProcess(reference, 'subject-k', 'erasure');
      const expected = await endState(reference, 'subject-k');

      const h = await fresh();
      await populate(h, 'subject-k', 'K');
      const request = await submitPrivacyRequest(h.deps, 'erasure', epochSeconds(h.clock.now()), self('subject-k'));
      const ref = { subjectId: 'subject-k', requestId: request.requestId };
      // Killed the moment the step's record lands: nothing of the next step has happened.
      const dying = reportingSteps(h.deps, (step) => {
        if (step === crashAfter) throw new Error('killed');
      });
      await expect(processRequest(dying, ref)).rejects.toThrow('killed');
      await expect(processRequest(h.deps, ref)).resolves.toMatchObject({ result: 'completed' });
      await expect(processRequest(h.deps, ref)).resolves.toMatchObject({ result: 'skipped' });
      expect(await endState(h, 'subject-k')).toEqual(expected);
    },
  );

  it('starts with its first step, in one transaction: both land or neither does', async () => {
    const h = await fresh();
    await populate(h, 'subject-s', 'S');
    const request = await submitPrivacyRequest(h.deps, 'erasure', epochSeconds(h.clock.now()), self('subject-s'));
    const ref = { subjectId: 'subject-s', requestId: request.requestId };
    const stored = () => h.deps.privacyRequests.get('subject-s', request.requestId);
    const actions = async () => (await h.deps.audit.list('subject-s', { limit: 100 })).records.map((r) => r.action);
    const before = await actions();
    const ddb = h.deps.ddb as unknown as { send: (c: unknown) => Promise<unknown> };
    const send = ddb.send.bind(ddb);
    /** Lets `allowed` transactions through, then fails every other one. */
    const failAfter = (allowed: number) => {
      let writes = 0;
      ddb.send = async (command: unknown) => {
        if ((command as object).constructor.name === 'TransactWriteCommand' && ++writes > allowed)
          throw new Error('crash');
        return send(command);
      };
    };

    failAfter(0);
    await expect(processRequest(h.deps, ref)).rejects.toMatchObject({ name: 'UnavailableError' });
    expect(await stored()).toMatchObject({ status: 'received', completedSteps: [] });
    expect(await actions()).toEqual(before);

    // One transaction: the request is in progress and its first step is done, with both records.
    failAfter(1);
    await expect(processRequest(h.deps, ref)).rejects.toMatchObject({ name: 'UnavailableError' });
    expect(await stored()).toMatchObject({ status: 'in_progress', completedSteps: ['close-account'] });
    expect((await actions()).slice(0, 2)).toEqual(['erasure.close-account', 'privacy-request.start']);

    ddb.send = send;
    expect(await processRequest(h.deps, ref)).toMatchObject({ result: 'completed' });
    expect((await stored())?.history.map((c) => c.status)).toEqual(['received', 'in_progress', 'completed']);
    expect((await actions()).filter((a) => a === 'privacy-request.start')).toHaveLength(1);
  });

  it('an erasure whose writes fail one after another still converges to the same end state', async () => {
    const reference = await fresh();
    await populate(reference, 'subject-w', 'W');
    await requestAndProcess(reference, 'subject-w', 'erasure');
    const expected = await endState(reference, 'subject-w');

    const h = await fresh();
    await populate(h, 'subject-w', 'W');
    const request = await submitPrivacyRequest(h.deps, 'erasure', epochSeconds(h.clock.now()), self('subject-w'));
    // Fail the 1st transactional write, then the 2nd, the 3rd… re-running after each failure.
    const ddb = h.deps.ddb as unknown as { send: (c: unknown) => Promise<unknown> };
    const send = ddb.send.bind(ddb);
    let failAt = 1;
    let attempts = 0;
    for (let run = 0; run < 30; run++) {
      let writes = 0;
      ddb.send = async (command: unknown) => {
        if ((command as object).constructor.name === 'TransactWriteCommand' && ++writes === failAt)
          throw new Error('crash');
        return send(command);
      };
      attempts++;
      const outcome = await processRequest(h.deps, { subjectId: 'subject-w', requestId: request.requestId }).catch(
        () => undefined,
      );
      if (outcome?.result === 'completed') break;
      failAt++;
    }
    ddb.send = send;
    expect(attempts).toBeGreaterThan(3);
    expect(await endState(h, 'subject-w')).toEqual(expected);
  });
});

describe('restriction', () => {
  it('stops new orders and staff reads, but not the privacy officer, until lifted', async () => {
    const h = await fresh();
    const c = await populate(h, 'subject-r', 'R');
    const { outcome } = await requestAndProcess(h, 'subject-r', 'restriction');
    expect(outcome.result).toBe('completed');
    await expect(placeOrder(h.deps, order(c, 'SOCK-3'), 'after-restriction', self('subject-r'))).rejects.toMatchObject({
      status: 403,
    });
    const support: AccessContext = {
      actor: { id: 'agent', role: 'support' },
      purpose: 'customer_support',
      requestId: 'r',
    };
    const officer: AccessContext = {
      actor: { id: 'officer', role: 'privacy-officer' },
      purpose: 'privacy_request',
      requestId: 'r',
    };
    await expect(h.deps.profiles.read('subject-r', support)).rejects.toMatchObject({ status: 403 });
    await expect(h.deps.profiles.read('subject-r', officer)).resolves.toMatchObject({ name: c.name });
    await expect(getOwnProfile(h.deps, self('subject-r'))).resolves.toMatchObject({ name: c.name });
  });
});
