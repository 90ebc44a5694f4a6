/**
 * Ports of the retention sweeps. TRANSITIONAL: the sweeps still take the document client until the
 * retention index is converted to a port.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface RetentionPorts {
  readonly ddb: DynamoDBDocumentClient;
}
