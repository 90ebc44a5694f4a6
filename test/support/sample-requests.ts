/**
 * One well-formed request per route, as the owner would send it. Tests that must cover every
 * route (least-privilege configuration, authorisation) start from here; a route without a sample
 * fails those tests, so new routes cannot slip past them.
 */
import type { RouteName } from '../../functions/routes';

export interface SampleRequest {
  readonly method: string;
  readonly url: string;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export const sampleRequests: Record<RouteName, (subject: string) => SampleRequest> = {
  health: () => ({ method: 'GET', url: '/v1/health' }),
  getPrivacyPolicy: () => ({ method: 'GET', url: '/v1/privacy-policy' }),
  listPrivacyPolicyVersions: () => ({ method: 'GET', url: '/v1/privacy-policy/versions' }),
  registerProfile: (subject) => ({
    method: 'POST',
    url: '/v1/me',
    body: { name: `Sample ${subject}`, email: `${subject}@example.com`, acceptPolicyVersion: 1 },
  }),
  getProfile: () => ({ method: 'GET', url: '/v1/me' }),
  updateProfile: () => ({
    method: 'PATCH',
    url: '/v1/me',
    body: { name: 'Sample Renamed' },
    headers: { 'if-match': '*' },
  }),
  listConsents: () => ({ method: 'GET', url: '/v1/me/consents' }),
  putConsent: () => ({ method: 'PUT', url: '/v1/me/consents/analytics', body: { granted: true } }),
  recordEngagementEvents: () => ({
    method: 'POST',
    url: '/v1/me/engagement-events',
    body: { events: [{ type: 'page_view', at: '2026-03-01T00:00:00Z', path: '/' }] },
  }),
  getAccessLog: () => ({ method: 'GET', url: '/v1/me/access-log?limit=10' }),
};
