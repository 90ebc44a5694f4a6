/**
 * Policy changes over time, against `npm start` run twice on the same persisted data: today a
 * material version is announced (the old one stays in force); with CLOCK_OFFSET_SECONDS past its
 * date the new one is in force, and the next order waits until the customer accepts it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { apiClient, type CallOptions } from '../support/api-client';
import { type RunningStack, stackHookTimeoutMs, startRunningStack } from '../support/running-stack';
import { sampleOrder } from '../support/sample-requests';

const dataDir = mkdtempSync(path.join(tmpdir(), 'policy-e2e-'));
const tablePrefix = `policy-e2e-${process.pid}`;
const officer = { sub: 'officer-1', groups: ['privacy-officer'] };
let stack: RunningStack | undefined;

afterAll(async () => {
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function start(
  offsetDays: number,
): Promise<(method: string, path: string, options?: CallOptions) => ReturnType<ReturnType<typeof apiClient>>> {
  await stack?.stop();
  stack = await startRunningStack(
    {
      LOCAL_DATA_DIR: dataDir,
      // The same tables across both starts: with the shared test DynamoDB they are what persists.
      LOCAL_TABLE_PREFIX: tablePrefix,
      CLOCK_OFFSET_SECONDS: String(offsetDays * 86_400),
      LOCAL_JOB_TRIGGERS: 'off',
    },
    undefined,
    ['--persist'],
  );
  return apiClient(stack.url, offsetDays * 86_400);
}

describe('policy lifecycle over time', () => {
  let announcedVersion = 0;

  it(
    '[P-39] today: a material version is announced; the old one stays in force and registration still accepts it',
    async () => {
      const api = await start(0);
      expect(
        (
          await api('POST', '/v1/me', {
            sub: 'cleo',
            body: { name: 'Cleo', email: 'cleo@example.com', acceptPolicyVersion: 1 },
          })
        ).status,
      ).toBe(201);
      const draft = await api('POST', '/v1/admin/privacy-policies', {
        ...officer,
        body: { content: 'We now also keep delivery photos for 30 days.', summary: 'Delivery photos', material: true },
      });
      expect(draft.status).toBe(201);
      announcedVersion = draft.json.version;
      const tooSoon = await api('POST', `/v1/admin/privacy-policies/${announcedVersion}/announce`, {
        ...officer,
        body: { effectiveAt: new Date(Date.now() + 3 * 86_400_000).toISOString() },
      });
      expect(tooSoon.status).toBe(422);
      const effectiveAt = new Date(Date.now() + 15 * 86_400_000).toISOString();
      const announced = await api('POST', `/v1/admin/privacy-policies/${announcedVersion}/announce`, {
        ...officer,
        body: { effectiveAt },
      });
      expect(announced.status).toBe(200);

      const policy = await api('GET', '/v1/privacy-policy');
      expect(policy.json).toMatchObject({ version: 1, next: { version: announcedVersion, effectiveAt } });
      const order = await api('POST', '/v1/orders', {
        sub: 'cleo',
        body: sampleOrder(),
        headers: { 'idempotency-key': 'before' },
      });
      expect(order.status).toBe(201);
      const inbox = await api('GET', '/v1/me/notifications', { sub: 'cleo' });
      expect(inbox.json.notifications).toContainEqual(expect.objectContaining({ type: 'policy.announced' }));
    },
    2 * stackHookTimeoutMs(),
  );

  it(
    'after its date: the new version is in force and the next order waits for acceptance',
    async () => {
      const api = await start(16);
      const policy = await api('GET', '/v1/privacy-policy');
      expect(policy.json.version).toBe(announcedVersion);
      expect(policy.json).not.toHaveProperty('next');

      const blocked = await api('POST', '/v1/orders', {
        sub: 'cleo',
        body: sampleOrder(),
        headers: { 'idempotency-key': 'after' },
      });
      expect(blocked.status).toBe(403);
      expect(blocked.json).toMatchObject({ requiredPolicyVersion: announcedVersion });
      expect(blocked.json.type).toMatch(/\/consent-required$/);
      // Withdrawing a consent is never blocked; granting one waits too.
      expect((await api('PUT', '/v1/me/consents/analytics', { sub: 'cleo', body: { granted: false } })).status).toBe(
        200,
      );
      expect((await api('PUT', '/v1/me/consents/analytics', { sub: 'cleo', body: { granted: true } })).status).toBe(
        403,
      );

      expect((await api('POST', '/v1/me/policy-acceptances', { sub: 'cleo', body: { version: 1 } })).status).toBe(422);
      expect(
        (await api('POST', '/v1/me/policy-acceptances', { sub: 'cleo', body: { version: announcedVersion } })).status,
      ).toBe(201);
      const after = await api('POST', '/v1/orders', {
        sub: 'cleo',
        body: sampleOrder(),
        headers: { 'idempotency-key': 'after' },
      });
      expect(after.status).toBe(201);
      const consent = await api('PUT', '/v1/me/consents/analytics', { sub: 'cleo', body: { granted: true } });
      expect(consent.json).toMatchObject({ granted: true, policyVersion: announcedVersion });
    },
    2 * stackHookTimeoutMs(),
  );
});
