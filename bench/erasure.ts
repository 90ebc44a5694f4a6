/**
 * Erasure of a subject with 1,000 orders, by the real privacy-request processor in a fresh process
 * whose DynamoDB client counts its requests. The orders are realistic items made by the app's own
 * repositories (sealed fields, index keys): 750 delivered, each with its shipment and carrier
 * disclosure record, and 250 still placed (the processor cancels them — queueing their payment
 * hold and stock for the reconciliation job to give back — and anonymises them too).
 * Seeded with parallel BatchWriteItem rather than 1,000 placeOrder calls, to keep the bench short.
 */
import { randomBytes } from 'node:crypto';
import type { TableNames } from '../local/dynamodb/tables';
import type { AppDependencies } from '../shared/adapters/dependencies';
import { retentionBucket } from '../shared/adapters/dynamodb/keys';
import { putItemOf } from '../shared/adapters/dynamodb/unit-of-work';
import { newId } from '../shared/domain/ids';
import type { Order } from '../shared/domain/order-record';
import { addDays, epochSeconds } from '../shared/domain/time';
import { seedInitialPolicy } from '../shared/usecases/policy';
import { processRequest } from '../shared/usecases/privacy-processor';
import { submitPrivacyRequest } from '../shared/usecases/privacy-requests';
import { reportingSteps } from '../test/support/processor-seams';
import { distinct, type Figure, fmt, median, progress, RequestCounter, RUNS, self } from './lib';
import { freshTables, processDeps, registerSubjects, type Stack } from './stack';
import { batchPut } from './sweep';

const ORDERS = 1000;

export async function erasureFigures(stack: Stack): Promise<Figure[]> {
  const names = await freshTables(stack, 'bench-erasure');
  const setup = processDeps(stack, names);
  await seedInitialPolicy(setup.deps, {
    content: 'Bench policy',
    summary: 'Bench',
    effectiveAt: new Date('2020-01-01'),
  });
  const requests: number[] = [];
  const kms: number[] = [];
  const ms: number[] = [];
  const seedMs: number[] = [];
  let last = new RequestCounter();
  /** Requests per step (each step's count includes the reload after the step before it). */
  let steps = '';
  for (let r = 0; r < RUNS; r++) {
    progress(`erasure run ${r + 1}/${RUNS}: seeding ${ORDERS} orders`);
    const subject = `erase-${r}`;
    await registerSubjects(setup.deps, [subject]);
    const seedStart = performance.now();
    const counts = await seedOrders(stack, names, setup.deps, subject);
    seedMs.push(performance.now() - seedStart);
    const request = await submitPrivacyRequest(
      setup.deps,
      'erasure',
      epochSeconds(setup.deps.clock.now()),
      self(subject),
    );

    const fresh = processDeps(stack, names);
    const marks: [string, number][] = [];
    const start = performance.now();
    const outcome = await processRequest(
      reportingSteps(fresh.deps, (step) => void marks.push([step, fresh.dynamodb.total])),
      { subjectId: subject, requestId: request.requestId },
    );
    ms.push(performance.now() - start);
    marks.push(['complete', fresh.dynamodb.total]);
    steps = marks.map(([step, total], i) => `${step} ${total - (marks[i - 1]?.[1] ?? 0)}`).join(', ');
    if (outcome.result !== 'completed') throw new Error(`erasure ended ${JSON.stringify(outcome)}`);
    requests.push(fresh.dynamodb.total);
    kms.push(fresh.kms.total);
    last = fresh.dynamodb;

    // The erasure really happened: nothing but the request itself is left to erase.
    const left = await setup.deps.subjectData.erasureWrites(subject);
    if (left.length > 0) throw new Error(`erasure left ${left.length} items`);
    if (counts.orders !== ORDERS) throw new Error('seeding went wrong');
  }
  return [
    {
      name: '5. DynamoDB requests to erase a subject with 1,000 orders (processRequest)',
      value: median(requests),
      unit: 'requests',
      goal: { max: 60 },
      baseline: `${ORDERS} orders: 750 delivered (+ shipment, disclosure), 250 placed`,
      detail: `${last.describe()}; by step (start counted with the first): ${steps}; ${fmt(median(ms))} ms; KMS ${distinct(kms)}; runs: ${distinct(requests)}`,
      data: { runs: requests, ms, seedMs, breakdown: last.snapshot(), steps },
    },
  ];
}

