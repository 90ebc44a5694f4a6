// A KMS-compatible HTTP service (AWS JSON 1.1 protocol) so the real @aws-sdk/client-kms runs unchanged against local keys:
// envelope encryption with symmetric keys, and Sign / Verify / GetPublicKey with ECC_NIST_P256 signing keys.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { type AwsJsonCaller, AwsJsonError, sendJson, serveAwsJson, stopServer } from '../aws-json';
import { listen } from '../listen';
import {
  DEFAULT_KEY_ALIAS,
  DEFAULT_SIGNING_ALIAS,
  type EncryptionContext,
  InvalidCiphertextError,
  KeyStore,
  LOCAL_ACCOUNT_ID,
  type MasterKey,
  type SigningKey,
} from './keystore';

export interface KmsServerOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** Persist mode: master keys are loaded from / saved to this file. Without it keys are random per start. */
  keyFile?: string;
  region?: string;
  /** One master key per alias; the first is the one returned as `keyId`. */
  aliases?: readonly string[];
  /** One signing key (ECC_NIST_P256) per alias; the first is the one returned as `signingKeyArn`. */
  signingAliases?: readonly string[];
  /**
   * The signing keys' key policy: the access key ids allowed to Sign (the local digest job's), as
   * KMS's key policy names the one role that may. Absent: any caller may sign.
   */
  signers?: readonly string[];
}

export interface KmsServerHandle {
  readonly endpoint: string;
  readonly port: number;
  readonly keyId: string;
  readonly keyArn: string;
  /** ARN of the first signing key (audit digests). */
  readonly signingKeyArn: string;
  /** Calls per operation (failed ones included), e.g. `{ Decrypt: 1 }`; also served at `GET /_stats`. */
  readonly stats: { readonly requests: Record<string, number> };
  resetStats(): void;
  stop(): Promise<void>;
}

/** An error in KMS's wire format: HTTP 400 and `{"__type": name, "message": ...}`. */
class KmsError extends AwsJsonError {}

type Operation = (input: Record<string, unknown>, caller: AwsJsonCaller) => Record<string, unknown>;

const MAX_REQUEST_BYTES = 1024 * 1024;

export async function startKmsServer(options: KmsServerOptions = {}): Promise<KmsServerHandle> {
  const { port = 0, host = '127.0.0.1', region = 'us-east-1', aliases = [DEFAULT_KEY_ALIAS] } = options;
  const signingAliases = options.signingAliases ?? [DEFAULT_SIGNING_ALIAS];
  const store = options.keyFile
    ? KeyStore.loadOrCreate(options.keyFile, region, aliases, signingAliases)
    : KeyStore.generate(region, aliases, signingAliases);
  const requests: Record<string, number> = {};
  const operations = kmsOperations(store, options.signers);

  const server = createServer((req, res) => {
    handle(req, res, operations, requests).catch(() =>
      sendJson(res, 500, { __type: 'KMSInternalException', message: 'Internal error' }),
    );
  });
  const actualPort = await listen(server, port, host);
  const primary = store.keys[0] as MasterKey;
  const signing = store.signingKeys[0];

  return {
    endpoint: `http://${host}:${actualPort}`,
    port: actualPort,
    keyId: primary.keyId,
    keyArn: store.arn(primary),
    signingKeyArn: signing ? store.arn(signing) : '',
    stats: { requests },
    resetStats: () => {
      for (const op of Object.keys(requests)) delete requests[op];
    },
    stop: () => stopServer(server),
  };
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  operations: Record<string, Operation>,
  requests: Record<string, number>,
): Promise<void> {
  if (req.url === '/_stats') {
    if (req.method === 'DELETE') {
      for (const op of Object.keys(requests)) delete requests[op];
      return sendJson(res, 204);
    }
    return sendJson(res, 200, { requests }, 'application/json');
  }
  return serveAwsJson(req, res, {
    targetPrefix: 'TrentService',
    operations,
    maxRequestBytes: MAX_REQUEST_BYTES,
    tooLarge: new KmsError('ValidationException', 'Request body too large'),
    onOperation: (op) => {
      requests[op] = (requests[op] ?? 0) + 1;
    },
  });
}

