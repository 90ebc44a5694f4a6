// The local KMS's master keys and ciphertext format: AES-256-GCM bound to the key id and the encryption context, like KMS;
// and its signing keys (ECC_NIST_P256, SIGN_VERIFY), whose private half never leaves this process either.
import {
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  randomUUID,
  sign,
  verify,
} from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const LOCAL_ACCOUNT_ID = '000000000000';
export const DEFAULT_KEY_ALIAS = 'alias/local-data-key';
/** The key audit digests are signed with locally. */
export const DEFAULT_SIGNING_ALIAS = 'alias/local-audit-digests';

export interface MasterKey {
  readonly keyId: string;
  readonly aliases: readonly string[];
  /** 256-bit AES key; never leaves this process. */
  readonly material: Buffer;
  /** Epoch seconds. */
  readonly createdAt: number;
}

/** An asymmetric key for signatures: ECDSA on P-256 with SHA-256, as KMS's `ECC_NIST_P256` keys. */
export interface SigningKey {
  readonly keyId: string;
  readonly aliases: readonly string[];
  /** PKCS#8 PEM; never leaves this process. */
  readonly privateKey: string;
  /** SubjectPublicKeyInfo, DER (what GetPublicKey returns). */
  readonly publicKey: Buffer;
  readonly createdAt: number;
}

export type EncryptionContext = Record<string, string>;

/** Thrown for any blob that does not decrypt under its key and the given context: KMS gives no finer detail either. */
export class InvalidCiphertextError extends Error {
  override readonly name = 'InvalidCiphertextError';
}

// Blob layout: version (1) | key id as 16 UUID bytes | IV (12) | ciphertext | GCM tag (16).
const BLOB_VERSION = 1;
const HEADER_LENGTH = 1 + 16;
const IV_LENGTH = 12;
const TAG_LENGTH = 16;

export class KeyStore {
  constructor(
    readonly region: string,
    readonly keys: readonly MasterKey[],
    readonly signingKeys: readonly SigningKey[] = [],
  ) {}

  /** Fresh random keys, one per alias (in-memory mode). */
  static generate(
    region: string,
    aliases: readonly string[] = [DEFAULT_KEY_ALIAS],
    signingAliases: readonly string[] = [DEFAULT_SIGNING_ALIAS],
  ): KeyStore {
    return new KeyStore(
      region,
      aliases.map((alias) => newKey([alias])),
      signingAliases.map((alias) => newSigningKey([alias])),
    );
  }

  /** Keys from `file`, adding (and saving) a key for any alias not there yet (persist mode). */
  static loadOrCreate(
    file: string,
    region: string,
    aliases: readonly string[] = [DEFAULT_KEY_ALIAS],
    signingAliases: readonly string[] = [DEFAULT_SIGNING_ALIAS],
  ): KeyStore {
    const { keys, signingKeys } = existsSync(file) ? readKeyFile(file) : { keys: [], signingKeys: [] };
    const missing = aliases.filter((alias) => !keys.some((key) => key.aliases.includes(alias)));
    const missingSigning = signingAliases.filter((alias) => !signingKeys.some((key) => key.aliases.includes(alias)));
    if (missing.length > 0 || missingSigning.length > 0 || !existsSync(file)) {
      keys.push(...missing.map((alias) => newKey([alias])));
      signingKeys.push(...missingSigning.map((alias) => newSigningKey([alias])));
      writeKeyFile(file, keys, signingKeys);
    }
    return new KeyStore(region, keys, signingKeys);
  }

  arn(key: MasterKey | SigningKey): string {
    return `arn:aws:kms:${this.region}:${LOCAL_ACCOUNT_ID}:key/${key.keyId}`;
  }

  /** Accepts what KMS accepts as KeyId: key id, key ARN, alias name or alias ARN. */
  resolve(keyId: string): MasterKey | undefined {
    return find(this.keys, keyId);
  }

  /** The signing key `keyId` names (same forms as `resolve`). */
  resolveSigning(keyId: string): SigningKey | undefined {
    return find(this.signingKeys, keyId);
  }

  /** A DER ECDSA signature over SHA-256 of `message`. */
  sign(key: SigningKey, message: Buffer): Buffer {
    return sign('sha256', message, createPrivateKey(key.privateKey));
  }

  verify(key: SigningKey, message: Buffer, signature: Buffer): boolean {
    return verify('sha256', message, createPublicKey({ key: key.publicKey, format: 'der', type: 'spki' }), signature);
  }

