// A KMS-compatible HTTP service (AWS JSON 1.1 protocol) so the real @aws-sdk/client-kms runs unchanged against local keys.
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
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
class KmsError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

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
      send(res, 500, { __type: 'KMSInternalException', message: 'Internal error' }),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const actualPort = (server.address() as AddressInfo).port;
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
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // SDK clients keep connections alive; don't wait for them
      }),
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
      return send(res, 204);
    }
    return send(res, 200, { requests }, 'application/json');
  }
  const target = String(req.headers['x-amz-target'] ?? '');
  const op = target.startsWith('TrentService.') ? target.slice('TrentService.'.length) : '';
  if (req.method !== 'POST' || !op) {
    return send(res, 400, {
      __type: 'UnknownOperationException',
      message: 'Expected POST / with X-Amz-Target: TrentService.<Operation>',
    });
  }
  requests[op] = (requests[op] ?? 0) + 1;
  const operation = operations[op];
  if (!operation)
    return send(res, 400, { __type: 'UnknownOperationException', message: `Operation ${op} is not supported locally` });

  try {
    // Signatures are not checked: this service only listens on loopback and holds throwaway keys.
    const body = await readBody(req);
    const input: unknown = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      throw new KmsError('SerializationException', 'Request body must be a JSON object');
    }
    send(res, 200, operation(input as Record<string, unknown>));
  } catch (error) {
    if (error instanceof KmsError) return send(res, 400, { __type: error.type, message: error.message });
    if (error instanceof SyntaxError)
      return send(res, 400, { __type: 'SerializationException', message: 'Malformed JSON' });
    throw error;
  }
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

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_REQUEST_BYTES) throw new KmsError('ValidationException', 'Request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function send(res: ServerResponse, status: number, body?: unknown, contentType = 'application/x-amz-json-1.1'): void {
  res.statusCode = status;
  res.setHeader('x-amzn-RequestId', randomUUID());
  if (body === undefined) return void res.end();
  res.setHeader('Content-Type', contentType);
  res.end(JSON.stringify(body));
}
