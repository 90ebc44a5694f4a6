/**
 * The privacy officer's console pages in Chromium, and the customer's policy banner, against the real `npm start`
 * run twice on the same persisted data (as test/e2e/policy-lifecycle.test.ts does): today the officer extends a
 * privacy request, takes up a breach complaint as an incident and decides it, drafts a material policy version and
 * announces it; sixteen days later (CLOCK_OFFSET_SECONDS) it is in force and the customer accepts it from the
 * banner. Job triggers are off, so a request stays in the queue until the officer decides it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { createOrdersClient, type OrdersClient } from '../../clients/typescript/src/index';
import { signToken } from '../../local/auth/issuer';
import { heading, staffSessionWithToken, stored, useChromium } from '../support/browser';
import { type RunningStack, startRunningStack } from '../support/running-stack';
import { limit, stackStartTimeoutMs } from '../support/timeouts';

const DAY = 86_400;
const LATER = 16 * DAY; // past the 14-day notice the announcement gives
const dataDir = mkdtempSync(path.join(tmpdir(), 'web-officer-'));
const tablePrefix = `web-officer-${process.pid}`;
const tag = Date.now().toString(36);
const customer = `hal-${tag}`;
let stack: RunningStack | undefined;
let offset = 0;

const chromium = useChromium(
  new Set(['staff-requests', 'staff-incidents', 'staff-incident', 'staff-policy', 'policy-banner']),
);
const { newPage, audit } = chromium;

async function start(offsetSeconds: number): Promise<RunningStack> {
  await stack?.stop();
  offset = offsetSeconds;
  stack = await startRunningStack(
    {
      LOCAL_DATA_DIR: dataDir,
      LOCAL_TABLE_PREFIX: tablePrefix,
      CLOCK_OFFSET_SECONDS: String(offsetSeconds),
      LOCAL_JOB_TRIGGERS: 'off',
    },
    undefined,
    ['--persist'],
  );
  return stack;
}

afterAll(async () => {
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A token on the stack's (possibly shifted) clock. */
const token = (sub: string, groups?: string[]) =>
  signToken({ sub, now: Math.floor(Date.now() / 1000) + offset, ...(groups && { groups }) });
const apiAs = (sub: string, groups?: string[]): OrdersClient =>
  createOrdersClient({ baseUrl: (stack as RunningStack).url, token: () => token(sub, groups) });

async function staffSignIn(page: Page, webUrl: string, sub: string): Promise<void> {
  // A token on the shifted clock for a known sub; the password form itself is tested in web.test.ts.
  await staffSessionWithToken(page, webUrl, token(sub, ['privacy-officer']));
  await heading(page, 'Complaint queue');
}

