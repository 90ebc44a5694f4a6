// The local token issuer: RS256 JWTs shaped like Cognito's ID and access tokens, and the verification API Gateway's
// JWT authorizer does (docs/decisions/0037-local-gateway-parity.md).
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
/** The local staff pool's web client (the staff console's password sign-in); the gateway accepts it as well. */
export const LOCAL_STAFF_AUDIENCE = 'local-staff-web';
/** The app clients whose tokens the local gateway accepts, as the deployed authorizers list theirs. */
const ACCEPTED_AUDIENCES: readonly unknown[] = [LOCAL_AUDIENCE, LOCAL_STAFF_AUDIENCE];

/** Cognito issues both kinds; API Gateway's authorizer accepts either (it does not read `token_use`). */
export type TokenKind = 'id' | 'access';

export interface SignTokenOptions {
  sub: string;
  /** An ID token names the client in `aud`; an access token in `client_id` (and has no `aud`). @default 'id' */
  kind?: TokenKind;
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

export type TokenClaims = Record<string, unknown> & { sub: string; iss: string; exp: number };

export type TokenErrorReason =
  | 'malformed'
  | 'bad-signature'
  | 'expired'
  | 'not-yet-valid'
  | 'issued-in-future'
  | 'unknown-key'
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

/**
 * The issuer key pair from `file`, created on first use. Concurrent first uses agree on one key (see createOnce).
 * A key file from before the issuer signed RS256 (an EC key) is replaced: API Gateway verifies RSA signatures only.
 */
export function issuerKeys(file: string = tokenIssuerFile()): IssuerKeys {
  let keys = cache.get(file);
  if (!keys) {
    if (!existsSync(file)) createOnce(file);
    let stored = JSON.parse(readFileSync(file, 'utf8')) as IssuerFile;
    if (stored.privateJwk.kty !== 'RSA') {
      rmSync(file, { force: true });
      createOnce(file);
      stored = JSON.parse(readFileSync(file, 'utf8')) as IssuerFile;
    }
    const privateKey = createPrivateKey({ key: stored.privateJwk, format: 'jwk' });
    const publicKey = createPublicKey(privateKey);
    keys = {
      kid: stored.kid,
      privateKey,
      publicKey,
      publicJwk: { ...publicKey.export({ format: 'jwk' }), kid: stored.kid, alg: 'RS256', use: 'sig' },
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
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
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

/** A token as Cognito issues it: an ID token (`aud`, `token_use: id`) or an access token (`client_id`, `token_use: access`). */
export function signToken(options: SignTokenOptions, file?: string): string {
  const now = options.now ?? nowSeconds();
  const keys = issuerKeys(file);
  const kind = options.kind ?? 'id';
  const client = options.audience ?? LOCAL_AUDIENCE;
  const payload = {
    ...options.claims,
    iss: options.issuer ?? LOCAL_ISSUER,
    ...(kind === 'id' ? { aud: client } : { client_id: client, scope: 'aws.cognito.signin.user.admin' }),
    sub: options.sub,
    ...(options.groups ? { 'cognito:groups': [...options.groups] } : {}),
    token_use: kind,
    auth_time: now - (options.authAgeSeconds ?? 0),
    iat: now,
    exp: now + (options.expiresInSeconds ?? 3600),
    jti: randomUUID(),
  };
  const signingInput = `${base64url({ alg: 'RS256', typ: 'JWT', kid: keys.kid })}.${base64url(payload)}`;
  const signature = sign('sha256', Buffer.from(signingInput), keys.privateKey);
  return `${signingInput}.${signature.toString('base64url')}`;
}

/**
 * Checks what API Gateway's JWT authorizer checks: an RSA signature (RS256) by a key
 * the issuer publishes (`kid`), then `iss`; `aud`, or `client_id` only when there is no `aud`;
 * `exp`, `nbf` and `iat`. Like the authorizer it ignores `token_use`, so ID and access tokens both
 * pass. Returns the claims.
 */
export function verifyToken(token: string, options: { now?: number; file?: string } = {}): TokenClaims {
  const keys = issuerKeys(options.file);
  const parts = token.split('.');
  if (parts.length !== 3) throw new TokenError('malformed', 'Token is not a compact JWS');
  const [headerPart = '', payloadPart = '', signaturePart = ''] = parts;
  const header = decodeJson(headerPart);
  if (header.alg !== 'RS256') throw new TokenError('malformed', 'Token algorithm must be RS256');
  if (header.kid !== keys.kid) throw new TokenError('unknown-key', 'Token key id is not one the issuer publishes');
  const valid = verify(
    'sha256',
    Buffer.from(`${headerPart}.${payloadPart}`),
    keys.publicKey,
    Buffer.from(signaturePart, 'base64url'),
  );
  if (!valid) throw new TokenError('bad-signature', 'Token signature is not valid');

  const claims = decodeJson(payloadPart);
  const now = options.now ?? nowSeconds();
  if (typeof claims.exp !== 'number' || typeof claims.sub !== 'string')
    throw new TokenError('malformed', 'Token lacks exp or sub');
  if (claims.iss !== LOCAL_ISSUER) throw new TokenError('wrong-issuer', 'Token issuer is not the local issuer');
  if (!audiencesOf(claims).some((a) => ACCEPTED_AUDIENCES.includes(a)))
    throw new TokenError('wrong-audience', 'Token audience is not a local client');
  if (now >= claims.exp) throw new TokenError('expired', 'Token has expired');
  if (typeof claims.nbf === 'number' && now < claims.nbf)
    throw new TokenError('not-yet-valid', 'Token is not valid yet');
  if (typeof claims.iat === 'number' && now < claims.iat)
    throw new TokenError('issued-in-future', 'Token was issued in the future');
  return claims as TokenClaims;
}

/** `aud` when the token has one (an ID token), else `client_id` (an access token): the authorizer's rule. */
function audiencesOf(claims: Record<string, unknown>): unknown[] {
  if (claims.aud !== undefined) return Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  return [claims.client_id];
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
