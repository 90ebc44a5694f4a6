// Where the local runtime keeps its files: everything lives under <repo>/.local, which ignores itself in git.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Scripts and jest always run from the repository root, so the cwd is the root (no import.meta: jest loads these as CommonJS). */
export const repoRoot = (): string => process.cwd();

export const localDir = (): string => path.join(repoRoot(), '.local');
export const dynamodbDir = (): string => path.join(localDir(), 'dynamodb');
/** Persist mode keeps DynamoDB's database file and the KMS key material here (`LOCAL_DATA_DIR` moves it). */
export const dataDir = (): string => process.env.LOCAL_DATA_DIR || path.join(localDir(), 'data');
export const kmsKeyFile = (): string => path.join(dataDir(), 'kms-keys.json');
/** Persist mode keeps the local payment processor's intents and refunds here. */
export const paymentsStateFile = (): string => path.join(dataDir(), 'payments.json');
export const tokenIssuerFile = (): string => path.join(localDir(), 'token-issuer.json');
/** `LOCAL_RUNTIME_STATE` moves it, so a test's stack never clobbers the one a developer is running. */
export const runtimeStateFile = (): string => process.env.LOCAL_RUNTIME_STATE || path.join(localDir(), 'runtime.json');

/** The local mail outbox's folder: beside the runtime state, so a test's stack keeps its own. */
export const mailDir = (): string => path.join(path.dirname(runtimeStateFile()), 'mail');

/** Creates `.local/` with a `.gitignore` of `*`, so nothing generated here (keys, jars, data) can be committed by accident. */
export function ensureLocalDir(): string {
  const dir = localDir();
  mkdirSync(dir, { recursive: true });
  const ignore = path.join(dir, '.gitignore');
  if (!existsSync(ignore)) writeFileSync(ignore, '*\n');
  return dir;
}
