// Registering and placing orders as use cases over in-memory ports: idempotency, the refusals a
// single conditional write proves, and the by-name error mapping — no DynamoDB, in milliseconds.
import type { AccessContext } from '../../shared/domain/access';
import { idempotencyRecordId, requestHash } from '../../shared/domain/idempotency';
import { placeOrderSchema } from '../../shared/domain/order';
import { placedOrder } from '../../shared/domain/order-record';
import { registerProfile } from '../../shared/usecases/account';
import { cancelOrder, getOwnOrder, placeOrder } from '../../shared/usecases/orders';
import { seedInitialPolicy } from '../../shared/usecases/policy';
import { type MemoryWorld, memoryWorld } from '../support/fakes';
import { sampleOrder } from '../support/sample-requests';

const customer = (id: string): AccessContext => ({
  actor: { id, role: 'customer' },
  purpose: 'self_service',
  requestId: `req-${id}`,
});
const order = (sku = 'SKU-A') => placeOrderSchema.parse(sampleOrder(sku));

let world: MemoryWorld;
beforeEach(async () => {
  world = memoryWorld();
  await seedInitialPolicy(world, { content: 'P', summary: 'S', effectiveAt: new Date('2026-01-01T00:00:00Z') });
  await registerProfile(world, { name: 'Ada', email: 'ada@example.com', acceptPolicyVersion: 1 }, customer('ada'));
});

describe('placing an order over in-memory ports', () => {
  it('commits the order, the idempotency claim, the activity and the audit record in one unit of work', async () => {
    const commits = world.uow.commits;
    const { order: placed, replayed } = await placeOrder(world, order(), 'key-1', customer('ada'));
    expect(replayed).toBe(false);
    expect(world.uow.commits).toBe(commits + 1);
    expect(world.orders.orders.get(placed.orderId)).toMatchObject({ status: 'placed', subjectId: 'ada' });
    expect(world.audit.actions('ada').at(-1)).toBe('order.place');
    expect(world.events.published).toEqual([expect.objectContaining({ type: 'OrderPlaced', orderId: placed.orderId })]);
  });

  it('answers a retry with the first order, and the same key with another body with 422', async () => {
    const first = await placeOrder(world, order(), 'key-1', customer('ada'));
    const retry = await placeOrder(world, order(), 'key-1', customer('ada'));
    expect(retry).toMatchObject({ replayed: true, order: { orderId: first.order.orderId } });
    await expect(placeOrder(world, order('SKU-B'), 'key-1', customer('ada'))).rejects.toMatchObject({ status: 422 });
    expect(world.orders.orders.size).toBe(1);
  });

  it('answers with the winner when a concurrent duplicate claims the key between our read and our commit', async () => {
    const body = order();
    // The duplicate lands first: its order and its claim of the key.
    world.uow.interleave(() => {
      const duplicate = placedOrder(body, 'ada', 'o-winner', world.clock.now());
      world.orders.orders.set(duplicate.orderId, duplicate);
      world.idempotency.claim(idempotencyRecordId('order', 'ada', 'key-1'), requestHash(body), 'o-winner').apply();
    });
    const ours = await placeOrder(world, body, 'key-1', customer('ada'));
    expect(ours).toMatchObject({ replayed: true, order: { orderId: 'o-winner' } });
    expect([...world.orders.orders.keys()]).toEqual(['o-winner']);
  });

  it('says why a subject may not order: unregistered, restricted, or a material policy to accept', async () => {
    await expect(placeOrder(world, order(), 'k', customer('nobody'))).rejects.toMatchObject({
      status: 403,
      name: 'ConsentRequiredError',
    });
    world.profiles.restrict('ada').apply();
    await expect(placeOrder(world, order(), 'k', customer('ada'))).rejects.toMatchObject({
      status: 403,
      name: 'ForbiddenError',
    });
    world.profiles.liftRestriction('ada').apply();
    // A material version took effect yesterday; Ada accepted version 1 only.
    world.policies
      .create({
        version: 2,
        content: 'P2',
        summary: 'S2',
        material: true,
        status: 'draft',
        createdAt: '2026-05-01T00:00:00Z',
      })
      .apply();
    world.policies.announce(2, new Date('2026-05-31T00:00:00Z'), new Date('2026-05-01T00:00:00Z')).apply();
    await expect(placeOrder(world, order(), 'k', customer('ada'))).rejects.toMatchObject({
      name: 'ConsentRequiredError',
      extensions: { requiredPolicyVersion: 2 },
    });
    expect(world.orders.orders.size).toBe(0);
  });

  it('cancels a placed order once, and a cancelled order keeps its details until its retention ends', async () => {
    const { order: placed } = await placeOrder(world, order(), 'key-1', customer('ada'));
    const cancelled = await cancelOrder(world, placed.orderId, customer('ada'));
    expect(cancelled).toMatchObject({ status: 'cancelled', personalDataRetainedUntil: expect.any(String) });
    await expect(cancelOrder(world, placed.orderId, customer('ada'))).rejects.toMatchObject({ status: 409 });
    expect((await getOwnOrder(world, placed.orderId, customer('ada'))).personal.state).toBe('held');
  });
});
