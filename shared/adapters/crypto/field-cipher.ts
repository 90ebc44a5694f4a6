/**
 * AES-256-GCM for one personal field. The additional authenticated data binds each ciphertext to
 * its table, item key and attribute name, so a ciphertext copied to another record or attribute
 * fails to decrypt instead of silently revealing someone else's value.
 */
import { createCipheriv, createDecipheriv, createSecretKey, type KeyObject, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Where a ciphertext lives. `table` is the logical table id, stable across environments. */
export interface FieldBinding {
  readonly table: string;
  readonly pk: string;
  readonly sk: string;
  readonly attribute: string;
}

export class FieldDecryptionError extends Error {
  override name = 'FieldDecryptionError';
}

/**
 * Node builds a key object from raw bytes on every cipher call; reusing one per data key makes each
 * field operation about four times cheaper. Weak: a key forgotten by the cache is collected here too.
 */
const keyObjects = new WeakMap<Buffer, KeyObject>();
function keyObject(key: Buffer): KeyObject {
  let object = keyObjects.get(key);
  if (!object) {
    object = createSecretKey(key);
    keyObjects.set(key, object);
  }
  return object;
}

/** Drops the key object made from `key` (crypto-shredding: no usable copy stays reachable here). */
export function forgetKey(key: Buffer): void {
  keyObjects.delete(key);
}

const aad = (b: FieldBinding): Buffer =>
  Buffer.from([VERSION, b.table, b.pk, b.sk, b.attribute].join('\u0000'), 'utf8');

/** Encrypts `plaintext` under a 256-bit key; output is `v1.<iv>.<ciphertext+tag>` in base64url. */
export function encryptField(key: Buffer, plaintext: string, binding: FieldBinding): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keyObject(key), iv);
  cipher.setAAD(aad(binding));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `${VERSION}.${iv.toString('base64url')}.${body.toString('base64url')}`;
}

/** Decrypts a value from {@link encryptField}; throws {@link FieldDecryptionError} on any mismatch. */
export function decryptField(key: Buffer, sealed: string, binding: FieldBinding): string {
  const [version, ivText, bodyText] = sealed.split('.');
  if (version !== VERSION || !ivText || !bodyText) throw new FieldDecryptionError('Unrecognised ciphertext format');
  const iv = Buffer.from(ivText, 'base64url');
  const body = Buffer.from(bodyText, 'base64url');
  if (iv.length !== IV_BYTES || body.length < TAG_BYTES) throw new FieldDecryptionError('Truncated ciphertext');
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyObject(key), iv);
    decipher.setAAD(aad(binding));
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
    return Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    throw new FieldDecryptionError('Ciphertext does not authenticate for this record');
  }
}
