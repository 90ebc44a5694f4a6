/**
 * Export documents: sealed with the subject's key and stored in parts under `EXPORT#<requestId>`
 * (`DOC#<documentId>#PART#0001`…), expiring by TTL. Parts are written one at a time as the document
 * is produced and read a bounded number at a time, so neither the item limit (400 KB), nor a
 * transaction's (4 MB), nor a Query page's (1 MB), nor a function's response limit caps a document.
 * Readers treat a document past its expiry as gone even before DynamoDB deletes it.
 */
import { randomUUID } from 'node:crypto';
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { GoneError, NotFoundError, UnavailableError } from '../../domain/errors';
import type { ExportDocument } from '../../domain/privacy-request';
import { epochSeconds } from '../../domain/time';
import type { ExportDownloadPart, ExportStore as ExportPort, ExportWriter } from '../../ports/privacy';
import type { PersonalDataCodec } from '../crypto/personal-data-codec';
import { type DynamoDeps, guarded, queryPages } from './client';
import { decodeItem } from './decode';
import { exportPartSk, exportPk } from './keys';

/**
 * UTF-8 bytes of JSON per stored part: once sealed (AES-GCM, JSON-quoted, base64) a part grows by
 * about 40%, well under DynamoDB's 400 KB item limit.
 */
const PART_BYTES = 256 * 1024;
/**
 * Stored parts per download part: about 4 MB of JSON per response, under Lambda's 6 MB response
 * payload limit, so a download of any size is a sequence of bounded responses.
 */
const PARTS_PER_DOWNLOAD = 16;

export interface ExportStoreDeps extends DynamoDeps {
  readonly codec: PersonalDataCodec;
  /** Smaller parts and downloads (tests make a small document take many of each). */
  readonly limits?: { readonly partBytes: number; readonly partsPerDownload: number };
}

const partItem = z.object({
  pk: z.string(),
  sk: z.string(),
  subjectId: z.string(),
  expiresAt: z.number(),
  content: z.string(),
});

export class ExportStore implements ExportPort {
  private readonly partBytes: number;
  private readonly partsPerDownload: number;

  constructor(private readonly deps: ExportStoreDeps) {
    this.partBytes = deps.limits?.partBytes ?? PART_BYTES;
    this.partsPerDownload = deps.limits?.partsPerDownload ?? PARTS_PER_DOWNLOAD;
  }

  writer(subjectId: string, requestId: string, expiresAt: Date): ExportWriter {
    const documentId = randomUUID();
    let buffered: string[] = [];
    let bufferedBytes = 0;
    let parts = 0;
    let bytes = 0;
    const store = async (content: string) => {
      parts++;
      await this.putPart(subjectId, requestId, documentId, parts, content, expiresAt);
    };
    const flush = async () => {
      if (bufferedBytes === 0) return;
      const content = buffered.join('');
      buffered = [];
      bufferedBytes = 0;
      await store(content);
    };
    return {
      append: async (text) => {
        bytes += Buffer.byteLength(text, 'utf8');
        for (const piece of pieces(text, this.partBytes)) {
          const size = Buffer.byteLength(piece, 'utf8');
          if (bufferedBytes + size > this.partBytes) await flush();
          buffered.push(piece);
          bufferedBytes += size;
        }
      },
      finish: async () => {
        await flush();
        // An empty document still has one (empty) part: a reader always finds part 1.
        if (parts === 0) await store('');
        return { id: documentId, parts, bytes };
      },
      discard: async () => {
        for (let n = 1; n <= parts; n++) {
          const key = { pk: exportPk(requestId), sk: exportPartSk(documentId, n) };
          await guarded('Exports', () =>
            this.deps.ddb.send(new DeleteCommand({ TableName: this.deps.table, Key: key })),
          );
        }
      },
    };
  }

  async read(
    subjectId: string,
    requestId: string,
    document: ExportDocument,
    part: number,
    now: Date,
  ): Promise<ExportDownloadPart> {
    const downloads = Math.ceil(document.parts / this.partsPerDownload);
    if (!Number.isInteger(part) || part < 1 || part > downloads) {
      throw new NotFoundError(`This export has ${downloads} part(s).`);
    }
    const first = (part - 1) * this.partsPerDownload + 1;
    const last = Math.min(document.parts, part * this.partsPerDownload);
    const pages = queryPages(
      this.deps.ddb,
      {
        TableName: this.deps.table,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :first AND :last',
        ExpressionAttributeValues: {
          ':pk': exportPk(requestId),
          ':first': exportPartSk(document.id, first),
          ':last': exportPartSk(document.id, last),
        },
        ConsistentRead: true,
      },
      'Exports',
    );
    let text = '';
    let found = 0;
    for await (const page of pages) {
      for (const raw of page) {
        const stored = decodeItem(partItem, raw, 'export part');
        if (stored.subjectId !== subjectId || stored.expiresAt <= epochSeconds(now)) throw gone();
        const where = { table: 'data', pk: stored.pk, sk: stored.sk };
        text += String((await this.deps.codec.open(subjectId, where, stored, ['content'])).content);
        found++;
      }
    }
    if (found !== last - first + 1) throw gone();
    return { part, parts: downloads, text };
  }

  private async putPart(
    subjectId: string,
    requestId: string,
    documentId: string,
    n: number,
    content: string,
    expiresAt: Date,
  ): Promise<void> {
    const where = { table: 'data', pk: exportPk(requestId), sk: exportPartSk(documentId, n) };
    const sealed = await this.deps.codec.seal(subjectId, where, { content }, { createKey: false });
    try {
      await this.deps.ddb.send(
        new PutCommand({
          TableName: this.deps.table,
          Item: {
            pk: where.pk,
            sk: where.sk,
            type: 'export-part',
            subjectId,
            documentId,
            part: n,
            ...sealed,
            expiresAt: epochSeconds(expiresAt),
          },
        }),
      );
    } catch {
      throw new UnavailableError('The export could not be stored; it will be assembled again.');
    }
  }
}

const gone = () => new GoneError('This export is no longer available; request a new one.');

/** `text` in pieces of at most `maxBytes` UTF-8 bytes, never splitting a surrogate pair. */
function* pieces(text: string, maxBytes: number): Generator<string> {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) {
    yield text;
    return;
  }
  // A UTF-16 unit is at most 3 UTF-8 bytes (a surrogate pair is 4 for two units).
  const units = Math.floor(maxBytes / 3);
  for (let start = 0; start < text.length; ) {
    let end = Math.min(text.length, start + units);
    const code = text.charCodeAt(end - 1);
    if (end < text.length && code >= 0xd800 && code <= 0xdbff) end--;
    yield text.slice(start, end);
    start = end;
  }
}
