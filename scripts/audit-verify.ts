// `npm run audit:verify`: verifies the audit trail from outside the system, with read access to the two audit tables
// and the digest key's public half only (a PEM file, or the key's GetPublicKey). A full pass by default: every digest
// (signature, the entries it signed, its link to the one before, the sequence) and every chain it lists against its
// latest signed position; `--chain ID` checks one chain. Prints what failed and where; exits 1 if anything did.
//
//   npm run -s audit:verify -- --local [--chain ID] [--export-public-key FILE]
//   npm run -s audit:verify -- --audit-table NAME --digest-table NAME (--public-key FILE | --key-id ARN) [--region R] [--chain ID]
//
// It writes nothing (not even its own run): that is the job's record. See docs/decisions/0030.
import { createPublicKey } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { localTableNames } from '../local/dynamodb/tables';
import { DEFAULT_SIGNING_ALIAS } from '../local/kms/keystore';
import { readRuntimeState } from '../local/runtime-state';
import { systemClock } from '../shared/adapters/clock';
import { KmsDigestKey, StaticDigestKey } from '../shared/adapters/crypto/digest-signer';
import { AuditTrail } from '../shared/adapters/dynamodb/audit-trail';
import { createDocumentClient } from '../shared/adapters/dynamodb/client';
import { DynamoDigestStore } from '../shared/adapters/dynamodb/digest-store';
import { loadConfig } from '../shared/config';
import { describeFinding } from '../shared/domain/audit-digest';
import type { DigestPublicKey } from '../shared/ports/audit';
import { checkChain } from '../shared/usecases/audit';
import { verifyAuditTrail } from '../shared/usecases/audit-verification';

const USAGE = [
  'usage: npm run -s audit:verify -- --local [--chain ID] [--export-public-key FILE]',
  '       npm run -s audit:verify -- --audit-table NAME --digest-table NAME (--public-key FILE | --key-id ARN) [--region R] [--chain ID]',
].join('\n');

interface Target {
  readonly dynamodb: DynamoDBClient;
  readonly kms: KMSClient | undefined;
  readonly auditTable: string;
  readonly digestTable: string;
  readonly key: DigestPublicKey;
}

async function main(argv: string[]): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        local: { type: 'boolean' },
        'audit-table': { type: 'string' },
        'digest-table': { type: 'string' },
        'public-key': { type: 'string' },
        'key-id': { type: 'string' },
        region: { type: 'string' },
        chain: { type: 'string' },
        'export-public-key': { type: 'string' },
      },
      strict: true,
    }));
  } catch {
    return usage();
  }
  const target = values.local ? localTarget(values) : awsTarget(values);
  if (!target) return usage();
  if (typeof values['export-public-key'] === 'string') {
    const der = await target.key.publicKey();
    const pem = createPublicKey({ key: der, format: 'der', type: 'spki' }).export({ type: 'spki', format: 'pem' });
    writeFileSync(values['export-public-key'], pem);
    process.stdout.write(`Public key written to ${values['export-public-key']}\n`);
  }

  const ddb = createDocumentClient(target.dynamodb);
  const config = loadConfig(process.env, {});
  const clock = systemClock(config.clockOffsetSeconds);
  const retentionDays = config.retention.AUDIT_RETENTION_DAYS;
  const deps = {
    config,
    clock,
    audit: new AuditTrail({ ddb, table: target.auditTable, now: () => clock.now(), retentionDays }),
    digests: new DynamoDigestStore({ ddb, table: target.digestTable, retentionDays }),
    digestKey: target.key,
  };
  try {
    return typeof values.chain === 'string' ? await oneChain(deps, values.chain) : await fullPass(deps);
  } finally {
    target.dynamodb.destroy();
    target.kms?.destroy();
  }
}

