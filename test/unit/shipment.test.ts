import { carriers, isCarrierId } from '../../shared/config/carriers';
import {
  canAdvance,
  carrierEventSchema,
  clampOccurredAt,
  orderStatusFor,
  SHIPMENT_STATUSES,
} from '../../shared/domain/shipment';

const ALLOWED = new Set([
  'label_created→in_transit',
  'label_created→exception',
  'label_created→lost',
  'in_transit→out_for_delivery',
  'in_transit→delivered',
  'in_transit→exception',
  'in_transit→returned_to_sender',
  'in_transit→lost',
  'out_for_delivery→delivered',
  'out_for_delivery→exception',
  'out_for_delivery→in_transit',
  'out_for_delivery→returned_to_sender',
  'out_for_delivery→lost',
  'exception→in_transit',
  'exception→returned_to_sender',
  'exception→delivered',
  'exception→lost',
]);

describe('shipment status advances', () => {
  const pairs = SHIPMENT_STATUSES.flatMap((from) => SHIPMENT_STATUSES.map((to) => [from, to] as const));

  it.each(pairs)('%s → %s matches the allowed table', (from, to) => {
    expect(canAdvance(from, to)).toBe(ALLOWED.has(`${from}→${to}`));
  });

  it("ends the order when the parcel's journey ends — delivered, back with us, or lost — and not before", () => {
    expect(SHIPMENT_STATUSES.map((s) => [s, orderStatusFor(s)])).toEqual([
      ['label_created', 'shipped'],
      ['in_transit', 'shipped'],
      ['out_for_delivery', 'shipped'],
      ['delivered', 'delivered'],
      ['exception', 'shipped'],
      ['returned_to_sender', 'returned_to_sender'],
      ['lost', 'lost'],
    ]);
  });
});

describe("clamping a carrier's occurredAt", () => {
  const shippedAt = new Date('2026-03-01T10:00:00Z');
  const now = new Date('2026-03-03T10:00:00Z');
  const clamp = (iso: string) => clampOccurredAt(new Date(iso), shippedAt, now).toISOString();

  it('keeps a plausible instant', () => {
    expect(clamp('2026-03-02T08:30:00Z')).toBe('2026-03-02T08:30:00.000Z');
  });

  it('pulls a future instant back to at most five minutes ahead of now', () => {
    expect(clamp('2099-01-01T00:00:00Z')).toBe('2026-03-03T10:05:00.000Z');
    expect(clamp('2026-03-03T10:04:59Z')).toBe('2026-03-03T10:04:59.000Z');
  });

  it('moves an instant before the shipment existed up to its creation', () => {
    expect(clamp('1970-01-01T00:00:00Z')).toBe(shippedAt.toISOString());
  });
});

describe('carrier events', () => {
  const event = {
    eventId: 'evt_01-A',
    trackingNumber: 'DH123456789',
    status: 'in_transit',
    occurredAt: '2026-03-01T12:00:00Z',
    location: '  Leipzig hub ',
  };

  it('accepts a well-formed event and trims the location', () => {
    expect(carrierEventSchema.parse(event).location).toBe('Leipzig hub');
  });

  it.each([
    ['an unknown field (e.g. a recipient name)', { ...event, recipient: 'Ada' }],
    ['an unknown status', { ...event, status: 'returned' }],
    ['a lower-case tracking number', { ...event, trackingNumber: 'dh123456789' }],
    ['a tracking number shorter than 6', { ...event, trackingNumber: 'DH123' }],
    ['an event id with a slash', { ...event, eventId: 'a/b' }],
    ['an empty event id', { ...event, eventId: '' }],
    ['a timestamp that is not ISO 8601', { ...event, occurredAt: '01/03/2026 12:00' }],
    ['a location longer than 100', { ...event, location: 'x'.repeat(101) }],
  ])('refuses %s', (_label, input) => {
    expect(carrierEventSchema.safeParse(input).success).toBe(false);
  });
});

describe('carrier configuration', () => {
  it('recognises configured carriers only, not inherited object keys', () => {
    expect(isCarrierId('dhl')).toBe(true);
    expect(isCarrierId('royalmail')).toBe(true);
    expect(isCarrierId('fedex')).toBe(false);
    expect(isCarrierId('toString')).toBe(false);
  });

  it('keys every carrier by its own id, with a two-letter tracking prefix', () => {
    for (const [key, carrier] of Object.entries(carriers)) {
      expect(carrier.id).toBe(key);
      expect(carrier.trackingPrefix).toMatch(/^[A-Z]{2}$/);
    }
    expect(carriers.dhl.needsPhone).toBe(true);
  });
});
