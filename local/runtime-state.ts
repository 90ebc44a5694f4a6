// The running stack's address book (.local/runtime.json), written by `npm start` so `npm run job` can reach the same services.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ensureLocalDir, runtimeStateFile } from './paths';

export interface RuntimeState {
  pid: number;
  startedAt: string;
  apiUrl: string;
  dynamodbEndpoint: string;
  kmsEndpoint: string;
  /** The local EventBridge; absent in files written before it existed. */
  eventsEndpoint?: string;
  /** The local Cognito-compatible staff identity service (local/identity/server.ts). */
  identityEndpoint?: string;
  /** The local Stripe-compatible payment processor (local/payments/server.ts). */
  paymentsEndpoint?: string;
  /** The local mail outbox (SES v2 compatible); `GET <mailEndpoint>/outbox` lists what was sent. */
  mailEndpoint?: string;
  /** The web app (account pages, `/staff` the staff console). */
  webUrl?: string;
  keyId: string;
  tablePrefix: string;
  carrierWebhookSecret: string;
  persist: boolean;
}

export class StackNotRunningError extends Error {
  override readonly name = 'StackNotRunningError';
  constructor() {
    super('Start the local stack first: npm start');
  }
}

/** 0600: it carries the webhook secrets' seed. */
export function writeRuntimeState(state: RuntimeState): void {
  ensureLocalDir();
  mkdirSync(path.dirname(runtimeStateFile()), { recursive: true });
  writeFileSync(runtimeStateFile(), `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
}

/** The state of a stack that is still running; a file left by a dead process counts as no stack. */
export function readRuntimeState(): RuntimeState {
  const file = runtimeStateFile();
  if (!existsSync(file)) throw new StackNotRunningError();
  const state = JSON.parse(readFileSync(file, 'utf8')) as RuntimeState;
  try {
    process.kill(state.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') throw new StackNotRunningError();
  }
  return state;
}

/** Removes the file, but only if it is ours (another stack may have started since). */
export function clearRuntimeState(pid = process.pid): void {
  const file = runtimeStateFile();
  try {
    const state = JSON.parse(readFileSync(file, 'utf8')) as RuntimeState;
    if (state.pid === pid) rmSync(file, { force: true });
  } catch {
    // nothing to clear
  }
}