/** The subject's orders, written as the repositories shape them (sealed under the subject's key). */
async function seedOrders(stack: Stack, names: TableNames, deps: AppDependencies, subjectId: string) {
  const items: Record<string, unknown>[] = [];
  const start = addDays(deps.clock.now(), -400).getTime();
  let orders = 0;
  for (let i = 0; i < ORDERS; i++) {
    const placedAt = new Date(start + i * 6 * 60 * 60 * 1000);
    const at = placedAt.toISOString();
    const orderId = newId(placedAt);
    const total = 1250 * (1 + (i % 3)) + 799;
    const order: Order = {
      orderId,
      subjectId,
      status: 'placed',
      currency: 'EUR',
      lines: [{ sku: `BENCH-E${i % 7}`, name: 'Bench item', quantity: 1 + (i % 3), unitPrice: 1250 }],
      delivery: { carrier: 'ups', service: 'ground' },
      subtotal: total - 799,
      shippingFee: 799,
      total,
      refundedTotal: 0,
      payment: {
        processor: 'stripe',
        paymentId: `pi_erase_${i}`,
        status: i % 4 === 0 ? 'authorised' : 'captured',
        authorisedAmount: total,
        capturedAmount: i % 4 === 0 ? 0 : total,
      },
      personal: {
        state: 'held',
        shippingAddress: {
          recipient: 'Erase Me',
          line1: `${i} Erasure Street`,
          city: 'Leeds',
          postalCode: 'LS1 1AA',
          country: 'GB',
        },
        billingAddress: { line1: '2 Billing Lane', city: 'Leeds', postalCode: 'LS2 2BB', country: 'GB' },
        card: { processor: 'stripe', brand: 'visa', last4: '4242' },
        contactPhone: '+447700900111',
      },
      statusHistory: [{ status: 'placed', at }],
      createdAt: at,
      updatedAt: at,
    };
    const item = putItemOf(await deps.orders.create(order));
    orders++;
    if (i % 4 === 0) {
      items.push(item); // still placed: in the fulfilment queue
      continue;
    }
    const shippedAt = addDays(placedAt, 1).toISOString();
    const delivered = addDays(placedAt, 3);
    const deliveredAt = delivered.toISOString();
    const due = addDays(delivered, deps.config.retention.ORDER_PERSONAL_DATA_DAYS);
    delete item.gsi2pk;
    delete item.gsi2sk;
    items.push({
      ...item,
      status: 'delivered',
      statusHistory: [
        { status: 'placed', at },
        { status: 'shipped', at: shippedAt },
        { status: 'delivered', at: deliveredAt },
      ],
      updatedAt: deliveredAt,
      completedAt: deliveredAt,
      deliveredAt,
      personalDataRetainedUntil: due.toISOString(),
      retentionBucket: retentionBucket({ pk: String(item.pk), sk: String(item.sk) }),
      retentionDueAt: epochSeconds(due),
    });
    const trackingNumber = `UP${randomBytes(8).toString('hex').toUpperCase()}`;
    items.push(
      putItemOf(
        deps.shipments.create({
          shipmentId: newId(new Date(shippedAt)),
          orderId,
          subjectId,
          carrier: 'ups',
          service: 'ground',
          trackingNumber,
          status: 'delivered',
          events: [
            { status: 'label_created', occurredAt: shippedAt },
            { status: 'in_transit', occurredAt: shippedAt },
            { status: 'delivered', occurredAt: deliveredAt },
          ],
          createdAt: shippedAt,
          updatedAt: deliveredAt,
        }),
      ),
      putItemOf(
        deps.disclosures.record(subjectId, {
          id: newId(new Date(shippedAt)),
          recipient: 'ups',
          recipientType: 'carrier',
          purpose: 'delivery',
          fields: ['recipient', 'address'],
          orderId,
          at: shippedAt,
        }),
      ),
    );
  }
  await batchPut(stack.raw, names.data, items);
  return { orders, items: items.length };
}
