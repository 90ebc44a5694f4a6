// Who a local process acts as, and what the audit stores' resource policies and the digest key's policy let each do —
// derived from the same route and job tables the CDK app derives them from (infra/build-app.ts). Route handlers share
// one identity (the gateway is one process); each `npm run job` runs as its job, as each job has its own role in AWS.
import { type JobName, jobs } from '../functions/jobs/index';
import { routes } from '../functions/routes';
import type { FunctionAccess } from '../shared/config/resources';
import type { TableNames } from './dynamodb/tables';

/** The access key id of every route handler (and of queue-driven jobs `npm start` runs in-process). */
export const HANDLER_PRINCIPAL = 'local';
/**
 * The access key id `npm run job -- NAME` acts as: `job` and the name in PascalCase (`jobAuditDigest`),
 * since DynamoDB Local accepts access key ids of letters and digits only.
 */
export const jobPrincipal = (job: JobName): string =>
  `job${job
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('')}`;

/** One table's resource policy: actions nobody may take, and actions only some principals may. */
export interface TablePolicy {
  readonly never: readonly string[];
  readonly only: Readonly<Record<string, readonly string[]>>;
}

/** Principals whose declared access passes `test`. */
function principalsWhere(test: (access: FunctionAccess) => boolean): string[] {
  const handlers = Object.values(routes).some((route) => test(route.access)) ? [HANDLER_PRINCIPAL] : [];
  const jobPrincipals = (Object.entries(jobs) as [JobName, (typeof jobs)[JobName]][])
    .filter(([, job]) => test(job.access))
    .map(([name]) => jobPrincipal(name));
  return [...handlers, ...jobPrincipals];
}

const NEVER_CHANGED = ['UpdateItem', 'BatchWriteItem', 'PartiQLUpdate', 'PartiQLDelete', 'PartiQLInsert'];

/** The audit table's and the digest table's policies (infra/constructs/append-only.ts), by local table name. */
export function auditStorePolicies(names: TableNames): Record<string, TablePolicy> {
  return {
    [names.audit]: {
      never: NEVER_CHANGED,
      only: { DeleteItem: principalsWhere((a) => a.audit === 'expire') },
    },
    [names.digests]: {
      never: [...NEVER_CHANGED, 'DeleteItem'],
      only: { PutItem: principalsWhere((a) => a.auditDigests === 'append' || a.auditDigests === 'verify') },
    },
  };
}

/** Who may sign with the digest key (infra/constructs/digest-key.ts). */
export const digestSigners = (): string[] => principalsWhere((a) => a.auditSigning === 'sign');
