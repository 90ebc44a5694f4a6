/**
 * Page cursors as clients see them: the adapter's position sealed with AES-256-GCM under a key
 * derived from the cursor secret, with the route and the caller as additional authenticated data.
 * A cursor is opaque (the position's keys are encrypted), tamper-proof (any change fails the tag)
 * and bound: another caller's cursor, or one from another list, does not open. Every failure is
 * the client's mistake, a 400 on `query.cursor`; never a silent restart at page 1.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { ValidationError } from '../domain/errors';

/** First byte of every cursor: lets a later format (or key) be told apart. */
const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** What a cursor is bound to: the list it pages (`GET /v1/orders`) and who asked for it. */
export interface CursorBinding {
  readonly route: string;
  readonly subject: string;
}

export class CursorSeal {
  private readonly key: Buffer;

  /** `secret`: the cursor secret's value; the AES key is derived from it (HKDF-SHA-256). */
  constructor(secret: string) {
    this.key = Buffer.from(hkdfSync('sha256', secret, '', 'privacy-orders/page-cursor/v1', 32));
  }

  seal(position: string, binding: CursorBinding): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv).setAAD(aad(binding));
    const sealed = Buffer.concat([cipher.update(position, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.of(VERSION), iv, sealed, cipher.getAuthTag()]).toString('base64url');
  }

  open(cursor: string, binding: CursorBinding): string {
    const bytes = Buffer.from(cursor, 'base64url');
    if (bytes.length <= 1 + IV_BYTES + TAG_BYTES || bytes[0] !== VERSION) throw invalidCursor();
    const iv = bytes.subarray(1, 1 + IV_BYTES);
    const tag = bytes.subarray(bytes.length - TAG_BYTES);
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, iv).setAAD(aad(binding)).setAuthTag(tag);
      return Buffer.concat([decipher.update(bytes.subarray(1 + IV_BYTES, -TAG_BYTES)), decipher.final()]).toString(
        'utf8',
      );
    } catch {
      throw invalidCursor();
    }
  }
}

const aad = (binding: CursorBinding): Buffer => Buffer.from(JSON.stringify([binding.route, binding.subject]), 'utf8');

const invalidCursor = (): ValidationError =>
  new ValidationError('The cursor is not one this list issued to you; start again without it.', [
    { path: 'query.cursor', message: 'Invalid cursor' },
  ]);
