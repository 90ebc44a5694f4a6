/**
 * The route table: every HTTP entry point, its handler file, who may call it and what it may touch.
 * The CDK stateless stack builds one function, one API route and narrow grants per entry from it;
 * the local gateway dispatches from it; the authorisation tests enumerate it. Pure data.
 */
import type { FunctionAccess } from '../shared/config/resources';
import type { Role } from '../shared/domain/access';

export type { FunctionAccess };

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteDefinition {
  readonly method: HttpMethod;
  /** API Gateway path syntax, e.g. `/v1/me/consents/{purpose}`. */
  readonly path: string;
  /** Handler module, relative to the repository root; it exports `handler`. */
  readonly entry: string;
  /** `public` routes have no authorizer; all others require a valid JWT. */
  readonly auth: 'public' | 'jwt';
  /** Roles allowed to call it (ignored for public routes). */
  readonly roles: readonly Role[];
  readonly access: FunctionAccess;
  /** `required`: staff must name an `X-Access-Purpose` their role serves (routes returning personal data). */
  readonly staffPurpose?: 'required';
  /** Memory for the function in MB. @default 256 */
  readonly memoryMb?: number;
}

const customer: readonly Role[] = ['customer'];

export const routes = {
  health: {
    method: 'GET',
    path: '/v1/health',
    entry: 'functions/public/get-health.ts',
    auth: 'public',
    roles: [],
    access: {},
  },
  getPrivacyPolicy: {
    method: 'GET',
    path: '/v1/privacy-policy',
    entry: 'functions/policy/get-privacy-policy.ts',
    auth: 'public',
    roles: [],
    access: { data: 'read' },
  },
  listPrivacyPolicyVersions: {
    method: 'GET',
    path: '/v1/privacy-policy/versions',
    entry: 'functions/policy/list-privacy-policy-versions.ts',
    auth: 'public',
    roles: [],
    access: { data: 'read' },
  },
  registerProfile: {
    method: 'POST',
    path: '/v1/me',
    entry: 'functions/account/register-profile.ts',
    auth: 'jwt',
    roles: customer,
    access: { data: 'readwrite', subjectKeys: 'use', audit: 'append' },
  },
  getProfile: {
    method: 'GET',
    path: '/v1/me',
    entry: 'functions/account/get-profile.ts',
    auth: 'jwt',
    roles: customer,
    access: { data: 'read', subjectKeys: 'use' },
  },
  updateProfile: {
    method: 'PATCH',
    path: '/v1/me',
    entry: 'functions/account/update-profile.ts',
    auth: 'jwt',
    roles: customer,
    access: { data: 'readwrite', subjectKeys: 'use', audit: 'append' },
  },
  listConsents: {
    method: 'GET',
    path: '/v1/me/consents',
    entry: 'functions/account/list-consents.ts',
    auth: 'jwt',
    roles: customer,
    access: { data: 'read' },
  },
  putConsent: {
    method: 'PUT',
    path: '/v1/me/consents/{purpose}',
    entry: 'functions/account/put-consent.ts',
    auth: 'jwt',
    roles: customer,
    access: { data: 'readwrite', audit: 'append' },
  },
  recordEngagementEvents: {
    method: 'POST',
    path: '/v1/me/engagement-events',
    entry: 'functions/account/record-engagement-events.ts',
    auth: 'jwt',
    roles: customer,
    access: { data: 'readwrite', subjectKeys: 'use' },
  },
  getAccessLog: {
    method: 'GET',
    path: '/v1/me/access-log',
    entry: 'functions/account/get-access-log.ts',
    auth: 'jwt',
    roles: customer,
    access: { audit: 'read' },
  },
  listDisclosures: {
    method: 'GET',
    path: '/v1/me/disclosures',
    entry: 'functions/account/list-disclosures.ts',
    auth: 'jwt',
    roles: customer,
    access: { data: 'read' },
  },
  listNotifications: {
    method: 'GET',
    path: '/v1/me/notifications',
    entry: 'functions/account/list-notifications.ts',
    auth: 'jwt',
    roles: customer,
    access: { data: 'read' },
  },
  placeOrder: {
    method: 'POST',
    path: '/v1/orders',
    entry: 'functions/orders/place-order.ts',
    auth: 'jwt',
    roles: customer,
    access: { data: 'readwrite', subjectKeys: 'use', audit: 'append', idempotency: true, events: true },
  },
  listOrders: {
    method: 'GET',
    path: '/v1/orders',
    entry: 'functions/orders/list-orders.ts',
    auth: 'jwt',
    roles: customer,
    access: { data: 'read' },
  },
  getOrder: {
    method: 'GET',
    path: '/v1/orders/{orderId}',
    entry: 'functions/orders/get-order.ts',
    auth: 'jwt',
    roles: customer,
    access: { data: 'read', subjectKeys: 'use' },
  },
  cancelOrder: {
    method: 'POST',
    path: '/v1/orders/{orderId}/cancel',
    entry: 'functions/orders/cancel-order.ts',
    auth: 'jwt',
    roles: customer,
    access: { data: 'readwrite', audit: 'append', events: true },
  },
  updateShippingAddress: {
    method: 'PATCH',
    path: '/v1/orders/{orderId}/shipping-address',
    entry: 'functions/orders/update-shipping-address.ts',
    auth: 'jwt',
    roles: customer,
    access: { data: 'readwrite', subjectKeys: 'use', audit: 'append' },
  },
  getTracking: {
    method: 'GET',
    path: '/v1/orders/{orderId}/tracking',
    entry: 'functions/orders/get-tracking.ts',
    auth: 'jwt',
    roles: customer,
    access: { data: 'read' },
  },
  requestRefund: {
    method: 'POST',
    path: '/v1/orders/{orderId}/refund-requests',
    entry: 'functions/orders/request-refund.ts',
    auth: 'jwt',
    roles: customer,
    access: { data: 'readwrite', subjectKeys: 'use', audit: 'append', events: true },
  },
  decideRefund: {
    method: 'POST',
    path: '/v1/admin/orders/{orderId}/refund-decision',
    entry: 'functions/admin/decide-refund.ts',
    auth: 'jwt',
    roles: ['support'],
    staffPurpose: 'required',
    access: { data: 'readwrite', subjectKeys: 'use', audit: 'append', events: true },
  },
  getCustomerForSupport: {
    method: 'GET',
    path: '/v1/admin/customers/{subjectId}',
    entry: 'functions/admin/get-customer.ts',
    auth: 'jwt',
    roles: ['support'],
    staffPurpose: 'required',
    access: { data: 'read', subjectKeys: 'use', audit: 'append' },
  },
  getOrderForSupport: {
    method: 'GET',
    path: '/v1/admin/orders/{orderId}',
    entry: 'functions/admin/get-order.ts',
    auth: 'jwt',
    roles: ['support'],
    staffPurpose: 'required',
    access: { data: 'read', subjectKeys: 'use', audit: 'append' },
  },
  getFulfillmentQueue: {
    method: 'GET',
    path: '/v1/admin/fulfillment/queue',
    entry: 'functions/admin/get-fulfillment-queue.ts',
    auth: 'jwt',
    roles: ['fulfillment'],
    staffPurpose: 'required',
    access: { data: 'read', subjectKeys: 'use', audit: 'append' },
  },
  createShipment: {
    method: 'POST',
    path: '/v1/admin/orders/{orderId}/shipments',
    entry: 'functions/admin/create-shipment.ts',
    auth: 'jwt',
    roles: ['fulfillment'],
    staffPurpose: 'required',
    access: { data: 'readwrite', subjectKeys: 'use', audit: 'append', events: true },
  },
  receiveCarrierEvents: {
    method: 'POST',
    path: '/v1/carriers/{carrier}/events',
    entry: 'functions/shipping/receive-carrier-events.ts',
    // No JWT: carriers authenticate each request with an HMAC signature the handler verifies.
    auth: 'public',
    roles: [],
    access: { data: 'readwrite', events: true, carrierWebhookSecret: true },
  },
  submitPrivacyRequest: {
    method: 'POST',
    path: '/v1/me/privacy-requests',
    entry: 'functions/privacy/submit-privacy-request.ts',
    auth: 'jwt',
    roles: customer,
    access: { data: 'readwrite', audit: 'append', events: true },
  },
  listPrivacyRequests: {
    method: 'GET',
    path: '/v1/me/privacy-requests',
    entry: 'functions/privacy/list-privacy-requests.ts',
    auth: 'jwt',
    roles: customer,
    access: { data: 'read' },
  },
  getPrivacyRequest: {
    method: 'GET',
    path: '/v1/me/privacy-requests/{requestId}',
    entry: 'functions/privacy/get-privacy-request.ts',
    auth: 'jwt',
    roles: customer,
    access: { data: 'read' },
  },
  getPrivacyExport: {
    method: 'GET',
    path: '/v1/me/privacy-requests/{requestId}/export',
    entry: 'functions/privacy/get-privacy-export.ts',
    auth: 'jwt',
    roles: customer,
    access: { data: 'read', subjectKeys: 'use' },
    memoryMb: 512,
  },
  fileComplaint: {
    method: 'POST',
    path: '/v1/me/complaints',
    entry: 'functions/privacy/file-complaint.ts',
    auth: 'jwt',
    roles: customer,
    access: { data: 'readwrite', subjectKeys: 'use', audit: 'append' },
  },
  listComplaints: {
    method: 'GET',
    path: '/v1/me/complaints',
    entry: 'functions/privacy/list-complaints.ts',
    auth: 'jwt',
    roles: customer,
    access: { data: 'read', subjectKeys: 'use' },
  },
  getComplaint: {
    method: 'GET',
    path: '/v1/me/complaints/{complaintId}',
    entry: 'functions/privacy/get-complaint.ts',
    auth: 'jwt',
    roles: customer,
    access: { data: 'read', subjectKeys: 'use' },
  },
  listPrivacyRequestQueue: {
    method: 'GET',
    path: '/v1/admin/privacy-requests',
    entry: 'functions/admin/list-privacy-requests.ts',
    auth: 'jwt',
    roles: ['privacy-officer'],
    access: { data: 'read' },
  },
  decidePrivacyRequest: {
    method: 'POST',
    path: '/v1/admin/privacy-requests/{requestId}/decision',
    entry: 'functions/admin/decide-privacy-request.ts',
    auth: 'jwt',
    roles: ['privacy-officer'],
    access: { data: 'readwrite', subjectKeys: 'use', audit: 'append', events: true },
  },
  liftRestriction: {
    method: 'DELETE',
    path: '/v1/admin/customers/{subjectId}/restriction',
    entry: 'functions/admin/lift-restriction.ts',
    auth: 'jwt',
    roles: ['privacy-officer'],
    access: { data: 'readwrite', audit: 'append' },
  },
  listComplaintQueue: {
    method: 'GET',
    path: '/v1/admin/complaints',
    entry: 'functions/admin/list-complaints.ts',
    auth: 'jwt',
    roles: ['privacy-officer'],
    access: { data: 'read' },
  },
  assignComplaint: {
    method: 'POST',
    path: '/v1/admin/complaints/{complaintId}/assign',
    entry: 'functions/admin/assign-complaint.ts',
    auth: 'jwt',
    roles: ['privacy-officer'],
    access: { data: 'readwrite', audit: 'append' },
  },
  resolveComplaint: {
    method: 'POST',
    path: '/v1/admin/complaints/{complaintId}/resolve',
    entry: 'functions/admin/resolve-complaint.ts',
    auth: 'jwt',
    roles: ['privacy-officer'],
    access: { data: 'readwrite', subjectKeys: 'use', audit: 'append' },
  },
  acceptPolicy: {
    method: 'POST',
    path: '/v1/me/policy-acceptances',
    entry: 'functions/account/accept-policy.ts',
    auth: 'jwt',
    roles: customer,
    access: { data: 'readwrite', audit: 'append' },
  },
  draftPolicy: {
    method: 'POST',
    path: '/v1/admin/privacy-policies',
    entry: 'functions/admin/draft-policy.ts',
    auth: 'jwt',
    roles: ['privacy-officer'],
    access: { data: 'readwrite', audit: 'append' },
  },
  announcePolicy: {
    method: 'POST',
    path: '/v1/admin/privacy-policies/{version}/announce',
    entry: 'functions/admin/announce-policy.ts',
    auth: 'jwt',
    roles: ['privacy-officer'],
    access: { data: 'readwrite', audit: 'append', events: true },
  },
  listAuditRecords: {
    method: 'GET',
    path: '/v1/admin/audit',
    entry: 'functions/admin/list-audit-records.ts',
    auth: 'jwt',
    roles: ['auditor'],
    access: { audit: 'read' },
  },
  verifyAuditTrail: {
    method: 'GET',
    path: '/v1/admin/audit/verify',
    entry: 'functions/admin/verify-audit-trail.ts',
    auth: 'jwt',
    roles: ['auditor'],
    access: { audit: 'read' },
    memoryMb: 512,
  },
} as const satisfies Record<string, RouteDefinition>;

export type RouteName = keyof typeof routes;

/**
 * The API's CORS policy, answered identically by API Gateway (infra) and the local gateway.
 * Request headers: auth, JSON bodies, If-Match, idempotency, staff purpose, carrier signatures.
 */
export const cors = {
  allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
  allowHeaders: ['Authorization', 'Content-Type', 'If-Match', 'Idempotency-Key', 'X-Access-Purpose', 'X-Signature'],
  /** Response headers scripts may read. */
  exposeHeaders: ['ETag', 'X-Request-Id'],
  maxAgeSeconds: 3600,
  /** Origins when none are configured: the local frontend dev server. */
  defaultOrigins: ['http://localhost:5173'],
} as const satisfies Record<string, readonly string[] | number>;
