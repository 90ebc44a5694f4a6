/**
 * Response bodies, as zod schemas: what each route returns, named (`meta({ id })`) so the OpenAPI
 * document shows them as components and the typed client gets a type per name. Request bodies are
 * not here: the document takes them from the handlers' own schemas (contract/document.ts).
 * Enumerations come from the domain, so a new status or category reaches the contract by itself.
 */
import * as z from 'zod';
import { CONSENT_PURPOSES, ROLES } from '../shared/domain/access';
import { CHAIN_PROBLEMS, type ChainProblemKind } from '../shared/domain/audit';
import { DIGEST_PROBLEMS, type DigestProblemKind } from '../shared/domain/audit-digest';
import { COMPLAINT_CATEGORIES, COMPLAINT_STATUSES, OPEN_COMPLAINT_STATUSES } from '../shared/domain/complaint';
import { INCIDENT_DATA_CATEGORIES, INCIDENT_STATUSES, NOTICE_RUN_STATUSES } from '../shared/domain/incident';
import { CURRENCIES } from '../shared/domain/money';
import { ORDER_STATUSES, shippingAddressSchema } from '../shared/domain/order';
import { PAYMENT_STATUSES } from '../shared/domain/payment';
import {
  OPEN_REQUEST_STATUSES,
  PRIVACY_REQUEST_STATUSES,
  PRIVACY_REQUEST_TYPES,
} from '../shared/domain/privacy-request';
import { MAX_STOCK, SHIPPING_PROFILES } from '../shared/domain/product';
import { addressSchema } from '../shared/domain/profile';
import { SHIPMENT_STATUSES } from '../shared/domain/shipment';

const instant = z.iso
  .datetime()
  .meta({ description: 'An instant, ISO 8601 in UTC', example: '2026-11-25T10:00:00.000Z' });
const ulid = z
  .string()
  .regex(/^[0-9A-HJKMNP-TV-Z]{26}$/)
  .meta({ description: 'A ULID: 26 characters, sorts by time', example: '01JDR8Q3ZP6X9M1T4V7B2C5N8K' });
const minorUnits = z.number().int().meta({ description: 'An amount in minor units of the currency (cents)' });
const currency = z.enum(CURRENCIES);
/** Where the next page starts; absent on the last page. Opaque: send it back unchanged as `?cursor=`. */
const cursor = z.string().optional().meta({
  description:
    'Pass back as `?cursor=` for the next page; absent on the last page. Opaque, valid only for this caller and this list.',
});

export const HealthSchema = z.strictObject({ status: z.literal('ok') }).meta({ id: 'Health' });

export const ProcessorsSchema = z
  .strictObject({
    processors: z.array(
      z.strictObject({
        id: z.string(),
        name: z.string(),
        role: z.enum(['payment', 'delivery', 'hosting', 'mail']),
        purpose: z.string(),
        receives: z.array(z.string()),
        agreement: z.string(),
      }),
    ),
  })
  .meta({ id: 'Processors' });

// --- Privacy policy -----------------------------------------------------------------------------

const policyView = {
  version: z.number().int().positive(),
  effectiveAt: instant,
  content: z.string(),
  summary: z.string(),
  material: z
    .boolean()
    .meta({ description: 'A material change must be accepted again (POST /v1/me/policy-acceptances).' }),
};
export const PolicySchema = z.strictObject(policyView).meta({ id: 'PrivacyPolicy' });
export const CurrentPolicySchema = z
  .strictObject({
    ...policyView,
    next: PolicySchema.optional().meta({ description: 'The announced next version, if any' }),
  })
  .meta({ id: 'CurrentPrivacyPolicy' });
export const PolicyVersionsSchema = z
  .strictObject({
    versions: z.array(
      z
        .strictObject({ ...policyView, status: z.enum(['effective', 'announced', 'superseded']), announcedAt: instant })
        .meta({ id: 'PrivacyPolicyVersion' }),
    ),
  })
  .meta({ id: 'PrivacyPolicyVersions' });
export const PolicyAcceptanceSchema = z
  .strictObject({ version: z.number().int().positive(), acceptedAt: instant })
  .meta({ id: 'PolicyAcceptance' });
