// `npm start [-- --persist]`: DynamoDB Local + local KMS + local EventBridge + local payment processor + tables + gateway in front of the real handlers, stopped together on Ctrl-C.
// DYNAMODB_ENDPOINT points it at a DynamoDB that is already running instead (the e2e suite shares one JVM that way).
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { methodNotAllowed, routes } from '../functions/routes';
import { identityTriggers } from '../functions/triggers/index';
import { stageSettings } from '../infra/stages';
import { CARRIER_IDS } from '../shared/config/carriers';
import { clockOffsetSeconds } from './clock';
import { ensureDynamoDbLocal, isDynamoDbLocalInstalled } from './dynamodb/install';
import {
  assertPortFree,
  type DynamoDbLocalHandle,
  dynamoDbStartTimeoutMs,
  startDynamoDbLocal,
} from './dynamodb/launcher';
import { type PolicyProxyHandle, startPolicyProxy } from './dynamodb/policy-proxy';
import { createTables, localTableNames } from './dynamodb/tables';
import { applyLocalEnvironment, localCarrierSecret, localEnvironment } from './env';
import { type EventBusServerHandle, type StoredEvent, startEventBusServer } from './events/server';
import { allowedOrigins } from './gateway/cors';
import { documentationPages, OPENAPI_PATH, REFERENCE_PATH } from './gateway/documentation';
import { type GatewayHandle, startGateway } from './gateway/server';
import { type IdentityServerHandle, type PostAuthenticationTrigger, startIdentityServer } from './identity/server';
import { type KmsServerHandle, startKmsServer } from './kms/server';
import { type MailServerHandle, startMailServer } from './mail/server';
import { type OutboxDrainerHandle, startOutboxDrainer } from './outbox-drainer';
import { dataDir, kmsKeyFile, localDir, mailDir, paymentsStateFile, repoRoot } from './paths';
import { type PaymentsServerHandle, startPaymentsServer } from './payments/server';
import { auditStorePolicies, digestSigners } from './principals';
import { clearRuntimeState, writeRuntimeState } from './runtime-state';
import { jobTriggers } from './triggers';
import { DEFAULT_WEB_PORT, startWebServer, type WebServerHandle } from './web/server';

const USAGE = 'usage: npm start [-- --persist]';

interface Running {
  gateway?: GatewayHandle;
  kms?: KmsServerHandle;
  events?: EventBusServerHandle;
  identity?: IdentityServerHandle;
  mail?: MailServerHandle;
  dynamodb?: DynamoDbLocalHandle;
  /** Enforces the audit stores' resource policies in front of DynamoDB (local/dynamodb/policy-proxy.ts). */
  dynamodbPolicies?: PolicyProxyHandle;
  drainer?: OutboxDrainerHandle;
  payments?: PaymentsServerHandle;
  /** The web app (web/): account pages and staff console. */
  web?: WebServerHandle;
}

const running: Running = {};
/** Replaced by the real job triggers once handlers may load (after the environment is applied). */
let triggers: (event: StoredEvent) => void = () => {};

