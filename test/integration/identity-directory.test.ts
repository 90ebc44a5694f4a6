/**
 * The identity adapters against the local Cognito-compatible service, through the real SDK: a
 * customer signs up and in (the post-authentication trigger runs), an erasure's sign-out and
 * deletion find the account by `sub` although the pool's username is something else, and the staff
 * directory tells a privacy officer from other staff and from strangers.
 */
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { PostAuthenticationTriggerEvent } from 'aws-lambda';
import { verifyToken } from '../../local/auth/issuer';
import {
  type IdentityServerHandle,
  LOCAL_CUSTOMER_CLIENT_ID,
  LOCAL_CUSTOMER_POOL_ID,
  LOCAL_STAFF_POOL_ID,
  startIdentityServer,
} from '../../local/identity/server';
import { CognitoDirectory, CognitoStaffDirectory } from '../../shared/adapters/identity-directory';

let identity: IdentityServerHandle;
let client: CognitoIdentityProviderClient;
const triggered: PostAuthenticationTriggerEvent[] = [];
let failTrigger = false;

beforeAll(async () => {
  identity = await startIdentityServer({
    postAuthentication: async (event) => {
      if (failTrigger) throw new Error('trigger down');
      triggered.push(event);
    },
  });
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

const PASSWORD = 'correct horse battery 9!';

async function signUp(email: string): Promise<string> {
  const { UserSub } = await client.send(
    new SignUpCommand({ ClientId: LOCAL_CUSTOMER_CLIENT_ID, Username: email, Password: PASSWORD }),
  );
  return UserSub as string;
}

const signIn = (email: string, password = PASSWORD) =>
  client.send(
    new InitiateAuthCommand({
      ClientId: LOCAL_CUSTOMER_CLIENT_ID,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: email, PASSWORD: password },
    }),
  );

describe('the local customer pool', () => {
  it('signs a customer in with a token for their sub, after running the post-authentication trigger', async () => {
    const sub = await signUp('ana@example.com');
    const { AuthenticationResult } = await signIn('ana@example.com');
    const claims = verifyToken(AuthenticationResult?.IdToken as string);
    expect(claims).toMatchObject({ sub, email: 'ana@example.com' });
    expect(triggered.at(-1)).toMatchObject({
      triggerSource: 'PostAuthentication_Authentication',
      userPoolId: LOCAL_CUSTOMER_POOL_ID,
      request: { userAttributes: { sub } },
    });
    // The pool's own username is not the sub: code that assumes it is finds nobody.
    expect(triggered.at(-1)?.userName).not.toBe(sub);
    await expect(
      client.send(new AdminDeleteUserCommand({ UserPoolId: LOCAL_CUSTOMER_POOL_ID, Username: sub })),
    ).rejects.toMatchObject({ name: 'UserNotFoundException' });
  });

  it('refuses a wrong password, and fails the sign-in when the trigger fails, as Cognito does', async () => {
    await signUp('bo@example.com');
    await expect(signIn('bo@example.com', 'wrong password 123')).rejects.toMatchObject({
      name: 'NotAuthorizedException',
    });
    failTrigger = true;
    await expect(signIn('bo@example.com')).rejects.toMatchObject({ name: 'UnexpectedLambdaException' });
    failTrigger = false;
  });
});

describe('CognitoDirectory (erasure)', () => {
  it('finds the account by sub, signs it out everywhere, then deletes it; an absent one is absent', async () => {
    const sub = await signUp('cy@example.com');
    const directory = new CognitoDirectory(LOCAL_CUSTOMER_POOL_ID, client);
    await expect(directory.signOut(sub)).resolves.toBe('signed-out');
    expect(identity.customers().find((u) => u.sub === sub)?.signedOutAt).toEqual(expect.any(Number));
    await expect(directory.deleteAccount(sub)).resolves.toBe('deleted');
    expect(identity.customers().some((u) => u.sub === sub)).toBe(false);
    await expect(directory.deleteAccount(sub)).resolves.toBe('absent');
    await expect(directory.signOut('never-signed-up')).resolves.toBe('absent');
    await expect(signIn('cy@example.com')).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });

  it('answers 503 (the erasure resumes later) when the identity provider cannot be reached', async () => {
    const unreachable = new CognitoIdentityProviderClient({
      endpoint: 'http://127.0.0.1:9',
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
    await expect(new CognitoDirectory(LOCAL_CUSTOMER_POOL_ID, unreachable).deleteAccount('x')).rejects.toMatchObject({
      status: 503,
    });
    unreachable.destroy();
  });
});

describe('CognitoStaffDirectory (complaint assignment)', () => {
  async function staff(email: string, group?: string): Promise<string> {
    const { User } = await client.send(
      new AdminCreateUserCommand({
        UserPoolId: LOCAL_STAFF_POOL_ID,
        Username: email,
        UserAttributes: [{ Name: 'email', Value: email }],
      }),
    );
    if (group) {
      await client.send(
        new AdminAddUserToGroupCommand({ UserPoolId: LOCAL_STAFF_POOL_ID, Username: email, GroupName: group }),
      );
    }
    return User?.Attributes?.find((a) => a.Name === 'sub')?.Value as string;
  }

  it('knows a privacy officer by staff subject id, and nobody else as one', async () => {
    const directory = new CognitoStaffDirectory(LOCAL_STAFF_POOL_ID, client);
    const officer = await staff('dpo@example.com', 'privacy-officer');
    const agent = await staff('agent@example.com', 'support');
    expect(await directory.hasRole(officer, 'privacy-officer')).toBe(true);
    expect(await directory.hasRole(agent, 'privacy-officer')).toBe(false);
    expect(await directory.hasRole('no-such-sub', 'privacy-officer')).toBe(false);
    // A customer's sub is no staff id.
    expect(await directory.hasRole(await signUp('dee@example.com'), 'privacy-officer')).toBe(false);
    await client.send(new AdminDisableUserCommand({ UserPoolId: LOCAL_STAFF_POOL_ID, Username: 'dpo@example.com' }));
    expect(await directory.hasRole(officer, 'privacy-officer')).toBe(false);
  });
});
