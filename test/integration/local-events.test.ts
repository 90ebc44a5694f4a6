// The local EventBridge through the real @aws-sdk/client-eventbridge: stored events and ids, per-entry failures,
// EventBridge's request limits, the /_events side door, and the SDK finding it through the environment alone.
import { EventBridgeClient, ListEventBusesCommand, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { localTableNames } from '../../local/dynamodb/tables';
import { localEnvironment } from '../../local/env';
import { type EventBusServerHandle, LOCAL_EVENT_BUS_NAME, startEventBusServer } from '../../local/events/server';
import { publishedEvents, testEnvironment, testEventsEndpoint } from '../support/local-stack';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const order = (orderId: string, DetailType = 'OrderPlaced') => ({
  Source: 'orders',
  DetailType,
  Detail: JSON.stringify({ orderId }),
  EventBusName: LOCAL_EVENT_BUS_NAME,
});

describe('local EventBridge service', () => {
  let bus: EventBusServerHandle;
  let client: EventBridgeClient;
  const logged: string[] = [];

  beforeAll(async () => {
    bus = await startEventBusServer({ logTo: (line) => logged.push(line) });
    client = new EventBridgeClient({ endpoint: bus.endpoint, region: 'us-east-1', credentials });
  });
  afterAll(async () => {
    client.destroy();
    await bus.stop();
  });
  beforeEach(() => {
    bus.clear();
    logged.length = 0;
  });

  it('PutEvents stores each entry and answers its EventId; each event is logged on one line', async () => {
    const sent = await client.send(
      new PutEventsCommand({ Entries: [order('o-1'), order('o-1', 'OrderCancelled'), order('o-2')] }),
    );
    expect(sent.FailedEntryCount).toBe(0);
    const ids = sent.Entries?.map((e) => e.EventId);
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(3);

    const events = bus.events();
    expect(events.map((e) => e.id)).toEqual(ids);
    expect(events[0]).toEqual({
      id: ids?.[0],
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      source: 'orders',
      detailType: 'OrderPlaced',
      detail: { orderId: 'o-1' },
      eventBusName: LOCAL_EVENT_BUS_NAME,
    });
    expect(Math.abs(Date.parse(events[0]?.time as string) - Date.now())).toBeLessThan(5_000);
    expect(logged).toEqual([
      'event OrderPlaced from orders {"orderId":"o-1"}',
      'event OrderCancelled from orders {"orderId":"o-1"}',
      'event OrderPlaced from orders {"orderId":"o-2"}',
    ]);
  });

  it('keeps the Time the SDK sends and logs a pretty-printed Detail on one line', async () => {
    const time = new Date('2026-02-03T04:05:06Z');
    await client.send(
      new PutEventsCommand({
        Entries: [{ ...order('o-3'), Time: time, Detail: JSON.stringify({ orderId: 'o-3', lines: 2 }, null, 2) }],
      }),
    );
    expect(bus.events()[0]?.time).toBe('2026-02-03T04:05:06Z');
    expect(logged).toEqual(['event OrderPlaced from orders {"orderId":"o-3","lines":2}']);
  });

  it('reports an invalid entry on its own (FailedEntryCount 1) and stores the valid ones', async () => {
    const sent = await client.send(
      new PutEventsCommand({ Entries: [order('o-4'), { ...order('o-5'), Detail: 'orderId=o-5' }, order('o-6')] }),
    );
    expect(sent.FailedEntryCount).toBe(1);
    expect(sent.Entries?.[1]).toEqual({ ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' });
    expect(sent.Entries?.[0]?.EventId).toBeDefined();
    expect(sent.Entries?.[2]?.EventId).toBeDefined();
    expect(bus.events().map((e) => e.detail)).toEqual([{ orderId: 'o-4' }, { orderId: 'o-6' }]);
    expect(logged).toHaveLength(2);
  });

  it('reports missing fields and an unknown bus per entry, as EventBridge does', async () => {
    const sent = await client.send(
      new PutEventsCommand({
        Entries: [
          { DetailType: 'OrderPlaced', Detail: '{}' },
          { ...order('o-7'), EventBusName: 'orders-prod' },
        ],
      }),
    );
    expect(sent.FailedEntryCount).toBe(2);
    expect(sent.Entries).toEqual([
      {
        ErrorCode: 'InvalidArgument',
        ErrorMessage: 'Parameter Source is not valid. Reason: Source is a required argument.',
      },
      { ErrorCode: 'ResourceNotFoundException', ErrorMessage: 'Event bus orders-prod does not exist.' },
    ]);
    expect(bus.events()).toEqual([]);
  });

  it('rejects more than 10 entries, or entries over 256 KB, as a whole with ValidationException', async () => {
    const eleven = Array.from({ length: 11 }, (_, i) => order(`o-${i}`));
    await expect(client.send(new PutEventsCommand({ Entries: eleven }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining('Member must have length less than or equal to 10'),
      $metadata: { httpStatusCode: 400 },
    });
    const big = { ...order('o-8'), Detail: JSON.stringify({ filler: 'x'.repeat(256 * 1024) }) };
    await expect(client.send(new PutEventsCommand({ Entries: [big] }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'Total size of the entries in the request is over the limit.',
    });
    expect(bus.events()).toEqual([]);
  });

  it('GET /_events lists the stored events and DELETE /_events clears them', async () => {
    await client.send(new PutEventsCommand({ Entries: [order('o-9')] }));
    expect(await publishedEvents(bus.endpoint)).toEqual(bus.events());
    expect(bus.events()).toHaveLength(1);

    const deleted = await fetch(`${bus.endpoint}/_events`, { method: 'DELETE' });
    expect(deleted.status).toBe(204);
    expect(await publishedEvents(bus.endpoint)).toEqual([]);
    expect(bus.events()).toEqual([]);
  });

  it('answers operations it does not implement with UnknownOperationException (400)', async () => {
    await expect(client.send(new ListEventBusesCommand({}))).rejects.toMatchObject({
      name: 'UnknownOperationException',
      $metadata: { httpStatusCode: 400 },
    });
    const response = await fetch(`${bus.endpoint}/`, {
      method: 'POST',
      headers: { 'X-Amz-Target': 'AWSEvents.NoSuchThing', 'Content-Type': 'application/x-amz-json-1.1' },
      body: '{}',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ __type: 'UnknownOperationException' });
    const noTarget = await fetch(`${bus.endpoint}/`, { method: 'POST', body: '{}' });
    expect(noTarget.status).toBe(400);
    expect(await noTarget.json()).toMatchObject({ __type: 'UnknownOperationException' });
  });

  it('a client created with no endpoint reaches it through AWS_ENDPOINT_URL_EVENTBRIDGE (from localEnvironment)', async () => {
    const env = localEnvironment({
      dynamodbEndpoint: 'http://127.0.0.1:1',
      kmsEndpoint: 'http://127.0.0.1:1',
      eventsEndpoint: bus.endpoint,
      keyId: 'alias/local-data-key',
    });
    expect(env.AWS_ENDPOINT_URL_EVENTBRIDGE).toBe(bus.endpoint);
    expect(env.EVENT_BUS_NAME).toBe(LOCAL_EVENT_BUS_NAME);

    const saved = { ...process.env };
    Object.assign(process.env, env);
    const plain = new EventBridgeClient({}); // as handler code creates it
    try {
      const sent = await plain.send(
        new PutEventsCommand({
          Entries: [{ ...order('o-10'), EventBusName: process.env.EVENT_BUS_NAME }],
        }),
      );
      expect(sent.FailedEntryCount).toBe(0);
    } finally {
      plain.destroy();
      for (const name of Object.keys(env)) {
        if (saved[name] === undefined) delete process.env[name];
        else process.env[name] = saved[name];
      }
    }
    expect(bus.events().map((e) => [e.eventBusName, e.detail])).toEqual([[LOCAL_EVENT_BUS_NAME, { orderId: 'o-10' }]]);
  });
});

describe('the shared test stack', () => {
  it('runs a local EventBridge that testEnvironment points handlers at', async () => {
    const env = testEnvironment(localTableNames('events-test'));
    expect(env.AWS_ENDPOINT_URL_EVENTBRIDGE).toBe(testEventsEndpoint());
    expect(env.EVENT_BUS_NAME).toBe(LOCAL_EVENT_BUS_NAME);

    const client = new EventBridgeClient({ endpoint: testEventsEndpoint(), region: 'us-east-1', credentials });
    const marker = `o-shared-${process.pid}-${Date.now()}`;
    try {
      await client.send(new PutEventsCommand({ Entries: [order(marker)] }));
    } finally {
      client.destroy();
    }
    const mine = (await publishedEvents()).filter((e) => e.detail.orderId === marker);
    expect(mine).toHaveLength(1);
  });
});
