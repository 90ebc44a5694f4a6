// The local token issuer: tokens it signs verify; tampered, expired or foreign ones are rejected with a reason.
import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LOCAL_AUDIENCE, LOCAL_ISSUER, signToken, TokenError, verifyToken } from '../../local/auth/issuer';

const dir = mkdtempSync(path.join(tmpdir(), 'issuer-'));
const file = path.join(dir, 'token-issuer.json');
const now = 1_800_000_000;

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const reason = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    return error instanceof TokenError ? error.reason : `not a TokenError: ${String(error)}`;
  }
  return undefined;
};

describe('signToken / verifyToken', () => {
  it('signs Cognito-like ID tokens that verify', () => {
    const token = signToken({ sub: 'user-1', groups: ['support'], authAgeSeconds: 120, now }, file);
    const claims = verifyToken(token, { now: now + 10, file });
    expect(claims).toMatchObject({
      iss: LOCAL_ISSUER,
      aud: LOCAL_AUDIENCE,
      sub: 'user-1',
      'cognito:groups': ['support'],
      auth_time: now - 120,
      iat: now,
      exp: now + 3600,
      token_use: 'id',
    });
    expect(JSON.parse(Buffer.from(token.split('.')[0] as string, 'base64url').toString())).toMatchObject({
      alg: 'ES256',
    });
  });

  it('keeps the key pair in a 0600 file and reuses it', () => {
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toContain('privateJwk');
  });

  it('omits cognito:groups when no groups are given', () => {
    expect(verifyToken(signToken({ sub: 'u', now }, file), { now, file })).not.toHaveProperty('cognito:groups');
  });

  it('rejects expired tokens', () => {
    const token = signToken({ sub: 'u', expiresInSeconds: 60, now }, file);
    expect(reason(() => verifyToken(token, { now: now + 60, file }))).toBe('expired');
  });

  it('rejects a wrong issuer or audience', () => {
    expect(
      reason(() => verifyToken(signToken({ sub: 'u', issuer: 'https://elsewhere', now }, file), { now, file })),
    ).toBe('wrong-issuer');
    expect(reason(() => verifyToken(signToken({ sub: 'u', audience: 'other-client', now }, file), { now, file }))).toBe(
      'wrong-audience',
    );
  });

  it('rejects tampered claims and tokens signed by another key', () => {
    const [header, , signature] = signToken({ sub: 'u', now }, file).split('.');
    const forgedPayload = Buffer.from(
      JSON.stringify({ iss: LOCAL_ISSUER, aud: LOCAL_AUDIENCE, sub: 'admin', exp: now + 60 }),
    ).toString('base64url');
    expect(reason(() => verifyToken(`${header}.${forgedPayload}.${signature}`, { now, file }))).toBe('bad-signature');

    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const input = `${header}.${forgedPayload}`;
    const foreign = sign('sha256', Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' }).toString(
      'base64url',
    );
    expect(reason(() => verifyToken(`${input}.${foreign}`, { now, file }))).toBe('bad-signature');
  });

  it('rejects garbage', () => {
    expect(reason(() => verifyToken('not-a-token', { file }))).toBe('malformed');
    expect(reason(() => verifyToken('a.b.c', { file }))).toBe('malformed');
  });

  it('uses the clock shifted by CLOCK_OFFSET_SECONDS by default', () => {
    const token = signToken({ sub: 'u', expiresInSeconds: 60 }, file);
    process.env.CLOCK_OFFSET_SECONDS = '120';
    try {
      expect(reason(() => verifyToken(token, { file }))).toBe('expired');
    } finally {
      delete process.env.CLOCK_OFFSET_SECONDS;
    }
    expect(verifyToken(token, { file }).sub).toBe('u');
  });
});
