/**
 * The audit trail's costs (docs/decisions/0030):
 *  8. an audited write ÷ the same write without its audit record: DynamoDB requests (the record and
 *     the chain head ride in the write's own transaction), time and write units, in a warm process;
 *  9. the digest job for 10,000 changed chains (the hourly steady state: one window of an hour),
 *     against 1,000 changed chains;
 * 10. the verifier's full pass, in records per second, over 1,000 chains of 20 records.
 * Chains for 9 and 10 are seeded directly (BatchWriteItem) with real hash chains; the digest job,
 * the unit of work and the verifier are the real ones on DynamoDB Local and the local key service.
 */

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { ManualClock } from '../shared/adapters/clock';
import { buildDependencies } from '../shared/adapters/dependencies';
import { AUDIT_HEAD_SK, auditIndexKey, auditRecordSk, subjectPk } from '../shared/adapters/dynamodb/keys';
import { loadConfig } from '../shared/config';
import { type AuditRecord, auditEvent, chainRecord } from '../shared/domain/audit';
import { newId } from '../shared/domain/ids';
import { writeDigest } from '../shared/usecases/audit-digests';
import { verifyAuditTrail } from '../shared/usecases/audit-verification';
import {
  credentials,
  distinct,
  type Figure,
  fmt,
  interleaved,
  median,
  progress,
  RequestCounter,
  RUNS,
  ratio,
  region,
  self,
  timeMs,
} from './lib';
import { envFor, freshTables, processDeps, type Stack } from './stack';
import { batchPut } from './sweep';

/** Transactional writes cost two write units per item of up to 1 KB (DynamoDB pricing). */
const WCU_PER_TRANSACTED_ITEM = 2;

export async function auditFigures(stack: Stack): Promise<Figure[]> {
  return [...(await auditedWrite(stack)), ...(await digestJob(stack)), ...(await fullPass(stack))];
}

/** 8: one consent entry committed with its audit record, and without; 100 subjects, heads warm. */
async function auditedWrite(stack: Stack): Promise<Figure[]> {
  progress('audit: audited write vs the same write without audit');
  const names = await freshTables(stack, 'bench-audit-write');
  const { deps, dynamodb } = processDeps(stack, names);
  const subjects = Array.from({ length: 100 }, (_, i) => `aw-${i}`);
  const entry = () => ({
    id: newId(deps.clock.now()),
    purpose: 'analytics' as const,
    granted: true,
    policyVersion: 1,
    at: deps.clock.now().toISOString(),
  });
  const write = (subject: string) => deps.consents.record(subject, entry());
  const event = (subject: string) =>
    auditEvent(self(subject), { action: 'consent.change', subjectId: subject, resource: 'consent/analytics' });
  // Every chain's head known to the process, as in a warm function.
  for (const s of subjects) await deps.uow.commit([write(s)], [event(s)]);

  // Requests each variant sent in the current run (operations run one at a time).
  const sent = { audited: 0, plain: 0 };
  const requests = { audited: [] as number[], plain: [] as number[] };
  const counted = async (variant: keyof typeof sent, commit: () => Promise<unknown>) => {
    const start = dynamodb.total;
    await commit();
    sent[variant] += dynamodb.total - start;
  };
  const subject = (i: number) => subjects[i % subjects.length] as string;
  const ops = 200;
  const timed = await interleaved(
    {
      audited: (i) => counted('audited', () => deps.uow.commit([write(subject(i))], [event(subject(i))])),
      plain: (i) => counted('plain', () => deps.uow.commit([write(subject(i))], [])),
    },
    ops,
    {
      beforeRun: () => {
        sent.audited = 0;
        sent.plain = 0;
      },
      afterRun: () => {
        requests.audited.push(sent.audited / ops);
        requests.plain.push(sent.plain / ops);
      },
    },
  );
  const cold = processDeps(stack, names);
  await cold.deps.uow.commit([write('aw-0')], [event('aw-0')]);
  const requestRatio = ratio(requests.audited, requests.plain);
  return [
    {
      name: '8. audited write ÷ the same write without audit: DynamoDB requests',
      value: requestRatio,
      unit: '× requests',
      baseline: `${distinct(requests.plain)} request per plain write`,
      goal: { max: 1.2 },
      detail: `${distinct(requests.audited)} request per audited write (the record and head ride in its TransactWriteItems); a cold process adds 1 GetItem for the head: ${cold.dynamodb.describe()}`,
      data: { requests },
    },
    {
      name: '8a. audited write ÷ the same write without audit: time',
      value: ratio(timed.ms.audited, timed.ms.plain),
      unit: '× time',
      baseline: `${median(timed.ms.plain).toFixed(2)} ms per plain write`,
      detail: `${median(timed.ms.audited).toFixed(2)} ms audited; write units ${3 * WCU_PER_TRANSACTED_ITEM} vs ${WCU_PER_TRANSACTED_ITEM} (three items in the transaction: entry, record, head)`,
      data: timed,
    },
  ];
}

