// EventBridge's PutEvents rules, without HTTP: request-level limits, per-entry checks and the stored shape of an accepted event.

import { randomUUID } from 'node:crypto';
import { AwsJsonError } from '../aws-json';

/** The bus `npm start` gives handlers in EVENT_BUS_NAME (in AWS: `orders-<stage>`). */
export const LOCAL_EVENT_BUS_NAME = 'local-orders';
/** Every account has this bus; entries without EventBusName go to it. */
export const DEFAULT_EVENT_BUS_NAME = 'default';
export const MAX_ENTRIES = 10;
/** EventBridge's quota on the summed size of a request's entries (256 KB). */
export const MAX_ENTRIES_BYTES = 256 * 1024;

/** An accepted entry, as the local bus keeps it. */
export interface StoredEvent {
  readonly id: string;
  /** ISO 8601 without milliseconds, as EventBridge stamps events: the entry's Time, or the time it was accepted. */
  readonly time: string;
  readonly source: string;
  readonly detailType: string;
  readonly detail: Record<string, unknown>;
  /** The bus name (an ARN is reduced to its name); `default` when the entry named none. */
  readonly eventBusName: string;
}

export type PutEventsResultEntry = { EventId: string } | { ErrorCode: string; ErrorMessage: string };

export interface PutEventsOutcome {
  /** The `PutEvents` response body: one result per entry, in request order. */
  readonly response: { FailedEntryCount: number; Entries: PutEventsResultEntry[] };
  readonly accepted: StoredEvent[];
}

export interface PutEventsOptions {
  /** Buses that exist; an entry naming another fails with ResourceNotFoundException. */
  buses: ReadonlySet<string>;
  /** Epoch milliseconds used when an entry carries no Time. @default Date.now */
  now?: () => number;
}

/** A request EventBridge rejects as a whole: HTTP 400 and `{"__type": type, "message": ...}`. */
export class EventBridgeError extends AwsJsonError {}

const BUS_ARN_PREFIX = String.raw`(arn:aws[\w-]*:events:[a-z]+-[a-z]+-[\w-]+:[0-9]{12}:event-bus\/)?`;
const BUS_NAME_OR_ARN = String.raw`${BUS_ARN_PREFIX}[/\.\-_A-Za-z0-9]+`;
const BUS_PATTERN = new RegExp(`^${BUS_NAME_OR_ARN}$`);

/** The largest time a JavaScript Date holds. */
const MAX_DATE_MS = 8.64e15;

const invalidArgument = (field: string): PutEventsResultEntry => ({
  ErrorCode: 'InvalidArgument',
  ErrorMessage: `Parameter ${field} is not valid. Reason: ${field} is a required argument.`,
});

/**
 * Applies PutEvents to a parsed request body. Throws EventBridgeError for what EventBridge rejects as a whole
 * (no entries, more than 10, over 256 KB, a malformed bus name or field type); reports bad entries one by one
 * (missing Source/DetailType/Detail, Detail not a JSON object, an `aws.` source, an unknown bus) while the
 * others are accepted.
 *
 * One deliberate difference: EventBridge accepts events for a bus that does not exist and drops them; locally
 * that is a per-entry ResourceNotFoundException, so a misconfigured EVENT_BUS_NAME shows up at once.
 */
export function putEvents(input: Record<string, unknown>, options: PutEventsOptions): PutEventsOutcome {
  const entries = checkEntries(input.Entries);
  const now = options.now ?? Date.now;
  const results: PutEventsResultEntry[] = [];
  const accepted: StoredEvent[] = [];

  for (const entry of entries) {
    const problem = entryProblem(entry, options.buses);
    if (problem) {
      results.push(problem);
      continue;
    }
    const event: StoredEvent = {
      id: randomUUID(),
      time: isoSeconds(entry.Time === undefined ? now() : timeMs(entry.Time)),
      source: entry.Source as string,
      detailType: entry.DetailType as string,
      detail: JSON.parse(entry.Detail as string) as Record<string, unknown>,
      eventBusName: busName(entry.EventBusName),
    };
    accepted.push(event);
    results.push({ EventId: event.id });
  }
  return { response: { FailedEntryCount: entries.length - accepted.length, Entries: results }, accepted };
}

interface Entry {
  Source?: string;
  DetailType?: string;
  Detail?: string;
  EventBusName?: string;
  Resources?: string[];
  Time?: number | string;
}

