/**
 * The provable audit trail against the real `npm start`: a customer and a support read, the hourly
 * digest and the daily verification run as `npm run job` (each as its own principal), the auditor's
 * status and chain check over HTTP, and `npm run audit:verify` from outside with read access and the
 * public key only — valid, then, after a record is rewritten directly in DynamoDB, naming the chain
 * and record.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DynamoDBClient, GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { DEMO_CATALOGUE } from '../../local/demo-catalogue';
import { apiClient, type CallOptions } from '../support/api-client';
import { useRunningStack } from '../support/running-stack';

const stack = useRunningStack();
const api = (method: string, url: string, options?: CallOptions) => apiClient(stack.url)(method, url, options);
const auditor: CallOptions = { sub: 'aud-1', groups: ['auditor'] };
/** `npm start` seeds the demo catalogue as a catalogue manager: one record per product on the catalogue's chain. */
const SEEDED_PRODUCTS = Object.keys(DEMO_CATALOGUE).length;

function run(args: readonly string[]) {
  return spawnSync(path.join(process.cwd(), 'node_modules/.bin/tsx'), [...args], {
    env: { ...process.env, LOCAL_RUNTIME_STATE: stack.stateFile },
    encoding: 'utf8',
  });
}
const job = (name: string) => run(['local/job.ts', name]);
const verifyFromOutside = (...args: string[]) => run(['scripts/audit-verify.ts', '--local', ...args]);

describe('a provable audit trail over HTTP and from outside', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'audit-e2e-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  beforeAll(async () => {
    const registered = await api('POST', '/v1/me', {
      sub: 'erin',
      body: { name: 'Erin Canary', email: 'erin@example.com', acceptPolicyVersion: 1 },
    });
    expect(registered.status).toBe(201);
    const read = await api('GET', '/v1/admin/customers/erin', {
      sub: 'agent-1',
      groups: ['support'],
      headers: { 'x-access-purpose': 'customer_support' },
    });
    expect(read.status).toBe(200);
  });

  it('signs a digest as the digest job, verifies it as the verify job, and shows both to the auditor', async () => {
    const digest = job('audit-digest');
    expect(digest.status).toBe(0);
    // Erin's chain and the catalogue's.
    expect(JSON.parse(digest.stdout)).toMatchObject({ seq: 1, entries: 2 });
    const verified = job('audit-verify');
    expect(verified.status).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ valid: true, mode: 'full', through: { seq: 1 } });

    const status = await api('GET', '/v1/admin/audit/status', auditor);
    expect(status.status).toBe(200);
    expect(status.json).toMatchObject({
      latestDigest: { seq: 1, entries: 2, signatureValid: true },
      latestVerification: { valid: true, through: { seq: 1 } },
      latestFailedVerification: null,
    });
    const chain = await api('GET', '/v1/admin/audit/verify?subjectId=erin', auditor);
    expect(chain.json).toMatchObject({ valid: true, signed: { digest: 1, seq: 3 } });
    expect((await api('GET', '/v1/admin/audit/verify', auditor)).status).toBe(400);

    const log = await api('GET', '/v1/me/access-log', { sub: 'erin' });
    expect(log.json).toMatchObject({ signedThrough: { digest: 1, seq: 3 } });
    expect(log.json.entries.map((e: { seq: number; signed: boolean }) => [e.seq, e.signed])).toEqual([
      [3, true],
      [2, true],
      [1, true],
    ]);
  });

  it('verifies from outside with the public key only, and names a record rewritten in DynamoDB', async () => {
    const keyFile = path.join(dir, 'digest-key.pem');
    const exported = verifyFromOutside('--export-public-key', keyFile);
    expect(exported.status).toBe(0);
    expect(readFileSync(keyFile, 'utf8')).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    const valid = verifyFromOutside('--public-key', keyFile);
    expect(valid.status).toBe(0);
    expect(valid.stdout).toContain(`Audit trail valid: 1 digest(s), 2 chain(s), ${3 + SEEDED_PRODUCTS} record(s)`);

    // An insider with the audit writers' permission rewrites the support read's purpose, straight in DynamoDB:
    // UpdateItem is refused by the table's resource policy, a plain PutItem over the record is not.
    const dynamodb = new DynamoDBClient({
      endpoint: stack.dynamodbEndpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const TableName = `${stack.tablePrefix}-audit`;
    const Key = { pk: { S: 'SUBJECT#erin' }, sk: { S: 'REC#000000000003' } };
    await expect(
      dynamodb.send(
        new UpdateItemCommand({
          TableName,
          Key,
          UpdateExpression: 'SET purpose = :p',
          ExpressionAttributeValues: { ':p': { S: 'identity_verification' } },
        }),
      ),
    ).rejects.toThrow(/explicit deny in a resource-based policy/);
    const { Item } = await dynamodb.send(new GetItemCommand({ TableName, Key }));
    expect(Item?.purpose).toBeDefined();
    await dynamodb.send(new PutItemCommand({ TableName, Item: { ...Item, purpose: { S: 'identity_verification' } } }));
    dynamodb.destroy();

    const invalid = verifyFromOutside('--public-key', keyFile);
    expect(invalid.status).toBe(1);
    expect(invalid.stdout).toContain('chain erin, record 3: the record was rewritten');
    const one = verifyFromOutside('--public-key', keyFile, '--chain', 'erin');
    expect(one.status).toBe(1);
    expect(one.stdout).toContain('chain erin, record 3');
    expect(`${invalid.stdout}${invalid.stderr}`).not.toContain('Erin Canary');
  });
});