function kmsOperations(store: KeyStore, signers: readonly string[] | undefined): Record<string, Operation> {
  const keyIdOf = (input: Record<string, unknown>): string => {
    const keyId = input.KeyId;
    if (typeof keyId !== 'string' || keyId.length === 0) {
      throw new KmsError(
        'ValidationException',
        "1 validation error detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null",
      );
    }
    return keyId;
  };
  /** A symmetric key; naming a signing key is KMS's InvalidKeyUsageException. */
  const keyFor = (input: Record<string, unknown>): MasterKey => {
    const keyId = keyIdOf(input);
    const key = store.resolve(keyId);
    if (key) return key;
    if (store.resolveSigning(keyId)) throw wrongUsage(keyId, 'ENCRYPT_DECRYPT');
    throw new KmsError('NotFoundException', `Key '${keyId}' does not exist`);
  };
  const signingKeyFor = (input: Record<string, unknown>): SigningKey => {
    const keyId = keyIdOf(input);
    const key = store.resolveSigning(keyId);
    if (key) return key;
    if (store.resolve(keyId)) throw wrongUsage(keyId, 'SIGN_VERIFY');
    throw new KmsError('NotFoundException', `Key '${keyId}' does not exist`);
  };

  return {
    GenerateDataKey: (input) => {
      const key = keyFor(input);
      const plaintext = randomBytes(dataKeyLength(input));
      return {
        KeyId: store.arn(key),
        Plaintext: plaintext.toString('base64'),
        CiphertextBlob: store.encrypt(key, plaintext, contextOf(input)).toString('base64'),
      };
    },
    Encrypt: (input) => {
      const key = keyFor(input);
      const plaintext = blob(input.Plaintext, 'Plaintext', 'ValidationException');
      if (plaintext.length < 1 || plaintext.length > 4096) {
        throw new KmsError('ValidationException', 'Plaintext must be between 1 and 4096 bytes');
      }
      return {
        KeyId: store.arn(key),
        CiphertextBlob: store.encrypt(key, plaintext, contextOf(input)).toString('base64'),
        EncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
      };
    },
    Decrypt: (input) => {
      const ciphertext = blob(input.CiphertextBlob, 'CiphertextBlob', 'InvalidCiphertextException');
      const expected = input.KeyId === undefined ? undefined : keyFor(input);
      try {
        const { key, plaintext } = store.decrypt(ciphertext, contextOf(input));
        if (expected && expected.keyId !== key.keyId) {
          throw new KmsError(
            'IncorrectKeyException',
            'The key ID in the request does not identify the key that encrypted the ciphertext',
          );
        }
        return {
          KeyId: store.arn(key),
          Plaintext: plaintext.toString('base64'),
          EncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
        };
      } catch (error) {
        if (error instanceof InvalidCiphertextError) throw new KmsError('InvalidCiphertextException', error.message);
        throw error;
      }
    },
    Sign: (input, caller) => {
      const key = signingKeyFor(input);
      if (signers && !signers.includes(caller.accessKeyId ?? '')) {
        throw new KmsError(
          'AccessDeniedException',
          `User: ${caller.accessKeyId ?? 'anonymous'} is not authorized to perform: kms:Sign on ${store.arn(key)} because no key policy allows it`,
        );
      }
      const message = signedMessage(input);
      return {
        KeyId: store.arn(key),
        Signature: store.sign(key, message).toString('base64'),
        SigningAlgorithm: ALGORITHM,
      };
    },
    Verify: (input) => {
      const key = signingKeyFor(input);
      const message = signedMessage(input);
      const signature = blob(input.Signature, 'Signature', 'ValidationException');
      if (!store.verify(key, message, signature)) {
        throw new KmsError('KMSInvalidSignatureException', 'The signature is not valid for this message and key');
      }
      return { KeyId: store.arn(key), SignatureValid: true, SigningAlgorithm: ALGORITHM };
    },
    GetPublicKey: (input) => {
      const key = signingKeyFor(input);
      return {
        KeyId: store.arn(key),
        PublicKey: key.publicKey.toString('base64'),
        CustomerMasterKeySpec: 'ECC_NIST_P256',
        KeySpec: 'ECC_NIST_P256',
        KeyUsage: 'SIGN_VERIFY',
        SigningAlgorithms: [ALGORITHM],
      };
    },
    DescribeKey: (input) => {
      const signing = store.resolveSigning(keyIdOf(input));
      if (signing) return { KeyMetadata: signingMetadata(store, signing) };
      const key = keyFor(input);
      return {
        KeyMetadata: {
          AWSAccountId: LOCAL_ACCOUNT_ID,
          KeyId: key.keyId,
          Arn: store.arn(key),
          CreationDate: key.createdAt,
          Enabled: true,
          Description: `Local key ${key.aliases.join(', ')}`,
          KeyUsage: 'ENCRYPT_DECRYPT',
          KeyState: 'Enabled',
          Origin: 'AWS_KMS',
          KeyManager: 'CUSTOMER',
          CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT',
          KeySpec: 'SYMMETRIC_DEFAULT',
          EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
          MultiRegion: false,
        },
      };
    },
  };
}