/** The request-level checks, in EventBridge's wording; returns the entries once their shape is known. */
function checkEntries(raw: unknown): Entry[] {
  if (raw === undefined || raw === null) {
    throw new EventBridgeError(
      'ValidationException',
      "1 validation error detected: Value null at 'entries' failed to satisfy constraint: Member must not be null",
    );
  }
  if (!Array.isArray(raw)) throw new EventBridgeError('SerializationException', 'Entries must be a list');
  if (raw.length < 1 || raw.length > MAX_ENTRIES) {
    const bound = raw.length < 1 ? 'greater than or equal to 1' : `less than or equal to ${MAX_ENTRIES}`;
    throw new EventBridgeError(
      'ValidationException',
      `1 validation error detected: Value '[PutEventsRequestEntry]' at 'entries' failed to satisfy constraint: Member must have length ${bound}`,
    );
  }
  const entries = raw.map((entry, index) => entryShape(entry, index));
  entries.forEach((entry, index) => {
    const bus = entry.EventBusName;
    if (bus !== undefined && (bus.length > 1600 || !BUS_PATTERN.test(bus))) {
      throw new EventBridgeError(
        'ValidationException',
        `1 validation error detected: Value '${bus}' at 'entries.${index + 1}.member.eventBusName' failed to satisfy constraint: Member must satisfy regular expression pattern: ${BUS_NAME_OR_ARN}`,
      );
    }
  });
  if (entries.reduce((total, entry) => total + entrySize(entry), 0) > MAX_ENTRIES_BYTES) {
    throw new EventBridgeError('ValidationException', 'Total size of the entries in the request is over the limit.');
  }
  return entries;
}

function entryShape(raw: unknown, index: number): Entry {
  const where = `entries.${index + 1}`;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new EventBridgeError('SerializationException', `${where} must be a structure`);
  }
  const entry = raw as Record<string, unknown>;
  for (const field of ['Source', 'DetailType', 'Detail', 'EventBusName', 'TraceHeader'] as const) {
    if (entry[field] !== undefined && entry[field] !== null && typeof entry[field] !== 'string') {
      throw new EventBridgeError('SerializationException', `${where}.${field} must be a string`);
    }
  }
  const { Resources: resources, Time: time } = entry;
  if (
    resources !== undefined &&
    resources !== null &&
    (!Array.isArray(resources) || resources.some((r) => typeof r !== 'string'))
  ) {
    throw new EventBridgeError('SerializationException', `${where}.Resources must be a list of strings`);
  }
  if (time !== undefined && time !== null && !(Math.abs(timeMs(time)) <= MAX_DATE_MS)) {
    throw new EventBridgeError('SerializationException', `${where}.Time must be a timestamp`);
  }
  // JSON null means "not set", as it does to the SDKs.
  return Object.fromEntries(Object.entries(entry).filter(([, value]) => value !== null)) as Entry;
}

/** EventBridge's entry size: Time counts 14 bytes; Source, DetailType, Detail and Resources their UTF-8 bytes. */
function entrySize(entry: Entry): number {
  const bytes = (value: string | undefined) => (value === undefined ? 0 : Buffer.byteLength(value, 'utf8'));
  return (
    (entry.Time === undefined ? 0 : 14) +
    bytes(entry.Source) +
    bytes(entry.DetailType) +
    bytes(entry.Detail) +
    (entry.Resources ?? []).reduce((total, resource) => total + bytes(resource), 0)
  );
}

/** Why EventBridge would refuse this entry (the others in the request still go through), if it would. */
function entryProblem(entry: Entry, buses: ReadonlySet<string>): PutEventsResultEntry | undefined {
  if (!entry.Source) return invalidArgument('Source');
  if (!entry.DetailType) return invalidArgument('DetailType');
  if (!entry.Detail) return invalidArgument('Detail');
  if (!isJsonObject(entry.Detail)) return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
  if (entry.Source.startsWith('aws.')) {
    return { ErrorCode: 'NotAuthorizedForSourceException', ErrorMessage: 'Not authorized for the source.' };
  }
  const bus = busName(entry.EventBusName);
  if (!buses.has(bus))
    return { ErrorCode: 'ResourceNotFoundException', ErrorMessage: `Event bus ${bus} does not exist.` };
  return undefined;
}

function isJsonObject(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

/** `arn:aws:events:…:event-bus/orders` → `orders`; no name → `default`. */
export function busName(nameOrArn: string | undefined): string {
  if (!nameOrArn) return DEFAULT_EVENT_BUS_NAME;
  const arn = /^arn:aws[\w-]*:events:[^:]+:\d{12}:event-bus\/(.+)$/.exec(nameOrArn);
  return arn ? (arn[1] as string) : nameOrArn;
}

/** The SDKs send Time as epoch seconds (fractions allowed); ISO 8601 strings are accepted too. */
function timeMs(time: unknown): number {
  if (typeof time === 'number') return time * 1000;
  if (typeof time === 'string') return /^\d+(\.\d+)?$/.test(time) ? Number(time) * 1000 : Date.parse(time);
  return Number.NaN;
}

const isoSeconds = (ms: number): string => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