async function main(): Promise<void> {
  const started = performance.now();
  const args = process.argv.slice(2);
  const unknown = args.filter((arg) => arg !== '--persist');
  if (unknown.length > 0) {
    process.stderr.write(`Unknown option ${unknown[0]}; ${USAGE}\n`);
    process.exit(2);
  }
  const persist = args.includes('--persist');
  const port = portFromEnv('PORT', 3000);
  const dynamodbPort = portFromEnv('DYNAMODB_PORT', 8000);
  const kmsPort = portFromEnv('KMS_PORT', 8100);
  const eventsPort = portFromEnv('EVENTS_PORT', 8200);
  const paymentsPort = portFromEnv('PAYMENTS_PORT', 8300);
  const webPort = portFromEnv('WEB_PORT', DEFAULT_WEB_PORT);
  // Reached only through .local/runtime.json (npm run staff/token), so any free port will do by default.
  const identityPort = process.env.IDENTITY_PORT ? portFromEnv('IDENTITY_PORT', 0) : 0;
  // Malformed settings fail now, not on the first request or after a JVM start.
  clockOffsetSeconds();
  const startTimeoutMs = dynamoDbStartTimeoutMs();
  const tablePrefix = tablePrefixFromEnv();
  const externalDynamoDb = process.env.DYNAMODB_ENDPOINT || undefined;

  // Fail on a busy port before spending seconds on a JVM.
  await assertPortFree(port, 'API gateway', 'PORT');
  await assertPortFree(kmsPort, 'local KMS', 'KMS_PORT');
  await assertPortFree(eventsPort, 'local EventBridge', 'EVENTS_PORT');
  await assertPortFree(paymentsPort, 'local payment processor', 'PAYMENTS_PORT');
  if (webPort !== 0) await assertPortFree(webPort, 'web app', 'WEB_PORT');
  if (identityPort !== 0) await assertPortFree(identityPort, 'local identity service', 'IDENTITY_PORT');
  const startDynamoDb = async (): Promise<{ endpoint: string }> => {
    if (externalDynamoDb) return { endpoint: externalDynamoDb };
    if (!isDynamoDbLocalInstalled())
      process.stdout.write('Downloading DynamoDB Local (first run only, about 56 MB)...\n');
    const installDir = await ensureDynamoDbLocal();
    running.dynamodb = await startDynamoDbLocal({
      port: dynamodbPort,
      persist,
      dbPath: dataDir(),
      installDir,
      startTimeoutMs,
    });
    return running.dynamodb;
  };

  // Staff accounts (`npm run staff -- create --local`) and customers: kept with the data under --persist.
  const identity = await startIdentityServer({
    port: identityPort,
    ...(persist && {
      file: path.join(dataDir(), 'staff-users.json'),
      customerFile: path.join(dataDir(), 'customer-users.json'),
    }),
    // Cognito calls the trigger function; locally the same module runs in-process, loaded on first use.
    postAuthentication: (event) => postAuthentication().then((handler) => handler(event)),
  });
  running.identity = identity;
  // Mail the backend sends (inactivity notices) lands here: GET …/outbox, or the .eml files.
  const mail = await startMailServer({ dir: mailDir() });
  running.mail = mail;
  const [dynamodb, kms, events, payments] = await Promise.all([
    startDynamoDb(),
    // The digest key's policy: only the digest job may sign.
    startKmsServer({ port: kmsPort, signers: digestSigners(), ...(persist ? { keyFile: kmsKeyFile() } : {}) }).then(
      (h) => (running.kms = h),
    ),
    // Events live in memory even with --persist: they are a log of what handlers published, not state.
    startEventBusServer({ port: eventsPort, onEvent: (event) => triggers(event) }).then((h) => (running.events = h)),
    startPaymentsServer({ port: paymentsPort, ...(persist ? { stateFile: paymentsStateFile() } : {}) }).then(
      (h) => (running.payments = h),
    ),
  ]);

  const tableNames = localTableNames(tablePrefix);
  const client = new DynamoDBClient({
    endpoint: dynamodb.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await createTables(client, tableNames);
  client.destroy();
  // Handlers and jobs reach DynamoDB through the audit stores' policies, as in AWS.
  const policed = await startPolicyProxy({ target: dynamodb.endpoint, policies: auditStorePolicies(tableNames) });
  running.dynamodbPolicies = policed;

  const carrierWebhookSecret = process.env.CARRIER_WEBHOOK_SECRET || randomBytes(24).toString('hex');
  // Before any handler module loads: they read their configuration at import time, as at a Lambda cold start.
  applyLocalEnvironment(
    localEnvironment({
      dynamodbEndpoint: policed.endpoint,
      kmsEndpoint: kms.endpoint,
      eventsEndpoint: events.endpoint,
      keyId: kms.keyArn,
      tablePrefix,
      carrierWebhookSecret,
      paymentsEndpoint: payments.endpoint,
      identityEndpoint: identity.endpoint,
      mailEndpoint: mail.endpoint,
    }),
  );
  const { seedLocal } = await import('./seed');
  await seedLocal();
  if (process.env.LOCAL_OUTBOX_DRAIN !== 'off') {
    running.drainer = startOutboxDrainer({ log: (line) => void process.stdout.write(`${line}\n`) });
  }
  // LOCAL_JOB_TRIGGERS=off leaves queue-driven jobs to `npm run job` (deterministic test scenarios).
  if (process.env.LOCAL_JOB_TRIGGERS !== 'off') {
    triggers = jobTriggers(repoRoot(), (line) => void process.stdout.write(`${line}\n`));
  }

  // The web app's origin must be allowed by the gateway's CORS policy, and the app must know the gateway's URL.
  let apiUrl = '';
  const web = await startWebServer({ port: webPort, identityEndpoint: identity.endpoint, apiUrl: () => apiUrl });
  running.web = web;
  const corsOrigins = allowedOrigins();
  const gateway = await startGateway({
    port,
    corsOrigins: corsOrigins.includes(web.url) ? corsOrigins : [...corsOrigins, web.url],
    routes,
    logRequests: true,
    methodNotAllowed,
    throttle: localThrottle(),
    pages: documentationPages(repoRoot(), localDir()),
    onApiResponse: () => running.drainer?.kick(),
  });
  running.gateway = gateway;
  apiUrl = gateway.url;
  writeRuntimeState({
    pid: process.pid,
    startedAt: new Date().toISOString(),
    apiUrl: gateway.url,
    dynamodbEndpoint: policed.endpoint,
    kmsEndpoint: kms.endpoint,
    eventsEndpoint: events.endpoint,
    identityEndpoint: identity.endpoint,
    paymentsEndpoint: payments.endpoint,
    mailEndpoint: mail.endpoint,
    webUrl: web.url,
    keyId: kms.keyArn,
    tablePrefix,
    carrierWebhookSecret,
    persist,
  });

  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const storage = externalDynamoDb
    ? `DynamoDB ${dynamodb.endpoint} (tables ${tablePrefix}-*)`
    : `DynamoDB Local ${dynamodb.endpoint}`;
  process.stdout.write(
    [
      `Privacy orders backend ready at ${gateway.url}`,
      `  account pages: ${web.url} (staff console: ${web.url}/staff; staff accounts: npm run -s staff -- create --local --email … --group …)`,
      `  started in ${seconds} s; ${storage}, KMS ${kms.endpoint}, EventBridge ${events.endpoint}, payments (Stripe API) ${payments.endpoint}${persist ? ', data kept in .local/data' : ' (in memory)'}`,
      `  mail outbox: ${mail.outboxUrl} (and .eml files in ${path.relative(repoRoot(), mailDir()) || '.'})`,
      `  carrier webhook secrets (seed ${carrierWebhookSecret}): ${CARRIER_IDS.map((id) => `${id} ${localCarrierSecret(carrierWebhookSecret, id)}`).join(', ')}`,
      `  API reference: ${gateway.url}${REFERENCE_PATH} (OpenAPI document: ${gateway.url}${OPENAPI_PATH})`,
      '  demo catalogue: curl -s ' +
        `${gateway.url}/v1/products; pay with pm_card_visa (declined: pm_card_chargeDeclined)`,
      '  try:',
      '    TOKEN=$(npm run -s token -- --sub demo-user)',
      `    curl -s ${gateway.url}/v1/health`,
      `    curl -s -H "Authorization: Bearer $TOKEN" ${gateway.url}/v1/me`,
      '  Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
}

/** The post-authentication trigger's handler, imported once the local environment is applied (a cold start). */
let trigger: Promise<PostAuthenticationTrigger> | undefined;
function postAuthentication(): Promise<PostAuthenticationTrigger> {
  trigger ??= import(path.join(repoRoot(), identityTriggers.postAuthentication.entry)).then(
    (module: { handler: PostAuthenticationTrigger }) => module.handler,
  );
  return trigger;
}

/** A port from the environment; 0 lets the OS pick a free one (the addresses are in .local/runtime.json). */
function portFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`${name} must be a port number (0-65535, 0 for any free port), got "${raw}"`);
  return port;
}

/** `LOCAL_TABLE_PREFIX` names the tables `<prefix>-data` and so on (default `local`). */
function tablePrefixFromEnv(): string {
  const prefix = process.env.LOCAL_TABLE_PREFIX || 'local';
  if (!/^[A-Za-z0-9_.-]{1,200}$/.test(prefix))
    throw new Error(`LOCAL_TABLE_PREFIX may hold letters, digits, "_", "-" and "." only, got "${prefix}"`);
  return prefix;
}

let stoppingSince: number | undefined;

async function stopAll(): Promise<void> {
  await running.drainer?.stop();
  await Promise.allSettled([
    running.gateway?.stop(),
    running.web?.stop(),
    running.kms?.stop(),
    running.events?.stop(),
    running.identity?.stop(),
    running.payments?.stop(),
    running.dynamodbPolicies?.stop(),
    running.mail?.stop(),
    running.dynamodb?.stop(),
  ]);
  clearRuntimeState();
}

function onSignal(): void {
  if (stoppingSince !== undefined) {
    // A terminal's Ctrl-C reaches us twice (directly and relayed by npm): only a later, deliberate
    // second Ctrl-C means "leave now"; the launcher's exit hook still kills DynamoDB Local then.
    if (Date.now() - stoppingSince > 1000) process.exit(1);
    return;
  }
  stoppingSince = Date.now();
  process.stdout.write('Stopping...\n');
  void stopAll().then(() => process.exit(0));
}

process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

main().catch(async (error: unknown) => {
  const message = (error instanceof Error ? error.message : String(error)).split('\n')[0];
  process.stderr.write(`Cannot start: ${message}\n`);
  await stopAll();
  process.exit(1);
});

/**
 * `LOCAL_THROTTLE=<stage>` (dev, prod) throttles as that stage's API does (infra/stages.ts), answering
 * 429 as API Gateway does; unset, nothing is throttled (tests and benchmarks drive the API hard).
 */
function localThrottle() {
  const stage = process.env.LOCAL_THROTTLE;
  return stage ? stageSettings(stage).throttle : undefined;
}
