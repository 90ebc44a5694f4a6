/**
 * The digest store on DynamoDB: its own table, whose resource policy lets only the digest and
 * verification jobs put items and denies every principal updates and deletes (decision 0031; the
 * local runtime emulates the policy). Every item is written once, with `attribute_not_exists`:
 * - `DIGEST` / `SEQ#<seq>`: a signed digest, naming the attempt whose parts hold its entries;
 * - `DIGEST#<seq>#<attempt>` / `PART#<n>`: the entries, in tree order, up to PART_SIZE per item —
 *   written before the digest, so a digest never appears without them (an attempt that died leaves
 *   parts no digest names);
 * - `CHAIN#<chain>` / `SEQ#<digest>`: the chain's position as that digest signed it, with its
 *   inclusion proof — one Query finds a chain's latest signed position;
 * - `INDEXED` / `SEQ#<seq>`: the digest's chain positions are all written;
 * - `VERIFICATION` (and `VERIFICATION#FAILED`) / `<at>#<run>`: verification runs.
 * Items expire (TTL, set once here) a month after the audit records they could sign.
 */
import { randomUUID } from 'node:crypto';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { CHAIN_PROBLEMS, type ChainProblemKind } from '../../domain/audit';
import {
  DIGEST_FORMAT,
  DIGEST_PROBLEMS,
  DIGEST_RETENTION_MARGIN_DAYS,
  DIGEST_SIGNING_ALGORITHM,
  type DigestEntry,
  DigestExists,
  type DigestProblemKind,
  MerkleTree,
  type SignedDigest,
  type SignedPosition,
  type VerificationRecord,
} from '../../domain/audit-digest';
import { addDays, epochSeconds } from '../../domain/time';
import type { DigestStore, SignedChainPosition } from '../../ports/audit';
import { guarded, isConditionalCheckFailure, queryAll } from './client';
import { decodeItem } from './decode';
import {
  DIGEST_INDEXED_PK,
  DIGEST_PK,
  digestChainPk,
  digestPartSk,
  digestPartsPk,
  digestSk,
  FAILED_VERIFICATION_PK,
  VERIFICATION_PK,
} from './keys';

export interface DigestStoreDeps {
  readonly ddb: Pick<DynamoDBDocumentClient, 'send'>;
  readonly table: string;
  /** AUDIT_RETENTION_DAYS: items expire that long (plus a month) after they were written. */
  readonly retentionDays: number;
}

/** Entries per part: about 300 bytes each at most, so a part stays well under DynamoDB's 400 KB item limit. */
export const PART_SIZE = 800;
/** Puts in flight at once (parts, chain positions, lookups). */
const CONCURRENCY = 32;

const position = z.object({ seq: z.number().int().nonnegative(), hash: z.string() });
const entrySchema = z.object({
  chain: z.string(),
  seq: z.number().int().positive(),
  hash: z.string(),
  previous: position.extend({ digest: z.number().int().positive() }).optional(),
});
const digestItem = z.object({
  format: z.literal(DIGEST_FORMAT),
  seq: z.number().int().positive(),
  at: z.string(),
  window: z.object({ from: z.string(), through: z.string() }),
  previous: position.nullable(),
  root: z.string(),
  entries: z.number().int().nonnegative(),
  keyId: z.string(),
  algorithm: z.literal(DIGEST_SIGNING_ALGORITHM),
  signature: z.string(),
  attempt: z.string(),
});
const partItem = z.object({ entries: z.array(entrySchema) });
const chainItem = entrySchema.extend({
  digest: z.number().int().positive(),
  index: z.number().int().nonnegative(),
  size: z.number().int().positive(),
  path: z.array(z.string()),
});
const verificationItem = z.object({
  runId: z.string(),
  mode: z.enum(['incremental', 'full']),
  at: z.string(),
  valid: z.boolean(),
  through: position.nullable(),
  digestsVerified: z.number().int().nonnegative(),
  chainsVerified: z.number().int().nonnegative(),
  recordsVerified: z.number().int().nonnegative(),
  problems: z.array(
    z.union([
      z.object({
        chain: z.string(),
        seq: z.number().int(),
        problem: z.enum(Object.keys(CHAIN_PROBLEMS) as [ChainProblemKind, ...ChainProblemKind[]]),
      }),
      z.object({
        digest: z.number().int(),
        problem: z.enum(Object.keys(DIGEST_PROBLEMS) as [DigestProblemKind, ...DigestProblemKind[]]),
      }),
    ]),
  ),
  problemsFound: z.number().int().nonnegative(),
});

export class DynamoDigestStore implements DigestStore {
  /** The attempt whose parts hold the entries of each digest this store handed out (or wrote). */
  private readonly attempts = new WeakMap<SignedDigest, string>();

  constructor(private readonly deps: DigestStoreDeps) {}

  async latest(): Promise<{ digest: SignedDigest; indexed: boolean } | undefined> {
    const [newest] = await this.query({ pk: DIGEST_PK, newestFirst: true, limit: 1 });
    if (!newest) return undefined;
    const digest = this.decodeDigest(newest);
    const marker = await this.getItem({ pk: DIGEST_INDEXED_PK, sk: digestSk(digest.seq) });
    return { digest, indexed: marker !== undefined };
  }

  async get(seq: number): Promise<SignedDigest | undefined> {
    const item = await this.getItem({ pk: DIGEST_PK, sk: digestSk(seq) });
    return item && this.decodeDigest(item);
  }

  async after(seq: number, limit: number): Promise<SignedDigest[]> {
    const items = await this.query({ pk: DIGEST_PK, after: digestSk(seq), limit });
    return items.map((item) => this.decodeDigest(item));
  }