export const PolicyDraftSchema = z
  .strictObject({ version: z.number().int().positive(), status: z.literal('draft') })
  .meta({ id: 'PolicyDraft' });
export const PolicyVersionDetailSchema = z
  .strictObject({
    version: z.number().int().positive(),
    status: z.enum(['draft', 'announced']),
    content: z.string(),
    summary: z.string(),
    material: z.boolean(),
    createdAt: instant,
    announcedAt: instant.optional(),
    effectiveAt: instant.optional(),
  })
  .meta({ id: 'PrivacyPolicyVersionDetail' });
export const PolicyAnnouncementSchema = z
  .strictObject({
    version: z.number().int().positive(),
    status: z.literal('announced'),
    effectiveAt: instant,
    material: z.boolean(),
  })
  .meta({ id: 'PolicyAnnouncement' });

// --- Account ------------------------------------------------------------------------------------

const address = addressSchema.meta({ id: 'Address' });

export const ProfileSchema = z
  .strictObject({
    subjectId: z.string(),
    name: z.string(),
    email: z.string(),
    phone: z.string().optional(),
    addresses: z.array(address),
    acceptedPolicyVersion: z.number().int().positive(),
    createdAt: instant,
    updatedAt: instant,
  })
  .meta({ id: 'Profile', description: 'Your own profile, decrypted. Its version is the `ETag` of the response.' });

export const ConsentSchema = z
  .strictObject({
    purpose: z.enum(CONSENT_PURPOSES),
    granted: z.boolean(),
    policyVersion: z
      .number()
      .int()
      .positive()
      .nullable()
      .meta({ description: 'Policy in force when chosen; null if never chosen' }),
    at: instant.nullable(),
  })
  .meta({ id: 'Consent' });
export const ConsentsSchema = z.strictObject({ consents: z.array(ConsentSchema) }).meta({ id: 'Consents' });
export const EngagementAcceptedSchema = z
  .strictObject({ accepted: z.number().int().min(1) })
  .meta({ id: 'EngagementAccepted' });

/** How far a digest signed a subject's chain: by which digest, up to which record. */
const SignedThroughSchema = z
  .strictObject({ digest: z.number().int().min(1), seq: z.number().int().min(1) })
  .nullable()
  .meta({ id: 'SignedThrough', description: 'null while no signed digest lists the chain yet' });

export const AccessLogSchema = z
  .strictObject({
    entries: z.array(
      z
        .strictObject({
          at: instant,
          actorRole: z.enum([...ROLES, 'system']),
          byYou: z.boolean(),
          action: z.string().meta({ example: 'order.read' }),
          resource: z.string().meta({ example: 'order/01JDR8Q3ZP6X9M1T4V7B2C5N8K' }),
          purpose: z.string().meta({ example: 'customer_support' }),
          fields: z.array(z.string()).meta({ description: 'Names of the fields touched, never their values' }),
          outcome: z.enum(['success', 'denied', 'failure']),
          seq: z.number().int().min(1).meta({ description: 'The entry’s place in your chain' }),
          signed: z
            .boolean()
            .meta({ description: 'A signed digest covers this entry (checkable with the public key)' }),
        })
        .meta({ id: 'AccessLogEntry' }),
    ),
    cursor,
    signedThrough: SignedThroughSchema,
  })
  .meta({ id: 'AccessLog' });

export const DisclosuresSchema = z
  .strictObject({
    disclosures: z.array(
      z
        .strictObject({
          id: ulid,
          recipient: z.string().meta({ example: 'dhl' }),
          recipientType: z.enum(['carrier', 'payment-processor']),
          purpose: z.string(),
          fields: z.array(z.string()),
          orderId: ulid,
          at: instant,
        })
        .meta({ id: 'Disclosure' }),
    ),
    cursor,
  })
  .meta({ id: 'Disclosures' });

