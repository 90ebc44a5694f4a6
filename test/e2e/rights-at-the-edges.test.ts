/**
 * The edges of the privacy promises, over HTTP against `npm start`, as a user meets them: a sign-in
 * after the inactivity notice (which also arrives by e-mail) keeps the account while an unused one
 * is erased through the privacy-request path; a token from before an erasure writes nothing and
 * the identity account is gone; withdrawing a consent takes back what was collected under it;
 * an export of 1,000 orders completes, downloads whole in parts after a fresh sign-in, without the
 * payment token, and is announced in the notifications.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import {
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { routes } from '../../functions/routes';
import { signToken } from '../../local/auth/issuer';
import { LOCAL_CUSTOMER_CLIENT_ID } from '../../local/identity/server';
import type { OutboxMail } from '../../local/mail/server';
import { SECONDS_PER_DAY } from '../../shared/domain/time';
import { type ApiResponse, apiClient, type CallOptions, dumpAllTables, tableItems } from '../support/api-client';
import { useRunningStack } from '../support/running-stack';
import { newScenarioContext, sampleOrder, sampleRequests } from '../support/sample-requests';
import { limit, waitUntil } from '../support/timeouts';

const stack = useRunningStack();
const api = (method: string, url: string, options?: CallOptions) => apiClient(stack.url)(method, url, options);
const PASSWORD = 'Correct-horse-battery-9';
const tag = randomBytes(3).toString('hex');

function runJob(name: string, offsetDays = 0): Record<string, number> {
  const job = spawnSync(path.join(process.cwd(), 'node_modules/.bin/tsx'), ['local/job.ts', name], {
    env: {
      ...process.env,
      LOCAL_RUNTIME_STATE: stack.stateFile,
      CLOCK_OFFSET_SECONDS: String(offsetDays * SECONDS_PER_DAY),
    },
    encoding: 'utf8',
  });
  if (job.status !== 0) throw new Error(`job ${name} failed: ${job.stderr}`);
  return JSON.parse(job.stdout) as Record<string, number>;
}

function identity(): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({
    endpoint: stack.identityEndpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

/** A customer of the local pool: signed up, and signed in as the web app does (the post-authentication trigger runs). */
async function customer(name: string): Promise<{ email: string; sub: string; signIn: () => Promise<string> }> {
  const email = `${name}.${tag}@example.com`;
  const client = identity();
  try {
    const { UserSub } = await client.send(
      new SignUpCommand({ ClientId: LOCAL_CUSTOMER_CLIENT_ID, Username: email, Password: PASSWORD }),
    );
    return { email, sub: UserSub as string, signIn: () => signIn(email) };
  } finally {
    client.destroy();
  }
}

async function signIn(email: string): Promise<string> {
  const client = identity();
  try {
    const { AuthenticationResult } = await client.send(
      new InitiateAuthCommand({
        ClientId: LOCAL_CUSTOMER_CLIENT_ID,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: email, PASSWORD: PASSWORD },
      }),
    );
    return AuthenticationResult?.IdToken as string;
  } finally {
    client.destroy();
  }
}

async function register(token: string, name: string, email: string, consents?: { analytics: boolean }) {
  const res = await api('POST', '/v1/me', {
    token,
    body: { name, email, acceptPolicyVersion: 1, ...(consents && { consents }) },
  });
  expect(res.status).toBe(201);
}

const mails = async (): Promise<OutboxMail[]> =>
  ((await (await fetch(`${stack.mailEndpoint}/outbox`)).json()) as { mails: OutboxMail[] }).mails;

/** The request's state, polled until it is `completed` (the stack runs the processor on its own). */
const completed = (token: string, requestId: string): Promise<ApiResponse> =>
  waitUntil(
    () => api('GET', `/v1/me/privacy-requests/${requestId}`, { token }),
    (r) => r.json?.status === 'completed',
    'the privacy request to complete',
    { intervalMs: 250 },
  );

