/**
 * The contract of each route, by route name: what it answers on success (status, body, headers) and
 * which problems it answers besides those every route of its kind does (contract/document.ts derives
 * those from the route table). Request schemas are not repeated here: the document reads them from
 * the handlers. A route of functions/routes.ts without an entry here does not compile.
 */
import type * as z from 'zod';
import type { RouteName } from '../functions/routes';
import type { ProblemKind } from '../shared/domain/errors';
import { carrierEventSchema } from '../shared/domain/shipment';
import * as S from './schemas';

/** Headers a route reads besides `Authorization`, `Content-Type` and `X-Access-Purpose` (derived from roles). */
export type RequestHeader = 'Idempotency-Key' | 'If-Match' | 'X-Signature';
/** Headers a success response carries besides `X-Request-Id` and `Cache-Control` (every handler response has them). */
export type ResponseHeader =
  | 'ETag'
  | 'Location'
  | 'Idempotent-Replayed'
  | 'Content-Disposition'
  | 'X-Export-Part'
  | 'X-Export-Parts'
  | 'Link';

/** The export document's schema, published as docs/export-schema.json and embedded as this component. */
export const EXPORT_DOCUMENT = { $ref: '#/components/schemas/PrivacyExport' } as const;

export interface SuccessResponse {
  readonly description: string;
  readonly schema: z.ZodType | typeof EXPORT_DOCUMENT;
  readonly headers?: readonly ResponseHeader[];
  /** A second media type: a piece of a document too large for one response, opaque until joined. */
  readonly parts?: string;
}

/** A page for people (`text/html`) rather than a JSON body. */
export interface HtmlResponse {
  readonly description: string;
  readonly html: true;
}

export interface RouteContract {
  readonly summary: string;
  readonly description?: string;
  readonly requestHeaders?: readonly RequestHeader[];
  /** Headers a route reads when sent (e.g. `If-Match` to replace rather than create). */
  readonly optionalRequestHeaders?: readonly RequestHeader[];
  /** The body of a route that reads it raw (a signed webhook): the handler's schemas cannot say. */
  readonly rawBody?: z.ZodType;
  /** An example request body, checked against the schema by `redocly lint`. */
  readonly example?: unknown;
  readonly responses: {
    readonly 200?: SuccessResponse | HtmlResponse;
    readonly 201?: SuccessResponse;
    readonly 202?: SuccessResponse;
  };
  /** Problems beyond those derived from the route's kind (contract/document.ts lists those). */
  readonly problems?: readonly ProblemKind[];
}

const ok = (description: string, schema: SuccessResponse['schema'], headers?: readonly ResponseHeader[]) => ({
  200: { description, schema, ...(headers && { headers }) },
});
const created = (description: string, schema: z.ZodType, headers: readonly ResponseHeader[] = []) => ({
  201: { description, schema, headers: ['Location', ...headers] as const },
});

const address = { recipient: 'Alice Example', line1: '1 High St', city: 'Leeds', postalCode: 'LS1 4AB', country: 'GB' };

