/**
 * No lost events: an order committed by a process that dies before anything publishes its event
 * still gets the event out, once the stack runs again, exactly once to a consumer that deduplicates
 * by event id. The event rides in the order's own transaction (the outbox); the drainer publishes it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { apiClient, dumpAllTables } from '../support/api-client';
import { type RunningStack, stackHookTimeoutMs, startRunningStack } from '../support/running-stack';
import { sampleOrder } from '../support/sample-requests';
import { limit, waitUntil } from '../support/timeouts';

const dataDir = mkdtempSync(path.join(tmpdir(), 'outbox-e2e-'));
const tablePrefix = `outbox-e2e-${process.pid}`;
let stack: RunningStack | undefined;

const start = (env: Record<string, string> = {}) =>
  startRunningStack(
    { LOCAL_DATA_DIR: dataDir, LOCAL_TABLE_PREFIX: tablePrefix, LOCAL_JOB_TRIGGERS: 'off', ...env },
    undefined,
    ['--persist'],
  );

interface BusEvent {
  detailType: string;
  detail: { eventId?: string; orderId?: string };
}

const busEvents = async (s: RunningStack): Promise<BusEvent[]> =>
  ((await (await fetch(`${s.eventsEndpoint}/_events`)).json()) as { events: BusEvent[] }).events;

afterAll(async () => {
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the outbox', () => {
  it(
    'publishes the event of an order whose process was killed before publishing, once it runs again',
    async () => {
      // The drainer is off: nothing will publish before the crash.
      stack = await start({ LOCAL_OUTBOX_DRAIN: 'off' });
      const api = apiClient(stack.url);
      expect(
        (
          await api('POST', '/v1/me', {
            sub: 'olga',
            body: { name: 'Olga', email: 'olga@example.com', acceptPolicyVersion: 1 },
          })
        ).status,
      ).toBe(201);
      const placed = await api('POST', '/v1/orders', {
        sub: 'olga',
        body: sampleOrder(),
        headers: { 'idempotency-key': 'o-1' },
      });
      expect(placed.status).toBe(201);
      const orderId: string = placed.json.orderId;
      expect((await busEvents(stack)).filter((e) => e.detail.orderId === orderId)).toEqual([]);
      await stack.crash();

      // The same data, a new process, the drainer on.
      stack = await start();
      const running = stack;
      const events = await waitUntil(
        async () =>
          (await busEvents(running)).filter((e) => e.detailType === 'OrderPlaced' && e.detail.orderId === orderId),
        (found) => found.length > 0,
        'the order’s event on the bus',
      );
      // Exactly once to a consumer that deduplicates by event id.
      expect(new Set(events.map((e) => e.detail.eventId))).toEqual(new Set([expect.any(String)]));
      expect(events[0]?.detail).toMatchObject({ eventId: expect.stringMatching(/^[0-9A-Z]{26}$/), orderId });
      // Drained: nothing is left in the outbox to publish again.
      await waitUntil(
        () => dumpAllTables(running),
        (dump) => !dump.includes('OUTBOX#'),
        'the outbox to be empty',
      );
    },
    2 * stackHookTimeoutMs() + limit(60_000),
  );
});
