/**
 * One well-formed request per route, as its rightful caller would send it, and a scenario that
 * runs them in an order where each succeeds. Tests that must cover every route (least-privilege
 * configuration, authorisation) start from here; a route without a sample does not compile.
 */
import type { JobName } from '../../functions/jobs/index';
import type { RouteName } from '../../functions/routes';
import { localCarrierSecret } from '../../local/env';
import { signPayload } from '../../shared/domain/webhook-signature';
import type { CallOptions } from './api-client';

export interface ScenarioContext {
  subject: string;
  complaintId: string;
  incidentId: string;
  policyVersion: number;
  privacyRequestId: string;
  /** An order that goes all the way to delivered and refunded. */
  orderId: string;
  /** A second order, cancelled at the end. */
  otherOrderId: string;
  trackingNumber: string;
  /** The local stack's carrier secret seed (CARRIER_WEBHOOK_SECRET): each carrier's secret derives from it. */
  carrierSecret: string;
  now: Date;
}

/** A context before any step ran: ids are filled in by the steps' captures. */
export const newScenarioContext = (subject: string, carrierSecret: string): ScenarioContext => ({
  subject,
  complaintId: '',
  incidentId: '',
  policyVersion: 0,
  privacyRequestId: '',
  orderId: '',
  otherOrderId: '',
  trackingNumber: '',
  carrierSecret,
  now: new Date(),
});

export interface SampleRequest {
  readonly method: string;
  readonly url: string;
  readonly body?: unknown;
  /** Sent as-is instead of `body` (signed webhooks). */
  readonly rawBody?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Cognito groups of the caller; none means a customer (the subject). */
  readonly groups?: readonly string[];
}

const address = {
  recipient: 'Sample Recipient',
  line1: '1 Sample Street',
  city: 'Sampleton',
  postalCode: 'SA1 1AA',
  country: 'GB',
};

/** An order of a product from the demo catalogue `npm start` seeds (local/seed.ts), paid with Stripe's test card. */
export const sampleOrder = (sku = 'BOOT-42') => ({
  currency: 'EUR',
  items: [{ sku, quantity: 2 }],
  delivery: { carrier: 'dhl', service: 'express' },
  shippingAddress: address,
  billing: { payment: { processor: 'stripe', paymentMethod: 'pm_card_visa' } },
  contactPhone: '+441632960001',
});

const staff = (groups: string[], purpose: string) => ({ groups, headers: { 'x-access-purpose': purpose } });
/** The product the catalogue steps create and deactivate (orders use the seeded demo catalogue). */
const SAMPLE_SKU = 'SAMPLE-LAMP';
/** The subject id scenario runners give staff callers (a sample's `groups` make the caller staff). */
export const SCENARIO_STAFF_ID = 'staff-1';

/** How the scenario sends `sample`: as `subject`, or as the scenario's staff member when it names groups. */
export const scenarioCall = (sample: SampleRequest, subject: string): CallOptions => ({
  sub: sample.groups ? SCENARIO_STAFF_ID : subject,
  ...(sample.groups && { groups: sample.groups }),
  ...(sample.headers && { headers: sample.headers }),
  ...(sample.rawBody !== undefined ? { raw: sample.rawBody } : sample.body !== undefined && { body: sample.body }),
});
const officer = staff(['privacy-officer'], 'privacy_request');

function carrierEvent(ctx: ScenarioContext, status: 'in_transit' | 'delivered'): SampleRequest {
  const rawBody = JSON.stringify({
    eventId: `evt-${status}-${ctx.trackingNumber}`,
    trackingNumber: ctx.trackingNumber,
    status,
    occurredAt: ctx.now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    location: 'Depot',
  });
  const signature = signPayload(
    localCarrierSecret(ctx.carrierSecret, 'dhl'),
    'dhl',
    Math.floor(ctx.now.getTime() / 1000),
    rawBody,
  );
  return { method: 'POST', url: '/v1/carriers/dhl/events', rawBody, headers: { 'x-signature': signature } };
}

