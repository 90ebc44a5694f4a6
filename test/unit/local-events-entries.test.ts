// The local EventBridge's PutEvents rules: what is refused as a whole, what per entry, and what an accepted event looks like.
import {
  busName,
  DEFAULT_EVENT_BUS_NAME,
  EventBridgeError,
  LOCAL_EVENT_BUS_NAME,
  MAX_ENTRIES_BYTES,
  putEvents,
} from '../../local/events/entries';

const buses = new Set([DEFAULT_EVENT_BUS_NAME, LOCAL_EVENT_BUS_NAME]);
const now = () => Date.parse('2026-03-01T12:00:00.456Z');
const run = (Entries: unknown) => putEvents({ Entries }, { buses, now });
const entry = (overrides: Record<string, unknown> = {}) => ({
  Source: 'orders',
  DetailType: 'OrderPlaced',
  Detail: '{"orderId":"o-1"}',
  EventBusName: LOCAL_EVENT_BUS_NAME,
  ...overrides,
});

function requestError(fn: () => unknown): EventBridgeError {
  try {
    fn();
  } catch (error) {
    if (error instanceof EventBridgeError) return error;
    throw error;
  }
  throw new Error('expected an EventBridgeError');
}

describe('putEvents', () => {
  it('accepts a valid entry: a UUID event id, the parsed detail, the time to the second', () => {
    const { response, accepted } = run([entry()]);
    expect(response.FailedEntryCount).toBe(0);
    expect(accepted).toEqual([
      {
        id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
        time: '2026-03-01T12:00:00Z',
        source: 'orders',
        detailType: 'OrderPlaced',
        detail: { orderId: 'o-1' },
        eventBusName: LOCAL_EVENT_BUS_NAME,
      },
    ]);
    expect(response.Entries).toEqual([{ EventId: accepted[0]?.id }]);
  });

  it("takes the entry's Time (epoch seconds as the SDKs send it, or ISO 8601)", () => {
    const { accepted } = run([entry({ Time: 1767225600.5 }), entry({ Time: '2025-06-01T08:30:00Z' })]);
    expect(accepted.map((e) => e.time)).toEqual(['2026-01-01T00:00:00Z', '2025-06-01T08:30:00Z']);
  });

  it('reduces a bus ARN to its name and sends entries without a bus to the default one', () => {
    const arn = `arn:aws:events:us-east-1:000000000000:event-bus/${LOCAL_EVENT_BUS_NAME}`;
    const { accepted } = run([entry({ EventBusName: arn }), entry({ EventBusName: undefined })]);
    expect(accepted.map((e) => e.eventBusName)).toEqual([LOCAL_EVENT_BUS_NAME, 'default']);
    expect(busName(undefined)).toBe('default');
    expect(busName('orders-prod')).toBe('orders-prod');
  });

  it.each([
    [
      'no Source',
      { Source: undefined },
      'InvalidArgument',
      'Parameter Source is not valid. Reason: Source is a required argument.',
    ],
    [
      'an empty DetailType',
      { DetailType: '' },
      'InvalidArgument',
      'Parameter DetailType is not valid. Reason: DetailType is a required argument.',
    ],
    [
      'no Detail',
      { Detail: undefined },
      'InvalidArgument',
      'Parameter Detail is not valid. Reason: Detail is a required argument.',
    ],
    ['a Detail that is not JSON', { Detail: 'orderId=o-1' }, 'MalformedDetail', 'Detail is malformed.'],
    ['a Detail that is a JSON array', { Detail: '[1,2]' }, 'MalformedDetail', 'Detail is malformed.'],
    ['a Detail that is a JSON string', { Detail: '"o-1"' }, 'MalformedDetail', 'Detail is malformed.'],
    ['an aws. source', { Source: 'aws.orders' }, 'NotAuthorizedForSourceException', 'Not authorized for the source.'],
    [
      'a bus that does not exist',
      { EventBusName: 'orders-prod' },
      'ResourceNotFoundException',
      'Event bus orders-prod does not exist.',
    ],
  ])('reports %s on that entry only', (_, overrides, ErrorCode, ErrorMessage) => {
    const { response, accepted } = run([entry(), entry(overrides), entry({ DetailType: 'OrderCancelled' })]);
    expect(response.FailedEntryCount).toBe(1);
    expect(response.Entries[1]).toEqual({ ErrorCode, ErrorMessage });
    expect(accepted.map((e) => e.detailType)).toEqual(['OrderPlaced', 'OrderCancelled']);
    expect(response.Entries[0]).toEqual({ EventId: accepted[0]?.id });
    expect(response.Entries[2]).toEqual({ EventId: accepted[1]?.id });
  });

  it('refuses no entries, a missing list and more than 10 entries as a whole (ValidationException)', () => {
    expect(requestError(() => run([]))).toMatchObject({
      type: 'ValidationException',
      message: expect.stringContaining('Member must have length greater than or equal to 1'),
    });
    expect(requestError(() => run(undefined))).toMatchObject({
      type: 'ValidationException',
      message: expect.stringContaining("Value null at 'entries'"),
    });
    expect(requestError(() => run(Array.from({ length: 11 }, () => entry())))).toMatchObject({
      type: 'ValidationException',
      message:
        "1 validation error detected: Value '[PutEventsRequestEntry]' at 'entries' failed to satisfy constraint: Member must have length less than or equal to 10",
    });
    expect(run(Array.from({ length: 10 }, () => entry())).accepted).toHaveLength(10);
  });

  it('refuses a request whose entries exceed 256 KB in total, counting UTF-8 bytes', () => {
    // Source + DetailType + the Detail's envelope: 6 + 11 + 8 bytes; the rest is filler.
    const detailOf = (fillerBytes: number) => `{"x":"${'a'.repeat(fillerBytes)}"}`;
    const fits = MAX_ENTRIES_BYTES - 6 - 11 - 8;
    expect(run([entry({ Detail: detailOf(fits) })]).accepted).toHaveLength(1);
    expect(requestError(() => run([entry({ Detail: detailOf(fits + 1) })]))).toMatchObject({
      type: 'ValidationException',
      message: 'Total size of the entries in the request is over the limit.',
    });
    // Two entries that fit on their own but not together; 'é' is two bytes.
    const half = `{"x":"${'é'.repeat(MAX_ENTRIES_BYTES / 4)}"}`;
    expect(() => run([entry({ Detail: half }), entry({ Detail: half })])).toThrow(EventBridgeError);
  });

  it('refuses a malformed bus name or wrongly typed fields as a whole', () => {
    expect(requestError(() => run([entry({ EventBusName: 'orders bus' })]))).toMatchObject({
      type: 'ValidationException',
      message: expect.stringContaining("at 'entries.1.member.eventBusName'"),
    });
    expect(requestError(() => run([entry({ Detail: { orderId: 'o-1' } })]))).toMatchObject({
      type: 'SerializationException',
    });
    expect(requestError(() => run([entry({ Resources: 'arn' })]))).toMatchObject({ type: 'SerializationException' });
    expect(requestError(() => run([entry({ Time: 'yesterday' })]))).toMatchObject({ type: 'SerializationException' });
    expect(requestError(() => run(['OrderPlaced']))).toMatchObject({ type: 'SerializationException' });
    expect(requestError(() => run({}))).toMatchObject({ type: 'SerializationException' });
  });

  it('treats JSON null fields as absent', () => {
    const { response } = run([entry({ EventBusName: null, Resources: null, Time: null })]);
    expect(response.FailedEntryCount).toBe(0);
  });
});
