// `npm run backfill:shards`: the one-off move of items written before write sharding to their sharded keys
// (day buckets of the retention and inactive-account sweeps, the work queues' unsharded keys). Idempotent: a rerun
// moves nothing; safe while the stage serves traffic (each move is conditional on the old key). Run it once per
// stage that held data before sharding, before the sweeps' next run. See docs/runbook.md#backfill-sharded-keys.
//
//   npm run -s backfill:shards -- --local [--dry-run]
//   npm run -s backfill:shards -- --table <data table> [--region R] [--dry-run]
//
// WRITE_SHARDS must be the stage's value (the functions' environment), or items land on other shards than its
// writers use; readers find them either way as long as the count is within the stage's read count.
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { localTableNames } from '../local/dynamodb/tables';
import { readRuntimeState } from '../local/runtime-state';
import { createDocumentClient } from '../shared/adapters/dynamodb/client';
import { backfillShardedKeys } from '../shared/adapters/dynamodb/shard-backfill';
import { parseWriteShards, WRITE_SHARDS_ENV } from '../shared/config/scale';

const USAGE = [
  'usage: npm run -s backfill:shards -- --local [--dry-run]',
  '       npm run -s backfill:shards -- --table NAME [--region R] [--dry-run]',
].join('\n');

async function main(argv: string[]): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        local: { type: 'boolean' },
        table: { type: 'string' },
        region: { type: 'string' },
        'dry-run': { type: 'boolean' },
      },
      strict: true,
    }));
  } catch {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  // A bad count fails before anything is read.
  const counts = parseWriteShards(process.env[WRITE_SHARDS_ENV]);
  let dynamodb: DynamoDBClient;
  let table: string;
  if (values.local) {
    const state = readRuntimeState();
    dynamodb = new DynamoDBClient({
      endpoint: state.dynamodbEndpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    table = localTableNames(state.tablePrefix).data;
  } else if (typeof values.table === 'string') {
    dynamodb = new DynamoDBClient(typeof values.region === 'string' ? { region: values.region } : {});
    table = values.table;
  } else {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const dryRun = values['dry-run'] === true;
  try {
    process.stdout.write(
      `Shard counts (writes): ${Object.entries(counts)
        .map(([key, c]) => `${key} ${c.writes}`)
        .join(', ')}\n`,
    );
    const summary = await backfillShardedKeys({ ddb: createDocumentClient(dynamodb), table }, { dryRun });
    for (const [kind, n] of Object.entries(summary.found)) {
      process.stdout.write(
        `${kind}: ${n} under an old key, ${summary.moved[kind as keyof typeof summary.moved]} moved\n`,
      );
    }
    if (summary.changedMeanwhile > 0) {
      process.stdout.write(`${summary.changedMeanwhile} changed by another writer meanwhile (already sharded)\n`);
    }
    if (dryRun) process.stdout.write('Dry run: nothing written.\n');
    return 0;
  } finally {
    dynamodb.destroy();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}\n`);
    process.exit(1);
  },
);