describe("the privacy officer's console in Chromium", () => {
  let requestId = '';

  it(
    'today: extends a request with a reason, takes up a breach complaint as an incident and decides it, drafts and announces a material policy version',
    async () => {
      const { url, webUrl } = await start(0);
      const hal = apiAs(customer);
      expect(
        (
          await hal.POST('/v1/me', {
            body: { name: 'Hal Canary', email: `hal-${tag}@example.com`, acceptPolicyVersion: 1 },
          })
        ).response.status,
      ).toBe(201);
      const request = await hal.POST('/v1/me/privacy-requests', { body: { type: 'export' } });
      requestId = request.data?.id ?? '?';
      const complaint = await hal.POST('/v1/me/complaints', {
        body: { category: 'privacy_breach', description: 'My parcel label came with someone else’s canary address.' },
      });
      const complaintId = complaint.data?.id ?? '?';

      const { context, page } = await newPage();
      await staffSignIn(page, webUrl, 'officer-web');

      // The request queue: a decision with the reason the customer reads.
      await page.getByRole('link', { name: 'Privacy request queue' }).click();
      await heading(page, 'Privacy request queue');
      const row = page.getByRole('row').filter({ hasText: requestId });
      await row.waitFor();
      await audit(page, 'staff-requests');
      await row.getByLabel('Decision').selectOption('extend');
      await row.getByLabel('Reason, as the customer will read it').fill('The archive is large');
      await row.getByRole('button', { name: 'Record decision' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: `Request ${requestId}: extended` })
        .waitFor();
      const decided = await hal.GET('/v1/me/privacy-requests/{privacyRequestId}', {
        params: { path: { privacyRequestId: requestId } },
      });
      expect(decided.data?.status).toBe('extended');

      // The complaint: assigned to the officer reading it.
      await page.getByRole('link', { name: 'Complaint queue' }).click();
      await heading(page, 'Complaint queue');
      await page.getByRole('link', { name: complaintId }).click();
      await heading(page, `Complaint ${complaintId}`);
      await page.getByRole('button', { name: 'Assign to me' }).click();
      await page.getByRole('status').filter({ hasText: 'Assigned to you' }).waitFor();
      const queue = await apiAs('officer-web', ['privacy-officer']).GET('/v1/admin/complaints', {
        params: { query: { limit: 100 } },
      });
      expect(queue.data?.complaints.find((c) => c.id === complaintId)?.assignee).toBe('officer-web');

      // Incidents: opened from the complaint, read in full, decided.
      await page.getByRole('link', { name: 'Incidents' }).click();
      await heading(page, 'Incidents');
      await audit(page, 'staff-incidents');
      await page.getByLabel('What happened').fill('Labels printed with the previous customer’s canary address.');
      await page.getByLabel('Addresses').check();
      await page.getByLabel('Affected customer ids').fill(customer);
      await page.getByLabel('From complaint (optional)').fill(complaintId);
      await page.getByRole('button', { name: 'Open incident' }).click();
      await heading(page, /^Incident /);
      await page.getByText('Labels printed with the previous customer’s canary address.').waitFor();
      await audit(page, 'staff-incident');
      await page.getByLabel('No, the breach is unlikely to risk anyone’s rights').check();
      await page.getByLabel('Reasons').fill('One label, recovered unopened by the courier');
      await page.getByRole('button', { name: 'Record decision' }).click();
      await page.getByRole('status').filter({ hasText: 'Decision recorded' }).waitFor();
      const incidentId = (await page.locator('h1').textContent())?.replace('Incident ', '') ?? '?';
      const incident = await apiAs('officer-web', ['privacy-officer']).GET('/v1/admin/incidents/{incidentId}', {
        params: { path: { incidentId } },
      });
      expect(incident.data).toMatchObject({
        status: 'decided',
        subjectCount: 1,
        fromComplaintId: complaintId,
        decision: { notifyAuthority: false },
      });
      // The queue shows what the API's queue returns: no description, no subject ids.
      await page.getByRole('link', { name: 'All incidents' }).click();
      await heading(page, 'Incidents');
      await page.getByRole('link', { name: incidentId }).waitFor();
      const listed = (await page.locator('main table').allTextContents()).join(' ');
      expect(listed).not.toContain('canary address');
      expect(listed).not.toContain(customer);

      // Policy: a material draft, announced with the notice period.
      await page.getByRole('link', { name: 'Privacy policy' }).click();
      await heading(page, 'Privacy policy');
      await page.getByLabel('Summary of the change').fill('Delivery photos kept for 30 days');
      await page.getByLabel('Full text').fill('We now keep a photo of each delivered parcel for 30 days.');
      await page.getByLabel(/Material change/).check();
      await page.getByRole('button', { name: 'Save draft' }).click();
      await heading(page, 'Privacy policy version 2');
      await audit(page, 'staff-policy');
      await page.getByRole('button', { name: 'Announce this version' }).click();
      await page.getByRole('status').filter({ hasText: 'Version 2 announced' }).waitFor();
      const policy = await fetch(`${url}/v1/privacy-policy`).then((r) => r.json());
      expect(policy).toMatchObject({ version: 1, next: { version: 2, material: true } });
      await page.getByRole('link', { name: 'All versions' }).click();
      await page.getByRole('row').filter({ hasText: 'Delivery photos kept for 30 days' }).waitFor();
      await context.close();
    },
    limit(240_000) + stackStartTimeoutMs(),
  );

  it(
    'sixteen days later: the customer accepts the new version from the banner and reads the extension’s reason',
    async () => {
      const { webUrl } = await start(LATER);
      const { context, page } = await newPage();
      // Signed in already (the local issuer's token on the shifted clock), as after a sign-in.
      await page.addInitScript(`sessionStorage.setItem('session-token', ${JSON.stringify(token(customer))})`);
      await page.goto(webUrl);
      await heading(page, 'Your profile');
      const banner = page.getByRole('region', { name: 'Our privacy policy changed (version 2)' });
      await banner.getByText('Delivery photos kept for 30 days').waitFor();
      await audit(page, 'policy-banner');
      await banner.getByRole('button', { name: 'Accept version 2' }).click();
      await page.getByRole('status').filter({ hasText: 'You accepted privacy policy version 2' }).waitFor();
      await expect(banner.count()).resolves.toBe(0);
      expect((await apiAs(customer).GET('/v1/me')).data?.acceptedPolicyVersion).toBe(2);

      await page.getByRole('link', { name: 'Notifications' }).click();
      await heading(page, 'Notifications');
      await page.getByText(/needs more time.*Reason: The archive is large/).waitFor();
      await page.getByRole('link', { name: 'Your data' }).click();
      await page.getByRole('row').filter({ hasText: 'Copy of your data' }).filter({ hasText: 'extended' }).waitFor();
      expect(await stored(page)).toEqual({
        local: {},
        session: { 'session-token': expect.any(String) },
        cookies: 0,
        databases: 0,
      });
      await context.close();
    },
    limit(240_000) + stackStartTimeoutMs(),
  );

  it('every page built was checked by axe', () => {
    expect(new Set(chromium.checked).size).toBe(5);
  });
});
