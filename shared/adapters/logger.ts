/**
 * The structured logger (Powertools). A JSON replacer redacts any attribute whose key names a
 * personal or secret field, at any depth, as a second line of defence: code logs ids and
 * outcomes, never values, and tests plant canaries to prove it.
 */
import { Logger } from '@aws-lambda-powertools/logger';

const SENSITIVE_KEY =
  /^(name|email|phone|address(es)?|line[12]|city|postal.?code|recipient|token|authorization|cookie|body|password|secret|plaintext|content|description|events|claims)$/i;

export const REDACTED = '[REDACTED]';

/** JSON.stringify replacer: a sensitive key's value is never serialised. */
export const redactingReplacer = (key: string, value: unknown): unknown =>
  key !== '' && SENSITIVE_KEY.test(key) ? REDACTED : value;

export const logger = new Logger({ jsonReplacerFn: redactingReplacer });
