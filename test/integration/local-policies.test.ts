/**
 * The local emulation of the audit stores' resource policies (local/dynamodb/policy-proxy.ts) in
 * front of DynamoDB Local, through the real SDK: what `npm start` gives handlers and jobs.
 */
import {
  DeleteItemCommand,
  DynamoDBClient,
  ExecuteStatementCommand,
  GetItemCommand,
  PutItemCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { type PolicyProxyHandle, startPolicyProxy } from '../../local/dynamodb/policy-proxy';
import { auditStorePolicies, digestSigners, HANDLER_PRINCIPAL, jobPrincipal } from '../../local/principals';
import { freshTables } from '../support/app-harness';
import { type TableNames, testEndpoints } from '../support/local-stack';

let names: TableNames;
let proxy: PolicyProxyHandle;
beforeAll(async () => {
  names = await freshTables();
  proxy = await startPolicyProxy({ target: testEndpoints().dynamodbEndpoint, policies: auditStorePolicies(names) });
});
afterAll(() => proxy.stop());

const as = (principal: string) =>
  new DynamoDBClient({
    endpoint: proxy.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: principal, secretAccessKey: 'local' },
  });
const item = (pk: string, sk: string) => ({ pk: { S: pk }, sk: { S: sk } });
const denied = { name: 'AccessDeniedException' };

describe('the audit stores’ policies, locally', () => {
  it('lets writers append to the audit table, never update it, and only the retention job delete', async () => {
    const handler = as(HANDLER_PRINCIPAL);
    await handler.send(new PutItemCommand({ TableName: names.audit, Item: item('SUBJECT#p1', 'REC#1') }));
    await expect(
      handler.send(
        new UpdateItemCommand({
          TableName: names.audit,
          Key: item('SUBJECT#p1', 'REC#1'),
          UpdateExpression: 'SET purpose = :p',
          ExpressionAttributeValues: { ':p': { S: 'marketing' } },
        }),
      ),
    ).rejects.toMatchObject(denied);
    await expect(
      handler.send(new DeleteItemCommand({ TableName: names.audit, Key: item('SUBJECT#p1', 'REC#1') })),
    ).rejects.toMatchObject(denied);
    // Inside a transaction too, and through PartiQL.
    await expect(
      handler.send(
        new TransactWriteItemsCommand({
          TransactItems: [{ Delete: { TableName: names.audit, Key: item('SUBJECT#p1', 'REC#1') } }],
        }),
      ),
    ).rejects.toMatchObject(denied);
    await expect(
      handler.send(new ExecuteStatementCommand({ Statement: `DELETE FROM "${names.audit}" WHERE pk = 'SUBJECT#p1'` })),
    ).rejects.toMatchObject(denied);

    await as(jobPrincipal('audit-retention')).send(
      new DeleteItemCommand({ TableName: names.audit, Key: item('SUBJECT#p1', 'REC#1') }),
    );
    const { Item } = await handler.send(
      new GetItemCommand({ TableName: names.audit, Key: item('SUBJECT#p1', 'REC#1') }),
    );
    expect(Item).toBeUndefined();
  });

  it('lets only the digest and verification jobs put digests, and nobody change or delete one', async () => {
    await as(jobPrincipal('audit-digest')).send(
      new PutItemCommand({ TableName: names.digests, Item: item('DIGEST', 'SEQ#1') }),
    );
    await as(jobPrincipal('audit-verify')).send(
      new PutItemCommand({ TableName: names.digests, Item: item('VERIFICATION', 'v1') }),
    );
    for (const principal of [HANDLER_PRINCIPAL, jobPrincipal('audit-retention')]) {
      await expect(
        as(principal).send(new PutItemCommand({ TableName: names.digests, Item: item('DIGEST', 'SEQ#2') })),
      ).rejects.toMatchObject(denied);
    }
    for (const principal of [jobPrincipal('audit-digest'), jobPrincipal('audit-retention')]) {
      await expect(
        as(principal).send(new DeleteItemCommand({ TableName: names.digests, Key: item('DIGEST', 'SEQ#1') })),
      ).rejects.toMatchObject(denied);
    }
    expect(proxy.denied).toMatchObject({ PutItem: 2, DeleteItem: expect.any(Number) });
  });

  it('leaves every other table alone', async () => {
    const handler = as(HANDLER_PRINCIPAL);
    await handler.send(new PutItemCommand({ TableName: names.data, Item: item('X', 'Y') }));
    await handler.send(new DeleteItemCommand({ TableName: names.data, Key: item('X', 'Y') }));
  });

  it('derives who may do what from the job table, as the CDK app does', () => {
    expect(auditStorePolicies(names)[names.audit]?.only).toEqual({ DeleteItem: ['jobAuditRetention'] });
    expect(auditStorePolicies(names)[names.digests]?.only).toEqual({ PutItem: ['jobAuditDigest', 'jobAuditVerify'] });
    expect(digestSigners()).toEqual(['jobAuditDigest']);
  });
});
