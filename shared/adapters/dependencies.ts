/**
 * Every adapter at once: what tests, benchmarks and local tools wire (`buildDependencies` with their
 * own clients, `localDependencies` from the environment). Functions never import this module: each
 * names the providers it uses (`appDependencies` in shared/adapters/wiring.ts), so its bundle holds
 * only those (decision 0053).
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AppConfig } from '../config';
import type { Ports } from '../ports';
import type { SubjectKeyring } from './crypto/subject-keyring';
import type { DynamoOutbox } from './dynamodb/outbox';
import * as providers from './providers';
import { type DependencyOverrides, expose, Wiring, wiringOfProcess } from './wiring';

export type { DependencyOverrides } from './wiring';

/**
 * The ports, wired to DynamoDB, KMS and the AWS services (see shared/ports), plus two raw handles
 * for tests and benchmarks — never for use cases, which take `Pick<Ports, …>`: the document client
 * (to inject faults or count requests) and the keyring itself (to prove a key was shredded).
 */
export type AppDependencies = Omit<Ports, 'keyring' | 'outbox'> & {
  readonly keyring: SubjectKeyring;
  /** The outbox itself, which the local drainer and tests read back. */
  readonly outbox: DynamoOutbox;
  readonly ddb: DynamoDBDocumentClient;
};

/** Every port, each adapter built on first use from `config` and the overriding clients. */
export function buildDependencies(config: AppConfig, overrides: DependencyOverrides = {}): AppDependencies {
  return expose(new Wiring(config, overrides), providers);
}

/** Every port, on the process-wide wiring (the local runtime's seed and outbox drainer). */
export function localDependencies(): AppDependencies {
  return expose(wiringOfProcess(), providers);
}
