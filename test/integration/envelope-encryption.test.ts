import { DeleteItemCommand, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { startKmsServer } from '../../local/kms/server';
import { decryptField } from '../../shared/adapters/crypto/field-cipher';
import { PROFILE_SK, subjectPk } from '../../shared/adapters/dynamodb/keys';
import { getOwnProfile, registerProfile } from '../../shared/usecases/account';
import { seedInitialPolicy } from '../../shared/usecases/policy';
import { canaries, dynamodbClient, freshTables, harness, kmsClient, selfAccess } from '../support/app-harness';

const self = selfAccess;

async function registered(h: Awaited<ReturnType<typeof harness>>, tag: string) {
  await seedInitialPolicy(h.deps, { content: 'P', summary: 'S', effectiveAt: new Date('2026-01-01T00:00:00Z') });
  const c = canaries(tag);
  await registerProfile(h.deps, { name: c.name, email: c.email, acceptPolicyVersion: 1 }, self(tag));
}

describe('per-subject envelope encryption', () => {
  it('serves 100 reads of one profile with a single KMS Decrypt', async () => {
    const kms = await startKmsServer({ port: 0 });
    try {
      const names = await freshTables();
      const writer = await harness({ names, kms: kmsClient(kms.endpoint), config: { KMS_KEY_ID: kms.keyId } });
      await registered(writer, 'kms1');
      // A new process: nothing cached yet.
      const reader = await harness({ names, kms: kmsClient(kms.endpoint), config: { KMS_KEY_ID: kms.keyId } });
      kms.resetStats();
      for (let i = 0; i < 100; i++) await getOwnProfile(reader.deps, self('kms1'));
      expect(kms.stats.requests.Decrypt ?? 0).toBe(1);
      expect(kms.stats.requests.GenerateDataKey ?? 0).toBe(0);
    } finally {
      await kms.stop();
    }
  });

  it('[P-35] fails closed with "gone" once the wrapped key is deleted, and old ciphertext stays unreadable', async () => {
    const h = await harness();
    await registered(h, 'shred1');
    const client = dynamodbClient();
    const saved = await client.send(
      new GetItemCommand({ TableName: h.names.data, Key: { pk: { S: subjectPk('shred1') }, sk: { S: PROFILE_SK } } }),
    );
    await h.deps.keyring.shred('shred1');

    const fresh = await harness({ names: h.names });
    await expect(getOwnProfile(fresh.deps, self('shred1'))).rejects.toMatchObject({ status: 410, kind: 'gone' });
    await expect(getOwnProfile(h.deps, self('shred1'))).rejects.toMatchObject({ status: 410 });
    // The saved ciphertext cannot be opened with any key the system can still produce.
    const otherKey = await fresh.deps.keyring.dataKey('someone-else', { create: true, uses: 1 });
    const sealed = saved.Item?.email?.S ?? '';
    expect(sealed).toMatch(/^v1\./);
    expect(() =>
      decryptField(otherKey, sealed, { table: 'data', pk: subjectPk('shred1'), sk: PROFILE_SK, attribute: 'email' }),
    ).toThrow();
    const stored = await client.send(
      new GetItemCommand({ TableName: h.names.keys, Key: { pk: { S: subjectPk('shred1') } } }),
    );
    expect(stored.Item).toBeUndefined();
  });

  it('gives concurrent first writers of one subject the same key', async () => {
    const h = await harness();
    const keys = await Promise.all(
      Array.from({ length: 8 }, async () => {
        const process = await harness({ names: h.names });
        return (await process.deps.keyring.dataKey('race', { create: true, uses: 1 })).toString('hex');
      }),
    );
    expect(new Set(keys).size).toBe(1);
  });

  it('refuses to work (503) and writes nothing when KMS is unreachable', async () => {
    const h = await harness({ seedPolicy: true });
    const offline = await harness({ names: h.names, kms: kmsClient('http://127.0.0.1:9') });
    const c = canaries('offline');
    await expect(
      registerProfile(offline.deps, { name: c.name, email: c.email, acceptPolicyVersion: 1 }, self('offline')),
    ).rejects.toMatchObject({ status: 503 });
    await expect(getOwnProfile(h.deps, self('offline'))).rejects.toMatchObject({ status: 404 });
  });

  it('[P-10] refuses a wrapped key presented under another subject’s encryption context', async () => {
    const h = await harness();
    await h.deps.keyring.dataKey('ctx-a', { create: true, uses: 1 });
    const client = dynamodbClient();
    const a = await client.send(
      new GetItemCommand({ TableName: h.names.keys, Key: { pk: { S: subjectPk('ctx-a') } } }),
    );
    // Move A's wrapped key to B: KMS must refuse to unwrap it under B's context.
    await client.send(
      new (await import('@aws-sdk/client-dynamodb')).PutItemCommand({
        TableName: h.names.keys,
        Item: { ...a.Item, pk: { S: subjectPk('ctx-b') } },
      }),
    );
    const fresh = await harness({ names: h.names });
    await expect(fresh.deps.keyring.dataKey('ctx-b', { create: false, uses: 1 })).rejects.toMatchObject({
      status: 503,
    });
    await client.send(new DeleteItemCommand({ TableName: h.names.keys, Key: { pk: { S: subjectPk('ctx-b') } } }));
  });
});