export const contracts = {
  health: { summary: 'Liveness', responses: ok('The API is up', S.HealthSchema) },
  getProblemType: {
    summary: 'What a problem type means',
    description:
      'Every problem `type` is an absolute-path reference to this route (`/v1/problems/validation`): resolved against the API’s origin it documents the type — when it happens and what to do. Public; cacheable for an hour.',
    responses: { 200: { description: 'The type’s documentation page', html: true } },
    problems: ['not-found'],
  },
  listProcessors: {
    summary: 'The sub-processor register',
    description:
      'Public. Every party outside the platform that receives personal data: its role, why, the fields it receives and the agreement that binds it (docs/decisions/0094).',
    responses: ok('The processors', S.ProcessorsSchema),
  },
  getPrivacyPolicy: {
    summary: 'The privacy policy in force',
    description: 'And the next version when one is announced. Public; cacheable for 60 s.',
    responses: ok('The version in force', S.CurrentPolicySchema),
    problems: ['not-found'],
  },
  listPrivacyPolicyVersions: {
    summary: 'Announced policy versions, newest first',
    responses: ok('Every announced version with its status', S.PolicyVersionsSchema),
  },
  registerProfile: {
    summary: 'Register',
    description:
      'Personal details (encrypted with a key of your own), acceptance of the policy version in force, optional consents.',
    example: {
      name: 'Alice Example',
      email: 'alice@example.com',
      acceptPolicyVersion: 1,
      consents: { analytics: false },
    },
    responses: created('Registered; the profile and its ETag', S.ProfileSchema, ['ETag']),
    problems: ['conflict', 'unprocessable'],
  },
  getProfile: {
    summary: 'Your profile',
    responses: ok('The profile, decrypted, with its ETag for changes', S.ProfileSchema, ['ETag']),
    problems: ['not-found'],
  },
  updateProfile: {
    summary: 'Correct your profile',
    description: 'Send `If-Match` with the ETag from GET: 428 without it, 412 when the profile changed meanwhile.',
    requestHeaders: ['If-Match'],
    example: { name: 'Alice Renamed' },
    responses: ok('The corrected profile and its new ETag', S.ProfileSchema, ['ETag']),
    problems: ['not-found', 'precondition-failed', 'precondition-required'],
  },
  listConsents: { summary: 'Your consents', responses: ok('Every consent purpose and your choice', S.ConsentsSchema) },
  putConsent: {
    summary: 'Grant or withdraw a consent',
    description: 'Appended to the consent ledger; effective at once.',
    example: { granted: true },
    responses: ok('The choice as recorded', S.ConsentSchema),
    problems: ['consent-required'],
  },
  recordEngagementEvents: {
    summary: 'Record usage events',
    description: 'Accepted only while the `analytics` consent is granted (else 403 consent-required).',
    example: { events: [{ type: 'product_view', at: '2026-11-25T10:00:00Z', sku: 'BOOT-42' }] },
    responses: {
      200: { description: 'Stored for analytics, sealed, before this answer', schema: S.EngagementAcceptedSchema },
    },
    problems: ['consent-required', 'not-found'],
  },
  getAccessLog: {
    summary: 'Who used your data, when and why',
    description: 'Audit entries about you: role, action, purpose, field names (never values). Paginated.',
    responses: ok('A page of entries, newest first', S.AccessLogSchema),
  },
  listDisclosures: {
    summary: 'What was shared with third parties',
    responses: ok('A page of disclosures, newest first', S.DisclosuresSchema),
  },
  listNotifications: {
    summary: 'Outcomes we told you about',
    responses: ok('A page of notifications, newest first', S.NotificationsSchema),
  },
  placeOrder: {
    summary: 'Place an order',
    description:
      'Lines name only SKU and quantity: prices come from the catalogue (a client-sent `unitPrice`, `price`, `total`, `brand` or `last4` is 400 naming the field), the shipping fee from the booked carrier service. Send `expectedTotal` to get 409 with `currentTotal` instead of paying another total. Stock is reserved with the order (409 naming the SKU and what is left); the payment method from Stripe is authorised for the total (a decline is 402 `payment-declined`, an unreachable processor 503 with `Retry-After`; nothing is written either way). `Idempotency-Key` is required: a retry with the same key and body returns the first answer as it was sent (with `Idempotent-Replayed: true`); the same key with another body is 422.',
    requestHeaders: ['Idempotency-Key'],
    example: {
      currency: 'EUR',
      items: [{ sku: 'BOOT-42', quantity: 1 }],
      delivery: { carrier: 'royalmail', service: 'tracked48' },
      shippingAddress: address,
      billing: { payment: { processor: 'stripe', paymentMethod: 'pm_card_visa' } },
      expectedTotal: 9448,
    },
    responses: created('The order', S.OrderSchema, ['Idempotent-Replayed']),
    problems: ['conflict', 'consent-required', 'forbidden', 'not-found', 'payment-declined', 'unprocessable'],
  },
  listOrders: { summary: 'Your orders, newest first', responses: ok('A page of orders', S.OrdersSchema) },
  getOrder: { summary: 'One of your orders', responses: ok('The order with its personal details', S.OrderSchema) },
  cancelOrder: {
    summary: 'Cancel an order',
    description: 'Only before it ships (else 409). The payment’s authorisation is voided and the stock given back.',
    responses: ok('The cancelled order', S.OrderSummarySchema),
  },
  updateShippingAddress: {
    summary: 'Change the delivery address',
    description: 'Only before the order ships (else 409).',
    example: address,
    responses: ok('The order with its new address', S.OrderSchema),
  },
  getTracking: { summary: 'Track an order', responses: ok('Order status and carrier events', S.TrackingSchema) },
  requestRefund: {
    summary: 'Ask for a refund',
    description:
      'After delivery (or a return to sender, or a loss) and within the return window; all lines not yet refunded unless `lines` says.',
    example: { reason: 'Arrived damaged', lines: [{ sku: 'BOOT-42', quantity: 1 }] },
    responses: created('The refund request; `Location` is its order', S.RefundSchema),
    problems: ['unprocessable'],
  },
  decideRefund: {
    summary: 'Approve or reject a refund (support)',
    description:
      'An approval is refunded through the payment processor, never beyond what was captured; `processorRefund` says whether the processor confirmed it.',
    example: { action: 'approve', reason: 'Photo confirms the damage' },
    responses: ok('The decided refund', S.RefundSchema),
  },
  getCustomerForSupport: {
    summary: 'A customer, masked (support)',
    description: 'The read is audited with the named purpose and shows in the customer’s access log.',
    responses: ok('The masked profile and recent orders', S.SupportCustomerSchema),
  },
  getOrderForSupport: {
    summary: 'An order, masked (support)',
    description: 'The read is audited with the named purpose and shows in the customer’s access log.',
    responses: ok('The masked order', S.SupportOrderSchema),
  },
  getFulfillmentQueue: {
    summary: 'Orders ready to ship (fulfilment)',
    description: 'With what delivery needs; each read is audited. Paginated, oldest first.',
    responses: ok('A page of the queue', S.FulfillmentQueueSchema),
  },
  createShipment: {
    summary: 'Ship an order (fulfilment)',
    description:
      'With the carrier service the customer booked (another is 409). The payment is captured first: a capture the processor refuses cancels the order and gives its stock back (409). The hand-off to the carrier and the capture are recorded as disclosures. `Location` is the order’s tracking.',
    example: { carrier: 'dhl', service: 'express' },
    responses: created('The shipment and exactly what the carrier receives', S.ShipmentSchema),
    problems: ['unprocessable'],
  },
  receiveCarrierEvents: {
    summary: 'Carrier status event (webhook)',
    description:
      'Carriers post one event per request, signed with their own secret: `X-Signature: t=<epoch seconds>,v1=<hex HMAC-SHA256 of "<t>.<carrier>.<raw body>">`; stale (over 300 s) or wrong signatures are 401. Events are idempotent by `eventId`; `occurredAt` is clamped between the shipment’s creation and five minutes from now. `returned_to_sender` and `lost` end the order like `delivered`. `npm run carrier:event` signs and posts one.',
    requestHeaders: ['X-Signature'],
    rawBody: carrierEventSchema.meta({ id: 'CarrierEvent' }),
    example: {
      eventId: 'evt-0001',
      trackingNumber: 'DH4234B6A6E6BD4260',
      status: 'in_transit',
      occurredAt: '2026-11-25T10:00:00Z',
      location: 'Leeds depot',
    },
    responses: ok('Applied, or recognised as a duplicate', S.CarrierEventOutcomeSchema),
    problems: ['unauthorized', 'conflict'],
  },
  submitPrivacyRequest: {
    summary: 'Ask for an export, erasure or restriction',
    description: 'Erasure needs a sign-in within the last 15 minutes (401 reauthentication-required).',
    example: { type: 'export' },
    responses: {
      202: {
        description: 'Accepted; carried out in the background. `Location` is the request, to poll.',
        schema: S.PrivacyRequestSchema,
        headers: ['Location'],
      },
    },
    problems: ['reauthentication-required', 'conflict', 'not-found'],
  },
  listPrivacyRequests: {
    summary: 'Your privacy requests',
    responses: ok('A page of requests, newest first', S.PrivacyRequestsSchema),
  },
  getPrivacyRequest: {
    summary: 'One privacy request',
    responses: ok('The request and its history', S.PrivacyRequestSchema),
  },
  getPrivacyExport: {
    summary: 'Download your export',
    description:
      'The export document while it is available (410 after), after a sign-in within the last 15 minutes (401 otherwise). Its format is published as docs/export-schema.json. Most exports are one part, a JSON body; a larger one comes in parts (`?part=1`, `2`, …): `X-Export-Parts` says how many, `Link: <…?part=n+1>; rel="next"` points to the next, and the bodies joined in order are the JSON document.',
    responses: {
      200: {
        description: 'The export document, or one part of it',
        schema: EXPORT_DOCUMENT,
        headers: ['Content-Disposition', 'X-Export-Part', 'X-Export-Parts', 'Link'],
        parts: 'One part of an export of several parts: bytes of the JSON document, valid only once joined',
      },
    },
    problems: ['reauthentication-required', 'conflict', 'gone'],
  },
  fileComplaint: {
    summary: 'File a complaint',
    description: 'The description is sealed with your key; a privacy officer answers within 30 days.',
    example: { category: 'unauthorised_use', description: 'I received marketing I never agreed to.' },
    responses: created('The complaint', S.FiledComplaintSchema),
    problems: ['not-found'],
  },
  listComplaints: {
    summary: 'Your complaints',
    responses: ok('A page of complaints, newest first', S.ComplaintsSchema),
  },
  getComplaint: { summary: 'One of your complaints', responses: ok('The complaint with its text', S.ComplaintSchema) },
  listPrivacyRequestQueue: {
    summary: 'Privacy request queue (privacy officer)',
    description: 'Soonest due first; `?status=` one status (default: every open one), `&overdue=true`. Paginated.',
    responses: ok('A page of the queue', S.PrivacyRequestQueueSchema),
  },
  decidePrivacyRequest: {
    summary: 'Approve, reject or extend a request (privacy officer)',
    example: { action: 'extend', reason: 'The archive is large' },
    responses: ok('The request after the decision', S.PrivacyRequestSchema),
    problems: ['unprocessable'],
  },
  liftRestriction: {
    summary: 'Lift a restriction of processing (privacy officer)',
    responses: ok('The restriction is lifted', S.RestrictionLiftedSchema),
  },
  listComplaintQueue: {
    summary: 'Complaint queue (privacy officer)',
    description: 'Soonest due first, no personal text; `?status=`, `&overdue=true`. Paginated.',
    responses: ok('A page of the queue', S.ComplaintQueueSchema),
  },
  assignComplaint: {
    summary: 'Assign a complaint (privacy officer)',
    description:
      'To the caller, or to the staff id (`sub`) of another account holding the privacy-officer role in the staff pool; anyone else is 422.',
    example: { assignee: 'officer-1' },
    responses: ok('The assigned complaint', S.QueuedComplaintSchema),
    problems: ['unprocessable'],
  },
  resolveComplaint: {
    summary: 'Resolve a complaint (privacy officer)',
    description: 'The resolution is sealed with the subject’s key; the subject is told.',
    example: { resolution: 'Marketing consent was never recorded; the sender was a third party.' },
    responses: ok('The resolved complaint', S.QueuedComplaintSchema),
  },
  getComplaintForOfficer: {
    summary: 'A complaint in full (privacy officer)',
    description:
      'The subject’s own words: `X-Access-Purpose: complaint_handling` is required, and the read is written to the subject’s audit trail before the text is opened.',
    responses: ok('The complaint with its text and history', S.OfficerComplaintSchema),
  },
  listOfficerNotices: {
    summary: 'Officer inbox (privacy officer)',
    description:
      'The deadline monitor’s notices of requests and complaints due soon or overdue, soonest due first. Paginated.',
    responses: ok('A page of notices', S.OfficerNoticesSchema),
  },
  openIncident: {
    summary: 'Open a breach incident (privacy officer)',
    description:
      'The 72-hour authority decision (GDPR Art. 33) is due from `discoveredAt`. Affected subjects by id (at most 1,000). `fromComplaintId` promotes a `privacy_breach` complaint: it is resolved as taken up, its subject told and counted as affected. The description is sealed under the incident’s own key.',
    example: {
      discoveredAt: '2026-11-30T08:00:00Z',
      description: 'A courier manifest was e-mailed to the wrong carrier.',
      dataCategories: ['contact', 'address'],
      subjectIds: ['customer-1', 'customer-2'],
    },
    responses: created('The incident; `Location` is where officers read it', S.IncidentSchema),
    problems: ['unprocessable', 'conflict'],
  },
  listIncidentQueue: {
    summary: 'Incident queue (privacy officer)',
    description:
      'Soonest decision due first; `?status=open|decided` (default open), `&overdue=true`. No description, no subject ids. Paginated.',
    responses: ok('A page of the queue', S.IncidentQueueSchema),
  },
  getIncident: {
    summary: 'An incident with its description (privacy officer)',
    description: 'The read is written to the incident’s audit chain before the description is opened.',
    responses: ok('The incident', S.OfficerIncidentSchema),
  },
  decideIncident: {
    summary: 'Record the authority decision (privacy officer)',
    description:
      'Whether the supervisory authority is notified, why, and its case reference when it is; once per incident (409 after).',
    example: {
      notifyAuthority: true,
      reasons: 'Addresses of 2 customers disclosed',
      authorityReference: 'ICO-2026-0042',
    },
    responses: ok('The decided incident', S.IncidentSchema),
    problems: ['unprocessable', 'conflict'],
  },
  addIncidentSubjects: {
    summary: 'Add affected subjects to an incident (privacy officer)',
    description:
      'By id (`subjectIds`, at most 1,000 a call) or every customer with an order placed in a time range (`ordersPlaced`, at most 366 days), answered from the placement index, never a scan. A subject already there is left as it is. If notices were started, the new subjects are told too.',
    example: { ordersPlaced: { from: '2026-11-29T00:00:00Z', to: '2026-11-30T00:00:00Z' } },
    responses: ok('How many were selected and the incident’s new subject count', S.IncidentSubjectsAddedSchema),
    problems: ['not-found'],
  },
  startIncidentNotices: {
    summary: 'Tell the affected subjects (privacy officer)',
    description:
      'GDPR Art. 34: the nature of the breach, its likely consequences, the measures taken and a contact point, told to every affected subject in their notifications and by e-mail, exactly once each, by a background job. Once per incident (409 after); `Location` is the progress to poll. The texts go to everyone affected: they must name nobody.',
    example: {
      natureOfBreach: 'A courier manifest with names and delivery addresses was e-mailed to the wrong carrier.',
      likelyConsequences: 'Your name and delivery address may be known to one courier company.',
      measuresTaken: 'The carrier confirmed deletion of the manifest; no payment data was involved.',
      contactPoint: 'Data Protection Officer, dpo@shop.example.com',
    },
    responses: {
      202: {
        description: 'Accepted: the notices are being sent. `Location` is their progress.',
        schema: S.IncidentNoticesSchema,
        headers: ['Location'],
      },
    },
    problems: ['not-found', 'unprocessable', 'conflict'],
  },
  getIncidentNotices: {
    summary: 'Progress of an incident’s notices (privacy officer)',
    description: 'Counts only: subjects told in-app, mailed, and unreachable by mail (no profile).',
    responses: ok('The notice run', S.IncidentNoticesSchema),
    problems: ['not-found'],
  },
  getIncidentRegister: {
    summary: 'Incident register (auditor)',
    description:
      'Every incident, newest first: dates, categories, subject counts, the decision and whether it met the 72-hour clock. No personal data. Paginated.',
    responses: ok('A page of the register', S.IncidentRegisterSchema),
  },
  acceptPolicy: {
    summary: 'Accept the policy in force',
    description: 'Needed after a material change. Accepting the version already accepted is a 200.',
    example: { version: 2 },
    responses: {
      ...ok('Already accepted', S.PolicyAcceptanceSchema),
      ...created('Accepted; `Location` is your profile', S.PolicyAcceptanceSchema),
    },
    problems: ['conflict', 'not-found', 'unprocessable'],
  },
  draftPolicy: {
    summary: 'Draft the next policy version (privacy officer)',
    example: { content: 'Revised policy text', summary: 'Clearer retention periods', material: false },
    responses: created('The draft; `Location` is where officers read it', S.PolicyDraftSchema),
  },
  getPolicyVersion: {
    summary: 'One policy version, drafts included (privacy officer)',
    responses: ok('The version', S.PolicyVersionDetailSchema),
  },
  announcePolicy: {
    summary: 'Announce a drafted version (privacy officer)',
    description: '`effectiveAt` no sooner than the notice period (14 days), except for the very first version.',
    example: { effectiveAt: '2026-12-15T00:00:00Z' },
    responses: ok('The announced version', S.PolicyAnnouncementSchema),
    problems: ['unprocessable'],
  },
  listAuditRecords: {
    summary: 'Audit records (auditor)',
    description:
      'By subject (`?subjectId=`) or time range (`?from=&to=`, at most 31 days), newest first, up to `limit`.',
    responses: ok('The records, field names only', S.AuditRecordsSchema),
    problems: ['unprocessable'],
  },
  verifyAuditTrail: {
    summary: 'Verify one audit chain (auditor)',
    description:
      'One subject’s chain (`?subjectId=`), re-hashed as stored and checked against the newest signed digest that lists it. Every chain is the audit-verify job’s work.',
    responses: ok('The chain’s verification', S.AuditVerificationSchema),
  },
  getAuditStatus: {
    summary: 'The audit trail’s latest digest and verification (auditor)',
    description:
      'The newest signed digest (its signature checked with the digest key’s public half), the newest verification run and the newest that found a problem.',
    responses: ok('The status', S.AuditStatusSchema),
  },
  listProducts: {
    summary: 'Products for sale',
    description: 'Public. Unit prices per currency in minor units, tax included; active products only, by SKU.',
    responses: ok('A page of products', S.ProductsSchema),
  },
  getProduct: {
    summary: 'One product',
    description: 'Public. Active or not (past orders name inactive ones); the `ETag` is its version.',
    responses: ok('The product', S.ProductSchema, ['ETag']),
  },
  putProduct: {
    summary: 'Create or replace a product (catalogue manager)',
    description:
      'Without `If-Match`: creates it (428 if it exists). With `If-Match` (the `ETag` of your read, or `*`): replaces that version (412 when it moved on, which every sale does too). Audited.',
    optionalRequestHeaders: ['If-Match'],
    example: {
      name: 'Walking boots',
      active: true,
      prices: { EUR: 8999, GBP: 7999 },
      stock: 120,
      shippingProfile: 'parcel',
    },
    responses: {
      ...ok('Replaced; the product and its new ETag', S.ProductSchema, ['ETag']),
      ...created('Created; `Location` is the product', S.ProductSchema, ['ETag']),
    },
    problems: ['precondition-failed', 'precondition-required'],
  },
  deactivateProduct: {
    summary: 'Take a product off sale (catalogue manager)',
    description: 'It stays readable; deactivating twice changes nothing. Audited.',
    responses: ok('The product, inactive, and its new ETag', S.ProductSchema, ['ETag']),
  },
  listSilentShipments: {
    summary: 'Shipments with no carrier event for a while (support)',
    description:
      'Shipments in transit silent for `STALE_SHIPMENT_DAYS` (30 by default), the longest silence first, so support can chase the carrier. No personal data. Paginated.',
    responses: ok('A page of silent shipments', S.SilentShipmentsSchema),
  },
} as const satisfies Record<RouteName, RouteContract>;
