// The local token issuer: tokens it signs verify; tampered, expired or foreign ones are rejected with a reason.
import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  LOCAL_AUDIENCE,
  LOCAL_ISSUER,
  LOCAL_STAFF_AUDIENCE,
  signToken,
  TokenError,
  verifyToken,
} from '../../local/auth/issuer';

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
  it('signs Cognito-like ID tokens (RS256) that verify', () => {
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
      alg: 'RS256',
    });
  });

  it('signs access tokens as Cognito does (client_id, no aud) and accepts them as the authorizer does', () => {
    const claims = verifyToken(signToken({ sub: 'user-1', kind: 'access', groups: ['support'], now }, file), {
      now,
      file,
    });
    expect(claims).toMatchObject({ client_id: LOCAL_AUDIENCE, token_use: 'access', 'cognito:groups': ['support'] });
    expect(claims).not.toHaveProperty('aud');
    const foreignClient = signToken({ sub: 'u', kind: 'access', audience: 'other-client', now }, file);
    expect(reason(() => verifyToken(foreignClient, { now, file }))).toBe('wrong-audience');
  });

  it('accepts the local staff web client as an audience too, as the staff authorizer lists the staff clients', () => {
    const token = signToken({ sub: 'officer', audience: LOCAL_STAFF_AUDIENCE, groups: ['privacy-officer'], now }, file);
    expect(verifyToken(token, { now, file })).toMatchObject({ aud: LOCAL_STAFF_AUDIENCE, sub: 'officer' });
  });

  it('judges aud before client_id: a right client_id does not save a wrong aud', () => {
    const token = signToken({ sub: 'u', audience: 'other-client', claims: { client_id: LOCAL_AUDIENCE }, now }, file);
    expect(reason(() => verifyToken(token, { now, file }))).toBe('wrong-audience');
  });

  it('ignores token_use, as the authorizer does', () => {
    const token = signToken({ sub: 'u', claims: { token_use: 'refresh' }, now }, file);
    expect(verifyToken(token, { now, file }).sub).toBe('u');
  });

  it('refuses what the authorizer refuses: ES256, an unknown kid, a token issued in the future', () => {
    const [header, payload] = signToken({ sub: 'u', now }, file).split('.') as [string, string];
    const { kid } = JSON.parse(Buffer.from(header, 'base64url').toString());
    const reheader = (h: object) => Buffer.from(JSON.stringify(h)).toString('base64url');
    const { privateKey: ec } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const es256Input = `${reheader({ alg: 'ES256', typ: 'JWT', kid })}.${payload}`;
    const es256 = sign('sha256', Buffer.from(es256Input), { key: ec, dsaEncoding: 'ieee-p1363' });
    expect(reason(() => verifyToken(`${es256Input}.${es256.toString('base64url')}`, { now, file }))).toBe('malformed');
    const { privateKey: rsa } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const otherKidInput = `${reheader({ alg: 'RS256', typ: 'JWT', kid: 'another-key' })}.${payload}`;
    const otherKid = sign('sha256', Buffer.from(otherKidInput), rsa).toString('base64url');
    expect(reason(() => verifyToken(`${otherKidInput}.${otherKid}`, { now, file }))).toBe('unknown-key');
    expect(reason(() => verifyToken(signToken({ sub: 'u', now: now + 60 }, file), { now, file }))).toBe(
      'issued-in-future',
    );
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

    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const input = `${header}.${forgedPayload}`;
    const foreign = sign('sha256', Buffer.from(input), privateKey).toString('base64url');
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

describe('an issuer key file from before RS256', () => {
  it('is replaced by an RSA key, since API Gateway verifies RSA signatures only', () => {
    const legacy = path.join(dir, 'legacy-issuer.json');
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    writeFileSync(legacy, JSON.stringify({ kid: 'old', privateJwk: privateKey.export({ format: 'jwk' }) }));
    const token = signToken({ sub: 'u', now }, legacy);
    expect(JSON.parse(Buffer.from(token.split('.')[0] as string, 'base64url').toString()).alg).toBe('RS256');
    expect(JSON.parse(readFileSync(legacy, 'utf8')).privateJwk.kty).toBe('RSA');
    expect(verifyToken(token, { now, file: legacy }).sub).toBe('u');
  });
});
