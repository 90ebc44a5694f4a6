import { createHmac } from 'node:crypto';
import { SIGNATURE_TOLERANCE_SECONDS, signPayload, verifySignature } from '../../shared/domain/webhook-signature';

const secret = 'whsec_test_secret';
const carrier = 'dhl';
const body = '{"eventId":"e1","status":"delivered"}';
const now = 1_770_000_000;

describe('webhook signatures', () => {
  it('signs t.carrier.body with HMAC-SHA256 in the t=…,v1=… format', () => {
    const expected = createHmac('sha256', secret).update(`${now}.${carrier}.${body}`).digest('hex');
    expect(signPayload(secret, carrier, now, body)).toBe(`t=${now},v1=${expected}`);
  });

  it('verifies a fresh signature and returns its timestamp', () => {
    expect(verifySignature(signPayload(secret, carrier, now, body), secret, carrier, body, now)).toEqual({
      ok: true,
      timestamp: now,
    });
  });

  it('refuses a tampered body or the wrong secret', () => {
    const header = signPayload(secret, carrier, now, body);
    expect(verifySignature(header, secret, carrier, body.replace('delivered', 'returned'), now)).toEqual({
      ok: false,
      reason: 'mismatch',
    });
    expect(verifySignature(header, 'whsec_other', carrier, body, now)).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('binds the carrier: a signature made for one carrier is refused on another, even under the same secret', () => {
    const header = signPayload(secret, carrier, now, body);
    expect(verifySignature(header, secret, 'ups', body, now)).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('refuses a timestamp rewritten in another form, since the MAC covers it as sent', () => {
    const header = signPayload(secret, carrier, now, body).replace(`t=${now}`, `t=0${now}`);
    expect(verifySignature(header, secret, carrier, body, now)).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('accepts a timestamp exactly at the tolerance, in the past or future, and refuses one second beyond', () => {
    const at = (t: number) => verifySignature(signPayload(secret, carrier, t, body), secret, carrier, body, now);
    expect(at(now - SIGNATURE_TOLERANCE_SECONDS).ok).toBe(true);
    expect(at(now + SIGNATURE_TOLERANCE_SECONDS).ok).toBe(true);
    expect(at(now - SIGNATURE_TOLERANCE_SECONDS - 1)).toEqual({ ok: false, reason: 'stale' });
    expect(at(now + SIGNATURE_TOLERANCE_SECONDS + 1)).toEqual({ ok: false, reason: 'stale' });
  });

  it('honours a custom tolerance', () => {
    expect(verifySignature(signPayload(secret, carrier, now - 10, body), secret, carrier, body, now, 5)).toEqual({
      ok: false,
      reason: 'stale',
    });
  });

  it.each([undefined, '', '   '])('reports %p as missing', (header) => {
    expect(verifySignature(header, secret, carrier, body, now)).toEqual({ ok: false, reason: 'missing' });
  });

  const v1 = signPayload(secret, carrier, now, body).split(',v1=')[1] ?? '';
  it.each([
    ['no timestamp', `v1=${v1}`],
    ['no v1', `t=${now}`],
    ['two timestamps', `t=${now},t=${now},v1=${v1}`],
    ['a non-numeric timestamp', `t=abc,v1=${v1}`],
    ['a negative timestamp', `t=-${now},v1=${v1}`],
    ['a v1 that is not 64 hex characters', `t=${now},v1=${v1.slice(1)}`],
    ['a v1 with non-hex characters', `t=${now},v1=${'z'.repeat(64)}`],
    ['a part without =', `t=${now},v1=${v1},garbage`],
    ['a bare signature', v1],
  ])('reports a header with %s as malformed', (_label, header) => {
    expect(verifySignature(header, secret, carrier, body, now)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('accepts any one valid v1 among several (secret rotation) and ignores other schemes', () => {
    const stale = signPayload('whsec_old', carrier, now, body).split(',v1=')[1];
    expect(verifySignature(`t=${now},v1=${stale},v1=${v1}`, secret, carrier, body, now).ok).toBe(true);
    expect(verifySignature(`t=${now}, v0=legacy, v1=${v1}`, secret, carrier, body, now).ok).toBe(true);
    expect(verifySignature(`t=${now},v1=${stale},v1=${stale}`, secret, carrier, body, now)).toEqual({
      ok: false,
      reason: 'mismatch',
    });
  });
});