/** The one signing algorithm of ECC_NIST_P256 keys this service offers (what audit digests use). */
const ALGORITHM = 'ECDSA_SHA_256';
/** KMS signs at most 4096 bytes of RAW message. */
const MAX_MESSAGE_BYTES = 4096;

/** The message of Sign / Verify: RAW only (KMS hashes it); a precomputed DIGEST is not offered locally. */
function signedMessage(input: Record<string, unknown>): Buffer {
  if (input.SigningAlgorithm !== ALGORITHM) {
    throw new KmsError('ValidationException', `SigningAlgorithm must be ${ALGORITHM} for an ECC_NIST_P256 key`);
  }
  if ((input.MessageType ?? 'RAW') !== 'RAW') {
    throw new KmsError('ValidationException', 'Only MessageType RAW is supported locally');
  }
  const message = blob(input.Message, 'Message', 'ValidationException');
  if (message.length > MAX_MESSAGE_BYTES) {
    throw new KmsError('ValidationException', `Message must be at most ${MAX_MESSAGE_BYTES} bytes`);
  }
  return message;
}

function wrongUsage(keyId: string, needed: 'ENCRYPT_DECRYPT' | 'SIGN_VERIFY'): KmsError {
  return new KmsError('InvalidKeyUsageException', `Key '${keyId}' cannot be used for ${needed} operations`);
}

function signingMetadata(store: KeyStore, key: SigningKey): Record<string, unknown> {
  return {
    AWSAccountId: LOCAL_ACCOUNT_ID,
    KeyId: key.keyId,
    Arn: store.arn(key),
    CreationDate: key.createdAt,
    Enabled: true,
    Description: `Local signing key ${key.aliases.join(', ')}`,
    KeyUsage: 'SIGN_VERIFY',
    KeyState: 'Enabled',
    Origin: 'AWS_KMS',
    KeyManager: 'CUSTOMER',
    CustomerMasterKeySpec: 'ECC_NIST_P256',
    KeySpec: 'ECC_NIST_P256',
    SigningAlgorithms: [ALGORITHM],
    MultiRegion: false,
  };
}

function dataKeyLength(input: Record<string, unknown>): number {
  const { KeySpec: spec, NumberOfBytes: bytes } = input;
  if ((spec === undefined) === (bytes === undefined)) {
    throw new KmsError('ValidationException', 'Specify either KeySpec or NumberOfBytes, but not both');
  }
  if (spec === 'AES_256') return 32;
  if (spec === 'AES_128') return 16;
  if (typeof bytes === 'number' && Number.isInteger(bytes) && bytes >= 1 && bytes <= 1024) return bytes;
  throw new KmsError('ValidationException', 'KeySpec must be AES_256 or AES_128; NumberOfBytes must be 1 to 1024');
}

function contextOf(input: Record<string, unknown>): EncryptionContext {
  const context = input.EncryptionContext ?? {};
  if (
    typeof context !== 'object' ||
    context === null ||
    Array.isArray(context) ||
    Object.values(context).some((v) => typeof v !== 'string')
  ) {
    throw new KmsError('ValidationException', 'EncryptionContext must map strings to strings');
  }
  return context as EncryptionContext;
}

function blob(value: unknown, field: string, errorType: string): Buffer {
  if (typeof value !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(value) || value.length === 0) {
    throw new KmsError(errorType, `${field} must be a non-empty base64 blob`);
  }
  return Buffer.from(value, 'base64');
}
