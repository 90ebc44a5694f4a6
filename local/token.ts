// `npm run -s token -- --sub ID [--groups a,b] [--auth-age SECONDS] [--expires-in SECONDS] [--access]`: prints a local
// JWT, nothing else: an ID token, or with `--access` an access token (as Cognito issues both; the gateway takes either).
// `npm run -s token -- --user EMAIL [--auth-age …] [--expires-in …]`: a staff token for an account of the running
// stack's identity service (`npm run staff -- create --local`), with its sub and groups; unknown or disabled
// accounts get none, as Cognito would refuse their sign-in.
// `npm run -s token -- --sign-in EMAIL --password PASSWORD [--sign-up]`: a customer's real sign-in to the local
// customer pool (creating the account first with --sign-up), which runs the post-authentication trigger.
import { parseArgs } from 'node:util';
import {
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { signToken } from './auth/issuer';
import { LOCAL_CUSTOMER_CLIENT_ID, LOCAL_STAFF_POOL_ID } from './identity/server';
import { readRuntimeState } from './runtime-state';

const USAGE =
  'usage: npm run -s token -- (--sub ID [--groups a,b] | --user EMAIL) [--auth-age SECONDS] [--expires-in SECONDS] [--access]\n' +
  '       npm run -s token -- --sign-in EMAIL --password PASSWORD [--sign-up]';

/** A client for the running stack's identity service. */
function identityClient(): CognitoIdentityProviderClient {
  const { identityEndpoint } = readRuntimeState();
  if (!identityEndpoint) throw new Error('The running local stack has no identity service; restart npm start');
  return new CognitoIdentityProviderClient({
    endpoint: identityEndpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

/** Signs a customer in (after signing them up, if asked) as the web app would; returns the ID token. */
async function customerSignIn(email: string, password: string, signUp: boolean): Promise<string> {
  const client = identityClient();
  try {
    if (signUp) {
      await client.send(
        new SignUpCommand({
          ClientId: LOCAL_CUSTOMER_CLIENT_ID,
          Username: email,
          Password: password,
          UserAttributes: [{ Name: 'email', Value: email }],
        }),
      );
    }
    const { AuthenticationResult } = await client.send(
      new InitiateAuthCommand({
        ClientId: LOCAL_CUSTOMER_CLIENT_ID,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: email, PASSWORD: password },
      }),
    );
    if (!AuthenticationResult?.IdToken) throw new Error('the sign-in returned no token');
    return AuthenticationResult.IdToken;
  } finally {
    client.destroy();
  }
}

/** The account's sub, email and groups from the local identity service. */
async function staffAccount(email: string): Promise<{ sub: string; email: string; groups: string[] }> {
  const client = identityClient();
  try {
    const user = await client.send(new AdminGetUserCommand({ UserPoolId: LOCAL_STAFF_POOL_ID, Username: email }));
    if (user.Enabled === false) throw new Error(`${email} is disabled`);
    const { Groups } = await client.send(
      new AdminListGroupsForUserCommand({ UserPoolId: LOCAL_STAFF_POOL_ID, Username: email }),
    );
    const sub = user.UserAttributes?.find((a) => a.Name === 'sub')?.Value;
    if (!sub) throw new Error(`${email} has no sub`);
    return { sub, email, groups: (Groups ?? []).map((g) => g.GroupName as string) };
  } finally {
    client.destroy();
  }
}

async function main(argv: string[]): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  let access = false;
  try {
    const parsed = parseArgs({
      args: argv,
      options: {
        sub: { type: 'string' },
        user: { type: 'string' },
        groups: { type: 'string' },
        'auth-age': { type: 'string' },
        'expires-in': { type: 'string' },
        access: { type: 'boolean' },
        'sign-in': { type: 'string' },
        password: { type: 'string' },
        'sign-up': { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    });
    const { access: accessFlag, ...strings } = parsed.values;
    values = strings;
    access = accessFlag === true;
  } catch {
    return usage();
  }
  const signIn = values['sign-in'];
  if (typeof signIn === 'string') {
    if (typeof values.password !== 'string' || values.sub || values.user) return usage();
    const token = await customerSignIn(signIn.trim().toLowerCase(), values.password, values['sign-up'] === true);
    process.stdout.write(`${token}\n`);
    return 0;
  }
  const text = (key: string): string | undefined => (typeof values[key] === 'string' ? values[key] : undefined);
  const seconds = (raw: string | undefined): number | undefined | null =>
    raw === undefined ? undefined : /^\d+$/.test(raw) ? Number(raw) : null;
  const authAge = seconds(text('auth-age'));
  const expiresIn = seconds(text('expires-in'));
  const user = text('user');
  if (!text('sub') === !user || (user && values.groups)) return usage();
  if (authAge === null || expiresIn === null || expiresIn === 0) return usage();
  const account = user ? await staffAccount(user.trim().toLowerCase()) : undefined;
  const groups =
    account?.groups ??
    text('groups')
      ?.split(',')
      .map((g) => g.trim())
      .filter(Boolean);

  process.stdout.write(
    `${signToken({
      sub: account?.sub ?? (values.sub as string),
      kind: access ? 'access' : 'id',
      ...(groups && groups.length > 0 ? { groups } : {}),
      ...(account ? { claims: { email: account.email } } : {}),
      ...(authAge !== undefined ? { authAgeSeconds: authAge } : {}),
      ...(expiresIn !== undefined ? { expiresInSeconds: expiresIn } : {}),
    })}\n`,
  );
  return 0;
}

function usage(): number {
  process.stderr.write(`${USAGE}\n`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `Cannot sign token: ${(error as Error).name === 'UserNotFoundException' ? 'no such staff account' : (error as Error).message}\n`,
    );
    process.exitCode = 1;
  },
);