export const NotificationsSchema = z
  .strictObject({
    notifications: z.array(
      z
        .strictObject({
          id: z.string().meta({ description: 'Opaque; one id per notification' }),
          type: z.string().meta({ example: 'refund.approved' }),
          message: z.string(),
          resource: z.string(),
          at: instant,
        })
        .meta({ id: 'Notification' }),
    ),
    cursor,
  })
  .meta({ id: 'Notifications' });

// --- Catalogue ----------------------------------------------------------------------------------

export const ProductSchema = z
  .strictObject({
    sku: z.string().meta({ example: 'BOOT-42' }),
    name: z.string(),
    active: z.boolean().meta({ description: 'Only active products can be ordered' }),
    prices: z.partialRecord(currency, z.number().int().min(1)).meta({
      description:
        'The unit price in each currency it is sold in, minor units, tax included (no price: not sold in that currency)',
    }),
    stock: z.number().int().min(0).max(MAX_STOCK).meta({ description: 'Units left to sell' }),
    shippingProfile: z.enum(SHIPPING_PROFILES).meta({ description: 'Which carrier services can carry it' }),
    updatedAt: instant,
  })
  .meta({ id: 'Product', description: 'A product of the catalogue. Its version is the `ETag` of the response.' });
export const ProductsSchema = z.strictObject({ products: z.array(ProductSchema), cursor }).meta({ id: 'Products' });

// --- Orders -------------------------------------------------------------------------------------

const deliveryChoice = z
  .strictObject({ carrier: z.string().meta({ example: 'dhl' }), service: z.string().meta({ example: 'express' }) })
  .meta({ id: 'DeliveryChoice', description: 'The carrier service booked at checkout; the parcel ships with it' });

const orderSummary = {
  orderId: ulid,
  status: z.enum(ORDER_STATUSES),
  currency,
  subtotal: minorUnits.meta({ description: 'Σ catalogue unit price × quantity, tax included' }),
  shippingFee: minorUnits.meta({ description: 'The booked service’s fee' }),
  total: minorUnits.meta({ description: 'subtotal + shippingFee: what was authorised and is captured at shipment' }),
  refundedTotal: minorUnits,
  paymentStatus: z.enum(PAYMENT_STATUSES).meta({ description: 'The payment at the processor' }),
  delivery: deliveryChoice,
  itemCount: z.number().int().min(1),
  createdAt: instant,
  updatedAt: instant,
  personalDataRetainedUntil: instant.nullable().meta({ description: 'When the personal details will be removed' }),
  personalDataRemovedAt: instant.optional(),
};
export const OrderSummarySchema = z.strictObject(orderSummary).meta({ id: 'OrderSummary' });
export const OrdersSchema = z.strictObject({ orders: z.array(OrderSummarySchema), cursor }).meta({ id: 'Orders' });

const orderLine = z
  .strictObject({ sku: z.string(), name: z.string(), quantity: z.number().int().min(1), unitPrice: minorUnits })
  .meta({ id: 'OrderLine' });
const deliveryAddress = shippingAddressSchema.meta({ id: 'ShippingAddress' });
const payment = z.strictObject({ processor: z.string(), brand: z.string(), last4: z.string() }).meta({
  id: 'PaymentSummary',
  description:
    'The card as the payment processor reported it when authorising; never the card number, the payment method or the processor’s ids',
});
const statusHistory = z.array(z.strictObject({ status: z.enum(ORDER_STATUSES), at: instant }));

export const OrderSchema = z
  .strictObject({
    ...orderSummary,
    items: z.array(orderLine),
    personalData: z.enum(['held', 'delivery-only', 'removed']).meta({
      description:
        '`held`: every personal detail; `delivery-only`: payment details removed after delivery; `removed`: anonymised',
    }),
    shippingAddress: deliveryAddress.optional(),
    billingAddress: address.optional(),
    payment: payment.optional(),
    contactPhone: z.string().optional(),
    statusHistory,
    deliveredAt: instant.optional(),
  })
  .meta({ id: 'Order' });

