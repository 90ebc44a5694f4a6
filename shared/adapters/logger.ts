/**
 * The structured logger (Powertools), redacting by allow-list: a log line carries the standard
 * Powertools attributes plus only the fields named in `SAFE_LOG_FIELDS` (ids, outcomes, counts,
 * error names), at any depth; every other field's value is replaced by `[REDACTED]`. A deny-list of
 * personal key names missed every field nobody thought of (`contactPhone`, `reason`, `note`…); an
 * allow-list fails safe, and a new safe field is one line here. Code logs ids and outcomes, never
 * values, and the leak scan plants canaries to prove it.
 */
import { LogFormatter, Logger, LogItem } from '@aws-lambda-powertools/logger';
import type { LogAttributes, UnformattedAttributes } from '@aws-lambda-powertools/logger/types';

export const REDACTED = '[REDACTED]';

/**
 * Fields whose values may be logged: identifiers (opaque, never personal values), outcomes, counts
 * and names of errors. Nested objects under a safe field are filtered by the same list.
 */
const SAFE_LOG_FIELDS: ReadonlySet<string> = new Set([
  // who and what, by opaque id or role
  'actorRole',
  'requestId',
  'messageId',
  'subjectId',
  'job',
  'result',
  'outcome',
  // errors: the class name and code frames, never the message (it may quote data)
  'errorName',
  'error',
  'frames',
  'name',
  'location',
  // job summaries: counts and flags
  'summary',
  'valid',
  'chains',
  'records',
  'chainsVerified',
  'recordsVerified',
  'verifiedAt',
  'invalid',
  'problems',
  'seq',
  'problem',
  'processed',
  'completed',
  'waiting',
  'awaitingDecision',
  'ordersAnonymised',
  'ordersHeldByRestriction',
  'ordersHeldByPendingRefund',
  'itemsDeleted',
  'itemsSkipped',
  'consentDataPurged',
  'bucketsVisited',
  'requests',
  'noticesSent',
  'mailsSent',
  'mailsFailed',
  'erasuresRequested',
  'erasuresHeldForDecision',
  'noLongerDue',
  'dueSoon',
  'overdue',
  'privacyRequests',
  'complaints',
  'noticesWritten',
]);

/** `value` with every field not in the allow-list redacted, at any depth. Array items keep their parent's verdict. */
export function allowListed(value: unknown): unknown {
  if (value instanceof Error) return { name: value.name };
  if (Array.isArray(value)) return value.map(allowListed);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, v]) => [key, SAFE_LOG_FIELDS.has(key) ? allowListed(v) : REDACTED]),
    );
  }
  return value;
}

/**
 * The Powertools layout (level, message, timestamp, service, Lambda context, trace id) with the
 * additional attributes passed through the allow-list. The message is a constant written in code.
 */
class AllowListFormatter extends LogFormatter {
  override formatAttributes(attributes: UnformattedAttributes, additional: LogAttributes): LogItem {
    const context = attributes.lambdaContext;
    return new LogItem({
      attributes: {
        level: attributes.logLevel,
        message: attributes.message,
        timestamp: this.formatTimestamp(attributes.timestamp),
        service: attributes.serviceName,
        cold_start: context?.coldStart,
        function_arn: context?.invokedFunctionArn,
        function_memory_size: context?.memoryLimitInMB,
        function_name: context?.functionName,
        function_request_id: context?.awsRequestId,
        sampling_rate: attributes.sampleRateValue,
        xray_trace_id: attributes.xRayTraceId,
      },
    }).addAttributes(allowListed(additional) as LogAttributes);
  }
}

export const logger = new Logger({ logFormatter: new AllowListFormatter() });
