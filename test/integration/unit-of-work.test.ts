// The unit of work on DynamoDB Local: a failed condition maps to its write's name wherever the write
// sits in the transaction; nothing of a refused transaction lands; batches keep writes whole.
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../shared/adapters/dynamodb/client';
import { DynamoUnitOfWork, dynamoWrite } from '../../shared/adapters/dynamodb/unit-of-work';
import { ConflictError } from '../../shared/domain/errors';
import type { Write } from '../../shared/ports/unit-of-work';
import { createTestTables, testDynamoDbClient } from '../support/local-stack';

const ddb = createDocumentClient(testDynamoDbClient());
let table = '';
let uow: DynamoUnitOfWork;

beforeAll(async () => {
  table = (await createTestTables()).data;
  uow = new DynamoUnitOfWork({
    ddb,
    audit: () => {
      throw new Error('no audit table needed without audit events');
    },
  });
});

const put = (name: string, pk: string, onlyIfAbsent = true): Write =>
  dynamoWrite(name, {
    Put: {
      TableName: table,
      Item: { pk, sk: 'ITEM', at: Date.now() },
      ...(onlyIfAbsent && { ConditionExpression: 'attribute_not_exists(pk)' }),
    },
  });
const exists = async (pk: string) =>
  (await ddb.send(new GetCommand({ TableName: table, Key: { pk, sk: 'ITEM' } }))).Item !== undefined;

class Taken extends Error {}

describe('the DynamoDB unit of work', () => {
  it('maps a failed condition to the error named for its write, in any order of writes', async () => {
    await ddb.send(new PutCommand({ TableName: table, Item: { pk: 'taken', sk: 'ITEM' } }));
    const errors = { 'claim.taken': () => new Taken('taken'), 'claim.free': () => new Error('not this one') };
    for (const order of [
      [put('claim.free', 'free-1'), put('claim.taken', 'taken')],
      [put('claim.taken', 'taken'), put('claim.free', 'free-1')],
    ]) {
      await expect(uow.commit(order, [], errors)).rejects.toBeInstanceOf(Taken);
    }
    // All or nothing: the free claim never landed.
    expect(await exists('free-1')).toBe(false);
  });

  it('answers a failed write with no named error with a conflict', async () => {
    await expect(uow.commit([put('claim.taken', 'taken')], [])).rejects.toBeInstanceOf(ConflictError);
  });

  it('commits bulk writes in transactions of at most 100 items, skipping those already done, the last one last', async () => {
    await ddb.send(new PutCommand({ TableName: table, Item: { pk: 'bulk-17', sk: 'ITEM' } }));
    const writes = Array.from({ length: 150 }, (_, i) => put('bulk.move', `bulk-${i}`));
    await uow.commitInBatches(writes, { last: put('bulk.done', 'bulk-done'), alreadyDone: ['bulk.move'] });
    for (const pk of ['bulk-0', 'bulk-99', 'bulk-149', 'bulk-done']) expect(await exists(pk)).toBe(true);
  });

  it('stops a batch at a failure that does not mean "already done"', async () => {
    await ddb.send(new PutCommand({ TableName: table, Item: { pk: 'stop-1', sk: 'ITEM' } }));
    const writes = [put('stop.move', 'stop-0'), put('stop.move', 'stop-1'), put('stop.move', 'stop-2')];
    await expect(uow.commitInBatches(writes, { errors: { 'stop.move': () => new Taken() } })).rejects.toBeInstanceOf(
      Taken,
    );
    expect(await exists('stop-0')).toBe(false);
  });
});
