/**
 * Wires the adapters once per process: one client per AWS service, one keyring (and so one key
 * cache), one repository of each kind. Handlers call `appDependencies()` at module scope so the
 * configuration is validated at cold start; tests call `buildDependencies` with their own clients.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type AppConfig, loadConfig } from '../config';
import { type Clock, systemClock } from './clock';
import { DataKeyCache } from './crypto/key-cache';
import { PersonalDataCodec } from './crypto/personal-data-codec';
import { SubjectKeyring } from './crypto/subject-keyring';
import { AuditTrail } from './dynamodb/audit-trail';
import { createDocumentClient } from './dynamodb/client';
import { ConsentLedger } from './dynamodb/consent-ledger';
import { EngagementRepository } from './dynamodb/engagement-repository';
import { PolicyRepository } from './dynamodb/policy-repository';
import { ProfileRepository } from './dynamodb/profile-repository';

export interface AppDependencies {
  readonly config: AppConfig;
  readonly clock: Clock;
  readonly ddb: DynamoDBDocumentClient;
  readonly keyring: SubjectKeyring;
  readonly audit: AuditTrail;
  readonly profiles: ProfileRepository;
  readonly consents: ConsentLedger;
  readonly policies: PolicyRepository;
  readonly engagement: EngagementRepository;
}

export interface DependencyOverrides {
  readonly dynamodb?: DynamoDBClient;
  readonly kms?: KMSClient;
  readonly clock?: Clock;
}

export function buildDependencies(config: AppConfig, overrides: DependencyOverrides = {}): AppDependencies {
  const clock = overrides.clock ?? systemClock(config.clockOffsetSeconds);
  const now = () => clock.now();
  const ddb = createDocumentClient(overrides.dynamodb ?? new DynamoDBClient({}));
  const kms = overrides.kms ?? new KMSClient({});
  const keyring = new SubjectKeyring({
    kms,
    ddb,
    keysTable: config.tableNames.keys,
    kmsKeyId: config.kmsKeyId,
    cache: new DataKeyCache(config.dataKeyCache),
    now,
  });
  const codec = new PersonalDataCodec(keyring);
  const audit = new AuditTrail({
    ddb,
    table: config.tableNames.audit,
    now,
    retentionDays: config.retention.AUDIT_RETENTION_DAYS,
  });
  const table = config.tableNames.data;
  return {
    config,
    clock,
    ddb,
    keyring,
    audit,
    profiles: new ProfileRepository({ ddb, table, codec, audit }),
    consents: new ConsentLedger({ ddb, table }),
    policies: new PolicyRepository({ ddb, table }),
    engagement: new EngagementRepository({ ddb, table, codec }),
  };
}

let shared: AppDependencies | undefined;

/** The process-wide dependencies, built on first use from the environment. */
export function appDependencies(): AppDependencies {
  shared ??= buildDependencies(loadConfig());
  return shared;
}
