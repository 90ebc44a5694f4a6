/**
 * Staff password sign-in to the local staff pool on the local staff web client, through the real SDK: the right
 * password gets an ID token from the local issuer with the user's groups and the staff clients' lifetime; a wrong
 * password, a disabled or removed account, a customer on the staff client and a staff member on the customer client
 * are all refused as Cognito refuses them (NotAuthorizedException).
 */
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { STAGES } from '../../infra/stages';
import { LOCAL_STAFF_AUDIENCE, verifyToken } from '../../local/auth/issuer';
import {
  type IdentityServerHandle,
  LOCAL_CUSTOMER_CLIENT_ID,
  LOCAL_STAFF_CLIENT_ID,
  LOCAL_STAFF_POOL_ID,
  startIdentityServer,
} from '../../local/identity/server';

let identity: IdentityServerHandle;
let client: CognitoIdentityProviderClient;

beforeAll(async () => {
  identity = await startIdentityServer();
  client = new CognitoIdentityProviderClient({
    endpoint: identity.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});
afterAll(async () => {
  client.destroy();
  await identity.stop();
});

const PASSWORD = 'officer password 1234';

async function createStaff(email: string, groups: string[], password: string | undefined = PASSWORD): Promise<void> {
  await client.send(new AdminCreateUserCommand({ UserPoolId: LOCAL_STAFF_POOL_ID, Username: email }));
  for (const group of groups) {
    await client.send(
      new AdminAddUserToGroupCommand({ UserPoolId: LOCAL_STAFF_POOL_ID, Username: email, GroupName: group }),
    );
  }
  if (password) {
    await client.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: LOCAL_STAFF_POOL_ID,
        Username: email,
        Password: password,
        Permanent: true,
      }),
    );
  }
}

const signIn = (clientId: string, email: string, password: string) =>
  client.send(
    new InitiateAuthCommand({
      ClientId: clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: email, PASSWORD: password },
    }),
  );

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => 'signed in',
    (e: Error) => e.name,
  );

describe('staff sign-in on the local staff web client', () => {
  it('returns an ID token with the groups, for the staff token lifetime', async () => {
    await createStaff('officer@example.com', ['privacy-officer', 'support']);
    const { AuthenticationResult } = await signIn(LOCAL_STAFF_CLIENT_ID, 'Officer@Example.com', PASSWORD);
    const minutes = STAGES.dev.staff.tokenMinutes;
    expect(AuthenticationResult?.ExpiresIn).toBe(minutes * 60);
    const claims = verifyToken(AuthenticationResult?.IdToken as string);
    const [user] = identity.users().filter((u) => u.email === 'officer@example.com');
    expect(claims).toMatchObject({
      sub: user?.sub,
      aud: LOCAL_STAFF_AUDIENCE,
      token_use: 'id',
      email: 'officer@example.com',
      'cognito:groups': ['privacy-officer', 'support'],
    });
    expect(claims.exp - Number(claims.iat)).toBe(minutes * 60);
    expect(identity.users().find((u) => u.email === 'officer@example.com')?.status).toBe('CONFIRMED');
  });

  it('refuses a wrong password, an account without one, a disabled and a removed account', async () => {
    await createStaff('agent@example.com', ['support']);
    expect(await refusal(signIn(LOCAL_STAFF_CLIENT_ID, 'agent@example.com', 'not the password 123'))).toBe(
      'NotAuthorizedException',
    );
    await createStaff('nopass@example.com', ['support'], undefined);
    expect(await refusal(signIn(LOCAL_STAFF_CLIENT_ID, 'nopass@example.com', ''))).toBe('NotAuthorizedException');

    await client.send(new AdminDisableUserCommand({ UserPoolId: LOCAL_STAFF_POOL_ID, Username: 'agent@example.com' }));
    expect(await refusal(signIn(LOCAL_STAFF_CLIENT_ID, 'agent@example.com', PASSWORD))).toBe('NotAuthorizedException');

    await createStaff('gone@example.com', ['auditor']);
    expect(await refusal(signIn(LOCAL_STAFF_CLIENT_ID, 'gone@example.com', PASSWORD))).toBe('signed in');
    await client.send(new AdminDeleteUserCommand({ UserPoolId: LOCAL_STAFF_POOL_ID, Username: 'gone@example.com' }));
    expect(await refusal(signIn(LOCAL_STAFF_CLIENT_ID, 'gone@example.com', PASSWORD))).toBe('NotAuthorizedException');
  });

  it('keeps the pools apart: a customer cannot sign in on the staff client, nor staff on the customer client', async () => {
    await client.send(
      new SignUpCommand({ ClientId: LOCAL_CUSTOMER_CLIENT_ID, Username: 'cara@example.com', Password: PASSWORD }),
    );
    expect(await refusal(signIn(LOCAL_CUSTOMER_CLIENT_ID, 'cara@example.com', PASSWORD))).toBe('signed in');
    expect(await refusal(signIn(LOCAL_STAFF_CLIENT_ID, 'cara@example.com', PASSWORD))).toBe('NotAuthorizedException');

    await createStaff('both@example.com', ['support']);
    expect(await refusal(signIn(LOCAL_STAFF_CLIENT_ID, 'both@example.com', PASSWORD))).toBe('signed in');
    expect(await refusal(signIn(LOCAL_CUSTOMER_CLIENT_ID, 'both@example.com', PASSWORD))).toBe(
      'NotAuthorizedException',
    );
  });

  it('refuses temporary and short passwords (there is no mail or NEW_PASSWORD_REQUIRED step locally)', async () => {
    await createStaff('temp@example.com', ['support'], undefined);
    const set = (Password: string, Permanent: boolean) =>
      refusal(
        client.send(
          new AdminSetUserPasswordCommand({
            UserPoolId: LOCAL_STAFF_POOL_ID,
            Username: 'temp@example.com',
            Password,
            Permanent,
          }),
        ),
      );
    expect(await set(PASSWORD, false)).toBe('InvalidParameterException');
    expect(await set('short', true)).toBe('InvalidPasswordException');
  });
});
