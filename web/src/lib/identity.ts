// Customer sign-up and password sign-in against the customer pool, speaking Cognito's own API (AWS JSON 1.1):
// locally the identity service of `npm start` (through the web server, which forwards these calls only). The
// staff console signs in the same way locally, on the staff pool's web client (`config.staffIdentity`).
import type { WebConfig } from './config';

export class SignInError extends Error {
  override readonly name = 'SignInError';
}

type IdentityClient = WebConfig['identity'];

async function call(client: IdentityClient, operation: 'SignUp' | 'InitiateAuth', body: object): Promise<unknown> {
  const response = await fetch(client.endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AWSCognitoIdentityProviderService.${operation}`,
    },
    body: JSON.stringify({ ClientId: client.clientId, ...body }),
  });
  const json = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) throw new SignInError(messageFor(String(json.__type ?? ''), String(json.message ?? '')));
  return json;
}

function messageFor(type: string, message: string): string {
  if (type.endsWith('NotAuthorizedException')) return 'That e-mail address and password do not match an account.';
  if (type.endsWith('UsernameExistsException')) return 'An account with this e-mail address exists already: sign in.';
  if (type.endsWith('InvalidPasswordException')) return 'Choose a password of at least 12 characters.';
  return message || 'The sign-in service did not answer; try again.';
}

/** Signs in with e-mail and password (on the customer client unless another is named); returns the ID token. */
export async function signIn(
  config: WebConfig,
  email: string,
  password: string,
  client: IdentityClient = config.identity,
): Promise<string> {
  const result = (await call(client, 'InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH',
    AuthParameters: { USERNAME: email, PASSWORD: password },
  })) as { AuthenticationResult?: { IdToken?: string } };
  const token = result.AuthenticationResult?.IdToken;
  if (!token) throw new SignInError('The sign-in service returned no session.');
  return token;
}

export async function signUp(config: WebConfig, email: string, password: string): Promise<void> {
  await call(config.identity, 'SignUp', {
    Username: email,
    Password: password,
    UserAttributes: [{ Name: 'email', Value: email }],
  });
}
