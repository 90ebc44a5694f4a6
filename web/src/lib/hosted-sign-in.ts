// Cognito's hosted sign-in, as a deployed web stack configures it (docs/decisions/0071): the authorisation code
// flow with PKCE (RFC 7636) for a public client. The verifier and state live in sessionStorage only between leaving
// for the sign-in page and coming back (no personal data; removed on return); the ID token becomes the session.
import type { WebConfig } from './config';
import { base64url, codeChallenge } from './pkce';
import { session } from './session';

const PENDING = 'sign-in-pending';

export type HostedSignIn = NonNullable<WebConfig['hostedSignIn']>;

const redirectUri = (): string => `${location.origin}/`;

/**
 * Leaves for the hosted sign-in page; comes back to `returnTo` (a `#/…` page). `fresh` asks for the password again
 * even with a Cognito session (`prompt=login`), for routes that want a recent sign-in (erasure, export download).
 */
export async function startHostedSignIn(config: HostedSignIn, returnTo: string, fresh = false): Promise<void> {
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const state = base64url(crypto.getRandomValues(new Uint8Array(16)));
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, returnTo }));
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: redirectUri(),
    scope: 'openid email',
    state,
    code_challenge: await codeChallenge(verifier),
    code_challenge_method: 'S256',
    ...(fresh && { prompt: 'login' }),
  });
  location.assign(`${config.domain}/oauth2/authorize?${query}`);
}

/**
 * Back from the sign-in page (`?code=…&state=…`): exchanges the code with the verifier for tokens and keeps the ID
 * token as the session. Returns false when this page load is not a return from sign-in.
 */
export async function finishHostedSignIn(config: HostedSignIn): Promise<boolean> {
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  const pending = sessionStorage.getItem(PENDING);
  sessionStorage.removeItem(PENDING);
  if (!code || !pending) return false;
  const { verifier, state, returnTo } = JSON.parse(pending) as { verifier: string; state: string; returnTo: string };
  history.replaceState(null, '', `/${returnTo}`);
  // A state that does not match is someone else's sign-in pushed into this tab: ignore the code.
  if (params.get('state') !== state) return false;
  const response = await fetch(`${config.domain}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: config.clientId,
      code,
      redirect_uri: redirectUri(),
      code_verifier: verifier,
    }),
  });
  const tokens = (await response.json().catch(() => ({}))) as { id_token?: string };
  if (!response.ok || !tokens.id_token) return false;
  session.set(tokens.id_token);
  return true;
}

/**
 * Ends the hosted page's own session too (its cookie on the sign-in domain), so the next person at this browser is
 * asked for a password; Cognito comes back to the pages' origin, signed out.
 */
export function endHostedSession(config: HostedSignIn): void {
  const query = new URLSearchParams({ client_id: config.clientId, logout_uri: redirectUri() });
  location.assign(`${config.domain}/logout?${query}`);
}
