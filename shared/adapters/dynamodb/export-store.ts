/**
 * Export documents: sealed with the subject's key and split into parts under `EXPORT#<requestId>`
 * (an item holds at most 400 KB), expiring by TTL. Readers treat a document past its expiry as gone
 * even before DynamoDB deletes it.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { GoneError } from '../../domain/errors';
import { epochSeconds } from '../../domain/time';
import type { ExportStore as ExportPort } from '../../ports/privacy';
import type { Write } from '../../ports/unit-of-work';
import type { PersonalDataCodec } from '../crypto/personal-data-codec';
import { type DynamoDeps, guarded } from './client';
import { decodeItem } from './decode';
import { exportPartSk, exportPk } from './keys';
import { dynamoWrite } from './unit-of-work';

/**
 * Characters of JSON per part: well under the item limit after encryption and base64. The parts
 * commit in one transaction (4 MB at most), so a document may hold about 3 MB of JSON.
 */
const PART_CHARS = 200_000;

const partItem = z.object({
  pk: z.string(),
  sk: z.string(),
  subjectId: z.string(),
  /** How many parts the whole document has. */
  parts: z.number(),
  expiresAt: z.number(),
  content: z.string(),
});

export class ExportStore implements ExportPort {
  constructor(private readonly deps: DynamoDeps & { readonly codec: PersonalDataCodec }) {}

  async parts(subjectId: string, requestId: string, document: string, expiresAt: Date): Promise<Write[]> {
    const parts = Math.max(1, Math.ceil(document.length / PART_CHARS));
    const writes: Write[] = [];
    for (let n = 1; n <= parts; n++) {
      const where = { table: 'data', pk: exportPk(requestId), sk: exportPartSk(n) };
      const sealed = await this.deps.codec.seal(subjectId, where, {
        content: document.slice((n - 1) * PART_CHARS, n * PART_CHARS),
      });
      writes.push(
        dynamoWrite('export.part', {
          Put: {
            TableName: this.deps.table,
            Item: {
              pk: where.pk,
              sk: where.sk,
              type: 'export-part',
              subjectId,
              parts,
              ...sealed,
              expiresAt: epochSeconds(expiresAt),
            },
          },
        }),
      );
    }
    return writes;
  }

  async read(subjectId: string, requestId: string, now: Date): Promise<unknown> {
    const result = await guarded('Exports', () =>
      this.deps.ddb.send(
        new QueryCommand({
          TableName: this.deps.table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': exportPk(requestId) },
          ConsistentRead: true,
        }),
      ),
    );
    const live = (result.Items ?? [])
      .map((item) => decodeItem(partItem, item, 'export part'))
      .filter((part) => part.subjectId === subjectId && part.expiresAt > epochSeconds(now));
    if (live.length === 0 || live.length !== live[0]?.parts) {
      throw new GoneError('This export is no longer available; request a new one.');
    }
    let json = '';
    for (const part of live) {
      const opened = await this.deps.codec.open(subjectId, { table: 'data', pk: part.pk, sk: part.sk }, part, [
        'content',
      ]);
      json += String(opened.content);
    }
    return JSON.parse(json);
  }
}
