// A KMS-compatible HTTP service (AWS JSON 1.1 protocol) so the real @aws-sdk/client-kms runs unchanged against local keys.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { AwsJsonError, sendJson, serveAwsJson, stopServer } from '../aws-json';
import { listen } from '../listen';
import {
  DEFAULT_KEY_ALIAS,
  type EncryptionContext,
  InvalidCiphertextError,
  KeyStore,
  LOCAL_ACCOUNT_ID,
  type MasterKey,
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
}

export interface KmsServerHandle {
  readonly endpoint: string;
  readonly port: number;
  readonly keyId: string;
  readonly keyArn: string;
  /** Calls per operation (failed ones included), e.g. `{ Decrypt: 1 }`; also served at `GET /_stats`. */
  readonly stats: { readonly requests: Record<string, number> };
  resetStats(): void;
  stop(): Promise<void>;
}

/** An error in KMS's wire format: HTTP 400 and `{"__type": name, "message": ...}`. */
class KmsError extends AwsJsonError {}

type Operation = (input: Record<string, unknown>) => Record<string, unknown>;

const MAX_REQUEST_BYTES = 1024 * 1024;

export async function startKmsServer(options: KmsServerOptions = {}): Promise<KmsServerHandle> {
  const { port = 0, host = '127.0.0.1', region = 'us-east-1', aliases = [DEFAULT_KEY_ALIAS] } = options;
  const store = options.keyFile
    ? KeyStore.loadOrCreate(options.keyFile, region, aliases)
    : KeyStore.generate(region, aliases);
  const requests: Record<string, number> = {};
  const operations = kmsOperations(store);

  const server = createServer((req, res) => {
    handle(req, res, operations, requests).catch(() =>
      sendJson(res, 500, { __type: 'KMSInternalException', message: 'Internal error' }),
    );
  });
  const actualPort = await listen(server, port, host);
  const primary = store.keys[0] as MasterKey;

  return {
    endpoint: `http://${host}:${actualPort}`,
    port: actualPort,
    keyId: primary.keyId,
    keyArn: store.arn(primary),
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

function kmsOperations(store: KeyStore): Record<string, Operation> {
  const keyFor = (input: Record<string, unknown>): MasterKey => {
    const keyId = input.KeyId;
    if (typeof keyId !== 'string' || keyId.length === 0) {
      throw new KmsError(
        'ValidationException',
        "1 validation error detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null",
      );
    }
    const key = store.resolve(keyId);
    if (!key) throw new KmsError('NotFoundException', `Key '${keyId}' does not exist`);
    return key;
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
    DescribeKey: (input) => {
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
