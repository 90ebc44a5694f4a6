/**
 * `npm run staff` against the local runtime's identity service, exactly as an operator runs it
 * against Cognito (the same SDK calls, only the endpoint differs), and `npm run token -- --user`
 * honouring what it holds: a created officer gets a token with their group, a removed one none.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { CognitoIdentityProviderClient, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { verifyToken } from '../../local/auth/issuer';
import { type IdentityServerHandle, LOCAL_STAFF_CLIENT_ID, startIdentityServer } from '../../local/identity/server';
import { writeRuntimeState } from '../../local/runtime-state';

const run = promisify(execFile);
let identity: IdentityServerHandle;
let dir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  identity = await startIdentityServer();
  dir = mkdtempSync(path.join(tmpdir(), 'staff-command-'));
  env = { ...process.env, LOCAL_RUNTIME_STATE: path.join(dir, 'runtime.json') };
  const previous = process.env.LOCAL_RUNTIME_STATE;
  process.env.LOCAL_RUNTIME_STATE = env.LOCAL_RUNTIME_STATE;
  writeRuntimeState({
    pid: process.pid,
    startedAt: new Date().toISOString(),
    apiUrl: 'http://127.0.0.1:1',
    dynamodbEndpoint: 'http://127.0.0.1:1',
    kmsEndpoint: 'http://127.0.0.1:1',
    identityEndpoint: identity.endpoint,
    keyId: 'unused',
    tablePrefix: 'unused',
    carrierWebhookSecret: 'unused',
    persist: false,
  });
  process.env.LOCAL_RUNTIME_STATE = previous;
});
afterAll(async () => {
  await identity.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs a repository script as `npm run -s <script> -- …` does; resolves to its exit code and output. */
async function script(file: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(path.join(process.cwd(), 'node_modules/.bin/tsx'), [file, ...args], { env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
const staff = (...args: string[]) => script('scripts/staff.ts', [...args, '--local']);
const token = (...args: string[]) => script('local/token.ts', args);

/** The staff console's sign-in, as the browser makes it through the web server. */
async function signInStaff(email: string, password: string) {
  const client = new CognitoIdentityProviderClient({
    endpoint: identity.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    return await client.send(
      new InitiateAuthCommand({
        ClientId: LOCAL_STAFF_CLIENT_ID,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: email, PASSWORD: password },
      }),
    );
  } finally {
    client.destroy();
  }
}

test('create --local --password sets that password and does not print it; a short one is refused', async () => {
  const given = 'a chosen password 42';
  const created = await staff('create', '--email', 'chosen@example.com', '--group', 'support', '--password', given);
  expect(created).toMatchObject({ code: 0 });
  expect(created.stdout).toMatch(/password as given/);
  expect(created.stdout).not.toContain(given);
  await expect(signInStaff('chosen@example.com', given)).resolves.toBeDefined();
  const short = await staff('create', '--email', 'short@example.com', '--group', 'support', '--password', 'short');
  expect(short.code).toBe(1);
  expect(short.stderr).toMatch(/14 or more characters/);
  expect(await staff('remove', '--email', 'chosen@example.com')).toMatchObject({ code: 0 });
});

test('create, list, a token for the new officer, remove: the first officer can be made and loses access', async () => {
  const created = await staff('create', '--email', 'Officer@Example.com', '--group', 'privacy-officer');
  expect(created).toMatchObject({ code: 0 });
  expect(created.stdout).toMatch(/^created officer@example\.com \(sub [0-9a-f-]{36}\) in privacy-officer/);
  // No mail locally: the command prints the password it set, and the staff web client accepts it.
  const password = /password: (\S+) \(local sign-in, no MFA\)/.exec(created.stdout)?.[1];
  expect(password).toBeDefined();
  const { AuthenticationResult } = await signInStaff('officer@example.com', password as string);
  expect(verifyToken(AuthenticationResult?.IdToken as string)['cognito:groups']).toEqual(['privacy-officer']);

  const listed = await staff('list');
  expect(listed.code).toBe(0);
  expect(listed.stdout.trim()).toBe('privacy-officer\tofficer@example.com\tCONFIRMED');

  const issued = await token('--user', 'officer@example.com');
  expect(issued.code).toBe(0);
  const claims = verifyToken(issued.stdout.trim());
  const [user] = identity.users();
  expect(claims.sub).toBe(user?.sub);
  expect(claims['cognito:groups']).toEqual(['privacy-officer']);
  expect(claims.email).toBe('officer@example.com');

  expect(await staff('remove', '--email', 'officer@example.com')).toMatchObject({ code: 0 });
  expect((await staff('list')).stdout.trim()).toBe('no staff accounts');
  const refused = await token('--user', 'officer@example.com');
  expect(refused.code).toBe(1);
  expect(refused.stderr).toMatch(/no such staff account/);
});

test('refuses a duplicate account, an unknown group and a missing target with a clear message', async () => {
  expect(await staff('create', '--email', 'agent@example.com', '--group', 'support')).toMatchObject({ code: 0 });
  const again = await staff('create', '--email', 'agent@example.com', '--group', 'support');
  expect(again.code).toBe(1);
  expect(again.stderr).toMatch(/UsernameExistsException/);
  const unknown = await staff('create', '--email', 'x@example.com', '--group', 'admin');
  expect(unknown.code).toBe(1);
  expect(unknown.stderr).toMatch(/--group must be one of support, fulfillment, privacy-officer, auditor/);
  const untargeted = await script('scripts/staff.ts', ['list']);
  expect(untargeted.code).toBe(1);
  expect(untargeted.stderr).toMatch(/--region|--local/);
  expect((await script('scripts/staff.ts', ['create', '--local'])).code).toBe(2);
});
