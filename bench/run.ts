/**
 * `npm run bench`: measured in one process against DynamoDB Local and the local key service. Each
 * figure is the median of repeated runs, compared with its baseline in the same run; the table goes
 * to stdout and the figures to bench/results/<timestamp>.json (and latest.json).
 */

import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { ensureDynamoDbLocal } from '../local/dynamodb/install';
import { freePort, startDynamoDbLocal } from '../local/dynamodb/launcher';
import { createTables, localTableNames } from '../local/dynamodb/tables';
import { startKmsServer } from '../local/kms/server';
import { decryptField, encryptField } from '../shared/adapters/crypto/field-cipher';
import { buildDependencies } from '../shared/adapters/dependencies';
import type { AccessContext } from '../shared/adapters/dynamodb/access';
import { PROFILE_SK, subjectPk } from '../shared/adapters/dynamodb/keys';
import { loadConfig } from '../shared/config';
import { KMS_KEY_ENV, tables } from '../shared/config/resources';
import { getOwnProfile, registerProfile } from '../shared/usecases/account';
import { seedInitialPolicy } from '../shared/usecases/policy';

interface Figure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly baseline?: string;
  readonly goal?: { readonly max: number };
  readonly detail?: string;
}

const RUNS = 5;
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const region = 'us-east-1';

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

async function timeMs(fn: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

const self = (id: string): AccessContext => ({
  actor: { id, role: 'customer' },
  purpose: 'self_service',
  requestId: 'bench',
});

async function main(): Promise<void> {
  const installDir = await ensureDynamoDbLocal();
  const dynamodb = await startDynamoDbLocal({ port: await freePort(), installDir });
  const kms = await startKmsServer({ port: 0 });
  try {
    const names = localTableNames('bench');
    const raw = new DynamoDBClient({ endpoint: dynamodb.endpoint, region, credentials });
    await createTables(raw, names);
    const env = {
      ...Object.fromEntries(
        (Object.keys(tables) as (keyof typeof tables)[]).map((id) => [tables[id].envVar, names[id]]),
      ),
      [KMS_KEY_ENV]: kms.keyArn,
    };
    const process = () =>
      buildDependencies(loadConfig(env), {
        dynamodb: new DynamoDBClient({ endpoint: dynamodb.endpoint, region, credentials }),
        kms: new KMSClient({ endpoint: kms.endpoint, region, credentials }),
      });
    const setup = process();
    await seedInitialPolicy(setup, { content: 'Bench policy', summary: 'Bench', effectiveAt: new Date('2020-01-01') });
    const subjects = Array.from({ length: 100 }, (_, i) => `bench-${i}`);
    for (const s of subjects) {
      await registerProfile(
        setup,
        {
          name: `Bench User ${s}`,
          email: `${s}@example.com`,
          phone: '+441632960000',
          addresses: [{ line1: '1 Bench Road', city: 'Benchville', postalCode: 'B1 1AA', country: 'GB' }],
          acceptPolicyVersion: 1,
        },
        self(s),
      );
    }
    const figures: Figure[] = [];

    // 1. Own profile read: use case (GetItem + 4 field decryptions, warm key cache) vs raw GetItem.
    const reads = 300;
    const warm = process();
    for (const s of subjects) await getOwnProfile(warm, self(s));
    const full: number[] = [];
    const base: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      base.push(
        await timeMs(async () => {
          for (let i = 0; i < reads; i++) {
            const s = subjects[i % subjects.length] as string;
            await raw.send(
              new GetItemCommand({
                TableName: names.data,
                Key: { pk: { S: subjectPk(s) }, sk: { S: PROFILE_SK } },
                ConsistentRead: true,
              }),
            );
          }
        }),
      );
      full.push(
        await timeMs(async () => {
          for (let i = 0; i < reads; i++) await getOwnProfile(warm, self(subjects[i % subjects.length] as string));
        }),
      );
    }
    const perRead = (ms: number) => (ms / reads) * 1000;
    figures.push({
      name: 'read own profile, full path (decrypt 4 fields)',
      value: median(full) / median(base),
      unit: '× raw GetItem',
      baseline: `${perRead(median(base)).toFixed(0)} µs/GetItem`,
      goal: { max: 1.3 },
      detail: `${perRead(median(full)).toFixed(0)} µs/read`,
    });

    // 2. KMS requests for 1,000 reads spread over 100 subjects, starting from a cold process.
    kms.resetStats();
    const cold = process();
    for (let i = 0; i < 1000; i++) await getOwnProfile(cold, self(subjects[i % subjects.length] as string));
    const kmsCalls = Object.values(kms.stats.requests).reduce((a, b) => a + b, 0);
    figures.push({
      name: 'KMS requests per 1,000 reads over 100 subjects',
      value: kmsCalls,
      unit: 'requests',
      goal: { max: 100 },
    });

    // 3. Field cipher alone: what AES-GCM with AAD costs per field.
    const key = randomBytes(32);
    const binding = { table: 'data', pk: 'SUBJECT#x', sk: 'PROFILE', attribute: 'email' };
    const ops = 20_000;
    const cipher: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      cipher.push(
        await timeMs(async () => {
          for (let i = 0; i < ops; i++) decryptField(key, encryptField(key, 'someone@example.com', binding), binding);
        }),
      );
    }
    figures.push({
      name: 'field encrypt + decrypt (AES-256-GCM, AAD)',
      value: (median(cipher) / ops) * 1000,
      unit: 'µs/field',
    });

    report(figures);
    raw.destroy();
  } finally {
    await kms.stop();
    await dynamodb.stop();
  }
}

function report(figures: Figure[]): void {
  const rows = figures.map((f) => ({
    figure: f.name,
    value: `${f.value.toFixed(2)} ${f.unit}`,
    baseline: f.baseline ?? '',
    goal: f.goal ? `≤ ${f.goal.max}` : 'report',
    met: f.goal ? (f.value <= f.goal.max ? 'yes' : 'NO') : '',
    detail: f.detail ?? '',
  }));
  console.table(rows);
  const dir = path.join(process.cwd(), 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const result = { at: new Date().toISOString(), node: process.version, runs: RUNS, figures };
  const json = `${JSON.stringify(result, null, 2)}\n`;
  writeFileSync(path.join(dir, `${result.at.replace(/[:.]/g, '-')}.json`), json);
  writeFileSync(path.join(dir, 'latest.json'), json);
  const missed = figures.filter((f) => f.goal && f.value > f.goal.max);
  if (missed.length > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(`Benchmark failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
