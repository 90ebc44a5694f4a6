import { randomBytes } from 'node:crypto';
import { decryptField, encryptField, FieldDecryptionError } from '../../shared/adapters/crypto/field-cipher';

const key = randomBytes(32);
const binding = { table: 'data', pk: 'SUBJECT#a', sk: 'PROFILE', attribute: 'email' };

describe('field cipher (AES-256-GCM bound to its record)', () => {
  it('round-trips a value and never emits the plaintext', () => {
    const sealed = encryptField(key, 'canary-alice@example.com', binding);
    expect(sealed).not.toContain('canary');
    expect(decryptField(key, sealed, binding)).toBe('canary-alice@example.com');
  });

  it('uses a fresh IV so equal plaintexts give different ciphertexts', () => {
    expect(encryptField(key, 'same', binding)).not.toBe(encryptField(key, 'same', binding));
  });

  it.each([
    ['another attribute', { ...binding, attribute: 'name' }],
    ['another record', { ...binding, pk: 'SUBJECT#b' }],
    ['another sort key', { ...binding, sk: 'ORDER#1' }],
    ['another table', { ...binding, table: 'audit' }],
  ])('refuses a ciphertext moved to %s', (_, moved) => {
    const sealed = encryptField(key, 'secret', binding);
    expect(() => decryptField(key, sealed, moved)).toThrow(FieldDecryptionError);
  });

  it('[P-10] refuses the wrong key and a tampered ciphertext', () => {
    const sealed = encryptField(key, 'secret', binding);
    expect(() => decryptField(randomBytes(32), sealed, binding)).toThrow(FieldDecryptionError);
    const [v, iv, body] = sealed.split('.');
    const flipped = Buffer.from(body ?? '', 'base64url');
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    expect(() => decryptField(key, `${v}.${iv}.${flipped.toString('base64url')}`, binding)).toThrow(
      FieldDecryptionError,
    );
    expect(() => decryptField(key, 'not-a-ciphertext', binding)).toThrow(FieldDecryptionError);
  });
});
