// Where the API and the sign-in service are: /config.json beside the pages (npm start serves it; a deployed
// web stack writes it), so one build runs against any stage.
export interface WebConfig {
  /** The API's base URL, e.g. http://127.0.0.1:3000. */
  readonly apiUrl: string;
  /** The customer pool's sign-in API (Cognito's AWS JSON 1.1 protocol) and its app client. */
  readonly identity: { readonly endpoint: string; readonly clientId: string };
  /**
   * In AWS: the customer pool's hosted sign-in (its `https://…amazoncognito.com` domain and the PKCE app client).
   * Absent locally, where the pages sign in with the password against the local identity service.
   */
  readonly hostedSignIn?: { readonly domain: string; readonly clientId: string };
  /**
   * Locally only: the staff pool's web client, for the staff console's e-mail + password sign-in (no MFA step).
   * Absent in AWS, where staff sign in with `npm run staff -- sign-in` (password and TOTP) and paste the token.
   */
  readonly staffIdentity?: { readonly endpoint: string; readonly clientId: string };
}

export async function loadConfig(): Promise<WebConfig> {
  const response = await fetch('/config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`config.json: ${response.status}`);
  return (await response.json()) as WebConfig;
}