async function fullPass(deps: Parameters<typeof verifyAuditTrail>[0]): Promise<number> {
  const result = await verifyAuditTrail(deps, { mode: 'full', record: false });
  const counts = `${result.digestsVerified} digest(s), ${result.chainsVerified} chain(s), ${result.recordsVerified} record(s)`;
  if (result.valid) {
    process.stdout.write(`Audit trail valid: ${counts}, signed through digest ${result.through?.seq ?? '-'}.\n`);
    return 0;
  }
  process.stdout.write(`Audit trail INVALID: ${result.problemsFound} problem(s) in ${counts}:\n`);
  for (const finding of result.problems) process.stdout.write(`  ${describeFinding(finding)}\n`);
  if (result.problemsFound > result.problems.length) {
    process.stdout.write(`  … and ${result.problemsFound - result.problems.length} more\n`);
  }
  return 1;
}

async function oneChain(deps: Parameters<typeof checkChain>[0], chain: string): Promise<number> {
  const report = await checkChain(deps, chain);
  const signed = report.signed
    ? `signed through record ${report.signed.seq} by digest ${report.signed.digest}`
    : 'not signed by any digest yet';
  if (report.valid) {
    process.stdout.write(`Chain ${chain} valid: ${report.records} record(s), ${signed}.\n`);
    return 0;
  }
  process.stdout.write(`Chain ${chain} INVALID (${signed}):\n`);
  for (const p of report.problems)
    process.stdout.write(`  ${describeFinding({ chain, seq: p.seq, problem: p.problem })}\n`);
  for (const p of report.digestProblems) {
    process.stdout.write(`  ${describeFinding({ digest: report.signed?.digest ?? 0, problem: p })}\n`);
  }
  return 1;
}

/** The running `npm start`: its tables, DynamoDB and key service (public key by GetPublicKey unless a file is given). */
function localTarget(values: Record<string, string | boolean | undefined>): Target {
  const state = readRuntimeState();
  const names = localTableNames(state.tablePrefix);
  const credentials = { accessKeyId: 'auditVerifyOutside', secretAccessKey: 'local' };
  const kms = new KMSClient({ endpoint: state.kmsEndpoint, region: 'us-east-1', credentials });
  return {
    dynamodb: new DynamoDBClient({ endpoint: state.dynamodbEndpoint, region: 'us-east-1', credentials }),
    kms,
    auditTable: names.audit,
    digestTable: names.digests,
    key: keyFrom(values, kms, DEFAULT_SIGNING_ALIAS),
  };
}

/** A deployed stage, with the credentials and region of the environment. */
function awsTarget(values: Record<string, string | boolean | undefined>): Target | undefined {
  const auditTable = values['audit-table'];
  const digestTable = values['digest-table'];
  if (typeof auditTable !== 'string' || typeof digestTable !== 'string') return undefined;
  if (typeof values['public-key'] !== 'string' && typeof values['key-id'] !== 'string') return undefined;
  const region = typeof values.region === 'string' ? { region: values.region } : {};
  const kms = typeof values['key-id'] === 'string' ? new KMSClient(region) : undefined;
  return {
    dynamodb: new DynamoDBClient(region),
    kms,
    auditTable,
    digestTable,
    key: keyFrom(values, kms, String(values['key-id'])),
  };
}

function keyFrom(
  values: Record<string, string | boolean | undefined>,
  kms: KMSClient | undefined,
  keyId: string,
): DigestPublicKey {
  const file = values['public-key'];
  if (typeof file === 'string') {
    return new StaticDigestKey(createPublicKey(readFileSync(file)).export({ type: 'spki', format: 'der' }));
  }
  if (!kms) throw new Error('No public key: give --public-key FILE or --key-id ARN');
  return new KmsDigestKey({ kms: async () => kms, keyId });
}

function usage(): number {
  process.stderr.write(`${USAGE}\n`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${(error instanceof Error ? error.message : String(error)).split('\n')[0]}\n`);
    process.exit(1);
  },
);