/** Seeds `chains` chains of `length` records (each with its head), stamped from `from` on. */
async function seedChains(
  stack: Stack,
  table: string,
  prefix: string,
  chains: number,
  length: number,
  from: Date,
): Promise<number> {
  const items: Record<string, unknown>[] = [];
  for (let c = 0; c < chains; c++) {
    const subjectId = `${prefix}-${c}`;
    let head: AuditRecord | undefined;
    for (let n = 0; n < length; n++) {
      const at = new Date(from.getTime() + n * 1000);
      head = chainRecord(
        auditEvent(self(subjectId), { action: 'consent.change', subjectId, resource: 'consent/analytics' }),
        head && { seq: head.seq, hash: head.hash },
        { id: newId(at), at },
      );
      items.push({
        pk: subjectPk(subjectId),
        sk: auditRecordSk(head.seq),
        ...head,
        gsi1pk: auditIndexKey(subjectId),
        gsi1sk: `${head.at}#${subjectId}#${head.seq}`,
      });
    }
    if (head) items.push({ pk: subjectPk(subjectId), sk: AUDIT_HEAD_SK, seq: head.seq, hash: head.hash });
  }
  await batchPut(
    new DynamoDBClient({ endpoint: stack.dynamodbEndpoint, region, credentials, maxAttempts: 10 }),
    table,
    items,
  );
  return items.length;
}

/** A process on these tables with a clock the bench moves and a client that counts. */
function clockedDeps(stack: Stack, names: Awaited<ReturnType<typeof freshTables>>, clock: ManualClock) {
  const dynamodb = new DynamoDBClient({ endpoint: stack.dynamodbEndpoint, region, credentials });
  const kms = new KMSClient({ endpoint: stack.kms.endpoint, region, credentials });
  const counter = RequestCounter.on(dynamodb);
  const deps = buildDependencies(loadConfig(envFor(names, stack)), { dynamodb, kms, clock });
  return { deps, counter };
}

/** 9: the hourly digest when 10,000 (and 1,000) chains moved in the hour. */
async function digestJob(stack: Stack): Promise<Figure[]> {
  const sizes = [1_000, 10_000] as const;
  const samples = new Map<number, { ms: number[]; requests: number[] }>(
    sizes.map((n) => [n, { ms: [], requests: [] }]),
  );
  for (let r = 0; r <= RUNS; r++) {
    for (const size of sizes) {
      progress(`audit: digest job, ${fmt(size)} changed chains (run ${r}/${RUNS})`);
      const names = await freshTables(stack, `bench-digest-${size}-${r}`);
      const clock = new ManualClock(new Date(Math.floor(Date.now() / 1000) * 1000));
      // The previous hour's digest, then an hour in which every chain gains a record.
      await writeDigest(clockedDeps(stack, names, clock).deps);
      await seedChains(stack, names.audit, 'dg', size, 1, new Date(clock.now().getTime() + 60_000));
      clock.advance(60 * 60);
      const { deps, counter } = clockedDeps(stack, names, clock);
      let entries = 0;
      const ms = await timeMs(async () => {
        entries = (await writeDigest(deps)).entries;
      });
      if (entries !== size) throw new Error(`digest listed ${entries} of ${size} chains`);
      if (r === 0) continue;
      samples.get(size)?.ms.push(ms);
      samples.get(size)?.requests.push(counter.total);
    }
  }
  const [small, large] = sizes.map((n) => samples.get(n) as { ms: number[]; requests: number[] });
  if (!small || !large) throw new Error('missing digest samples');
  return [
    {
      name: '9. digest job, 10,000 changed chains',
      value: median(large.ms) / 1000,
      unit: 's',
      baseline: `${(median(small.ms) / 1000).toFixed(2)} s for 1,000 chains`,
      detail: `${fmt(median(large.requests))} DynamoDB requests (1,000 chains: ${fmt(median(small.requests))}); 10k ÷ 1k time ${(median(large.ms) / median(small.ms)).toFixed(1)}×`,
      data: { small, large },
    },
  ];
}

/** 10: a full pass over 1,000 chains of 20 records, signed by one digest. */
async function fullPass(stack: Stack): Promise<Figure[]> {
  progress('audit: seeding 1,000 chains of 20 records for the full pass');
  const names = await freshTables(stack, 'bench-verify');
  const clock = new ManualClock(new Date(Math.floor(Date.now() / 1000) * 1000));
  await seedChains(stack, names.audit, 'vf', 1_000, 20, new Date(clock.now().getTime() - 30 * 60_000));
  await writeDigest(clockedDeps(stack, names, clock).deps);
  const rates: number[] = [];
  const requests: number[] = [];
  for (let r = 0; r <= RUNS; r++) {
    const { deps, counter } = clockedDeps(stack, names, clock);
    let records = 0;
    const ms = await timeMs(async () => {
      const result = await verifyAuditTrail(deps, { mode: 'full', record: false });
      if (!result.valid) throw new Error(`full pass found problems: ${JSON.stringify(result.problems.slice(0, 3))}`);
      records = result.recordsVerified;
    });
    if (r === 0) continue;
    rates.push(records / (ms / 1000));
    requests.push(counter.total);
  }
  return [
    {
      name: '10. verification, full pass: records per second',
      value: median(rates),
      unit: 'records/s',
      baseline: '1,000 chains × 20 records, one digest',
      detail: `${fmt(median(requests))} DynamoDB requests per pass (one Query per chain, one per digest page); runs: ${rates.map((x) => fmt(x)).join(' / ')}`,
      data: { rates, requests },
    },
  ];
}
