import { CursorSeal } from '../../shared/http/cursor';

const seal = new CursorSeal('unit-test-cursor-secret');
const binding = { route: 'GET /v1/orders', subject: 'alice' };
const position = Buffer.from(JSON.stringify({ pk: 'SUBJECT#alice', sk: 'ORDER#01J0' })).toString('base64url');

const refusal = expect.objectContaining({ status: 400, errors: [{ path: 'query.cursor', message: 'Invalid cursor' }] });

describe('page cursors', () => {
  it('opens what it sealed for the same caller and route, and hides the position', () => {
    const cursor = seal.seal(position, binding);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Buffer.from(cursor, 'base64url').toString('latin1')).not.toContain('SUBJECT#');
    expect(seal.open(cursor, binding)).toBe(position);
  });

  it.each([
    ['another caller', { ...binding, subject: 'bob' }],
    ['another list', { ...binding, route: 'GET /v1/me/complaints' }],
  ])('refuses a cursor presented by %s', (_, other) => {
    expect(() => seal.open(seal.seal(position, binding), other)).toThrow(refusal);
  });

  it('refuses a cursor sealed under another secret (a rotated one)', () => {
    const old = new CursorSeal('the-previous-secret').seal(position, binding);
    expect(() => seal.open(old, binding)).toThrow(refusal);
  });

  it('refuses every single-byte change and garbage', () => {
    const bytes = Buffer.from(seal.seal(position, binding), 'base64url');
    for (let i = 0; i < bytes.length; i++) {
      const tampered = Buffer.from(bytes);
      tampered[i] = (tampered[i] as number) ^ 0x01;
      expect(() => seal.open(tampered.toString('base64url'), binding)).toThrow(refusal);
    }
    for (const garbage of ['x', 'AAAA', position, Buffer.alloc(40).toString('base64url')]) {
      expect(() => seal.open(garbage, binding)).toThrow(refusal);
    }
  });
});