  encrypt(key: MasterKey, plaintext: Buffer, context: EncryptionContext): Buffer {
    const header = Buffer.concat([Buffer.of(BLOB_VERSION), uuidBytes(key.keyId)]);
    const iv = randomBytes(IV_LENGTH);
    const cipher = createCipheriv('aes-256-gcm', key.material, iv);
    cipher.setAAD(additionalData(header, context));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return Buffer.concat([header, iv, body, cipher.getAuthTag()]);
  }

  /** The key id travels inside the blob, so Decrypt needs no KeyId; a wrong context fails exactly like a forged blob. */
  decrypt(blob: Buffer, context: EncryptionContext): { key: MasterKey; plaintext: Buffer } {
    if (blob.length < HEADER_LENGTH + IV_LENGTH + TAG_LENGTH || blob[0] !== BLOB_VERSION) {
      throw new InvalidCiphertextError('The ciphertext is not a valid local KMS ciphertext');
    }
    const header = blob.subarray(0, HEADER_LENGTH);
    const key = this.keys.find((candidate) => candidate.keyId === uuidString(header.subarray(1)));
    if (!key) throw new InvalidCiphertextError('The ciphertext refers to a key that does not exist');
    const iv = blob.subarray(HEADER_LENGTH, HEADER_LENGTH + IV_LENGTH);
    const tag = blob.subarray(blob.length - TAG_LENGTH);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key.material, iv);
      decipher.setAAD(additionalData(header, context));
      decipher.setAuthTag(tag);
      const body = blob.subarray(HEADER_LENGTH + IV_LENGTH, blob.length - TAG_LENGTH);
      return { key, plaintext: Buffer.concat([decipher.update(body), decipher.final()]) };
    } catch {
      throw new InvalidCiphertextError('The ciphertext or its encryption context is not valid');
    }
  }
}

/** Canonical JSON (sorted keys) so `{a,b}` and `{b,a}` are the same context; no context equals `{}`, as in KMS. */
export function canonicalContext(context: EncryptionContext): string {
  return JSON.stringify(Object.fromEntries(Object.entries(context).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
}

function additionalData(header: Buffer, context: EncryptionContext): Buffer {
  return Buffer.concat([header, Buffer.from(canonicalContext(context), 'utf8')]);
}

/** The key `keyId` names: key id, key ARN, alias name or alias ARN. */
function find<K extends { readonly keyId: string; readonly aliases: readonly string[] }>(
  keys: readonly K[],
  keyId: string,
): K | undefined {
  const aliasArn = /^arn:aws:kms:[^:]*:[^:]*:(alias\/.+)$/.exec(keyId)?.[1];
  const keyArn = /^arn:aws:kms:[^:]*:[^:]*:key\/(.+)$/.exec(keyId)?.[1];
  if (aliasArn || keyId.startsWith('alias/')) {
    const alias = aliasArn ?? keyId;
    return keys.find((key) => key.aliases.includes(alias));
  }
  const id = keyArn ?? keyId;
  return keys.find((key) => key.keyId === id);
}

function newSigningKey(aliases: string[]): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    keyId: randomUUID(),
    aliases,
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKey: publicKey.export({ type: 'spki', format: 'der' }),
    createdAt: Math.floor(Date.now() / 1000),
  };
}

function newKey(aliases: string[]): MasterKey {
  return { keyId: randomUUID(), aliases, material: randomBytes(32), createdAt: Math.floor(Date.now() / 1000) };
}

function uuidBytes(id: string): Buffer {
  return Buffer.from(id.replace(/-/g, ''), 'hex');
}

function uuidString(bytes: Buffer): string {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

interface KeyFile {
  version: 1;
  keys: { keyId: string; aliases: string[]; material: string; createdAt: number }[];
  /** Absent in files written before signing keys existed. */
  signingKeys?: { keyId: string; aliases: string[]; privateKey: string; publicKey: string; createdAt: number }[];
}

function readKeyFile(file: string): { keys: MasterKey[]; signingKeys: SigningKey[] } {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as KeyFile;
  return {
    keys: parsed.keys.map((key) => ({ ...key, material: Buffer.from(key.material, 'base64') })),
    signingKeys: (parsed.signingKeys ?? []).map((key) => ({ ...key, publicKey: Buffer.from(key.publicKey, 'base64') })),
  };
}

/** Written to a temp file (0600: it holds key material) and renamed, so a crash never leaves half a key file. */
function writeKeyFile(file: string, keys: readonly MasterKey[], signingKeys: readonly SigningKey[]): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const content: KeyFile = {
    version: 1,
    keys: keys.map((key) => ({ ...key, aliases: [...key.aliases], material: key.material.toString('base64') })),
    signingKeys: signingKeys.map((key) => ({
      ...key,
      aliases: [...key.aliases],
      publicKey: key.publicKey.toString('base64'),
    })),
  };
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
  renameSync(temp, file);
}
