/**
 * The web app (web/) in a real browser: headless Chromium from the system (`CHROMIUM_PATH`, default
 * /usr/bin/chromium; `.ci/run` installs it) driven by playwright-core, against the real `npm start`. Customer
 * journeys (register, profile conflict, consents, orders and tracking, a delivered order's refund request and
 * the disclosure ledger, export download, erasure), the staff console (officer queue, support's masked look-up),
 * an axe-core check on every page, and what the browser keeps: the session token and nothing else. The officer's
 * decisions, incidents and policy versions, and the policy banner, are in web-officer.test.ts.
 *
 * `UPDATE_SCREENSHOTS=1` writes the main pages to docs/screenshots/ (the README shows them).
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { createOrdersClient, type OrdersClient } from '../../clients/typescript/src/index';
import { signToken } from '../../local/auth/issuer';
import { localCarrierSecret } from '../../local/env';
import { LOCAL_STAFF_CLIENT_ID } from '../../local/identity/server';
import { signPayload } from '../../shared/domain/webhook-signature';
import { heading, sessionToken, staffSessionWithToken, stored, useChromium } from '../support/browser';
import { useRunningStack } from '../support/running-stack';
import { createStaffAccount } from '../support/staff-accounts';
import { limit } from '../support/timeouts';

const SEED = 'web-carrier-secret';
const stack = useRunningStack({ CARRIER_WEBHOOK_SECRET: SEED });
const PASSWORD = 'Correct-horse-battery-1';
const STAFF_PASSWORD = 'Staff-password-long-enough-2';

/** A JWT's claims, decoded without checking (the API checks the signature). */
const decodeClaims = (token: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
const tag = Date.now().toString(36);

/** The pages the README shows. */
const chromium = useChromium(
  new Set([
    'sign-in',
    'profile',
    'consents',
    'orders',
    'order',
    'refund',
    'disclosures',
    'privacy',
    'access-log',
    'staff-complaints',
    'staff-lookup-result',
  ]),
);
const { newPage, audit } = chromium;

const apiAs = (token: string): OrdersClient => createOrdersClient({ baseUrl: stack.url, token });

/** Sign-up and registration through the pages, as a new customer does it. */
async function register(page: Page, name: string, email: string): Promise<void> {
  await page.goto(stack.webUrl);
  await heading(page, 'Sign in');
  await page.locator('#signup-email').fill(email);
  await page.locator('#signup-password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await heading(page, 'Complete your account');
  await audit(page, 'register');
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel(/I have read and accept privacy policy version 1/).check();
  await page.getByRole('button', { name: 'Create my account' }).click();
  await heading(page, 'Your profile');
}

const address = (recipient: string) => ({
  recipient,
  line1: '12 Canary Wharf Lane',
  city: 'Leeds',
  postalCode: 'LS9 7QQ',
  country: 'GB',
});

async function placeOrder(api: OrdersClient, recipient: string, key: string): Promise<string> {
  const { data, error } = await api.POST('/v1/orders', {
    params: { header: { 'Idempotency-Key': key } },
    body: {
      currency: 'EUR',
      items: [{ sku: 'BOOT-42', quantity: 1 }],
      delivery: { carrier: 'dhl', service: 'express' },
      shippingAddress: address(recipient),
      billing: { payment: { processor: 'stripe', paymentMethod: 'pm_card_visa' } },
      // DHL hands the recipient's phone to its driver.
      contactPhone: '+441632960777',
    },
  });
  if (!data) throw new Error(`order refused: ${JSON.stringify(error)}`);
  return data.orderId;
}

describe('the account pages in Chromium', () => {
  it(
    'register, correct the profile through a conflict, give a consent, browse orders with tracking and cancel one',
    async () => {
      const { context, page } = await newPage();
      await page.goto(stack.webUrl);
      await heading(page, 'Sign in');
      await audit(page, 'sign-in');
      const email = `ada-${tag}@example.com`;
      await register(page, 'Ada Canary', email);
      await audit(page, 'profile');
      const api = apiAs(await sessionToken(page));

      // Someone changes the profile elsewhere while this page is open: the save meets 412 and says so kindly.
      const current = await api.GET('/v1/me');
      await api.PATCH('/v1/me', {
        params: { header: { 'If-Match': current.response.headers.get('etag') ?? '' } },
        body: { phone: '+441130000000' },
      });
      await page.getByLabel('Name', { exact: true }).fill('Ada Lovelace-Canary');
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.getByRole('alert').filter({ hasText: 'changed somewhere else' }).waitFor();
      await expect(page.getByLabel('Name', { exact: true }).inputValue()).resolves.toBe('Ada Lovelace-Canary');
      await page.getByText('+441130000000').first().waitFor(); // what is stored now is shown
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
      expect((await api.GET('/v1/me')).data).toMatchObject({ name: 'Ada Lovelace-Canary', phone: '+441130000000' });

      await page.getByRole('link', { name: 'Consents' }).click();
      await heading(page, 'Your consents');
      await audit(page, 'consents');
      await page.getByLabel('Analytics').check();
      await page.getByRole('status').filter({ hasText: 'Analytics: consent given' }).waitFor();
      const consents = await api.GET('/v1/me/consents');
      expect(consents.data?.consents.find((c) => c.purpose === 'analytics')?.granted).toBe(true);

      // The shop places orders (not these pages); fulfilment ships one of them.
      const shipped = await placeOrder(api, 'Ada Canary', `web-${tag}-1`);
      const open = await placeOrder(api, 'Ada Canary', `web-${tag}-2`);
      const packer = createOrdersClient({
        baseUrl: stack.url,
        token: signToken({ sub: 'packer-web', groups: ['fulfillment'] }),
      });
      const shipment = await packer.POST('/v1/admin/orders/{orderId}/shipments', {
        params: { path: { orderId: shipped }, header: { 'X-Access-Purpose': 'shipping' } },
        body: { carrier: 'dhl', service: 'express' },
      });
      expect(shipment.response.status).toBe(201);

      await page.getByRole('link', { name: 'Orders' }).click();
      await heading(page, 'Your orders');
      await page.getByRole('row').filter({ hasText: 'On its way' }).waitFor();
      await page.getByRole('row').filter({ hasText: 'Placed, not shipped yet' }).waitFor();
      await audit(page, 'orders');
      await page.getByRole('link', { name: `Order ${shipped.slice(-8)}` }).click();
      await heading(page, `Order ${shipped.slice(-8)}`);
      await page.getByText(`tracking number ${shipment.data?.trackingNumber}`).waitFor();
      await audit(page, 'order');
      await page.goto(`${stack.webUrl}/#/orders/${open}`);
      await heading(page, `Order ${open.slice(-8)}`);
      await page.getByRole('button', { name: 'Cancel this order' }).click();
      await page.getByText('Cancelled').first().waitFor();
      expect((await api.GET('/v1/orders/{orderId}', { params: { path: { orderId: open } } })).data?.status).toBe(
        'cancelled',
      );

      for (const [link, title, name] of [
        ['Who accessed my data', 'Who accessed my data, and why', 'access-log'],
        ['Notifications', 'Notifications', 'notifications'],
      ] as const) {
        await page.getByRole('link', { name: link }).click();
        await heading(page, title);
        await audit(page, name);
      }
      // The access log lists the fulfilment read of the shipped order, with its purpose.
      await page.getByRole('link', { name: 'Who accessed my data' }).click();
      await page.getByRole('row').filter({ hasText: 'Staff (fulfillment)' }).first().waitFor();

      // Nothing personal kept by the browser: the session token only, no cookies, no databases.
      const kept = await stored(page);
      expect(kept).toEqual({ local: {}, session: { 'session-token': expect.any(String) }, cookies: 0, databases: 0 });
      await page.getByRole('button', { name: 'Sign out' }).click();
      await heading(page, 'Sign in');
      expect(await stored(page)).toEqual({ local: {}, session: {}, cookies: 0, databases: 0 });
      await context.close();
    },
    limit(180_000),
  );

  it(
    'register, an order is delivered and tracked, the ledger shows who got which details, a refund is asked for and its outcome read',
    async () => {
      const { context, page } = await newPage();
      await register(page, 'Gus Canary', `gus-${tag}@example.com`);
      const api = apiAs(await sessionToken(page));
      const orderId = await placeOrder(api, 'Gus Canary', `web-${tag}-gus`);
      const packer = createOrdersClient({
        baseUrl: stack.url,
        token: signToken({ sub: 'packer-web', groups: ['fulfillment'] }),
      });
      const shipment = await packer.POST('/v1/admin/orders/{orderId}/shipments', {
        params: { path: { orderId }, header: { 'X-Access-Purpose': 'shipping' } },
        body: { carrier: 'dhl', service: 'express' },
      });
      const trackingNumber = shipment.data?.trackingNumber ?? '?';
      // DHL reports the parcel on its way, then delivered, each event signed with its own secret.
      for (const status of ['in_transit', 'delivered'] as const) {
        const raw = JSON.stringify({
          eventId: `evt-${tag}-${status}`,
          trackingNumber,
          status,
          occurredAt: new Date().toISOString(),
          location: 'Leeds depot',
        });
        const at = Math.floor(Date.now() / 1000);
        const posted = await fetch(`${stack.url}/v1/carriers/dhl/events`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-signature': signPayload(localCarrierSecret(SEED, 'dhl'), 'dhl', at, raw),
          },
          body: raw,
        });
        expect({ status, answer: posted.status }).toEqual({ status, answer: 200 });
      }

      await page.getByRole('link', { name: 'Orders' }).click();
      await heading(page, 'Your orders');
      await page.getByRole('link', { name: `Order ${orderId.slice(-8)}` }).click();
      await heading(page, `Order ${orderId.slice(-8)}`);
      await page.getByText(`tracking number ${trackingNumber}: delivered`).waitFor();
      await page.getByRole('listitem').filter({ hasText: 'in transit' }).waitFor();
      await page.getByLabel('What went wrong?').fill('The left boot arrived split at the seam.');
      await audit(page, 'refund');
      await page.getByRole('button', { name: 'Ask for a refund' }).click();
      await page.getByRole('status').filter({ hasText: 'Refund requested' }).waitFor();
      await page.getByText(/Refund of .* requested .*: requested/).waitFor();

      // Support decides it (not these pages); the customer reads the outcome among the notifications.
      const support = createOrdersClient({
        baseUrl: stack.url,
        token: signToken({ sub: 'agent-web', groups: ['support'] }),
      });
      const decided = await support.POST('/v1/admin/orders/{orderId}/refund-decision', {
        params: { path: { orderId }, header: { 'X-Access-Purpose': 'refund_handling' } },
        body: { action: 'approve', reason: 'Photo confirms the damage' },
      });
      expect(decided.data?.status).toBe('approved');
      await page.getByRole('link', { name: 'Notifications' }).click();
      await heading(page, 'Notifications');
      await page.getByText(`Your refund of`).filter({ hasText: orderId }).filter({ hasText: 'was approved' }).waitFor();

      // The ledger: the carrier got the delivery details, the processor the payment, each with its purpose.
      await page.getByRole('link', { name: 'Shared with others' }).click();
      await heading(page, 'What we shared, and with whom');
      await page.getByRole('row').filter({ hasText: 'Delivery company' }).filter({ hasText: 'dhl' }).first().waitFor();
      await page.getByRole('row').filter({ hasText: 'Payment processor' }).first().waitFor();
      const ledger = await api.GET('/v1/me/disclosures', { params: { query: { limit: 100 } } });
      await expect(page.locator('main tbody tr').count()).resolves.toBe(ledger.data?.disclosures.length);
      await audit(page, 'disclosures');
      await context.close();
    },
    limit(180_000),
  );

  it(
    'requests an export and downloads it as one JSON document, then a restriction',
    async () => {
      const { context, page } = await newPage();
      const email = `bea-${tag}@example.com`;
      await register(page, 'Bea Canary', email);
      await page.getByRole('link', { name: 'Your data' }).click();
      await heading(page, 'Your data and your rights');
      await page.getByRole('button', { name: 'Request a copy of my data' }).click();
      // The privacy-requests job runs on the request's event; the page looks again until it is done.
      const button = page.getByRole('button', { name: 'Download my data' });
      await button.waitFor({ timeout: limit(90_000) });
      await audit(page, 'privacy');
      const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
      const file = await download.path();
      const document = JSON.parse(readFileSync(file, 'utf8'));
      expect(JSON.stringify(document)).toContain('Bea Canary');
      expect(JSON.stringify(document)).toContain(email);
      expect(download.suggestedFilename()).toMatch(/^my-data-.+\.json$/);
      // The document went to a file, not into the browser's storage.
      expect(JSON.stringify(await stored(page))).not.toContain('Bea Canary');
      // Restriction: asked for on the same page, carried out by the same job.
      await page.getByRole('button', { name: 'Restrict processing of my data' }).click();
      await page
        .getByRole('row')
        .filter({ hasText: 'Restriction' })
        .filter({ hasText: 'completed' })
        .waitFor({ timeout: limit(90_000) });
      await context.close();
    },
    limit(180_000),
  );

  it(
    'erases the account after the password is asked again, and ends signed out',
    async () => {
      const { context, page } = await newPage();
      const email = `cy-${tag}@example.com`;
      await register(page, 'Cy Canary', email);
      const before = await sessionToken(page);
      await page.getByRole('link', { name: 'Your data' }).click();
      await heading(page, 'Your data and your rights');
      await page.getByLabel('I understand that erasure cannot be undone').check();
      await page.getByLabel('Your password, to confirm it is you').fill('not-the-password-1');
      await page.getByRole('button', { name: 'Erase my account' }).click();
      await page.getByRole('alert').filter({ hasText: 'do not match' }).waitFor();
      await page.getByLabel('Your password, to confirm it is you').fill(PASSWORD);
      await page.getByRole('button', { name: 'Erase my account' }).click();
      await heading(page, 'Sign in');
      await page
        .getByText('Your account and personal data have been erased. You are signed out.')
        .waitFor({ timeout: limit(90_000) });
      expect(await stored(page)).toEqual({ local: {}, session: {}, cookies: 0, databases: 0 });
      // The account is gone and tokens from before are refused.
      expect((await apiAs(before).GET('/v1/me')).response.status).toBeGreaterThanOrEqual(400);
      await page.locator('#signin-email').fill(email);
      await page.locator('#signin-password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.getByRole('alert').filter({ hasText: 'do not match an account' }).waitFor();
      await context.close();
    },
    limit(180_000),
  );
});

describe('the staff console in Chromium', () => {
  it(
    "shows the officer's complaint queue and support's masked look-up, never more than the API returns",
    async () => {
      const subjectId = `dee-${tag}`;
      const dee = createOrdersClient({ baseUrl: stack.url, token: signToken({ sub: subjectId }) });
      await dee.POST('/v1/me', {
        body: {
          name: 'Dee Canary',
          email: `dee-${tag}@example.com`,
          addresses: [address('Dee Canary')],
          acceptPolicyVersion: 1,
        },
      });
      const filed = await dee.POST('/v1/me/complaints', {
        body: { category: 'unauthorised_use', description: 'I received marketing I never agreed to.' },
      });
      expect(filed.response.status).toBe(201);

      // Accounts as `npm run staff -- create --local` makes them; they sign in with the console's password form.
      const officerEmail = `officer-${tag}@example.com`;
      const agentEmail = `agent-${tag}@example.com`;
      await createStaffAccount(stack.identityEndpoint, officerEmail, 'privacy-officer', STAFF_PASSWORD);
      await createStaffAccount(stack.identityEndpoint, agentEmail, 'support', STAFF_PASSWORD);

      const staffSignIn = async (on: Page, email: string, password: string) => {
        await on.getByLabel('E-mail address').fill(email);
        await on.getByLabel('Password').fill(password);
        await on.getByRole('button', { name: 'Sign in' }).click();
      };
      // A wrong password is refused with a plain message (in its own profile: the browser logs the 400 as an error).
      const refused = await newPage();
      await refused.page.goto(`${stack.webUrl}/staff`);
      await heading(refused.page, 'Staff sign-in');
      await staffSignIn(refused.page, officerEmail, 'not the password at all');
      await refused.page.getByRole('alert').filter({ hasText: 'do not match an account' }).waitFor();
      expect(await stored(refused.page)).toEqual({ local: {}, session: {}, cookies: 0, databases: 0 });
      await refused.context.close();

      const { context, page } = await newPage();
      await page.goto(`${stack.webUrl}/staff`);
      await heading(page, 'Staff sign-in');
      await audit(page, 'staff-sign-in');
      await staffSignIn(page, officerEmail, STAFF_PASSWORD);
      await heading(page, 'Complaint queue');
      // The session holds the staff pool's token for this account, with its group and nothing else stored.
      const officerToken = decodeClaims(await sessionToken(page));
      expect(officerToken).toMatchObject({ aud: LOCAL_STAFF_CLIENT_ID, 'cognito:groups': ['privacy-officer'] });
      expect(await stored(page)).toMatchObject({ local: {}, cookies: 0, databases: 0 });
      await page
        .getByRole('row')
        .filter({ hasText: filed.data?.id ?? '?' })
        .waitFor();
      await audit(page, 'staff-complaints');
      // The queue carries the customer's id, not who they are.
      const queue = (await page.locator('main').textContent()) ?? '';
      expect(queue).toContain(subjectId);
      expect(queue).not.toContain('Dee Canary');
      expect(queue).not.toContain('I received marketing');
      await page.getByRole('link', { name: 'Privacy request queue' }).click();
      await heading(page, 'Privacy request queue');
      await audit(page, 'staff-requests');
      // An officer has no support pages.
      await expect(page.getByRole('link', { name: 'Customer and order look-up' }).count()).resolves.toBe(0);
      await page.getByRole('button', { name: 'Sign out' }).click();

      await heading(page, 'Staff sign-in');
      await staffSignIn(page, agentEmail, STAFF_PASSWORD);
      await heading(page, 'Customer and order look-up');
      const supportToken = await sessionToken(page);
      await audit(page, 'staff-lookup');
      await page.getByLabel('Why are you looking?').selectOption('customer_support');
      await page.getByLabel('Id').fill(subjectId);
      await page.getByRole('button', { name: 'Look up' }).click();
      await page.getByRole('heading', { name: 'What support may see' }).waitFor();
      const shown = (await page.locator('main').textContent()) ?? '';
      expect(shown).not.toContain('12 Canary Wharf Lane');
      expect(shown).not.toContain('LS9 7QQ');
      // Exactly the fields the API returns to support, nothing more.
      const api = await createOrdersClient({ baseUrl: stack.url, token: supportToken }).GET(
        '/v1/admin/customers/{subjectId}',
        {
          params: { path: { subjectId }, header: { 'X-Access-Purpose': 'customer_support' } },
        },
      );
      const terms = await page.locator('main section > dl > dt').allInnerTexts();
      expect(terms.sort()).toEqual(Object.keys(api.data ?? {}).sort());
      expect(shown).toContain(api.data?.addresses[0]?.line1 ?? '?');
      await audit(page, 'staff-lookup-result');
      await context.close();
    },
    limit(180_000),
  );
});

describe('a complaint, from both sides', () => {
  it(
    'the customer files it, a privacy officer resolves it in the console, the customer reads the outcome',
    async () => {
      const customer = await newPage();
      await register(customer.page, 'Eli Canary', `eli-${tag}@example.com`);
      await customer.page.getByRole('link', { name: 'Complaints' }).click();
      await heading(customer.page, 'Complaints');
      await customer.page.getByLabel('What is it about?').selectOption('consent');
      await customer.page.getByLabel('What happened?').fill('You e-mailed me offers after I said no.');
      await customer.page.getByRole('button', { name: 'Send complaint' }).click();
      await customer.page.getByRole('status').filter({ hasText: 'Complaint received' }).waitFor();
      await customer.page.getByRole('heading', { name: /My consent was not respected/ }).waitFor();
      await audit(customer.page, 'complaints');
      const [filed] = (await apiAs(await sessionToken(customer.page)).GET('/v1/me/complaints')).data?.complaints ?? [];
      expect(filed?.status).toBe('open');

      const officer = await newPage();
      await staffSessionWithToken(
        officer.page,
        stack.webUrl,
        signToken({ sub: 'officer-web-2', groups: ['privacy-officer'] }),
      );
      await heading(officer.page, 'Complaint queue');
      await officer.page.getByRole('link', { name: filed?.id ?? '?' }).click();
      await heading(officer.page, `Complaint ${filed?.id}`);
      // Read in full for complaint handling: the description is there now.
      await officer.page.getByText('You e-mailed me offers after I said no.').waitFor();
      await audit(officer.page, 'staff-complaint');
      await officer.page
        .getByLabel('Outcome, as the customer will read it')
        .fill('The sender was a partner; it has stopped.');
      await officer.page.getByRole('button', { name: 'Resolve complaint' }).click();
      await officer.page.getByRole('status').filter({ hasText: 'Complaint resolved' }).waitFor();

      await customer.page.reload();
      await heading(customer.page, 'Complaints');
      await customer.page.getByText('Outcome: The sender was a partner; it has stopped.').waitFor();
      // The officer's reading is in the customer's access log, with its purpose.
      await customer.page.getByRole('link', { name: 'Who accessed my data' }).click();
      await customer.page
        .getByRole('row')
        .filter({ hasText: 'Staff (privacy-officer)' })
        .filter({ hasText: 'complaint handling' })
        .first()
        .waitFor();
      await customer.context.close();
      await officer.context.close();
    },
    limit(180_000),
  );
});

describe('the served site', () => {
  it('sends its security headers and carries no personal data in its files', async () => {
    for (const file of ['/', '/staff', '/customer.js', '/staff.js', '/app.css', '/config.json']) {
      const response = await fetch(`${stack.webUrl}${file}`);
      expect({ file, status: response.status }).toEqual({ file, status: 200 });
      expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      const body = await response.text();
      expect({ file, personal: body.match(new RegExp(`Canary|${tag}`))?.[0] }).toEqual({ file, personal: undefined });
    }
    // Only the two calls a browser makes to the customer pool go through; admin operations never do.
    const admin = await fetch(`${stack.webUrl}/identity`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AWSCognitoIdentityProviderService.ListUsers',
      },
      body: JSON.stringify({ UserPoolId: 'local_customers' }),
    });
    expect(admin.status).toBe(400);
    expect(await admin.text()).not.toContain('@');
    // The staff web client may only sign in: no sign-up to the staff pool from a browser, and no other client.
    const call = (operation: string, body: object) =>
      fetch(`${stack.webUrl}/identity`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': `AWSCognitoIdentityProviderService.${operation}`,
        },
        body: JSON.stringify(body),
      }).then(async (r) => ({ status: r.status, message: ((await r.json()) as { message?: string }).message }));
    const refused = { status: 400, message: 'Not available to browsers.' };
    expect(
      await call('SignUp', { ClientId: LOCAL_STAFF_CLIENT_ID, Username: 'x@example.com', Password: 'p'.repeat(20) }),
    ).toEqual(refused);
    expect(await call('InitiateAuth', { ClientId: 'another-client', AuthFlow: 'USER_PASSWORD_AUTH' })).toEqual(refused);
    expect(
      await call('InitiateAuth', {
        ClientId: LOCAL_STAFF_CLIENT_ID,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'nobody@example.com', PASSWORD: 'p'.repeat(20) },
      }),
    ).toEqual({ status: 400, message: 'Incorrect username or password.' });
  });

  it('every page built was checked by axe', () => {
    // Guards against a journey silently skipping its check (the list grows with the pages).
    expect(new Set(chromium.checked).size).toBeGreaterThanOrEqual(18);
  });
});
