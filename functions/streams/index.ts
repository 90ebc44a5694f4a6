/**
 * The stream table: entry points fed by a DynamoDB stream. CDK builds one function per entry with
 * its event source (filtered, partial batch failures, an on-failure queue); locally
 * local/outbox-drainer.ts does the same work by polling. Pure data.
 */
import type { FunctionAccess, TableId } from '../../shared/config/resources';

export interface StreamDefinition {
  /** Module relative to the repository root; exports the Lambda `handler`. */
  readonly entry: string;
  /** The table whose stream feeds the function; its declaration must declare a `stream`. */
  readonly table: TableId;
  readonly access: FunctionAccess;
  /** Only records whose new image has this `type` reach the function (an event-source filter). */
  readonly itemType: string;
}

export const streams = {
  'outbox-publisher': {
    entry: 'functions/streams/publish-outbox.ts',
    table: 'data',
    // Publishes to the bus; reads nothing but the stream records themselves.
    access: { events: true },
    itemType: 'outbox',
  },
} as const satisfies Record<string, StreamDefinition>;

export type StreamName = keyof typeof streams;