export const TrackingSchema = z
  .strictObject({
    orderId: ulid,
    orderStatus: z.enum(ORDER_STATUSES),
    shipment: z
      .strictObject({
        carrier: z.string(),
        service: z.string(),
        trackingNumber: z.string(),
        status: z.enum(SHIPMENT_STATUSES),
        events: z.array(
          z
            .strictObject({ status: z.enum(SHIPMENT_STATUSES), occurredAt: instant, location: z.string().optional() })
            .meta({ id: 'ShipmentEvent' }),
        ),
      })
      .nullable()
      .meta({ description: 'null until the order ships' }),
  })
  .meta({ id: 'Tracking' });

export const RefundSchema = z
  .strictObject({
    refundId: ulid,
    orderId: ulid,
    subjectId: z.string(),
    lines: z.array(z.strictObject({ sku: z.string(), quantity: z.number().int().min(1) })),
    amount: minorUnits,
    currency,
    status: z.enum(['requested', 'approved', 'rejected']),
    requestedAt: instant,
    decidedAt: instant.optional(),
    processorRefund: z
      .discriminatedUnion('status', [
        z.strictObject({ status: z.literal('pending') }),
        z.strictObject({ status: z.literal('succeeded'), refundId: z.string() }),
        z.strictObject({ status: z.literal('failed'), reason: z.string() }),
      ])
      .optional()
      .meta({
        id: 'ProcessorRefund',
        description:
          'Approved refunds: `pending` until the processor confirms (retried by the reconciliation job), `succeeded` with its refund id, or `failed` (support settles it)',
      }),
  })
  .meta({ id: 'Refund' });

// --- Staff views of orders and customers ---------------------------------------------------------

const maskedAddress = z
  .strictObject({
    recipient: z.string().optional().meta({ description: 'Initials only' }),
    line1: z.string(),
    city: z.string(),
    postalCode: z.string(),
    country: z.string(),
  })
  .meta({ id: 'MaskedAddress', description: 'Street and most of the postal code masked (`•••`)' });

export const SupportCustomerSchema = z
  .strictObject({
    subjectId: z.string(),
    name: z.string().meta({ description: 'Initials only', example: 'A. C.' }),
    email: z.string().meta({ example: '•••@example.com' }),
    phone: z.string().optional(),
    addresses: z.array(maskedAddress),
    acceptedPolicyVersion: z.number().int().positive(),
    createdAt: instant,
    recentOrders: z.array(
      z.strictObject({
        orderId: ulid,
        status: z.enum(ORDER_STATUSES),
        total: minorUnits,
        currency,
        createdAt: instant,
      }),
    ),
  })
  .meta({ id: 'SupportCustomer', description: 'A masked profile; reading it is audited with the named purpose.' });

export const SupportOrderSchema = z
  .strictObject({
    orderId: ulid,
    subjectId: z.string(),
    status: z.enum(ORDER_STATUSES),
    currency,
    subtotal: minorUnits,
    shippingFee: minorUnits,
    total: minorUnits,
    refundedTotal: minorUnits,
    paymentStatus: z.enum(PAYMENT_STATUSES),
    delivery: deliveryChoice,
    items: z.array(orderLine),
    personalData: z.enum(['held', 'delivery-only', 'removed']),
    personalDataRemovedAt: instant.optional(),
    shippingAddress: maskedAddress.optional(),
    billingAddress: maskedAddress.optional(),
    payment: payment.optional(),
    contactPhone: z.string().optional(),
    statusHistory,
    createdAt: instant,
    deliveredAt: instant.optional(),
  })
  .meta({ id: 'SupportOrder', description: 'A masked order; reading it is audited with the named purpose.' });

const handOff = z
  .strictObject({
    recipient: z.string(),
    address: z.strictObject({
      line1: z.string(),
      line2: z.string().optional(),
      city: z.string(),
      region: z.string().optional(),
      postalCode: z.string(),
      country: z.string(),
    }),
  })
  .meta({ id: 'Delivery' });

export const FulfillmentQueueSchema = z
  .strictObject({
    orders: z.array(
      z
        .strictObject({
          orderId: ulid,
          placedAt: instant,
          items: z.array(z.strictObject({ sku: z.string(), name: z.string(), quantity: z.number().int().min(1) })),
          shipWith: deliveryChoice,
          delivery: handOff,
        })
        .meta({ id: 'FulfillmentQueueEntry' }),
    ),
    cursor,
  })
  .meta({ id: 'FulfillmentQueue' });

