/**
 * HMAC signatures on carrier webhooks: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<carrier>.<raw body>">`,
 * with replay tolerance. Each carrier has its own secret, and the signed text names the carrier too:
 * a signature made for one carrier's endpoint is worthless on another's, even under the same secret.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** How far (either way) a signature's timestamp may be from now before it is refused as a replay. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

const digest = (secret: string, carrier: string, timestamp: number | string, rawBody: string): Buffer =>
  createHmac('sha256', secret).update(`${timestamp}.${carrier}.${rawBody}`).digest();

/** The signature header for `rawBody` sent by `carrier` at `timestamp` (unix seconds). */
export function signPayload(secret: string, carrier: string, timestamp: number, rawBody: string): string {
  return `t=${timestamp},v1=${digest(secret, carrier, timestamp, rawBody).toString('hex')}`;
}

export type SignatureCheck =
  | { ok: true; timestamp: number }
  | { ok: false; reason: 'missing' | 'malformed' | 'stale' | 'mismatch' };

/** Header parts: exactly one `t`, at least one `v1`; other schemes are ignored. */
function parse(header: string): { t: string; v1: string[] } | undefined {
  let t: string | undefined;
  const v1: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) return undefined;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't') {
      if (t !== undefined || !/^\d{1,15}$/.test(value)) return undefined;
      t = value;
    } else if (key === 'v1') {
      if (!/^[0-9a-f]{64}$/i.test(value)) return undefined;
      v1.push(value);
    }
  }
  return t === undefined || v1.length === 0 ? undefined : { t, v1 };
}

/**
 * Checks a signature header against the carrier it claims to come from and the raw request body. Several `v1` entries are allowed so a
 * sender can sign with the old and new secret while rotating; one match is enough. The timestamp
 * must be within `toleranceSeconds` of now in either direction, which bounds replays.
 */
export function verifySignature(
  header: string | undefined,
  secret: string,
  carrier: string,
  rawBody: string,
  nowSeconds: number,
  toleranceSeconds = SIGNATURE_TOLERANCE_SECONDS,
): SignatureCheck {
  if (header === undefined || header.trim() === '') return { ok: false, reason: 'missing' };
  const parsed = parse(header);
  if (parsed === undefined) return { ok: false, reason: 'malformed' };
  const timestamp = Number(parsed.t);
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return { ok: false, reason: 'stale' };
  // The MAC covers the timestamp text exactly as sent, so a rewritten form of it (e.g. '0123') cannot pass.
  const expected = digest(secret, carrier, parsed.t, rawBody);
  // Compare against every candidate, so timing does not reveal which one matched.
  let matched = false;
  for (const candidate of parsed.v1) {
    if (timingSafeEqual(expected, Buffer.from(candidate, 'hex'))) matched = true;
  }
  return matched ? { ok: true, timestamp } : { ok: false, reason: 'mismatch' };
}