export const sampleRequests: Record<RouteName, (ctx: ScenarioContext, variant?: string) => SampleRequest> = {
  health: () => ({ method: 'GET', url: '/v1/health' }),
  getProblemType: () => ({ method: 'GET', url: '/v1/problems/conflict' }),
  listProcessors: () => ({ method: 'GET', url: '/v1/processors' }),
  getPrivacyPolicy: () => ({ method: 'GET', url: '/v1/privacy-policy' }),
  listPrivacyPolicyVersions: () => ({ method: 'GET', url: '/v1/privacy-policy/versions' }),
  registerProfile: (ctx) => ({
    method: 'POST',
    url: '/v1/me',
    body: { name: `Sample ${ctx.subject}`, email: `${ctx.subject}@example.com`, acceptPolicyVersion: 1 },
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
  listDisclosures: () => ({ method: 'GET', url: '/v1/me/disclosures' }),
  listNotifications: () => ({ method: 'GET', url: '/v1/me/notifications' }),
  placeOrder: (_ctx, variant = 'first') => ({
    method: 'POST',
    url: '/v1/orders',
    body: sampleOrder(variant === 'first' ? 'BOOT-42' : 'SOCK-3'),
    headers: { 'idempotency-key': `sample-${variant}` },
  }),
  listOrders: () => ({ method: 'GET', url: '/v1/orders?limit=5' }),
  getOrder: (ctx) => ({ method: 'GET', url: `/v1/orders/${ctx.orderId}` }),
  updateShippingAddress: (ctx) => ({
    method: 'PATCH',
    url: `/v1/orders/${ctx.orderId}/shipping-address`,
    body: { ...address, line1: '2 Sample Street' },
  }),
  getFulfillmentQueue: () => ({
    method: 'GET',
    url: '/v1/admin/fulfillment/queue',
    ...staff(['fulfillment'], 'shipping'),
  }),
  getOrderForSupport: (ctx) => ({
    method: 'GET',
    url: `/v1/admin/orders/${ctx.orderId}`,
    ...staff(['support'], 'customer_support'),
  }),
  getCustomerForSupport: (ctx) => ({
    method: 'GET',
    url: `/v1/admin/customers/${ctx.subject}`,
    ...staff(['support'], 'customer_support'),
  }),
  createShipment: (ctx) => ({
    method: 'POST',
    url: `/v1/admin/orders/${ctx.orderId}/shipments`,
    body: { carrier: 'dhl', service: 'express' },
    ...staff(['fulfillment'], 'shipping'),
  }),
  getTracking: (ctx) => ({ method: 'GET', url: `/v1/orders/${ctx.orderId}/tracking` }),
  receiveCarrierEvents: (ctx, variant = 'in_transit') =>
    carrierEvent(ctx, variant === 'delivered' ? 'delivered' : 'in_transit'),
  requestRefund: (ctx) => ({
    method: 'POST',
    url: `/v1/orders/${ctx.orderId}/refund-requests`,
    body: { reason: 'Arrived damaged', lines: [{ sku: 'BOOT-42', quantity: 1 }] },
  }),
  decideRefund: (ctx) => ({
    method: 'POST',
    url: `/v1/admin/orders/${ctx.orderId}/refund-decision`,
    body: { action: 'approve', reason: 'Photo confirms the damage' },
    ...staff(['support'], 'refund_handling'),
  }),
  cancelOrder: (ctx) => ({ method: 'POST', url: `/v1/orders/${ctx.otherOrderId}/cancel` }),
  fileComplaint: () => ({
    method: 'POST',
    url: '/v1/me/complaints',
    body: { category: 'unauthorised_use', description: 'I received marketing I never agreed to.' },
  }),
  listComplaints: () => ({ method: 'GET', url: '/v1/me/complaints' }),
  getComplaint: (ctx) => ({ method: 'GET', url: `/v1/me/complaints/${ctx.complaintId}` }),
  listComplaintQueue: () => ({ method: 'GET', url: '/v1/admin/complaints', ...officer }),
  assignComplaint: (ctx) => ({
    method: 'POST',
    url: `/v1/admin/complaints/${ctx.complaintId}/assign`,
    // The calling officer takes it: an assignee is a privacy officer's staff subject id.
    body: { assignee: SCENARIO_STAFF_ID },
    ...officer,
  }),
  resolveComplaint: (ctx) => ({
    method: 'POST',
    url: `/v1/admin/complaints/${ctx.complaintId}/resolve`,
    body: { resolution: 'Marketing consent was never recorded; the sender was a third party.' },
    ...officer,
  }),
  submitPrivacyRequest: (_ctx, variant = 'export') => ({
    method: 'POST',
    url: '/v1/me/privacy-requests',
    body: { type: variant },
  }),
  listPrivacyRequests: () => ({ method: 'GET', url: '/v1/me/privacy-requests' }),
  getPrivacyRequest: (ctx) => ({ method: 'GET', url: `/v1/me/privacy-requests/${ctx.privacyRequestId}` }),
  listPrivacyRequestQueue: () => ({ method: 'GET', url: '/v1/admin/privacy-requests', ...officer }),
  decidePrivacyRequest: (ctx) => ({
    method: 'POST',
    url: `/v1/admin/privacy-requests/${ctx.privacyRequestId}/decision`,
    body: { action: 'extend', reason: 'The archive is large' },
    ...officer,
  }),
  getPrivacyExport: (ctx) => ({ method: 'GET', url: `/v1/me/privacy-requests/${ctx.privacyRequestId}/export` }),
  acceptPolicy: () => ({ method: 'POST', url: '/v1/me/policy-acceptances', body: { version: 1 } }),
  draftPolicy: () => ({
    method: 'POST',
    url: '/v1/admin/privacy-policies',
    body: { content: 'Revised policy text', summary: 'Clearer retention periods', material: false },
    ...officer,
  }),
  getPolicyVersion: (ctx) => ({
    method: 'GET',
    url: `/v1/admin/privacy-policies/${ctx.policyVersion}`,
    ...officer,
  }),
  announcePolicy: (ctx) => ({
    method: 'POST',
    url: `/v1/admin/privacy-policies/${ctx.policyVersion}/announce`,
    body: { effectiveAt: new Date(ctx.now.getTime() + 15 * 86_400_000).toISOString() },
    ...officer,
  }),
  listAuditRecords: (ctx) => ({
    method: 'GET',
    url: `/v1/admin/audit?subjectId=${ctx.subject}`,
    groups: ['auditor'],
    headers: { 'x-access-purpose': 'audit' },
  }),
  verifyAuditTrail: (ctx) => ({
    method: 'GET',
    url: `/v1/admin/audit/verify?subjectId=${ctx.subject}`,
    groups: ['auditor'],
    headers: { 'x-access-purpose': 'audit' },
  }),
  getAuditStatus: () => ({
    method: 'GET',
    url: '/v1/admin/audit/status',
    groups: ['auditor'],
    headers: { 'x-access-purpose': 'audit' },
  }),
  liftRestriction: (ctx) => ({ method: 'DELETE', url: `/v1/admin/customers/${ctx.subject}/restriction`, ...officer }),
  getComplaintForOfficer: (ctx) => ({
    method: 'GET',
    url: `/v1/admin/complaints/${ctx.complaintId}`,
    ...staff(['privacy-officer'], 'complaint_handling'),
  }),
  listOfficerNotices: () => ({ method: 'GET', url: '/v1/admin/officer-inbox', ...officer }),
  openIncident: (ctx) => ({
    method: 'POST',
    url: '/v1/admin/incidents',
    body: {
      discoveredAt: new Date(ctx.now.getTime() - 3_600_000).toISOString(),
      description: 'A courier manifest was e-mailed to the wrong carrier.',
      dataCategories: ['contact', 'address'],
      subjectIds: [ctx.subject],
    },
    ...officer,
  }),
  listIncidentQueue: () => ({ method: 'GET', url: '/v1/admin/incidents', ...officer }),
  getIncident: (ctx) => ({ method: 'GET', url: `/v1/admin/incidents/${ctx.incidentId}`, ...officer }),
  decideIncident: (ctx) => ({
    method: 'POST',
    url: `/v1/admin/incidents/${ctx.incidentId}/decision`,
    body: {
      notifyAuthority: true,
      reasons: 'Addresses disclosed to a third party',
      authorityReference: 'ICO-2026-0042',
    },
    ...officer,
  }),
  addIncidentSubjects: (ctx) => ({
    method: 'POST',
    url: `/v1/admin/incidents/${ctx.incidentId}/subjects`,
    body: {
      ordersPlaced: {
        from: new Date(ctx.now.getTime() - 86_400_000).toISOString(),
        to: new Date(ctx.now.getTime() + 3_600_000).toISOString(),
      },
    },
    ...officer,
  }),
  startIncidentNotices: (ctx) => ({
    method: 'POST',
    url: `/v1/admin/incidents/${ctx.incidentId}/notices`,
    body: {
      // Not the description's words: the description stays sealed, the notice is told to everyone.
      natureOfBreach: 'Delivery details were sent to a courier company that was not handling your order.',
      likelyConsequences: 'Your delivery address may be known to one courier company.',
      measuresTaken: 'The carrier confirmed it deleted the manifest.',
      contactPoint: 'Data Protection Officer, dpo@shop.example.com',
    },
    ...officer,
  }),
  getIncidentNotices: (ctx) => ({ method: 'GET', url: `/v1/admin/incidents/${ctx.incidentId}/notices`, ...officer }),
  getIncidentRegister: () => ({
    method: 'GET',
    url: '/v1/admin/incident-register',
    groups: ['auditor'],
    headers: { 'x-access-purpose': 'audit' },
  }),
  // The catalogue and the silent-shipment queue (issue 12).
  listProducts: () => ({ method: 'GET', url: '/v1/products?limit=10' }),
  getProduct: () => ({ method: 'GET', url: `/v1/products/${SAMPLE_SKU}` }),
  putProduct: () => ({
    method: 'PUT',
    url: `/v1/admin/products/${SAMPLE_SKU}`,
    body: { name: 'Sample lamp', prices: { EUR: 1999, GBP: 1799 }, stock: 10, shippingProfile: 'parcel' },
    ...staff(['catalogue-manager'], 'catalogue_management'),
  }),
  deactivateProduct: () => ({
    method: 'POST',
    url: `/v1/admin/products/${SAMPLE_SKU}/deactivate`,
    ...staff(['catalogue-manager'], 'catalogue_management'),
  }),
  listSilentShipments: () => ({ method: 'GET', url: '/v1/admin/shipments/silent', groups: ['support'] }),
};

export type ScenarioStep =
  | {
      readonly route: RouteName;
      readonly variant?: string;
      /** Takes what later steps need from the response body. */
      readonly capture?: (ctx: ScenarioContext, body: Record<string, unknown>) => void;
    }
  /** Runs a job (as its schedule or queue would) before the next step. */
  | { readonly job: JobName };

/** Every route once (a few twice), in an order in which each request succeeds for its caller. */
export const scenario: readonly ScenarioStep[] = [
  { route: 'health' },
  { route: 'getProblemType' },
  { route: 'listProcessors' },
  { route: 'getPrivacyPolicy' },
  { route: 'listPrivacyPolicyVersions' },
  { route: 'registerProfile' },
  { route: 'getProfile' },
  { route: 'updateProfile' },
  { route: 'putConsent' },
  { route: 'listConsents' },
  { route: 'recordEngagementEvents' },
  { route: 'putProduct' },
  { route: 'getProduct' },
  { route: 'listProducts' },
  { route: 'deactivateProduct' },
  { route: 'listSilentShipments' },
  { job: 'payment-reconciliation' },
  { route: 'placeOrder', variant: 'first', capture: (ctx, b) => (ctx.orderId = String(b.orderId)) },
  { route: 'placeOrder', variant: 'second', capture: (ctx, b) => (ctx.otherOrderId = String(b.orderId)) },
  { route: 'listOrders' },
  { route: 'getOrder' },
  { route: 'updateShippingAddress' },
  { route: 'getFulfillmentQueue' },
  { route: 'getOrderForSupport' },
  { route: 'getCustomerForSupport' },
  { route: 'createShipment', capture: (ctx, b) => (ctx.trackingNumber = String(b.trackingNumber)) },
  { route: 'getTracking' },
  { route: 'receiveCarrierEvents', variant: 'in_transit' },
  { route: 'receiveCarrierEvents', variant: 'delivered' },
  { route: 'requestRefund' },
  { route: 'decideRefund' },
  { route: 'listNotifications' },
  { route: 'listDisclosures' },
  { route: 'getAccessLog' },
  { route: 'fileComplaint', capture: (ctx, b) => (ctx.complaintId = String(b.id)) },
  { route: 'listComplaints' },
  { route: 'getComplaint' },
  { route: 'listComplaintQueue' },
  { route: 'assignComplaint' },
  { route: 'resolveComplaint' },
  { route: 'submitPrivacyRequest', variant: 'export', capture: (ctx, b) => (ctx.privacyRequestId = String(b.id)) },
  { route: 'listPrivacyRequests' },
  { route: 'getPrivacyRequest' },
  { route: 'listPrivacyRequestQueue' },
  { route: 'decidePrivacyRequest' },
  { job: 'privacy-requests' },
  { route: 'getPrivacyExport' },
  { route: 'submitPrivacyRequest', variant: 'restriction' },
  { job: 'privacy-requests' },
  { route: 'liftRestriction' },
  { route: 'acceptPolicy' },
  { route: 'draftPolicy', capture: (ctx, b) => (ctx.policyVersion = Number(b.version)) },
  { route: 'getPolicyVersion' },
  { route: 'announcePolicy' },
  { route: 'cancelOrder' },
  { job: 'retention-sweep' },
  { job: 'inactive-accounts' },
  { job: 'deadline-monitor' },
  { job: 'audit-digest' },
  { route: 'getComplaintForOfficer' },
  { route: 'listOfficerNotices' },
  { route: 'openIncident', capture: (ctx, b) => (ctx.incidentId = String(b.id)) },
  { route: 'listIncidentQueue' },
  { route: 'getIncident' },
  { route: 'decideIncident' },
  { route: 'addIncidentSubjects' },
  { route: 'startIncidentNotices' },
  { job: 'incident-notices' },
  { route: 'getIncidentNotices' },
  { route: 'getIncidentRegister' },
  { route: 'listAuditRecords' },
  { route: 'verifyAuditTrail' },
  { job: 'audit-verify' },
  { route: 'getAuditStatus' },
  { job: 'audit-retention' },
];

/** Every route the scenario calls. */
export const scenarioRoutes = (): Set<RouteName> => new Set(scenario.flatMap((s) => ('route' in s ? [s.route] : [])));

export const stepName = (step: ScenarioStep): string =>
  'job' in step ? `job ${step.job}` : `${step.route}${step.variant ? ` (${step.variant})` : ''}`;