export const ShipmentSchema = z
  .strictObject({
    shipmentId: ulid,
    orderId: ulid,
    carrier: z.string(),
    service: z.string(),
    trackingNumber: z.string(),
    status: z.enum(SHIPMENT_STATUSES),
    events: z.array(
      z.strictObject({ status: z.enum(SHIPMENT_STATUSES), occurredAt: instant, location: z.string().optional() }),
    ),
    createdAt: instant,
    updatedAt: instant,
    handOff: handOff
      .extend({ phone: z.string().optional().meta({ description: 'Only for carriers configured to receive it' }) })
      .meta({ id: 'CarrierHandOff', description: 'Exactly what the carrier receives, recorded as a disclosure' }),
  })
  .meta({ id: 'Shipment' });

export const SilentShipmentsSchema = z
  .strictObject({
    shipments: z.array(
      z
        .strictObject({
          orderId: ulid,
          shipmentId: ulid,
          carrier: z.string(),
          service: z.string(),
          trackingNumber: z.string(),
          status: z.enum(SHIPMENT_STATUSES),
          lastHeardAt: instant.meta({ description: 'The shipment’s creation or its latest carrier event' }),
          silentForDays: z.number().int().min(0),
        })
        .meta({ id: 'SilentShipment', description: 'Ids and statuses only: no personal data' }),
    ),
    cursor,
  })
  .meta({ id: 'SilentShipments' });

export const CarrierEventOutcomeSchema = z
  .strictObject({
    applied: z.boolean(),
    duplicate: z.boolean().meta({ description: 'true when this eventId was applied before (nothing changed)' }),
    status: z.enum(SHIPMENT_STATUSES),
  })
  .meta({ id: 'CarrierEventOutcome' });

// --- Privacy requests and complaints ---------------------------------------------------------------

const requestHistory = z.array(
  z.strictObject({ status: z.enum(PRIVACY_REQUEST_STATUSES), at: instant, note: z.string().optional() }),
);
const privacyRequest = {
  id: ulid,
  type: z.enum(PRIVACY_REQUEST_TYPES),
  status: z.enum(PRIVACY_REQUEST_STATUSES),
  receivedAt: instant,
  dueAt: instant,
  history: requestHistory,
  exportAvailableUntil: instant
    .optional()
    .meta({ description: 'Export requests: until when the document can be downloaded' }),
  receipt: z
    .strictObject({
      erased: z.array(z.string()),
      anonymised: z.array(z.string()),
      kept: z.array(z.strictObject({ what: z.string(), basis: z.string() })),
    })
    .optional()
    .meta({ id: 'ErasureReceipt', description: 'Erasure requests: what was erased, anonymised and kept (and why)' }),
};
export const PrivacyRequestSchema = z.strictObject(privacyRequest).meta({ id: 'PrivacyRequest' });
export const PrivacyRequestsSchema = z
  .strictObject({ requests: z.array(PrivacyRequestSchema), cursor })
  .meta({ id: 'PrivacyRequests' });
export const PrivacyRequestQueueSchema = z
  .strictObject({
    requests: z.array(
      z
        .strictObject({ ...privacyRequest, subjectId: z.string(), overdue: z.boolean() })
        .meta({ id: 'QueuedPrivacyRequest' }),
    ),
    cursor,
  })
  .meta({ id: 'PrivacyRequestQueue' });
export const RestrictionLiftedSchema = z
  .strictObject({ subjectId: z.string(), restricted: z.literal(false) })
  .meta({ id: 'RestrictionLifted' });

const complaint = {
  id: ulid,
  category: z.enum(COMPLAINT_CATEGORIES),
  status: z.enum(COMPLAINT_STATUSES),
  filedAt: instant,
  dueAt: instant,
};
export const FiledComplaintSchema = z
  .strictObject({ ...complaint, relatedRequestId: ulid.optional() })
  .meta({ id: 'FiledComplaint' });
