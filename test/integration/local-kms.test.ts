// The local KMS service through the real @aws-sdk/client-kms: envelope round trip, context binding, KMS's error types,
// and the digest key: Sign (for the one allowed caller), Verify, GetPublicKey.
import { createPublicKey, verify as cryptoVerify } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  DecryptCommand,
  DescribeKeyCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  GetPublicKeyCommand,
  IncorrectKeyException,
  InvalidCiphertextException,
  InvalidKeyUsageException,
  KMSClient,
  KMSInvalidSignatureException,
  NotFoundException,
  SignCommand,
  VerifyCommand,
} from '@aws-sdk/client-kms';
import { type KmsServerHandle, startKmsServer } from '../../local/kms/server';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const clientFor = (kms: KmsServerHandle): KMSClient =>
  new KMSClient({ endpoint: kms.endpoint, region: 'us-east-1', credentials });

describe('local KMS service', () => {
  let kms: KmsServerHandle;
  let client: KMSClient;

  beforeAll(async () => {
    kms = await startKmsServer({ aliases: ['alias/local-data-key', 'alias/second'] });
    client = clientFor(kms);
  });
  afterAll(async () => {
    client.destroy();
    await kms.stop();
  });
  beforeEach(() => kms.resetStats());

  it('GenerateDataKey → Decrypt returns the same 256-bit key and the key ARN', async () => {
    const context = { subjectId: 'subject-1' };
    const generated = await client.send(
      new GenerateDataKeyCommand({ KeyId: 'alias/local-data-key', KeySpec: 'AES_256', EncryptionContext: context }),
    );
    expect(generated.Plaintext).toHaveLength(32);
    expect(generated.KeyId).toBe(kms.keyArn);
    expect(kms.keyArn).toBe(`arn:aws:kms:us-east-1:000000000000:key/${kms.keyId}`);

    // No KeyId: the key is identified by the blob, as in KMS.
    const decrypted = await client.send(
      new DecryptCommand({ CiphertextBlob: generated.CiphertextBlob, EncryptionContext: { subjectId: 'subject-1' } }),
    );
    expect(Buffer.from(decrypted.Plaintext as Uint8Array)).toEqual(Buffer.from(generated.Plaintext as Uint8Array));
    expect(decrypted.KeyId).toBe(kms.keyArn);
    expect(kms.stats.requests).toEqual({ GenerateDataKey: 1, Decrypt: 1 });
  });

  it('Decrypt with another or a missing encryption context fails with InvalidCiphertextException', async () => {
    const { CiphertextBlob } = await client.send(
      new GenerateDataKeyCommand({ KeyId: kms.keyId, NumberOfBytes: 16, EncryptionContext: { subjectId: 'a' } }),
    );
    await expect(
      client.send(new DecryptCommand({ CiphertextBlob, EncryptionContext: { subjectId: 'b' } })),
    ).rejects.toBeInstanceOf(InvalidCiphertextException);
    await expect(client.send(new DecryptCommand({ CiphertextBlob }))).rejects.toBeInstanceOf(
      InvalidCiphertextException,
    );
    await expect(client.send(new DecryptCommand({ CiphertextBlob: Buffer.from('garbage') }))).rejects.toBeInstanceOf(
      InvalidCiphertextException,
    );
    expect(kms.stats.requests.Decrypt).toBe(3);
  });

  it('Encrypt/Decrypt with any form of KeyId; a KeyId naming another key is IncorrectKeyException', async () => {
    const second = await client.send(new DescribeKeyCommand({ KeyId: 'alias/second' }));
    const secondArn = second.KeyMetadata?.Arn as string;
    for (const keyId of [
      'alias/second',
      secondArn,
      second.KeyMetadata?.KeyId,
      'arn:aws:kms:us-east-1:000000000000:alias/second',
    ]) {
      const { CiphertextBlob, KeyId } = await client.send(
        new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('hello') }),
      );
      expect(KeyId).toBe(secondArn);
      const { Plaintext } = await client.send(new DecryptCommand({ CiphertextBlob, KeyId: keyId }));
      expect(Buffer.from(Plaintext as Uint8Array).toString()).toBe('hello');
      await expect(client.send(new DecryptCommand({ CiphertextBlob, KeyId: kms.keyId }))).rejects.toBeInstanceOf(
        IncorrectKeyException,
      );
    }
  });

  it('DescribeKey reports an enabled symmetric key; unknown keys are NotFoundException', async () => {
    const { KeyMetadata } = await client.send(new DescribeKeyCommand({ KeyId: kms.keyArn }));
    expect(KeyMetadata).toMatchObject({
      KeyId: kms.keyId,
      Arn: kms.keyArn,
      Enabled: true,
      KeyState: 'Enabled',
      KeyUsage: 'ENCRYPT_DECRYPT',
    });
    expect(KeyMetadata?.CreationDate).toBeInstanceOf(Date);
    await expect(client.send(new DescribeKeyCommand({ KeyId: 'alias/nope' }))).rejects.toBeInstanceOf(
      NotFoundException,
    );
    await expect(
      client.send(new GenerateDataKeyCommand({ KeyId: '11111111-2222-3333-4444-555555555555', KeySpec: 'AES_256' })),
    ).rejects.toBeInstanceOf(NotFoundException);
  });

  it('answers errors in KMS wire format and serves counters at GET /_stats', async () => {
    const response = await fetch(kms.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.Decrypt' },
      body: JSON.stringify({
        CiphertextBlob: Buffer.from('nope-nope-nope-nope-nope-nope-nope-nope').toString('base64'),
      }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ __type: 'InvalidCiphertextException', message: expect.any(String) });
    const stats = await (await fetch(`${kms.endpoint}/_stats`)).json();
    expect(stats).toEqual({ requests: { Decrypt: 1 } });
  });

  it('keeps keys across restarts in persist mode', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kms-persist-'));
    const keyFile = path.join(dir, 'kms-keys.json');
    try {
      const first = await startKmsServer({ keyFile });
      const firstClient = clientFor(first);
      const { CiphertextBlob } = await firstClient.send(
        new EncryptCommand({ KeyId: 'alias/local-data-key', Plaintext: Buffer.from('kept') }),
      );
      firstClient.destroy();
      await first.stop();
      expect(statSync(keyFile).mode & 0o777).toBe(0o600);

      const second = await startKmsServer({ keyFile });
      const secondClient = clientFor(second);
      expect(second.keyId).toBe(first.keyId);
      const { Plaintext } = await secondClient.send(new DecryptCommand({ CiphertextBlob }));
      expect(Buffer.from(Plaintext as Uint8Array).toString()).toBe('kept');
      secondClient.destroy();
      await second.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('local KMS signing keys (audit digests)', () => {
  let kms: KmsServerHandle;
  const signer = { accessKeyId: 'jobAuditDigest', secretAccessKey: 'local' };
  const as = (id: { accessKeyId: string; secretAccessKey: string }) =>
    new KMSClient({ endpoint: kms.endpoint, region: 'us-east-1', credentials: id });
  const sign = (client: KMSClient, message: string) =>
    client.send(
      new SignCommand({
        KeyId: 'alias/local-audit-digests',
        Message: Buffer.from(message),
        MessageType: 'RAW',
        SigningAlgorithm: 'ECDSA_SHA_256',
      }),
    );

  beforeAll(async () => {
    kms = await startKmsServer({ signers: [signer.accessKeyId] });
  });
  afterAll(() => kms.stop());

  it('signs for the one allowed caller; the signature verifies with GetPublicKey’s key, in KMS and out of it', async () => {
    const client = as(signer);
    const { Signature, KeyId, SigningAlgorithm } = await sign(client, 'digest payload');
    expect({ KeyId, SigningAlgorithm }).toEqual({ KeyId: kms.signingKeyArn, SigningAlgorithm: 'ECDSA_SHA_256' });

    const publicKey = await client.send(new GetPublicKeyCommand({ KeyId: kms.signingKeyArn }));
    expect(publicKey).toMatchObject({ KeyId: kms.signingKeyArn, KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
    const spki = createPublicKey({ key: Buffer.from(publicKey.PublicKey as Uint8Array), format: 'der', type: 'spki' });
    expect(cryptoVerify('sha256', Buffer.from('digest payload'), spki, Buffer.from(Signature as Uint8Array))).toBe(
      true,
    );

    const verified = await client.send(
      new VerifyCommand({
        KeyId: 'alias/local-audit-digests',
        Message: Buffer.from('digest payload'),
        MessageType: 'RAW',
        Signature,
        SigningAlgorithm: 'ECDSA_SHA_256',
      }),
    );
    expect(verified.SignatureValid).toBe(true);
    await expect(
      client.send(
        new VerifyCommand({
          KeyId: 'alias/local-audit-digests',
          Message: Buffer.from('another payload'),
          MessageType: 'RAW',
          Signature,
          SigningAlgorithm: 'ECDSA_SHA_256',
        }),
      ),
    ).rejects.toBeInstanceOf(KMSInvalidSignatureException);
    client.destroy();
  });

  it('refuses Sign to anyone else, and each key’s use to the other kind of operation', async () => {
    const other = as(credentials);
    await expect(sign(other, 'forged')).rejects.toMatchObject({ name: 'AccessDeniedException' });
    await expect(
      other.send(new EncryptCommand({ KeyId: 'alias/local-audit-digests', Plaintext: Buffer.from('x') })),
    ).rejects.toBeInstanceOf(InvalidKeyUsageException);
    await expect(other.send(new GetPublicKeyCommand({ KeyId: kms.keyArn }))).rejects.toBeInstanceOf(
      InvalidKeyUsageException,
    );
    const described = await other.send(new DescribeKeyCommand({ KeyId: 'alias/local-audit-digests' }));
    expect(described.KeyMetadata).toMatchObject({ KeyUsage: 'SIGN_VERIFY', KeySpec: 'ECC_NIST_P256' });
    other.destroy();
  });

  it('keeps the signing key across restarts in persist mode', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kms-persist-signing-'));
    const keyFile = path.join(dir, 'kms-keys.json');
    try {
      const first = await startKmsServer({ keyFile });
      await first.stop();
      const second = await startKmsServer({ keyFile });
      expect(second.signingKeyArn).toBe(first.signingKeyArn);
      await second.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
