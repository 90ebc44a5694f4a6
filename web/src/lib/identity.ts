// Customer sign-up and password sign-in against the customer pool, speaking Cognito's own API (AWS JSON 1.1):
// locally the identity service of `npm start` (through the web server, which forwards these two calls only).
import type { WebConfig } from './config';

export class SignInError extends Error {
  override readonly name = 'SignInError';
}

async function call(config: WebConfig, operation: 'SignUp' | 'InitiateAuth', body: object): Promise<unknown> {
  const response = await fetch(config.identity.endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AWSCognitoIdentityProviderService.${operation}`,
    },
    body: JSON.stringify({ ClientId: config.identity.clientId, ...body }),
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

/** Signs in with e-mail and password; returns the ID token. */
export async function signIn(config: WebConfig, email: string, password: string): Promise<string> {
  const result = (await call(config, 'InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH',
    AuthParameters: { USERNAME: email, PASSWORD: password },
  })) as { AuthenticationResult?: { IdToken?: string } };
  const token = result.AuthenticationResult?.IdToken;
  if (!token) throw new SignInError('The sign-in service returned no session.');
  return token;
}

export async function signUp(config: WebConfig, email: string, password: string): Promise<void> {
  await call(config, 'SignUp', {
    Username: email,
    Password: password,
    UserAttributes: [{ Name: 'email', Value: email }],
  });
}