describe('inactive accounts', () => {
  it(
    'a sign-in after the notice (by e-mail too) keeps the account; one nobody signs in to is erased as a privacy request',
    async () => {
      const ivy = await customer('ivy');
      const otto = await customer('otto');
      await register(await ivy.signIn(), 'Ivy Canary', ivy.email);
      const ottoToken = await otto.signIn();
      await register(ottoToken, 'Otto Canary', otto.email);

      const notices = runJob('inactive-accounts', 730);
      expect(notices).toMatchObject({ noticesSent: 2, mailsSent: 2, erasuresRequested: 0 });
      const sent = (await mails()).filter((m) => m.to.includes(ivy.email) || m.to.includes(otto.email));
      expect(sent).toHaveLength(2);
      for (const mail of sent) {
        expect(mail.subject).toMatch(/will be erased on \d{4}-\d{2}-\d{2}/);
        expect(mail.text).toMatch(/^Hello (Ivy|Otto) Canary,/);
        // No personal data beyond the greeting name and links.
        expect(mail.text.replace(/^Hello \w+ Canary,/, '')).not.toMatch(/Canary|@example\.com/);
      }

      // Ivy reads the mail and signs in; Otto does not.
      await ivy.signIn();
      const erasures = runJob('inactive-accounts', 760);
      expect(erasures).toMatchObject({ erasuresRequested: 1 });

      const ottoRequests = await api('GET', '/v1/me/privacy-requests', { token: ottoToken });
      const [erasure] = ottoRequests.json.requests;
      expect(erasure).toMatchObject({ type: 'erasure' });
      await completed(ottoToken, erasure.id);
      expect((await api('GET', '/v1/me', { token: ottoToken })).status).toBe(404);
      await expect(signIn(otto.email)).rejects.toMatchObject({ name: 'NotAuthorizedException' });

      const ivyToken = await ivy.signIn();
      expect((await api('GET', '/v1/me', { token: ivyToken })).status).toBe(200);
      expect((await api('GET', '/v1/me/privacy-requests', { token: ivyToken })).json.requests).toEqual([]);
    },
    limit(180_000),
  );
});

describe('erasure', () => {
  it(
    'signs the subject out and deletes their account; a token from before writes nothing, registration included',
    async () => {
      const eve = await customer('eve');
      const before = await eve.signIn();
      await register(before, 'Eve Canary', eve.email);
      const submitted = await api('POST', '/v1/me/privacy-requests', { token: before, body: { type: 'erasure' } });
      expect(submitted.status).toBe(202);
      await completed(before, submitted.json.id);

      // The reproduced bug: re-registering with the old token. Now 410, and no profile or key appears.
      const again = await api('POST', '/v1/me', {
        token: before,
        body: { name: 'Eve Canary', email: eve.email, acceptPolicyVersion: 1 },
      });
      expect(again.status).toBe(410);
      // Every other customer write the API has, with the same token: refused, nothing stored.
      const ctx = newScenarioContext(eve.sub, 'unused');
      for (const [name, route] of Object.entries(routes)) {
        if (route.auth !== 'jwt' || !(route.roles as readonly string[]).includes('customer') || route.method === 'GET')
          continue;
        const sample = sampleRequests[name as keyof typeof routes](ctx);
        const res = await api(sample.method, sample.url, {
          token: before,
          ...(sample.headers && { headers: sample.headers }),
          ...(sample.body !== undefined && { body: sample.body }),
        });
        expect({ route: name, refused: res.status >= 400 && res.status < 500 }).toEqual({ route: name, refused: true });
      }
      const eves = (await tableItems(stack, 'data')).filter((i) => i.pk === `SUBJECT#${eve.sub}`);
      expect(new Set(eves.map((i) => i.type))).toEqual(new Set(['privacy-request']));
      expect((await tableItems(stack, 'keys')).some((i) => String(i.pk).includes(eve.sub))).toBe(false);
      await expect(signIn(eve.email)).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    },
    limit(120_000),
  );
});

