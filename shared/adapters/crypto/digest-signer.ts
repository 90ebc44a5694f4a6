/**
 * The digest key in KMS: an asymmetric ECC_NIST_P256 key whose key policy lets only the digest job
 * sign (docs/decisions/0030). The private half never leaves KMS; the public half is all a verifier
 * needs, and is fetched once per process.
 */
import { GetPublicKeyCommand, type KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { DIGEST_SIGNING_ALGORITHM } from '../../domain/audit-digest';
import { UnavailableError } from '../../domain/errors';
import type { DigestPublicKey, DigestSigner } from '../../ports/audit';

export class KmsDigestKey implements DigestSigner, DigestPublicKey {
  private key: Promise<{ keyId: string; publicKey: Buffer }> | undefined;

  constructor(private readonly deps: { readonly kms: KMSClient; readonly keyId: string }) {}

  async keyId(): Promise<string> {
    return (await this.describe()).keyId;
  }

  async publicKey(): Promise<Buffer> {
    return (await this.describe()).publicKey;
  }

  async sign(message: Buffer): Promise<string> {
    const { Signature } = await this.deps.kms.send(
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
    this.key ??= this.deps.kms
      .send(new GetPublicKeyCommand({ KeyId: this.deps.keyId }))
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
