// The local KMS's ciphertext format: bound to its key and encryption context, like KMS's.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { canonicalContext, InvalidCiphertextError, KeyStore, type MasterKey } from '../../local/kms/keystore';

describe('KeyStore', () => {
  const store = KeyStore.generate('us-east-1', ['alias/local-data-key', 'alias/other']);
  const [key, other] = store.keys as [(typeof store.keys)[number], (typeof store.keys)[number]];
  const plaintext = Buffer.from('a data key');

  it('round-trips under the same context, whatever the order of its keys', () => {
    const blob = store.encrypt(key, plaintext, { subjectId: 's1', table: 'keys' });
    const result = store.decrypt(blob, { table: 'keys', subjectId: 's1' });
    expect(result.key.keyId).toBe(key.keyId);
    expect(result.plaintext).toEqual(plaintext);
  });

  it('fails with another, a missing or an extra context entry', () => {
    const blob = store.encrypt(key, plaintext, { subjectId: 's1' });
    expect(() => store.decrypt(blob, { subjectId: 's2' })).toThrow(InvalidCiphertextError);
    expect(() => store.decrypt(blob, {})).toThrow(InvalidCiphertextError);
    expect(() => store.decrypt(blob, { subjectId: 's1', extra: 'x' })).toThrow(InvalidCiphertextError);
  });

  it('treats no context as the empty context', () => {
    expect(store.decrypt(store.encrypt(key, plaintext, {}), {}).plaintext).toEqual(plaintext);
  });

  it('fails on tampered, truncated or foreign blobs', () => {
    const blob = store.encrypt(key, plaintext, {});
    const tampered = Buffer.from(blob);
    tampered[tampered.length - 20] = (tampered[tampered.length - 20] as number) ^ 1;
    expect(() => store.decrypt(tampered, {})).toThrow(InvalidCiphertextError);
    expect(() => store.decrypt(blob.subarray(0, 20), {})).toThrow(InvalidCiphertextError);
    const foreign = KeyStore.generate('us-east-1');
    const elsewhere = foreign.encrypt(foreign.keys[0] as MasterKey, plaintext, {});
    expect(() => store.decrypt(elsewhere, {})).toThrow(InvalidCiphertextError);
  });

  it('finds keys by id, ARN, alias and alias ARN', () => {
    const arn = store.arn(other);
    expect(arn).toBe(`arn:aws:kms:us-east-1:000000000000:key/${other.keyId}`);
    expect(store.resolve(other.keyId)).toBe(other);
    expect(store.resolve(arn)).toBe(other);
    expect(store.resolve('alias/other')).toBe(other);
    expect(store.resolve('arn:aws:kms:us-east-1:000000000000:alias/local-data-key')).toBe(key);
    expect(store.resolve('alias/missing')).toBeUndefined();
    expect(store.resolve('00000000-0000-0000-0000-000000000000')).toBeUndefined();
  });

  it('canonicalises contexts with sorted keys', () => {
    expect(canonicalContext({ b: '2', a: '1' })).toBe('{"a":"1","b":"2"}');
  });

  it('persists keys to a 0600 file and reloads the same material', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kms-'));
    try {
      const file = path.join(dir, 'data', 'kms-keys.json');
      const first = KeyStore.loadOrCreate(file, 'us-east-1');
      const blob = first.encrypt(first.keys[0] as MasterKey, plaintext, { subjectId: 's' });
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const second = KeyStore.loadOrCreate(file, 'us-east-1');
      expect(second.keys[0]?.keyId).toBe(first.keys[0]?.keyId);
      expect(second.decrypt(blob, { subjectId: 's' }).plaintext).toEqual(plaintext);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
