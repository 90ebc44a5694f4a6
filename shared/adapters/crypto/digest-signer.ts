/**
 * The digest key in KMS: an asymmetric ECC_NIST_P256 key whose key policy lets only the digest job
 * sign (docs/decisions/0030). The private half never leaves KMS; the public half is all a verifier
 * needs, and is fetched once per process.
 */
import type { KMSClient } from '@aws-sdk/client-kms';
import { DIGEST_SIGNING_ALGORITHM } from '../../domain/audit-digest';
import { UnavailableError } from '../../domain/errors';
import type { DigestPublicKey, DigestSigner } from '../../ports/audit';

export class KmsDigestKey implements DigestSigner, DigestPublicKey {
  private key: Promise<{ keyId: string; publicKey: Buffer }> | undefined;

  /** `kms`: the client, loaded on first use (shared/adapters/lazy-client.ts). */
  constructor(private readonly deps: { readonly kms: () => Promise<KMSClient>; readonly keyId: string }) {}

  async keyId(): Promise<string> {
    return (await this.describe()).keyId;
  }

  async publicKey(): Promise<Buffer> {
    return (await this.describe()).publicKey;
  }

  async sign(message: Buffer): Promise<string> {
    const [kms, { SignCommand }] = await Promise.all([this.deps.kms(), import('@aws-sdk/client-kms')]);
    const { Signature } = await kms.send(
      new SignCommand({
        KeyId: this.deps.keyId,
        Message: message,
        MessageType: 'RAW',
        SigningAlgorithm: DIGEST_SIGNING_ALGORITHM,
      }),
    );
    if (!Signature) throw new UnavailableError('The digest key returned no signature.');
    return Buffer.from(Signature).toString('base64');
  }

  /** The key's ARN and SubjectPublicKeyInfo; a failed lookup is forgotten, so the next call retries. */
  private describe(): Promise<{ keyId: string; publicKey: Buffer }> {
    this.key ??= Promise.all([this.deps.kms(), import('@aws-sdk/client-kms')])
      .then(([kms, { GetPublicKeyCommand }]) => kms.send(new GetPublicKeyCommand({ KeyId: this.deps.keyId })))
      .then(({ KeyId, PublicKey }) => {
        if (!KeyId || !PublicKey) throw new UnavailableError('The digest key has no public key.');
        return { keyId: KeyId, publicKey: Buffer.from(PublicKey) };
      })
      .catch((e: unknown) => {
        this.key = undefined;
        throw e;
      });
    return this.key;
  }
}

/** A public key handed over as PEM or DER (the verifier outside the system has no KMS access). */
export class StaticDigestKey implements DigestPublicKey {
  constructor(private readonly spki: Buffer) {}

  async publicKey(): Promise<Buffer> {
    return this.spki;
  }
}
