// The local token issuer: ES256 JWTs shaped like Cognito ID tokens, and the verification API Gateway's JWT authorizer does.
//
// Signing and verifying use node:crypto rather than jose: jose 6 is ESM-only and jest (swc → CommonJS)
// cannot load it without a config change, while this module is imported by tests and the gateway.
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type JsonWebKey,
  type KeyObject,
  randomUUID,
  sign,
  verify,
} from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { nowSeconds } from '../clock';
import { ensureLocalDir, tokenIssuerFile } from '../paths';

export const LOCAL_ISSUER = 'http://127.0.0.1/local-issuer';
export const LOCAL_AUDIENCE = 'local-client';

export interface SignTokenOptions {
  sub: string;
  groups?: readonly string[];
  /** How long ago the user signed in (sets `auth_time`). @default 0 */
  authAgeSeconds?: number;
  /** @default 3600 */
  expiresInSeconds?: number;
  /** Epoch seconds. @default local clock (honours CLOCK_OFFSET_SECONDS) */
  now?: number;
  /** Overrides for tests that need a token the authorizer must reject. */
  issuer?: string;
  audience?: string;
  /** Extra claims (e.g. `email`), added as given. */
  claims?: Record<string, unknown>;
}

export type TokenClaims = Record<string, unknown> & { sub: string; iss: string; aud: string | string[]; exp: number };

export type TokenErrorReason =
  | 'malformed'
  | 'bad-signature'
  | 'expired'
  | 'not-yet-valid'
  | 'wrong-issuer'
  | 'wrong-audience';

export class TokenError extends Error {
  override readonly name = 'TokenError';
  constructor(
    readonly reason: TokenErrorReason,
    message: string,
  ) {
    super(message);
  }
}

interface IssuerKeys {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicJwk: JsonWebKey;
}

interface IssuerFile {
  kid: string;
  privateJwk: JsonWebKey;
}

const cache = new Map<string, IssuerKeys>();

/** The issuer key pair from `file`, created on first use. Concurrent first uses agree on one key (see createOnce). */
export function issuerKeys(file: string = tokenIssuerFile()): IssuerKeys {
  let keys = cache.get(file);
  if (!keys) {
    if (!existsSync(file)) createOnce(file);
    const stored = JSON.parse(readFileSync(file, 'utf8')) as IssuerFile;
    const privateKey = createPrivateKey({ key: stored.privateJwk, format: 'jwk' });
    const publicKey = createPublicKey(privateKey);
    keys = {
      kid: stored.kid,
      privateKey,
      publicKey,
      publicJwk: { ...publicKey.export({ format: 'jwk' }), kid: stored.kid, alg: 'ES256', use: 'sig' },
    };
    cache.set(file, keys);
  }
  return keys;
}

/**
 * Writes a complete key file under a temp name, then hard-links it into place: link fails if the file exists,
 * so the first process wins and everyone else reads the winner's key, never a half-written file.
 */
function createOnce(file: string): void {
  if (file === tokenIssuerFile()) ensureLocalDir();
  else mkdirSync(path.dirname(file), { recursive: true });
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const content: IssuerFile = { kid: randomUUID(), privateJwk: privateKey.export({ format: 'jwk' }) };
  const temp = `${file}.${process.pid}.${randomUUID()}.tmp`;
  writeFileSync(temp, `${JSON.stringify(content)}\n`, { mode: 0o600 });
  try {
    linkSync(temp, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    rmSync(temp, { force: true });
  }
}

export function signToken(options: SignTokenOptions, file?: string): string {
  const now = options.now ?? nowSeconds();
  const keys = issuerKeys(file);
  const payload = {
    ...options.claims,
    iss: options.issuer ?? LOCAL_ISSUER,
    aud: options.audience ?? LOCAL_AUDIENCE,
    sub: options.sub,
    ...(options.groups ? { 'cognito:groups': [...options.groups] } : {}),
    token_use: 'id',
    auth_time: now - (options.authAgeSeconds ?? 0),
    iat: now,
    exp: now + (options.expiresInSeconds ?? 3600),
    jti: randomUUID(),
  };
  const signingInput = `${base64url({ alg: 'ES256', typ: 'JWT', kid: keys.kid })}.${base64url(payload)}`;
  // JWS wants the raw r||s signature, not DER.
  const signature = sign('sha256', Buffer.from(signingInput), { key: keys.privateKey, dsaEncoding: 'ieee-p1363' });
  return `${signingInput}.${signature.toString('base64url')}`;
}

/** Checks what API Gateway's JWT authorizer checks: signature, `iss`, `aud`, `exp`, `nbf`. Returns the claims. */
export function verifyToken(token: string, options: { now?: number; file?: string } = {}): TokenClaims {
  const keys = issuerKeys(options.file);
  const parts = token.split('.');
  if (parts.length !== 3) throw new TokenError('malformed', 'Token is not a compact JWS');
  const [headerPart = '', payloadPart = '', signaturePart = ''] = parts;
  const header = decodeJson(headerPart);
  if (header.alg !== 'ES256') throw new TokenError('malformed', 'Token algorithm must be ES256');
  const valid = verify(
    'sha256',
    Buffer.from(`${headerPart}.${payloadPart}`),
    { key: keys.publicKey, dsaEncoding: 'ieee-p1363' },
    Buffer.from(signaturePart, 'base64url'),
  );
  if (!valid) throw new TokenError('bad-signature', 'Token signature is not valid');

  const claims = decodeJson(payloadPart);
  const now = options.now ?? nowSeconds();
  if (typeof claims.exp !== 'number' || typeof claims.sub !== 'string')
    throw new TokenError('malformed', 'Token lacks exp or sub');
  if (now >= claims.exp) throw new TokenError('expired', 'Token has expired');
  if (typeof claims.nbf === 'number' && now < claims.nbf)
    throw new TokenError('not-yet-valid', 'Token is not valid yet');
  if (claims.iss !== LOCAL_ISSUER) throw new TokenError('wrong-issuer', 'Token issuer is not the local issuer');
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audiences.includes(LOCAL_AUDIENCE))
    throw new TokenError('wrong-audience', 'Token audience is not the local client');
  return claims as TokenClaims;
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function decodeJson(part: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new TokenError('malformed', 'Token is not valid JSON');
}