describe('consent withdrawal', () => {
  it(
    'takes back what was collected: gone from the export at once, deleted by the next retention sweep',
    async () => {
      const sub = `cora-${tag}`;
      await api('POST', '/v1/me', {
        sub,
        body: { name: 'Cora', email: `cora-${tag}@example.com`, acceptPolicyVersion: 1, consents: { analytics: true } },
      });
      const event = (path: string) => ({ events: [{ type: 'page_view', at: '2026-03-01T00:00:00Z', path }] });
      // A query smuggled in percent-encoded is refused once decoded.
      const smuggled = await api('POST', '/v1/me/engagement-events', { sub, body: event('/search%3Fq%3Dcanary-cora') });
      expect(smuggled.status).toBe(400);
      expect((await api('POST', '/v1/me/engagement-events', { sub, body: event('/shoes') })).status).toBe(200);

      expect((await api('PUT', '/v1/me/consents/analytics', { sub, body: { granted: false } })).status).toBe(200);
      const exported = await api('POST', '/v1/me/privacy-requests', { sub, body: { type: 'export' } });
      await completed(signToken({ sub }), exported.json.id);
      const doc = await api('GET', `/v1/me/privacy-requests/${exported.json.id}/export`, { sub });
      expect(doc.json.engagementEvents).toEqual([]);
      expect(await dumpAllTables(stack)).toContain(`"ENGAGEMENT#`);

      expect(runJob('retention-sweep').consentDataPurged).toBeGreaterThanOrEqual(1);
      const dump = await dumpAllTables(stack);
      expect(dump).not.toMatch(new RegExp(`"SUBJECT#${sub}"\\},"sk":\\{"S":"ENGAGEMENT#`));
      expect(dump).not.toContain('canary-cora');
    },
    limit(120_000),
  );
});

describe('exports', () => {
  it(
    '[P-08] of a customer with 1,000 orders: completed, downloaded whole after a fresh sign-in, without the payment method',
    async () => {
      const sub = `bea-${tag}`;
      await api('POST', '/v1/me', {
        sub,
        body: { name: 'Bea', email: `bea-${tag}@example.com`, acceptPolicyVersion: 1 },
      });
      // A product with stock for all of them (the demo catalogue's would run out).
      const sku = `BULK-${tag}`.toUpperCase();
      const stocked = await api('PUT', `/v1/admin/products/${sku}`, {
        sub: 'cm-1',
        groups: ['catalogue-manager'],
        headers: { 'x-access-purpose': 'catalogue_management' },
        body: { name: 'Bulk item', prices: { EUR: 500 }, stock: 1000, shippingProfile: 'parcel' },
      });
      expect(stocked.status).toBe(201);
      const place = async (n: number) => {
        const res = await api('POST', '/v1/orders', {
          sub,
          body: { ...sampleOrder(sku), items: [{ sku, quantity: 1 }] },
          headers: { 'idempotency-key': `bulk-${n}` },
        });
        expect(res.status).toBe(201);
      };
      const ORDERS = 1000;
      for (let n = 0; n < ORDERS; n += 10) await Promise.all(Array.from({ length: 10 }, (_, i) => place(n + i)));

      const submitted = await api('POST', '/v1/me/privacy-requests', { sub, body: { type: 'export' } });
      await completed(signToken({ sub }), submitted.json.id);
      const url = `/v1/me/privacy-requests/${submitted.json.id}/export`;

      const stale = await api('GET', url, { token: signToken({ sub, authAgeSeconds: 16 * 60 }) });
      expect(stale.status).toBe(401);
      expect(stale.json.type).toMatch(/\/reauthentication-required$/);

      // Part by part, following the Link header, as a client downloads one too large for one response.
      let text = '';
      let next: string | undefined = url;
      while (next) {
        const part = await api('GET', next, { sub });
        expect(part.status).toBe(200);
        text += part.text;
        next = /<([^>]+)>;\s*rel="next"/.exec(part.headers.get('link') ?? '')?.[1];
      }
      const doc = JSON.parse(text);
      expect(doc.orders).toHaveLength(ORDERS);
      expect(text).not.toContain(sampleOrder().billing.payment.paymentMethod);
      expect(doc.orders[0].card).toEqual({ processor: 'stripe', brand: 'visa', last4: '4242' });

      const { json } = await api('GET', '/v1/me/notifications', { sub });
      expect(json.notifications).toContainEqual(
        expect.objectContaining({
          type: 'privacy-request.export-completed',
          resource: `privacy-request/${submitted.json.id}`,
        }),
      );
    },
    // 1,000 orders placed over HTTP: about a minute idle, past five on a machine running 8 loads per core.
    limit(600_000),
  );
});