  async entries(digest: SignedDigest): Promise<DigestEntry[]> {
    const attempt = this.attempts.get(digest) ?? this.attempts.get((await this.get(digest.seq)) ?? digest);
    if (!attempt) return [];
    const parts = await queryAll(
      this.deps.ddb,
      {
        TableName: this.deps.table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': digestPartsPk(digest.seq, attempt) },
      },
      'Audit digests',
    );
    return parts.flatMap((part) => decodeItem(partItem, part, `audit digest ${digest.seq} part`).entries);
  }

  async signedPosition(chain: string): Promise<SignedChainPosition | undefined> {
    const [item] = await this.query({ pk: digestChainPk(chain), newestFirst: true, limit: 1 });
    if (!item) return undefined;
    const { digest, index, size, path, ...entry } = decodeItem(chainItem, item, 'signed chain position');
    return { entry, digest, proof: { index, size, path } };
  }

  async signedPositions(chains: readonly string[]): Promise<Map<string, SignedPosition>> {
    const found = new Map<string, SignedPosition>();
    await inBatches(chains, async (chain) => {
      const signed = await this.signedPosition(chain);
      if (signed) found.set(chain, { seq: signed.entry.seq, hash: signed.entry.hash, digest: signed.digest });
    });
    return found;
  }

  async append(digest: SignedDigest, entries: readonly DigestEntry[]): Promise<void> {
    const attempt = randomUUID();
    const parts = chunks(entries, PART_SIZE);
    await inBatches(
      parts.map((part, n) => ({ part, n })),
      ({ part, n }) =>
        this.putOnce({ pk: digestPartsPk(digest.seq, attempt), sk: digestPartSk(n), entries: part }, digest.at),
    );
    const written = await this.putOnce(
      { pk: DIGEST_PK, sk: digestSk(digest.seq), ...digest, attempt, parts: parts.length },
      digest.at,
    );
    if (!written) throw new DigestExists(digest.seq);
    this.attempts.set(digest, attempt);
  }

  async index(digest: SignedDigest, entries: readonly DigestEntry[]): Promise<void> {
    const tree = new MerkleTree(entries);
    // Idempotent: a position already written by an earlier attempt at indexing is the same item.
    await inBatches(
      tree.entries.map((entry, index) => ({ entry, index })),
      ({ entry, index }) =>
        this.putOnce(
          {
            pk: digestChainPk(entry.chain),
            sk: digestSk(digest.seq),
            ...entry,
            digest: digest.seq,
            index,
            size: tree.entries.length,
            path: tree.proof(index),
          },
          digest.at,
        ),
    );
    await this.putOnce({ pk: DIGEST_INDEXED_PK, sk: digestSk(digest.seq) }, digest.at);
  }

  async recordVerification(result: VerificationRecord): Promise<void> {
    const sk = `${result.at}#${result.runId}`;
    await this.putOnce({ pk: VERIFICATION_PK, sk, ...result }, result.at);
    if (!result.valid) await this.putOnce({ pk: FAILED_VERIFICATION_PK, sk, ...result }, result.at);
  }

  async latestVerification(options: { readonly failedOnly?: boolean } = {}): Promise<VerificationRecord | undefined> {
    const pk = options.failedOnly ? FAILED_VERIFICATION_PK : VERIFICATION_PK;
    const [item] = await this.query({ pk, newestFirst: true, limit: 1 });
    return item && decodeItem(verificationItem, item, 'audit verification');
  }

  private decodeDigest(item: Record<string, unknown>): SignedDigest {
    const { attempt, ...digest } = decodeItem(digestItem, item, `audit digest ${String(item.sk)}`);
    this.attempts.set(digest, attempt);
    return digest;
  }

  /** Puts an item that must not exist yet; false when it does (another attempt wrote it). */
  private async putOnce(item: Record<string, unknown>, at: string): Promise<boolean> {
    const expiresAt = epochSeconds(addDays(new Date(at), this.deps.retentionDays + DIGEST_RETENTION_MARGIN_DAYS));
    try {
      await this.deps.ddb.send(
        new PutCommand({
          TableName: this.deps.table,
          Item: { ...item, expiresAt },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (e) {
      if (isConditionalCheckFailure(e)) return false;
      throw e;
    }
  }

  private async getItem(key: { pk: string; sk: string }): Promise<Record<string, unknown> | undefined> {
    const { Item } = await guarded('Audit digests', () =>
      this.deps.ddb.send(new GetCommand({ TableName: this.deps.table, Key: key, ConsistentRead: true })),
    );
    return Item;
  }

  private async query(q: {
    pk: string;
    after?: string;
    newestFirst?: boolean;
    limit: number;
  }): Promise<Record<string, unknown>[]> {
    const result = await guarded('Audit digests', () =>
      this.deps.ddb.send(
        new QueryCommand({
          TableName: this.deps.table,
          KeyConditionExpression: q.after ? 'pk = :pk AND sk > :after' : 'pk = :pk',
          ExpressionAttributeValues: { ':pk': q.pk, ...(q.after && { ':after': q.after }) },
          ScanIndexForward: !q.newestFirst,
          Limit: q.limit,
          ConsistentRead: true,
        }),
      ),
    );
    return result.Items ?? [];
  }
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}

/** Runs `fn` over `items`, CONCURRENCY at a time; the first failure is rethrown once all settled. */
async function inBatches<T>(items: readonly T[], fn: (item: T) => Promise<unknown>): Promise<void> {
  const pending = items.values();
  const failures: unknown[] = [];
  const worker = async () => {
    for (const item of pending) {
      if (failures.length > 0) return;
      await fn(item).catch((e: unknown) => void failures.push(e));
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, worker));
  if (failures.length > 0) throw failures[0];
}
