/**
 * Export documents: sealed with the subject's key and split into parts under `EXPORT#<requestId>`
 * (an item holds at most 400 KB), expiring by TTL. Readers treat a document past its expiry as gone
 * even before DynamoDB deletes it.
 */
import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { GoneError, UnavailableError } from '../../domain/errors';
import { epochSeconds } from '../../domain/time';
import type { PersonalDataCodec } from '../crypto/personal-data-codec';
import type { TransactItem } from './audit-trail';
import { exportPartSk, exportPk } from './keys';

/** Characters of JSON per part: well under the item limit after encryption and base64. */
const PART_CHARS = 200_000;

export class ExportStore {
  constructor(private readonly deps: { ddb: DynamoDBDocumentClient; table: string; codec: PersonalDataCodec }) {}

  /** Transaction items writing the document (at most 99 parts, about 20 MB of JSON). */
  async partItems(subjectId: string, requestId: string, document: string, expiresAt: Date): Promise<TransactItem[]> {
    const parts = Math.max(1, Math.ceil(document.length / PART_CHARS));
    const items: TransactItem[] = [];
    for (let n = 1; n <= parts; n++) {
      const where = { table: 'data', pk: exportPk(requestId), sk: exportPartSk(n) };
      const sealed = await this.deps.codec.seal(subjectId, where, {
        content: document.slice((n - 1) * PART_CHARS, n * PART_CHARS),
      });
      items.push({
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
      });
    }
    return items;
  }

  /** The document, or 410 once it expired. */
  async read(subjectId: string, requestId: string, now: Date): Promise<unknown> {
    let result: QueryCommandOutput;
    try {
      result = await this.deps.ddb.send(
        new QueryCommand({
          TableName: this.deps.table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': exportPk(requestId) },
          ConsistentRead: true,
        }),
      );
    } catch {
      throw new UnavailableError('Exports are temporarily unavailable.');
    }
    const items = (result.Items ?? []).filter((i) => i.subjectId === subjectId);
    const live = items.filter((i) => Number(i.expiresAt) > epochSeconds(now));
    if (live.length === 0 || live.length !== Number(live[0]?.parts)) {
      throw new GoneError('This export is no longer available; request a new one.');
    }
    let json = '';
    for (const item of live) {
      const opened = await this.deps.codec.open(
        subjectId,
        { table: 'data', pk: String(item.pk), sk: String(item.sk) },
        item,
        ['content'],
      );
      json += String(opened.content);
    }
    return JSON.parse(json);
  }
}