export const ComplaintSchema = z
  .strictObject({
    ...complaint,
    description: z.string(),
    relatedRequestId: ulid.optional(),
    resolution: z.string().optional(),
    resolvedAt: instant.optional(),
    history: z.array(z.strictObject({ status: z.enum(COMPLAINT_STATUSES), at: instant, note: z.string().optional() })),
  })
  .meta({ id: 'Complaint' });
export const ComplaintsSchema = z
  .strictObject({ complaints: z.array(ComplaintSchema), cursor })
  .meta({ id: 'Complaints' });
export const QueuedComplaintSchema = z
  .strictObject({
    ...complaint,
    subjectId: z.string(),
    overdue: z.boolean(),
    assignee: z.string().optional(),
    resolvedAt: instant.optional(),
  })
  .meta({
    id: 'QueuedComplaint',
    description: 'No personal text: the description is for the subject and the officer handling it',
  });
export const ComplaintQueueSchema = z
  .strictObject({ complaints: z.array(QueuedComplaintSchema), cursor })
  .meta({ id: 'ComplaintQueue' });
export const OfficerComplaintSchema = z
  .strictObject({
    ...complaint,
    subjectId: z.string(),
    overdue: z.boolean(),
    assignee: z.string().optional(),
    resolvedAt: instant.optional(),
    description: z.string(),
    resolution: z.string().optional(),
    relatedRequestId: ulid.optional(),
    history: z.array(z.strictObject({ status: z.enum(COMPLAINT_STATUSES), at: instant, note: z.string().optional() })),
  })
  .meta({
    id: 'OfficerComplaint',
    description: 'A complaint in full, the subject’s text included: read for a purpose, audited before it is opened',
  });
export const OfficerNoticesSchema = z
  .strictObject({
    notices: z.array(
      z
        .strictObject({
          kind: z.enum(['privacy-request', 'complaint', 'incident']),
          id: ulid,
          status: z.enum([...new Set([...OPEN_REQUEST_STATUSES, ...OPEN_COMPLAINT_STATUSES, 'open'] as const)]),
          dueAt: instant,
          state: z.enum(['due-soon', 'overdue']),
          day: z.iso.date(),
          at: instant,
        })
        .meta({ id: 'OfficerNotice', description: 'A deadline due soon or overdue: ids, kinds and dates only' }),
    ),
    cursor,
  })
  .meta({ id: 'OfficerNotices' });

// --- Breaches and incidents -----------------------------------------------------------------------

const incident = {
  id: ulid,
  status: z.enum(INCIDENT_STATUSES),
  discoveredAt: instant,
  openedAt: instant,
  decisionDueAt: instant.meta({ description: 'discoveredAt + 72 hours: when the authority decision is due' }),
  overdue: z.boolean(),
  dataCategories: z.array(z.enum(INCIDENT_DATA_CATEGORIES)),
  subjectCount: z.int().nonnegative(),
  fromComplaintId: ulid.optional(),
  decision: z
    .strictObject({
      notifyAuthority: z.boolean(),
      reasons: z.string(),
      authorityReference: z.string().optional(),
      decidedAt: instant,
    })
    .optional()
    .meta({ id: 'IncidentDecision' }),
};
export const IncidentSchema = z
  .strictObject(incident)
  .meta({ id: 'Incident', description: 'No description, no subject ids: dates, categories and counts' });
export const IncidentQueueSchema = z
  .strictObject({ incidents: z.array(IncidentSchema), cursor })
  .meta({ id: 'IncidentQueue' });
export const OfficerIncidentSchema = z
  .strictObject({ ...incident, description: z.string() })
  .meta({ id: 'OfficerIncident', description: 'An incident with its description, read audited' });
export const IncidentSubjectsAddedSchema = z
  .strictObject({
    id: ulid,
    selected: z.int().nonnegative().meta({ description: 'Subjects the selection named (some may have been there)' }),
    subjectCount: z.int().nonnegative(),
    noticesResumed: z.boolean().meta({ description: 'Notices were started, so the new subjects are told too' }),
  })
  .meta({ id: 'IncidentSubjectsAdded' });
