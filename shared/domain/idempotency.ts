/** Idempotency keys: how a retried request is recognised without storing the client's raw key or body. */
import { createHash } from 'node:crypto';
import { canonicalJson } from './audit';

/** The record id: a hash of scope, subject and client key, so raw client keys are never stored. */
export const idempotencyRecordId = (scope: string, subjectId: string, key: string): string =>
  createHash('sha256').update(`${scope}\u0000${subjectId}\u0000${key}`).digest('hex');

/** A hash of the request body, key order ignored: the same key with another body is refused. */
export const requestHash = (body: unknown): string => createHash('sha256').update(canonicalJson(body)).digest('hex');
