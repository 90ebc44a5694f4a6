/**
 * The outbox on DynamoDB Local and the `outbox-publisher` stream function, as Lambda runs it: a use
 * case stages its event in its own transaction; the stream's INSERT record of that item reaches the
 * local EventBridge with the event's id; a record that cannot be decoded is reported alone; a record
 * of another item (handed over by hand, past the event source's filter) is skipped.
 */
import { marshall } from '@aws-sdk/util-dynamodb';
import type { Context, DynamoDBRecord } from 'aws-lambda';
import { placeOrderSchema } from '../../shared/domain/order';
import { registerProfile } from '../../shared/usecases/account';
import { placeOrder } from '../../shared/usecases/orders';
import { harness, selfAccess } from '../support/app-harness';
import { publishedEvents, testEnvironment } from '../support/local-stack';
import { sampleOrder } from '../support/sample-requests';

const saved = { ...process.env };
afterAll(() => {
  process.env = saved;
});

/** The stream record DynamoDB emits for a new item (what the event source's filter lets through). */
const insert = (id: string, image: Record<string, unknown>): DynamoDBRecord => ({
  eventID: id,
  eventName: 'INSERT',
  eventSource: 'aws:dynamodb',
  awsRegion: 'us-east-1',
  dynamodb: {
    // aws-lambda's attribute-value type and the SDK's describe the same wire format.
    NewImage: marshall(image, { removeUndefinedValues: true }) as NonNullable<DynamoDBRecord['dynamodb']>['NewImage'],
    SequenceNumber: id,
    StreamViewType: 'NEW_IMAGE',
  },
});

it('publishes each staged event once with its id, reports only the record it cannot read, skips other items', async () => {
  const h = await harness({ seedPolicy: true });
  await registerProfile(
    h.deps,
    { name: 'N', email: 'outbox@example.com', acceptPolicyVersion: 1 },
    selfAccess('outbox-1'),
  );
  const { order } = await placeOrder(h.deps, placeOrderSchema.parse(sampleOrder()), 'key-1', selfAccess('outbox-1'));
  const [item] = await h.deps.outbox.pending();
  expect(item).toMatchObject({ type: 'outbox', event: { type: 'OrderPlaced', orderId: order.orderId } });

  Object.assign(process.env, testEnvironment(h.names));
  const { handler } = await import('../../functions/streams/publish-outbox');
  const result = await handler(
    {
      Records: [
        insert('r1', item ?? {}),
        insert('r2', { pk: 'OUTBOX#0', sk: 'x', type: 'outbox', event: {} }),
        insert('r3', { pk: 'ORDER#1', sk: 'ORDER', type: 'order' }),
      ],
    },
    {} as Context,
  );
  expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'r2' }] });
  const mine = (await publishedEvents()).filter((e) => e.detail.orderId === order.orderId);
  expect(mine).toEqual([
    expect.objectContaining({ detailType: 'OrderPlaced', detail: expect.objectContaining({ eventId: item?.eventId }) }),
  ]);
});