export const IncidentNoticesSchema = z
  .strictObject({
    incidentId: ulid,
    status: z.enum(NOTICE_RUN_STATUSES),
    startedAt: instant,
    subjectCount: z.int().nonnegative(),
    notified: z.int().nonnegative().meta({ description: 'Told in their notifications (and audit trail)' }),
    mailed: z.int().nonnegative(),
    unreachable: z.int().nonnegative().meta({ description: 'No mail possible: no profile, or no sender configured' }),
    completedAt: instant.optional(),
  })
  .meta({ id: 'IncidentNotices', description: 'Counts only, no subject ids' });
export const IncidentRegisterSchema = z
  .strictObject({
    incidents: z.array(
      z.strictObject({ ...incident, decidedWithinDeadline: z.boolean().optional() }).meta({ id: 'RegisteredIncident' }),
    ),
    cursor,
  })
  .meta({ id: 'IncidentRegister' });

// --- Audit ----------------------------------------------------------------------------------------

export const AuditRecordsSchema = z
  .strictObject({
    records: z.array(
      z
        .strictObject({
          actor: z.strictObject({ id: z.string(), role: z.enum([...ROLES, 'system']) }),
          action: z.string(),
          subjectId: z.string(),
          resource: z.string(),
          purpose: z.string(),
          fields: z.array(z.string()),
          outcome: z.enum(['success', 'denied', 'failure']),
          requestId: z.string().meta({ description: 'The correlation id of the call that made the change' }),
          details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
          seq: z.number().int().min(1),
          id: ulid,
          at: instant,
          prevHash: z.string(),
          hash: z.string(),
        })
        .meta({ id: 'AuditRecord' }),
    ),
    signedThrough: SignedThroughSchema.optional().meta({
      description: 'With `subjectId`: how far a digest signed the chain',
    }),
  })
  .meta({ id: 'AuditRecords' });

const chainProblem = z.enum(Object.keys(CHAIN_PROBLEMS) as [ChainProblemKind, ...ChainProblemKind[]]);
const digestProblem = z.enum(Object.keys(DIGEST_PROBLEMS) as [DigestProblemKind, ...DigestProblemKind[]]);

export const AuditVerificationSchema = z
  .strictObject({
    subjectId: z.string(),
    valid: z.boolean(),
    records: z.number().int().min(0),
    problems: z.array(z.strictObject({ seq: z.number().int(), problem: chainProblem })),
    signed: z
      .strictObject({ digest: z.number().int().min(1), seq: z.number().int().min(1), at: instant })
      .nullable()
      .meta({ description: 'The signed position the chain was checked against; null when no digest lists it yet' }),
    digestProblems: z.array(digestProblem),
    verifiedAt: instant,
  })
  .meta({
    id: 'AuditVerification',
    description: 'One chain checked as stored and against the newest digest that signed it',
  });

const VerificationRunSchema = z
  .strictObject({
    runId: z.string(),
    mode: z.enum(['incremental', 'full']),
    at: instant,
    valid: z.boolean(),
    through: z.strictObject({ seq: z.number().int(), hash: z.string() }).nullable(),
    digestsVerified: z.number().int().min(0),
    chainsVerified: z.number().int().min(0),
    recordsVerified: z.number().int().min(0),
    problems: z.array(
      z.union([
        z.strictObject({ chain: z.string(), seq: z.number().int(), problem: chainProblem }),
        z.strictObject({ digest: z.number().int(), problem: digestProblem }),
      ]),
    ),
    problemsFound: z.number().int().min(0),
  })
  .nullable()
  .meta({ id: 'VerificationRun' });

export const AuditStatusSchema = z
  .strictObject({
    latestDigest: z
      .strictObject({
        seq: z.number().int().min(1),
        at: instant,
        entries: z.number().int().min(0),
        root: z.string(),
        hash: z.string(),
        signatureValid: z.boolean(),
      })
      .nullable(),
    latestVerification: VerificationRunSchema,
    latestFailedVerification: VerificationRunSchema,
  })
  .meta({ id: 'AuditStatus' });
