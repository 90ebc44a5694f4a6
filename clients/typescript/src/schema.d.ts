/* Generated from docs/openapi.json by `npm run openapi` (openapi-typescript); do not edit. */
export type paths = {
    "/v1/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness */
        get: operations["health"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/problems/{type}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What a problem type means
         * @description Every problem `type` is an absolute-path reference to this route (`/v1/problems/validation`): resolved against the API’s origin it documents the type — when it happens and what to do. Public; cacheable for an hour.
         */
        get: operations["getProblemType"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/processors": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The sub-processor register
         * @description Public. Every party outside the platform that receives personal data: its role, why, the fields it receives and the agreement that binds it (docs/decisions/0094).
         */
        get: operations["listProcessors"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/privacy-policy": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The privacy policy in force
         * @description And the next version when one is announced. Public; cacheable for 60 s.
         */
        get: operations["getPrivacyPolicy"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/privacy-policy/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Announced policy versions, newest first */
        get: operations["listPrivacyPolicyVersions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your profile */
        get: operations["getProfile"];
        put?: never;
        /**
         * Register
         * @description Personal details (encrypted with a key of your own), acceptance of the policy version in force, optional consents.
         */
        post: operations["registerProfile"];
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Correct your profile
         * @description Send `If-Match` with the ETag from GET: 428 without it, 412 when the profile changed meanwhile.
         */
        patch: operations["updateProfile"];
        trace?: never;
    };
    "/v1/me/consents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your consents */
        get: operations["listConsents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/consents/{purpose}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Grant or withdraw a consent
         * @description Appended to the consent ledger; effective at once.
         */
        put: operations["putConsent"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/engagement-events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Record usage events
         * @description Accepted only while the `analytics` consent is granted (else 403 consent-required).
         */
        post: operations["recordEngagementEvents"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/access-log": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Who used your data, when and why
         * @description Audit entries about you: role, action, purpose, field names (never values). Paginated.
         */
        get: operations["getAccessLog"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/disclosures": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What was shared with third parties */
        get: operations["listDisclosures"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/notifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Outcomes we told you about */
        get: operations["listNotifications"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your orders, newest first */
        get: operations["listOrders"];
        put?: never;
        /**
         * Place an order
         * @description Lines name only SKU and quantity: prices come from the catalogue (a client-sent `unitPrice`, `price`, `total`, `brand` or `last4` is 400 naming the field), the shipping fee from the booked carrier service. Send `expectedTotal` to get 409 with `currentTotal` instead of paying another total. Stock is reserved with the order (409 naming the SKU and what is left); the payment method from Stripe is authorised for the total (a decline is 402 `payment-declined`, an unreachable processor 503 with `Retry-After`; nothing is written either way). `Idempotency-Key` is required: a retry with the same key and body returns the first answer as it was sent (with `Idempotent-Replayed: true`); the same key with another body is 422.
         */
        post: operations["placeOrder"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orders/{orderId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One of your orders */
        get: operations["getOrder"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orders/{orderId}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel an order
         * @description Only before it ships (else 409). The payment’s authorisation is voided and the stock given back.
         */
        post: operations["cancelOrder"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orders/{orderId}/shipping-address": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change the delivery address
         * @description Only before the order ships (else 409).
         */
        patch: operations["updateShippingAddress"];
        trace?: never;
    };
    "/v1/orders/{orderId}/tracking": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Track an order */
        get: operations["getTracking"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orders/{orderId}/refund-requests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Ask for a refund
         * @description After delivery (or a return to sender, or a loss) and within the return window; all lines not yet refunded unless `lines` says.
         */
        post: operations["requestRefund"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/orders/{orderId}/refund-decision": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Approve or reject a refund (support)
         * @description An approval is refunded through the payment processor, never beyond what was captured; `processorRefund` says whether the processor confirmed it.
         */
        post: operations["decideRefund"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/customers/{subjectId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A customer, masked (support)
         * @description The read is audited with the named purpose and shows in the customer’s access log.
         */
        get: operations["getCustomerForSupport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/orders/{orderId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An order, masked (support)
         * @description The read is audited with the named purpose and shows in the customer’s access log.
         */
        get: operations["getOrderForSupport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/fulfillment/queue": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Orders ready to ship (fulfilment)
         * @description With what delivery needs; each read is audited. Paginated, oldest first.
         */
        get: operations["getFulfillmentQueue"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/orders/{orderId}/shipments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Ship an order (fulfilment)
         * @description With the carrier service the customer booked (another is 409). The payment is captured first: a capture the processor refuses cancels the order and gives its stock back (409). The hand-off to the carrier and the capture are recorded as disclosures. `Location` is the order’s tracking.
         */
        post: operations["createShipment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/carriers/{carrier}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Carrier status event (webhook)
         * @description Carriers post one event per request, signed with their own secret: `X-Signature: t=<epoch seconds>,v1=<hex HMAC-SHA256 of "<t>.<carrier>.<raw body>">`; stale (over 300 s) or wrong signatures are 401. Events are idempotent by `eventId`; `occurredAt` is clamped between the shipment’s creation and five minutes from now. `returned_to_sender` and `lost` end the order like `delivered`. `npm run carrier:event` signs and posts one.
         */
        post: operations["receiveCarrierEvents"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/privacy-requests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your privacy requests */
        get: operations["listPrivacyRequests"];
        put?: never;
        /**
         * Ask for an export, erasure or restriction
         * @description Erasure needs a sign-in within the last 15 minutes (401 reauthentication-required).
         */
        post: operations["submitPrivacyRequest"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/privacy-requests/{privacyRequestId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One privacy request */
        get: operations["getPrivacyRequest"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/privacy-requests/{privacyRequestId}/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download your export
         * @description The export document while it is available (410 after), after a sign-in within the last 15 minutes (401 otherwise). Its format is published as docs/export-schema.json. Most exports are one part, a JSON body; a larger one comes in parts (`?part=1`, `2`, …): `X-Export-Parts` says how many, `Link: <…?part=n+1>; rel="next"` points to the next, and the bodies joined in order are the JSON document.
         */
        get: operations["getPrivacyExport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/complaints": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your complaints */
        get: operations["listComplaints"];
        put?: never;
        /**
         * File a complaint
         * @description The description is sealed with your key; a privacy officer answers within 30 days.
         */
        post: operations["fileComplaint"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/complaints/{complaintId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One of your complaints */
        get: operations["getComplaint"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/privacy-requests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Privacy request queue (privacy officer)
         * @description Soonest due first; `?status=` one status (default: every open one), `&overdue=true`. Paginated.
         */
        get: operations["listPrivacyRequestQueue"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/privacy-requests/{privacyRequestId}/decision": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Approve, reject or extend a request (privacy officer) */
        post: operations["decidePrivacyRequest"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/customers/{subjectId}/restriction": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Lift a restriction of processing (privacy officer) */
        delete: operations["liftRestriction"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/complaints": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Complaint queue (privacy officer)
         * @description Soonest due first, no personal text; `?status=`, `&overdue=true`. Paginated.
         */
        get: operations["listComplaintQueue"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/complaints/{complaintId}/assign": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Assign a complaint (privacy officer)
         * @description To the caller, or to the staff id (`sub`) of another account holding the privacy-officer role in the staff pool; anyone else is 422.
         */
        post: operations["assignComplaint"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/complaints/{complaintId}/resolve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Resolve a complaint (privacy officer)
         * @description The resolution is sealed with the subject’s key; the subject is told.
         */
        post: operations["resolveComplaint"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/complaints/{complaintId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A complaint in full (privacy officer)
         * @description The subject’s own words: `X-Access-Purpose: complaint_handling` is required, and the read is written to the subject’s audit trail before the text is opened.
         */
        get: operations["getComplaintForOfficer"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/officer-inbox": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Officer inbox (privacy officer)
         * @description The deadline monitor’s notices of requests and complaints due soon or overdue, soonest due first. Paginated.
         */
        get: operations["listOfficerNotices"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/incidents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Incident queue (privacy officer)
         * @description Soonest decision due first; `?status=open|decided` (default open), `&overdue=true`. No description, no subject ids. Paginated.
         */
        get: operations["listIncidentQueue"];
        put?: never;
        /**
         * Open a breach incident (privacy officer)
         * @description The 72-hour authority decision (GDPR Art. 33) is due from `discoveredAt`. Affected subjects by id (at most 1,000). `fromComplaintId` promotes a `privacy_breach` complaint: it is resolved as taken up, its subject told and counted as affected. The description is sealed under the incident’s own key.
         */
        post: operations["openIncident"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/incidents/{incidentId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An incident with its description (privacy officer)
         * @description The read is written to the incident’s audit chain before the description is opened.
         */
        get: operations["getIncident"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/incidents/{incidentId}/decision": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Record the authority decision (privacy officer)
         * @description Whether the supervisory authority is notified, why, and its case reference when it is; once per incident (409 after).
         */
        post: operations["decideIncident"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/incidents/{incidentId}/subjects": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Add affected subjects to an incident (privacy officer)
         * @description By id (`subjectIds`, at most 1,000 a call) or every customer with an order placed in a time range (`ordersPlaced`, at most 366 days), answered from the placement index, never a scan. A subject already there is left as it is. If notices were started, the new subjects are told too.
         */
        post: operations["addIncidentSubjects"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/incidents/{incidentId}/notices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Progress of an incident’s notices (privacy officer)
         * @description Counts only: subjects told in-app, mailed, and unreachable by mail (no profile).
         */
        get: operations["getIncidentNotices"];
        put?: never;
        /**
         * Tell the affected subjects (privacy officer)
         * @description GDPR Art. 34: the nature of the breach, its likely consequences, the measures taken and a contact point, told to every affected subject in their notifications and by e-mail, exactly once each, by a background job. Once per incident (409 after); `Location` is the progress to poll. The texts go to everyone affected: they must name nobody.
         */
        post: operations["startIncidentNotices"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/incident-register": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Incident register (auditor)
         * @description Every incident, newest first: dates, categories, subject counts, the decision and whether it met the 72-hour clock. No personal data. Paginated.
         */
        get: operations["getIncidentRegister"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/policy-acceptances": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Accept the policy in force
         * @description Needed after a material change. Accepting the version already accepted is a 200.
         */
        post: operations["acceptPolicy"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/privacy-policies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Draft the next policy version (privacy officer) */
        post: operations["draftPolicy"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/privacy-policies/{version}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One policy version, drafts included (privacy officer) */
        get: operations["getPolicyVersion"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/privacy-policies/{version}/announce": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Announce a drafted version (privacy officer)
         * @description `effectiveAt` no sooner than the notice period (14 days), except for the very first version.
         */
        post: operations["announcePolicy"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Audit records (auditor)
         * @description By subject (`?subjectId=`) or time range (`?from=&to=`, at most 31 days), newest first, up to `limit`.
         */
        get: operations["listAuditRecords"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/audit/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Verify one audit chain (auditor)
         * @description One subject’s chain (`?subjectId=`), re-hashed as stored and checked against the newest signed digest that lists it. Every chain is the audit-verify job’s work.
         */
        get: operations["verifyAuditTrail"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/audit/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The audit trail’s latest digest and verification (auditor)
         * @description The newest signed digest (its signature checked with the digest key’s public half), the newest verification run and the newest that found a problem.
         */
        get: operations["getAuditStatus"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/products": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Products for sale
         * @description Public. Unit prices per currency in minor units, tax included; active products only, by SKU.
         */
        get: operations["listProducts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/products/{sku}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One product
         * @description Public. Active or not (past orders name inactive ones); the `ETag` is its version.
         */
        get: operations["getProduct"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/products/{sku}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Create or replace a product (catalogue manager)
         * @description Without `If-Match`: creates it (428 if it exists). With `If-Match` (the `ETag` of your read, or `*`): replaces that version (412 when it moved on, which every sale does too). Audited.
         */
        put: operations["putProduct"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/products/{sku}/deactivate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Take a product off sale (catalogue manager)
         * @description It stays readable; deactivating twice changes nothing. Audited.
         */
        post: operations["deactivateProduct"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/shipments/silent": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Shipments with no carrier event for a while (support)
         * @description Shipments in transit silent for `STALE_SHIPMENT_DAYS` (30 by default), the longest silence first, so support can chase the carrier. No personal data. Paginated.
         */
        get: operations["listSilentShipments"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
};
export type webhooks = Record<string, never>;
export type components = {
    schemas: {
        AccessLog: {
            entries: components["schemas"]["AccessLogEntry"][];
            /** @description Pass back as `?cursor=` for the next page; absent on the last page. Opaque, valid only for this caller and this list. */
            cursor?: string;
            signedThrough: components["schemas"]["SignedThrough"];
        };
        AccessLogEntry: {
            /**
             * Format: date-time
             * @description An instant, ISO 8601 in UTC
             * @example 2026-11-25T10:00:00.000Z
             */
            at: string;
            /** @enum {string} */
            actorRole: "customer" | "support" | "fulfillment" | "privacy-officer" | "auditor" | "catalogue-manager" | "system";
            byYou: boolean;
            /** @example order.read */
            action: string;
            /** @example order/01JDR8Q3ZP6X9M1T4V7B2C5N8K */
            resource: string;
            /** @example customer_support */
            purpose: string;
            /** @description Names of the fields touched, never their values */
            fields: string[];
            /** @enum {string} */
            outcome: "success" | "denied" | "failure";
            /** @description The entry’s place in your chain */
            seq: number;
            /** @description A signed digest covers this entry (checkable with the public key) */
            signed: boolean;
        };
        Address: {
            label?: string;
            recipient?: string;
            line1: string;
            line2?: string;
            city: string;
            region?: string;
            postalCode: string;
            country: string;
        };
        AuditRecord: {
            actor: {
                id: string;
                /** @enum {string} */
                role: "customer" | "support" | "fulfillment" | "privacy-officer" | "auditor" | "catalogue-manager" | "system";
            };
            action: string;
            subjectId: string;
            resource: string;
            purpose: string;
            fields: string[];
            /** @enum {string} */
            outcome: "success" | "denied" | "failure";
            /** @description The correlation id of the call that made the change */
            requestId: string;
            details?: {
                [key: string]: string | number | boolean;
            };
            seq: number;
            /**
             * @description A ULID: 26 characters, sorts by time
             * @example 01JDR8Q3ZP6X9M1T4V7B2C5N8K
             */
            id: string;
            /**
             * Format: date-time
             * @description An instant, ISO 8601 in UTC
             * @example 2026-11-25T10:00:00.000Z
             */
            at: string;
            prevHash: string;
            hash: string;
        };
        AuditRecords: {
            records: components["schemas"]["AuditRecord"][];
            /** @description With `subjectId`: how far a digest signed the chain */
            signedThrough?: {
                digest: number;
                seq: number;
            } | null;
        };
        AuditStatus: {
            latestDigest: {
                seq: number;
                /**
                 * Format: date-time
                 * @description An instant, ISO 8601 in UTC
                 * @example 2026-11-25T10:00:00.000Z
                 */
                at: string;
                entries: number;
                root: string;
                hash: string;
                signatureValid: boolean;
            } | null;
            latestVerification: components["schemas"]["VerificationRun"];
            latestFailedVerification: components["schemas"]["VerificationRun"];
        };
        /** @description One chain checked as stored and against the newest digest that signed it */
        AuditVerification: {
            subjectId: string;
            valid: boolean;
            records: number;
            problems: {
                seq: number;
                /** @enum {string} */
                problem: "hash-mismatch" | "broken-link" | "missing-record" | "head-mismatch" | "truncated" | "signed-head-mismatch" | "chain-missing" | "invalid-floor";
            }[];
            /** @description The signed position the chain was checked against; null when no digest lists it yet */
            signed: {
                digest: number;
                seq: number;
                /**
                 * Format: date-time
                 * @description An instant, ISO 8601 in UTC
                 * @example 2026-11-25T10:00:00.000Z
                 */
                at: string;
            } | null;
            digestProblems: ("signature-invalid" | "root-mismatch" | "sequence-gap" | "broken-link" | "missing")[];
            /**
             * Format: date-time
             * @description An instant, ISO 8601 in UTC
             * @example 2026-11-25T10:00:00.000Z
             */
            verifiedAt: string;
        };
        CarrierEvent: {
            eventId: string;
            trackingNumber: string;
            /** @enum {string} */
            status: "label_created" | "in_transit" | "out_for_delivery" | "delivered" | "exception" | "returned_to_sender" | "lost";
            /** Format: date-time */
            occurredAt: string;
            location?: string;
        };
        CarrierEventOutcome: {
            applied: boolean;
            /** @description true when this eventId was applied before (nothing changed) */
            duplicate: boolean;
            /** @enum {string} */
            status: "label_created" | "in_transit" | "out_for_delivery" | "delivered" | "exception" | "returned_to_sender" | "lost";
        };
        /** @description Exactly what the carrier receives, recorded as a disclosure */
        CarrierHandOff: {
            recipient: string;
            address: {
                line1: string;
                line2?: string;
                city: string;
                region?: string;
                postalCode: string;
                country: string;
            };
            /** @description Only for carriers configured to receive it */
            phone?: string;
        };
        Complaint: {
            /**
             * @description A ULID: 26 characters, sorts by time
             * @example 01JDR8Q3ZP6X9M1T4V7B2C5N8K
             */
            id: string;
            /** @enum {string} */
            category: "privacy_breach" | "unauthorised_use" | "access" | "rectification" | "erasure" | "consent" | "other";
            /** @enum {string} */
            status: "open" | "assigned" | "resolved";
            /**
             * Format: date-time
             * @description An instant, ISO 8601 in UTC
             * @example 2026-11-25T10:00:00.000Z
             */
            filedAt: string;
            /**
             * Format: date-time
             * @description An instant, ISO 8601 in UTC
             * @example 2026-11-25T10:00:00.000Z
             */
            dueAt: string;
            description: string;
            /**
             * @description A ULID: 26 characters, sorts by time
             * @example 01JDR8Q3ZP6X9M1T4V7B2C5N8K
             */
            relatedRequestId?: string;
            resolution?: string;
            /**
             * Format: date-time
             * @description An instant, ISO 8601 in UTC
             * @example 2026-11-25T10:00:00.000Z
             */
            resolvedAt?: string;
            history: {
                /** @enum {string} */
                status: "open" | "assigned" | "resolved";
                /**
                 * Format: date-time
                 * @description An instant, ISO 8601 in UTC
                 * @example 2026-11-25T10:00:00.000Z
                 */
                at: string;
                note?: string;
            }[];
        };
        ComplaintQueue: {
            complaints: components["schemas"]["QueuedComplaint"][];
            /** @description Pass back as `?cursor=` for the next page; absent on the last page. Opaque, valid only for this caller and this list. */
            cursor?: string;
        };
        Complaints: {
            complaints: components["schemas"]["Complaint"][];
            /** @description Pass back as `?cursor=` for the next page; absent on the last page. Opaque, valid only for this caller and this list. */
            cursor?: string;
        };
        Consent: {
            /** @enum {string} */
            purpose: "analytics" | "service_improvement";
            granted: boolean;
            /** @description Policy in force when chosen; null if never chosen */
            policyVersion: number | null;
            /**
             * Format: date-time
             * @description An instant, ISO 8601 in UTC
             * @example 2026-11-25T10:00:00.000Z
             */
            at: string | null;
        };
        Consents: {
            consents: components["schemas"]["Consent"][];
        };
        CurrentPrivacyPolicy: {
            version: number;
            /**
             * Format: date-time
             * @description An instant, ISO 8601 in UTC
             * @example 2026-11-25T10:00:00.000Z
             */
            effectiveAt: string;
            content: string;
            summary: string;
            /** @description A material change must be accepted again (POST /v1/me/policy-acceptances). */
            material: boolean;
            /** @description The announced next version, if any */
            next?: {
                version: number;
                /**
                 * Format: date-time
                 * @description An instant, ISO 8601 in UTC
                 * @example 2026-11-25T10:00:00.000Z
                 */
                effectiveAt: string;
                content: string;
                summary: string;
                /** @description A material change must be accepted again (POST /v1/me/policy-acceptances). */
                material: boolean;
            };
        };
        Delivery: {
            recipient: string;
            address: {
                line1: string;
                line2?: string;
                city: string;
                region?: string;
                postalCode: string;
                country: string;
            };
        };
        /** @description The carrier service booked at checkout; the parcel ships with it */
        DeliveryChoice: {
            /** @example dhl */
            carrier: string;
            /** @example express */
            service: string;
        };
        Disclosure: {
            /**
             * @description A ULID: 26 characters, sorts by time
             * @example 01JDR8Q3ZP6X9M1T4V7B2C5N8K
             */
            id: string;
            /** @example dhl */
            recipient: string;
            /** @enum {string} */
            recipientType: "carrier" | "payment-processor";
            purpose: string;
            fields: string[];
            /**
             * @description A ULID: 26 characters, sorts by time
             * @example 01JDR8Q3ZP6X9M1T4V7B2C5N8K
             */
            orderId: string;
            /**
             * Format: date-time
             * @description An instant, ISO 8601 in UTC
             * @example 2026-11-25T10:00:00.000Z
             */
            at: string;
        };
        Disclosures: {
            disclosures: components["schemas"]["Disclosure"][];
            /** @description Pass back as `?cursor=` for the next page; absent on the last page. Opaque, valid only for this caller and this list. */
            cursor?: string;
        };
        EngagementAccepted: {
            accepted: number;
        };
        /** @description Erasure requests: what was erased, anonymised and kept (and why) */
        ErasureReceipt: {
            erased: string[];
            anonymised: string[];
            kept: {
                what: string;
                basis: string;
            }[];
        };
        FiledComplaint: {
            /**
             * @description A ULID: 26 characters, sorts by time
             * @example 01JDR8Q3ZP6X9M1T4V7B2C5N8K
             */
            id: string;
            /** @enum {string} */
            category: "privacy_breach" | "unauthorised_use" | "access" | "rectification" | "erasure" | "consent" | "other";
            /** @enum {string} */
            status: "open" | "assigned" | "resolved";
            /**
             * Format: date-time
             * @description An instant, ISO 8601 in UTC
             * @example 2026-11-25T10:00:00.000Z
             */
            filedAt: string;
            /**
             * Format: date-time
             * @description An instant, ISO 8601 in UTC
             * @example 2026-11-25T10:00:00.000Z
             */
            dueAt: string;
            /**
             * @description A ULID: 26 characters, sorts by time
             * @example 01JDR8Q3ZP6X9M1T4V7B2C5N8K
             */
            relatedRequestId?: string;
        };
        FulfillmentQueue: {
            orders: components["schemas"]["FulfillmentQueueEntry"][];
            /** @description Pass back as `?cursor=` for the next page; absent on the last page. Opaque, valid only for this caller and this list. */
            cursor?: string;
        };
        FulfillmentQueueEntry: {
            /**
             * @description A ULID: 26 characters, sorts by time
             * @example 01JDR8Q3ZP6X9M1T4V7B2C5N8K
             */
            orderId: string;
            /**
             * Format: date-time
             * @description An instant, ISO 8601 in UTC
             * @example 2026-11-25T10:00:00.000Z
             */
            placedAt: string;
            items: {
                sku: string;
                name: string;
                quantity: number;
            }[];
            shipWith: components["schemas"]["DeliveryChoice"];
            delivery: components["schemas"]["Delivery"];
        };
        /** @description What API Gateway answers by itself (and the local gateway identically), as `application/json`. */
        GatewayMessage: {
            /** @enum {string} */
            message: "Unauthorized" | "Not Found" | "Request Entity Too Large" | "Too Many Requests" | "Internal Server Error" | "Service Unavailable";
        };
        Health: {
            /** @enum {string} */
            status: "ok";
        };
        /** @description No description, no subject ids: dates, categories and counts */
        Incident: {
            /**
             * @description A ULID: 26 characters, sorts by time
             * @example 01JDR8Q3ZP6X9M1T4V7B2C5N8K
             */
            id: string;
            /** @enum {string} */
            status: "open" | "decided";
            /**
             * Format: date-time
             * @description An instant, ISO 8601 in UTC
             * @example 2026-11-25T10:00:00.000Z
             */
            discoveredAt: string;
            /**
             * Format: date-time
             * @description An instant, ISO 8601 in UTC
             * @example 2026-11-25T10:00:00.000Z
             */
            openedAt: string;
            /**
             * Format: date-time
             * @description discoveredAt + 72 hours: when the authority decision is due
             * @example 2026-11-25T10:00:00.000Z
             */
            decisionDueAt: string;
            overdue: boolean;
            dataCategories: ("identity" | "contact" | "address" | "order_history" | "payment" | "account_credentials" | "engagement" | "special_category" | "other")[];
            subjectCount: number;
            /**
             * @description A ULID: 26 characters, sorts by time
             * @example 01JDR8Q3ZP6X9M1T4V7B2C5N8K
             */
            fromComplaintId?: string;
            decision?: components["schemas"]["IncidentDecision"];
        };
        IncidentDecision: {
            notifyAuthority: boolean;
            reasons: string;
            authorityReference?: string;
            /**
             * Format: date-time
             * @description An instant, ISO 8601 in UTC
             * @example 2026-11-25T10:00:00.000Z
             */
            decidedAt: string;
        };
        /** @description Counts only, no subject ids */
        IncidentNotices: {
            /**
             * @description A ULID: 26 characters, sorts by time
             * @example 01JDR8Q3ZP6X9M1T4V7B2C5N8K
             */
            incidentId: string;
            /** @enum {string} */
            status: "sending" | "completed";
            /**
             * Format: date-time
             * @description An instant, ISO 8601 in UTC
             * @example 2026-11-25T10:00:00.000Z
             */
            startedAt: string;
            subjectCount: number;
            /** @description Told in their notifications (and audit trail) */
            notified: number;
            mailed: number;
            /** @description No mail possible: no profile, or no sender configured */
            unreachable: number;
            /**
             * Format: date-time
             * @description An instant, ISO 8601 in UTC
             * @example 2026-11-25T10:00:00.000Z
             */
            completedAt?: string;
        };
        IncidentQueue: {
            incidents: components["schemas"]["Incident"][];
            /** @description Pass back as `?cursor=` for the next page; absent on the last page. Opaque, valid only for this caller and this list. */
            cursor?: string;
        };
        IncidentRegister: {
            incidents: components["schemas"]["RegisteredIncident"][];
            /** @description Pass back as `?cursor=` for the next page; absent on the last page. Opaque, valid only for this caller and this list. */
            cursor?: string;
        };
        IncidentSubjectsAdded: {
            /**
             * @description A ULID: 26 characters, sorts by time
             * @example 01JDR8Q3ZP6X9M1T4V7B2C5N8K
             */
            id: string;
            /** @description Subjects the selection named (some may have been there) */
            selected: number;
            subjectCount: number;
            /** @description Notices were started, so the new subjects are told too */
            noticesResumed: boolean;
        };
        /** @description Street and most of the postal code masked (`•••`) */
        MaskedAddress: {
            /** @description Initials only */
            recipient?: string;
            line1: string;
            city: string;
            postalCode: string;
            country: string;
        };
        Notification: {
            /** @description Opaque; one id per notification */
            id: string;
            /** @example refund.approved */
            type: string;
            message: string;
            resource: string;
            /**
             * Format: date-time
             * @description An instant, ISO 8601 in UTC
             * @example 2026-11-25T10:00:00.000Z
             */
            at: string;
        };
        Notifications: {
            notifications: components["schemas"]["Notification"][];
            /** @description Pass back as `?cursor=` for the next page; absent on the last page. Opaque, valid only for this caller and this list. */
            cursor?: string;
        };
        /** @description A complaint in full, the subject’s text included: read for a purpose, audited before it is opened */
        OfficerComplaint: {
            /**
             * @description A ULID: 26 characters, sorts by time
             * @example 01JDR8Q3ZP6X9M1T4V7B2C5N8K
             */
            id: string;
            /** @enum {string} */
            category: "privacy_breach" | "unauthorised_use" | "access" | "rectification" | "erasure" | "consent" | "other";
            /** @enum {string} */
            status: "open" | "assigned" | "resolved";
            /**
             * Format: date-time
             * @description An instant, ISO 8601 in UTC
             * @example 2026-11-25T10:00:00.000Z
             */
            filedAt: string;
            /**
             * Format: date-time
             * @description An instant, ISO 8601 in UTC
             * @example 2026-11-25T10:00:00.000Z
             */
            dueAt: string;
            subjectId: string;
            overdue: boolean;
            assignee?: string;
            /**
             * Format: date-time
             * @description An instant, ISO 8601 in UTC
             * @example 2026-11-25T10:00:00.000Z
             */
            resolvedAt?: string;
            description: string;
            resolution?: string;
            /**
             * @description A ULID: 26 characters, sorts by time
             * @example 01JDR8Q3ZP6X9M1T4V7B2C5N8K
             */
            relatedRequestId?: string;
            history: {
                /** @enum {string} */
                status: "open" | "assigned" | "resolved";
                /**
                 * Format: date-time
                 * @description An instant, ISO 8601 in UTC
                 * @example 2026-11-25T10:00:00.000Z
                 */
                at: string;
                note?: string;
            }[];
        };
        /** @description An incident with its description, read audited */
        OfficerIncident: {
            /**
             * @description A ULID: 26 characters, sorts by time
             * @example 01JDR8Q3ZP6X9M1T4V7B2C5N8K
             */
            id: string;
            /** @enum {string} */
            status: "open" | "decided";
            /**
             * Format: date-time
             * @description An instant, ISO 8601 in UTC
             * @example 2026-11-25T10:00:00.000Z
             */
            discoveredAt: string;
            /**
             * Format: date-time
             * @description An instant, ISO 8601 in UTC
             * @example 2026-11-25T10:00:00.000Z
             */
            openedAt: string;
            /**
             * Format: date-time
             * @description discoveredAt + 72 hours: when the authority decision is due
             * @example 2026-11-25T10:00:00.000Z
             */
            decisionDueAt: string;
            overdue: boolean;
            dataCategories: ("identity" | "contact" | "address" | "order_history" | "payment" | "account_credentials" | "engagement" | "special_category" | "other")[];
            subjectCount: number;
            /**
             * @description A ULID: 26 characters, sorts by time
             * @example 01JDR8Q3ZP6X9M1T4V7B2C5N8K
             */
            fromComplaintId?: string;
            decision?: components["schemas"]["IncidentDecision"];
            description: string;
        };
        /** @description A deadline due soon or overdue: ids, kinds and dates only */
        OfficerNotice: {
            /** @enum {string} */
            kind: "privacy-request" | "complaint" | "incident";
            /**
             * @description A ULID: 26 characters, sorts by time
             * @example 01JDR8Q3ZP6X9M1T4V7B2C5N8K
             */
            id: string;
            /** @enum {string} */
            status: "received" | "in_progress" | "extended" | "open" | "assigned";
            /**
             * Format: date-time
             * @description An instant, ISO 8601 in UTC
             * @example 2026-11-25T10:00:00.000Z
             */
            dueAt: string;
            /** @enum {string} */
            state: "due-soon" | "overdue";
            /** Format: date */
            day: string;
            /**
             * Format: date-time
             * @description An instant, ISO 8601 in UTC
             * @example 2026-11-25T10:00:00.000Z
             */
            at: string;
        };
        OfficerNotices: {
            notices: components["schemas"]["OfficerNotice"][];
            /** @description Pass back as `?cursor=` for the next page; absent on the last page. Opaque, valid only for this caller and this list. */
            cursor?: string;
        };
        Order: {
            /**
             * @description A ULID: 26 characters, sorts by time
             * @example 01JDR8Q3ZP6X9M1T4V7B2C5N8K
             */
            orderId: string;
            /** @enum {string} */
            status: "placed" | "cancelled" | "shipped" | "delivered" | "returned_to_sender" | "lost";
            /** @enum {string} */
            currency: "EUR" | "GBP" | "USD" | "JPY" | "CHF" | "SEK" | "DKK" | "NOK" | "PLN" | "CAD" | "AUD";
            /** @description Σ catalogue unit price × quantity, tax included */
            subtotal: number;
            /** @description The booked service’s fee */
            shippingFee: number;
            /** @description subtotal + shippingFee: what was authorised and is captured at shipment */
            total: number;
            /** @description An amount in minor units of the currency (cents) */
            refundedTotal: number;
            /**
             * @description The payment at the processor
             * @enum {string}
             */
            paymentStatus: "authorised" | "captured" | "voided";
            delivery: components["schemas"]["DeliveryChoice"];
            itemCount: number;
            /**
             * Format: date-time
             * @description An instant, ISO 8601 in UTC
             * @example 2026-11-25T10:00:00.000Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @description An instant, ISO 8601 in UTC
             * @example 2026-11-25T10:00:00.000Z
             */
            updatedAt: string;
            /**
             * Format: date-time
             * @description When the personal details will be removed
             * @example 2026-11-25T10:00:00.000Z
             */
            personalDataRetainedUntil: string | null;
            /**
             * Format: date-time
             * @description An instant, ISO 8601 in UTC
             * @example 2026-11-25T10:00:00.000Z
             */
            personalDataRemovedAt?: string;
            items: components["schemas"]["OrderLine"][];
            /**
             * @description `held`: every personal detail; `delivery-only`: payment details removed after delivery; `removed`: anonymised
             * @enum {string}
             */
            personalData: "held" | "delivery-only" | "removed";
            shippingAddress?: components["schemas"]["ShippingAddress"];
            billingAddress?: components["schemas"]["Address"];
            payment?: components["schemas"]["PaymentSummary"];
            contactPhone?: string;
            statusHistory: {
                /** @enum {string} */
                status: "placed" | "cancelled" | "shipped" | "delivered" | "returned_to_sender" | "lost";
                /**
                 * Format: date-time
                 * @description An instant, ISO 8601 in UTC
                 * @example 2026-11-25T10:00:00.000Z
                 */
                at: string;
            }[];
            /**
             * Format: date-time
             * @description An instant, ISO 8601 in UTC
             * @example 2026-11-25T10:00:00.000Z
             */
            deliveredAt?: string;
        };
        OrderLine: {
            sku: string;
            name: string;
            quantity: number;
            /** @description An amount in minor units of the currency (cents) */
            unitPrice: number;
        };
        Orders: {
            orders: components["schemas"]["OrderSummary"][];
            /** @description Pass back as `?cursor=` for the next page; absent on the last page. Opaque, valid only for this caller and this list. */
            cursor?: string;
        };
        OrderSummary: {
            /**
             * @description A ULID: 26 characters, sorts by time
             * @example 01JDR8Q3ZP6X9M1T4V7B2C5N8K
             */
            orderId: string;
            /** @enum {string} */
            status: "placed" | "cancelled" | "shipped" | "delivered" | "returned_to_sender" | "lost";
            /** @enum {string} */
            currency: "EUR" | "GBP" | "USD" | "JPY" | "CHF" | "SEK" | "DKK" | "NOK" | "PLN" | "CAD" | "AUD";
            /** @description Σ catalogue unit price × quantity, tax included */
            subtotal: number;
            /** @description The booked service’s fee */
            shippingFee: number;
            /** @description subtotal + shippingFee: what was authorised and is captured at shipment */
            total: number;
            /** @description An amount in minor units of the currency (cents) */
            refundedTotal: number;
            /**
             * @description The payment at the processor
             * @enum {string}
             */
            paymentStatus: "authorised" | "captured" | "voided";
            delivery: components["schemas"]["DeliveryChoice"];
            itemCount: number;
            /**
             * Format: date-time
             * @description An instant, ISO 8601 in UTC
             * @example 2026-11-25T10:00:00.000Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @description An instant, ISO 8601 in UTC
             * @example 2026-11-25T10:00:00.000Z
             */
            updatedAt: string;
            /**
             * Format: date-time
             * @description When the personal details will be removed
             * @example 2026-11-25T10:00:00.000Z
             */
            personalDataRetainedUntil: string | null;
            /**
             * Format: date-time
             * @description An instant, ISO 8601 in UTC
             * @example 2026-11-25T10:00:00.000Z
             */
            personalDataRemovedAt?: string;
        };
        /** @description The card as the payment processor reported it when authorising; never the card number, the payment method or the processor’s ids */
        PaymentSummary: {
            processor: string;
            brand: string;
            last4: string;
        };
        PolicyAcceptance: {
            version: number;
            /**
             * Format: date-time
             * @description An instant, ISO 8601 in UTC
             * @example 2026-11-25T10:00:00.000Z
             */
            acceptedAt: string;
        };
        PolicyAnnouncement: {
            version: number;
            /** @enum {string} */
            status: "announced";
            /**
             * Format: date-time
             * @description An instant, ISO 8601 in UTC
             * @example 2026-11-25T10:00:00.000Z
             */
            effectiveAt: string;
            material: boolean;
        };
        PolicyDraft: {
            version: number;
            /** @enum {string} */
            status: "draft";
        };
        /**
         * Personal data export (privacy-orders-export/1)
         * @description Everything the backend holds about one subject, decrypted, as returned by GET /v1/me/privacy-requests/{id}/export (a document larger than one response comes in parts: their bodies, joined in order, are this document). Item arrays hold the stored records without internal keys; amounts are integer minor units; times are ISO 8601 UTC. Left out: the payment token (never shown back), and data collected under a consent that is no longer granted (it is being deleted).
         */
        PrivacyExport: {
            /** @constant */
            format: "privacy-orders-export/1";
            /** Format: date-time */
            generatedAt: string;
            subjectId: string;
            profile: {
                name?: string;
                email?: string;
                phone?: string;
                addresses?: components["schemas"]["PrivacyExport"]["$defs"]["address"][];
                acceptedPolicyVersion?: number;
                /** Format: date-time */
                createdAt?: string;
                /** Format: date-time */
                updatedAt?: string;
                restricted?: boolean;
            } | null;
            consents: {
                purpose: string;
                granted: boolean;
                policyVersion: number | null;
                /** Format: date-time */
                at: string;
            }[];
            policyAcceptances: {
                version: number;
                /** Format: date-time */
                at: string;
            }[];
            /** @description Batches of engagement events, present only while analytics consent is granted */
            engagementEvents: {
                events?: unknown[];
            }[];
            orders: {
                orderId: string;
                /** @enum {unknown} */
                status: "placed" | "cancelled" | "shipped" | "delivered" | "returned_to_sender" | "lost";
                currency: string;
                /** @description sku, name, quantity and unit price as the catalogue had them when the order was placed */
                lines: unknown[];
                /** @description the carrier and service booked at checkout */
                delivery?: Record<string, never>;
                subtotal?: number;
                shippingFee?: number;
                total: number;
                refundedTotal?: number;
                shippingAddress?: components["schemas"]["PrivacyExport"]["$defs"]["address"];
                billingAddress?: components["schemas"]["PrivacyExport"]["$defs"]["address"];
                /** @description the payment at the processor: its id, status and the amounts authorised and captured */
                payment?: {
                    processor: string;
                    paymentId: string;
                    /** @enum {unknown} */
                    status: "authorised" | "captured" | "voided";
                    authorisedAmount: number;
                    capturedAmount: number;
                };
                /** @description processor, card brand and last four digits, as the processor reported them; the card number and the payment method are never stored */
                card?: {
                    processor: string;
                    brand: string;
                    last4: string;
                };
                contactPhone?: string;
                statusHistory?: unknown[];
            }[];
            shipments: {
                orderId: string;
                carrier: string;
                service?: string;
                trackingNumber: string;
                status: string;
                events: {
                    status: string;
                    /** Format: date-time */
                    occurredAt: string;
                    location?: string;
                }[];
            }[];
            refunds: {
                reason?: string;
                decisionReason?: string;
            }[];
            disclosures: {
                recipient: string;
                recipientType?: string;
                purpose: string;
                fields: string[];
                orderId: string;
                /** Format: date-time */
                at: string;
            }[];
            notifications: {
                type: string;
                message: string;
                resource?: string;
                /** Format: date-time */
                at: string;
            }[];
            privacyRequests: {
                requestId: string;
                /** @enum {unknown} */
                requestType: "export" | "erasure" | "restriction";
                status: string;
                history: {
                    status: string;
                    /** Format: date-time */
                    at: string;
                    note?: string;
                }[];
            }[];
            complaints: {
                description?: string;
                resolution?: string;
            }[];
            accessLog: {
                /** Format: date-time */
                at: string;
                actorRole: string;
                action: string;
                resource: string;
                purpose: string;
                /** @description field names only, never values */
                fields: string[];
            }[];
            $defs: {
                address: {
                    recipient?: string;
                    label?: string;
                    line1: string;
                    line2?: string;
                    city: string;
                    region?: string;
                    postalCode: string;
                    country: string;
                };
            };
        };
        PrivacyPolicyVersion: {
            version: number;
            /**
             * Format: date-time
             * @description An instant, ISO 8601 in UTC
             * @example 2026-11-25T10:00:00.000Z
             */
            effectiveAt: string;
            content: string;
            summary: string;
            /** @description A material change must be accepted again (POST /v1/me/policy-acceptances). */
            material: boolean;
            /** @enum {string} */
            status: "effective" | "announced" | "superseded";
            /**
             * Format: date-time
             * @description An instant, ISO 8601 in UTC
             * @example 2026-11-25T10:00:00.000Z
             */
            announcedAt: string;
        };
        PrivacyPolicyVersionDetail: {
            version: number;
            /** @enum {string} */
            status: "draft" | "announced";
            content: string;
            summary: string;
            material: boolean;
            /**
             * Format: date-time
             * @description An instant, ISO 8601 in UTC
             * @example 2026-11-25T10:00:00.000Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @description An instant, ISO 8601 in UTC
             * @example 2026-11-25T10:00:00.000Z
             */
            announcedAt?: string;
            /**
             * Format: date-time
             * @description An instant, ISO 8601 in UTC
             * @example 2026-11-25T10:00:00.000Z
             */
            effectiveAt?: string;
        };
        PrivacyPolicyVersions: {
            versions: components["schemas"]["PrivacyPolicyVersion"][];
        };
        PrivacyRequest: {
            /**
             * @description A ULID: 26 characters, sorts by time
             * @example 01JDR8Q3ZP6X9M1T4V7B2C5N8K
             */
            id: string;
            /** @enum {string} */
            type: "export" | "erasure" | "restriction";
            /** @enum {string} */
            status: "received" | "in_progress" | "extended" | "completed" | "rejected";
            /**
             * Format: date-time
             * @description An instant, ISO 8601 in UTC
             * @example 2026-11-25T10:00:00.000Z
             */
            receivedAt: string;
            /**
             * Format: date-time
             * @description An instant, ISO 8601 in UTC
             * @example 2026-11-25T10:00:00.000Z
             */
            dueAt: string;
            history: {
                /** @enum {string} */
                status: "received" | "in_progress" | "extended" | "completed" | "rejected";
                /**
                 * Format: date-time
                 * @description An instant, ISO 8601 in UTC
                 * @example 2026-11-25T10:00:00.000Z
                 */
                at: string;
                note?: string;
            }[];
            /**
             * Format: date-time
             * @description Export requests: until when the document can be downloaded
             * @example 2026-11-25T10:00:00.000Z
             */
            exportAvailableUntil?: string;
            receipt?: components["schemas"]["ErasureReceipt"];
        };
        PrivacyRequestQueue: {
            requests: components["schemas"]["QueuedPrivacyRequest"][];
            /** @description Pass back as `?cursor=` for the next page; absent on the last page. Opaque, valid only for this caller and this list. */
            cursor?: string;
        };
        PrivacyRequests: {
            requests: components["schemas"]["PrivacyRequest"][];
            /** @description Pass back as `?cursor=` for the next page; absent on the last page. Opaque, valid only for this caller and this list. */
            cursor?: string;
        };
        /** @description RFC 9457 problem details, as `application/problem+json`. */
        Problem: {
            /**
             * Format: uri-reference
             * @description Identifies the problem: a reference that, resolved against the API’s origin, is the type’s page (`GET /v1/problems/{type}`); also in docs/problems.md
             */
            type: string;
            title: string;
            status: number;
            /** @description What happened, for people; never a personal value */
            detail: string;
            /** @description The correlation id of this call (also in `X-Request-Id`); quote it to support */
            requestId: string;
            /** @description Each offending input, by path */
            errors?: {
                /** @example body.items.0.quantity */
                path: string;
                message: string;
            }[];
            /** @description Purposes your role serves (purpose refusals) */
            allowedPurposes?: string[];
            requiredPolicyVersion?: number;
            /** @description Out of stock: the SKU short of units */
            sku?: string;
            /** @description Out of stock: how many units are left */
            available?: number;
            /** @description `expectedTotal` differed: the total the order costs now */
            currentTotal?: number;
            currency?: string;
            /** @description Payment declined: the processor’s reason category (e.g. `insufficient_funds`) */
            declineCode?: string;
        };
        /** @description Approved refunds: `pending` until the processor confirms (retried by the reconciliation job), `succeeded` with its refund id, or `failed` (support settles it) */
        ProcessorRefund: {
            /** @enum {string} */
            status: "pending";
        } | {
            /** @enum {string} */
            status: "succeeded";
            refundId: string;
        } | {
            /** @enum {string} */
            status: "failed";
            reason: string;
        };
        Processors: {
            processors: {
                id: string;
                name: string;
                /** @enum {string} */
                role: "payment" | "delivery" | "hosting" | "mail";
                purpose: string;
                receives: string[];
                agreement: string;
            }[];
        };
        /** @description A product of the catalogue. Its version is the `ETag` of the response. */
        Product: {
            /** @example BOOT-42 */
            sku: string;
            name: string;
            /** @description Only active products can be ordered */
            active: boolean;
            /** @description The unit price in each currency it is sold in, minor units, tax included (no price: not sold in that currency) */
            prices: {
                EUR?: number;
                GBP?: number;
                USD?: number;
                JPY?: number;
                CHF?: number;
                SEK?: number;
                DKK?: number;
                NOK?: number;
                PLN?: number;
                CAD?: number;
                AUD?: number;
            };
            /** @description Units left to sell */
            stock: number;
            /**
             * @description Which carrier services can carry it
             * @enum {string}
             */
            shippingProfile: "parcel" | "bulky";
            /**
             * Format: date-time
             * @description An instant, ISO 8601 in UTC
             * @example 2026-11-25T10:00:00.000Z
             */
            updatedAt: string;
        };
        Products: {
            products: components["schemas"]["Product"][];
            /** @description Pass back as `?cursor=` for the next page; absent on the last page. Opaque, valid only for this caller and this list. */
            cursor?: string;
        };
        /** @description Your own profile, decrypted. Its version is the `ETag` of the response. */
        Profile: {
            subjectId: string;
            name: string;
            email: string;
            phone?: string;
            addresses: components["schemas"]["Address"][];
            acceptedPolicyVersion: number;
            /**
             * Format: date-time
             * @description An instant, ISO 8601 in UTC
             * @example 2026-11-25T10:00:00.000Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @description An instant, ISO 8601 in UTC
             * @example 2026-11-25T10:00:00.000Z
             */
            updatedAt: string;
        };
        /** @description No personal text: the description is for the subject and the officer handling it */
        QueuedComplaint: {
            /**
             * @description A ULID: 26 characters, sorts by time
             * @example 01JDR8Q3ZP6X9M1T4V7B2C5N8K
             */
            id: string;
            /** @enum {string} */
            category: "privacy_breach" | "unauthorised_use" | "access" | "rectification" | "erasure" | "consent" | "other";
            /** @enum {string} */
            status: "open" | "assigned" | "resolved";
            /**
             * Format: date-time
             * @description An instant, ISO 8601 in UTC
             * @example 2026-11-25T10:00:00.000Z
             */
            filedAt: string;
            /**
             * Format: date-time
             * @description An instant, ISO 8601 in UTC
             * @example 2026-11-25T10:00:00.000Z
             */
            dueAt: string;
            subjectId: string;
            overdue: boolean;
            assignee?: string;
            /**
             * Format: date-time
             * @description An instant, ISO 8601 in UTC
             * @example 2026-11-25T10:00:00.000Z
             */
            resolvedAt?: string;
        };
        QueuedPrivacyRequest: {
            /**
             * @description A ULID: 26 characters, sorts by time
             * @example 01JDR8Q3ZP6X9M1T4V7B2C5N8K
             */
            id: string;
            /** @enum {string} */
            type: "export" | "erasure" | "restriction";
            /** @enum {string} */
            status: "received" | "in_progress" | "extended" | "completed" | "rejected";
            /**
             * Format: date-time
             * @description An instant, ISO 8601 in UTC
             * @example 2026-11-25T10:00:00.000Z
             */
            receivedAt: string;
            /**
             * Format: date-time
             * @description An instant, ISO 8601 in UTC
             * @example 2026-11-25T10:00:00.000Z
             */
            dueAt: string;
            history: {
                /** @enum {string} */
                status: "received" | "in_progress" | "extended" | "completed" | "rejected";
                /**
                 * Format: date-time
                 * @description An instant, ISO 8601 in UTC
                 * @example 2026-11-25T10:00:00.000Z
                 */
                at: string;
                note?: string;
            }[];
            /**
             * Format: date-time
             * @description Export requests: until when the document can be downloaded
             * @example 2026-11-25T10:00:00.000Z
             */
            exportAvailableUntil?: string;
            receipt?: components["schemas"]["ErasureReceipt"];
            subjectId: string;
            overdue: boolean;
        };
        Refund: {
            /**
             * @description A ULID: 26 characters, sorts by time
             * @example 01JDR8Q3ZP6X9M1T4V7B2C5N8K
             */
            refundId: string;
            /**
             * @description A ULID: 26 characters, sorts by time
             * @example 01JDR8Q3ZP6X9M1T4V7B2C5N8K
             */
            orderId: string;
            subjectId: string;
            lines: {
                sku: string;
                quantity: number;
            }[];
            /** @description An amount in minor units of the currency (cents) */
            amount: number;
            /** @enum {string} */
            currency: "EUR" | "GBP" | "USD" | "JPY" | "CHF" | "SEK" | "DKK" | "NOK" | "PLN" | "CAD" | "AUD";
            /** @enum {string} */
            status: "requested" | "approved" | "rejected";
            /**
             * Format: date-time
             * @description An instant, ISO 8601 in UTC
             * @example 2026-11-25T10:00:00.000Z
             */
            requestedAt: string;
            /**
             * Format: date-time
             * @description An instant, ISO 8601 in UTC
             * @example 2026-11-25T10:00:00.000Z
             */
            decidedAt?: string;
            processorRefund?: components["schemas"]["ProcessorRefund"];
        };
        RegisteredIncident: {
            /**
             * @description A ULID: 26 characters, sorts by time
             * @example 01JDR8Q3ZP6X9M1T4V7B2C5N8K
             */
            id: string;
            /** @enum {string} */
            status: "open" | "decided";
            /**
             * Format: date-time
             * @description An instant, ISO 8601 in UTC
             * @example 2026-11-25T10:00:00.000Z
             */
            discoveredAt: string;
            /**
             * Format: date-time
             * @description An instant, ISO 8601 in UTC
             * @example 2026-11-25T10:00:00.000Z
             */
            openedAt: string;
            /**
             * Format: date-time
             * @description discoveredAt + 72 hours: when the authority decision is due
             * @example 2026-11-25T10:00:00.000Z
             */
            decisionDueAt: string;
            overdue: boolean;
            dataCategories: ("identity" | "contact" | "address" | "order_history" | "payment" | "account_credentials" | "engagement" | "special_category" | "other")[];
            subjectCount: number;
            /**
             * @description A ULID: 26 characters, sorts by time
             * @example 01JDR8Q3ZP6X9M1T4V7B2C5N8K
             */
            fromComplaintId?: string;
            decision?: components["schemas"]["IncidentDecision"];
            decidedWithinDeadline?: boolean;
        };
        RestrictionLifted: {
            subjectId: string;
            /** @enum {boolean} */
            restricted: false;
        };
        Shipment: {
            /**
             * @description A ULID: 26 characters, sorts by time
             * @example 01JDR8Q3ZP6X9M1T4V7B2C5N8K
             */
            shipmentId: string;
            /**
             * @description A ULID: 26 characters, sorts by time
             * @example 01JDR8Q3ZP6X9M1T4V7B2C5N8K
             */
            orderId: string;
            carrier: string;
            service: string;
            trackingNumber: string;
            /** @enum {string} */
            status: "label_created" | "in_transit" | "out_for_delivery" | "delivered" | "exception" | "returned_to_sender" | "lost";
            events: {
                /** @enum {string} */
                status: "label_created" | "in_transit" | "out_for_delivery" | "delivered" | "exception" | "returned_to_sender" | "lost";
                /**
                 * Format: date-time
                 * @description An instant, ISO 8601 in UTC
                 * @example 2026-11-25T10:00:00.000Z
                 */
                occurredAt: string;
                location?: string;
            }[];
            /**
             * Format: date-time
             * @description An instant, ISO 8601 in UTC
             * @example 2026-11-25T10:00:00.000Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @description An instant, ISO 8601 in UTC
             * @example 2026-11-25T10:00:00.000Z
             */
            updatedAt: string;
            handOff: components["schemas"]["CarrierHandOff"];
        };
        ShipmentEvent: {
            /** @enum {string} */
            status: "label_created" | "in_transit" | "out_for_delivery" | "delivered" | "exception" | "returned_to_sender" | "lost";
            /**
             * Format: date-time
             * @description An instant, ISO 8601 in UTC
             * @example 2026-11-25T10:00:00.000Z
             */
            occurredAt: string;
            location?: string;
        };
        ShippingAddress: {
            label?: string;
            recipient: string;
            line1: string;
            line2?: string;
            city: string;
            region?: string;
            postalCode: string;
            country: string;
        };
        /** @description null while no signed digest lists the chain yet */
        SignedThrough: {
            digest: number;
            seq: number;
        } | null;
        /** @description Ids and statuses only: no personal data */
        SilentShipment: {
            /**
             * @description A ULID: 26 characters, sorts by time
             * @example 01JDR8Q3ZP6X9M1T4V7B2C5N8K
             */
            orderId: string;
            /**
             * @description A ULID: 26 characters, sorts by time
             * @example 01JDR8Q3ZP6X9M1T4V7B2C5N8K
             */
            shipmentId: string;
            carrier: string;
            service: string;
            trackingNumber: string;
            /** @enum {string} */
            status: "label_created" | "in_transit" | "out_for_delivery" | "delivered" | "exception" | "returned_to_sender" | "lost";
            /**
             * Format: date-time
             * @description The shipment’s creation or its latest carrier event
             * @example 2026-11-25T10:00:00.000Z
             */
            lastHeardAt: string;
            silentForDays: number;
        };
        SilentShipments: {
            shipments: components["schemas"]["SilentShipment"][];
            /** @description Pass back as `?cursor=` for the next page; absent on the last page. Opaque, valid only for this caller and this list. */
            cursor?: string;
        };
        /** @description A masked profile; reading it is audited with the named purpose. */
        SupportCustomer: {
            subjectId: string;
            /**
             * @description Initials only
             * @example A. C.
             */
            name: string;
            /** @example •••@example.com */
            email: string;
            phone?: string;
            addresses: components["schemas"]["MaskedAddress"][];
            acceptedPolicyVersion: number;
            /**
             * Format: date-time
             * @description An instant, ISO 8601 in UTC
             * @example 2026-11-25T10:00:00.000Z
             */
            createdAt: string;
            recentOrders: {
                /**
                 * @description A ULID: 26 characters, sorts by time
                 * @example 01JDR8Q3ZP6X9M1T4V7B2C5N8K
                 */
                orderId: string;
                /** @enum {string} */
                status: "placed" | "cancelled" | "shipped" | "delivered" | "returned_to_sender" | "lost";
                /** @description An amount in minor units of the currency (cents) */
                total: number;
                /** @enum {string} */
                currency: "EUR" | "GBP" | "USD" | "JPY" | "CHF" | "SEK" | "DKK" | "NOK" | "PLN" | "CAD" | "AUD";
                /**
                 * Format: date-time
                 * @description An instant, ISO 8601 in UTC
                 * @example 2026-11-25T10:00:00.000Z
                 */
                createdAt: string;
            }[];
        };
        /** @description A masked order; reading it is audited with the named purpose. */
        SupportOrder: {
            /**
             * @description A ULID: 26 characters, sorts by time
             * @example 01JDR8Q3ZP6X9M1T4V7B2C5N8K
             */
            orderId: string;
            subjectId: string;
            /** @enum {string} */
            status: "placed" | "cancelled" | "shipped" | "delivered" | "returned_to_sender" | "lost";
            /** @enum {string} */
            currency: "EUR" | "GBP" | "USD" | "JPY" | "CHF" | "SEK" | "DKK" | "NOK" | "PLN" | "CAD" | "AUD";
            /** @description An amount in minor units of the currency (cents) */
            subtotal: number;
            /** @description An amount in minor units of the currency (cents) */
            shippingFee: number;
            /** @description An amount in minor units of the currency (cents) */
            total: number;
            /** @description An amount in minor units of the currency (cents) */
            refundedTotal: number;
            /** @enum {string} */
            paymentStatus: "authorised" | "captured" | "voided";
            delivery: components["schemas"]["DeliveryChoice"];
            items: components["schemas"]["OrderLine"][];
            /** @enum {string} */
            personalData: "held" | "delivery-only" | "removed";
            /**
             * Format: date-time
             * @description An instant, ISO 8601 in UTC
             * @example 2026-11-25T10:00:00.000Z
             */
            personalDataRemovedAt?: string;
            shippingAddress?: components["schemas"]["MaskedAddress"];
            billingAddress?: components["schemas"]["MaskedAddress"];
            payment?: components["schemas"]["PaymentSummary"];
            contactPhone?: string;
            statusHistory: {
                /** @enum {string} */
                status: "placed" | "cancelled" | "shipped" | "delivered" | "returned_to_sender" | "lost";
                /**
                 * Format: date-time
                 * @description An instant, ISO 8601 in UTC
                 * @example 2026-11-25T10:00:00.000Z
                 */
                at: string;
            }[];
            /**
             * Format: date-time
             * @description An instant, ISO 8601 in UTC
             * @example 2026-11-25T10:00:00.000Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @description An instant, ISO 8601 in UTC
             * @example 2026-11-25T10:00:00.000Z
             */
            deliveredAt?: string;
        };
        Tracking: {
            /**
             * @description A ULID: 26 characters, sorts by time
             * @example 01JDR8Q3ZP6X9M1T4V7B2C5N8K
             */
            orderId: string;
            /** @enum {string} */
            orderStatus: "placed" | "cancelled" | "shipped" | "delivered" | "returned_to_sender" | "lost";
            /** @description null until the order ships */
            shipment: {
                carrier: string;
                service: string;
                trackingNumber: string;
                /** @enum {string} */
                status: "label_created" | "in_transit" | "out_for_delivery" | "delivered" | "exception" | "returned_to_sender" | "lost";
                events: components["schemas"]["ShipmentEvent"][];
            } | null;
        };
        VerificationRun: {
            runId: string;
            /** @enum {string} */
            mode: "incremental" | "full";
            /**
             * Format: date-time
             * @description An instant, ISO 8601 in UTC
             * @example 2026-11-25T10:00:00.000Z
             */
            at: string;
            valid: boolean;
            through: {
                seq: number;
                hash: string;
            } | null;
            digestsVerified: number;
            chainsVerified: number;
            recordsVerified: number;
            problems: ({
                chain: string;
                seq: number;
                /** @enum {string} */
                problem: "hash-mismatch" | "broken-link" | "missing-record" | "head-mismatch" | "truncated" | "signed-head-mismatch" | "chain-missing" | "invalid-floor";
            } | {
                digest: number;
                /** @enum {string} */
                problem: "signature-invalid" | "root-mismatch" | "sequence-gap" | "broken-link" | "missing";
            })[];
            problemsFound: number;
        } | null;
    };
    responses: {
        /** @description Any path below called with a method it does not take (e.g. `DELETE /v1/me`): problem `method-not-allowed`, with `Allow`. */
        MethodNotAllowed: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                Allow: components["headers"]["Allow"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"] & {
                    /** @enum {unknown} */
                    type?: "/v1/problems/method-not-allowed";
                };
            };
        };
        /** @description A path that is not below: API Gateway’s own `{"message":"Not Found"}`. */
        NoRoute: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["GatewayMessage"] & {
                    /** @constant */
                    message?: "Not Found";
                };
            };
        };
        /** @description Problem: `validation` (request is not valid). */
        "400-validation": {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"] & {
                    /** @enum {unknown} */
                    type?: "/v1/problems/validation";
                };
            };
        };
        /** @description API Gateway: no token, or one the JWT authorizer refuses (the reason is in `WWW-Authenticate`). */
        "401-gateway": {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["GatewayMessage"] & {
                    /** @constant */
                    message?: "Unauthorized";
                };
            };
        };
        /** @description Problem: `reauthentication-required` (recent sign-in required). API Gateway: no token, or one the JWT authorizer refuses (the reason is in `WWW-Authenticate`). */
        "401-gateway.reauthentication-required": {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"] & {
                    /** @enum {unknown} */
                    type?: "/v1/problems/reauthentication-required";
                };
                "application/json": components["schemas"]["GatewayMessage"] & {
                    /** @constant */
                    message?: "Unauthorized";
                };
            };
        };
        /** @description Problem: `unauthorized` (authentication required). */
        "401-unauthorized": {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"] & {
                    /** @enum {unknown} */
                    type?: "/v1/problems/unauthorized";
                };
            };
        };
        /** @description Problem: `payment-declined` (payment declined). */
        "402-payment-declined": {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"] & {
                    /** @enum {unknown} */
                    type?: "/v1/problems/payment-declined";
                };
            };
        };
        /** @description Problem: `consent-required` (consent required), `forbidden` (forbidden). */
        "403-consent-required.forbidden": {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"] & {
                    /** @enum {unknown} */
                    type?: "/v1/problems/consent-required" | "/v1/problems/forbidden";
                };
            };
        };
        /** @description Problem: `forbidden` (forbidden). */
        "403-forbidden": {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"] & {
                    /** @enum {unknown} */
                    type?: "/v1/problems/forbidden";
                };
            };
        };
        /** @description Problem: `not-found` (not found). */
        "404-not-found": {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"] & {
                    /** @enum {unknown} */
                    type?: "/v1/problems/not-found";
                };
            };
        };
        /** @description Problem: `conflict` (conflict). */
        "409-conflict": {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"] & {
                    /** @enum {unknown} */
                    type?: "/v1/problems/conflict";
                };
            };
        };
        /** @description Problem: `gone` (gone). */
        "410-gone": {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"] & {
                    /** @enum {unknown} */
                    type?: "/v1/problems/gone";
                };
            };
        };
        /** @description Problem: `precondition-failed` (precondition failed). */
        "412-precondition-failed": {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"] & {
                    /** @enum {unknown} */
                    type?: "/v1/problems/precondition-failed";
                };
            };
        };
        /** @description Problem: `payload-too-large` (payload too large). API Gateway: a body over 10 MB. */
        "413-gateway.payload-too-large": {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"] & {
                    /** @enum {unknown} */
                    type?: "/v1/problems/payload-too-large";
                };
                "application/json": components["schemas"]["GatewayMessage"] & {
                    /** @constant */
                    message?: "Request Entity Too Large";
                };
            };
        };
        /** @description Problem: `unsupported-media-type` (unsupported media type). */
        "415-unsupported-media-type": {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"] & {
                    /** @enum {unknown} */
                    type?: "/v1/problems/unsupported-media-type";
                };
            };
        };
        /** @description Problem: `unprocessable` (request cannot be processed). */
        "422-unprocessable": {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"] & {
                    /** @enum {unknown} */
                    type?: "/v1/problems/unprocessable";
                };
            };
        };
        /** @description Problem: `precondition-required` (precondition required). */
        "428-precondition-required": {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"] & {
                    /** @enum {unknown} */
                    type?: "/v1/problems/precondition-required";
                };
            };
        };
        /** @description API Gateway: throttled; retry with backoff. */
        "429-gateway": {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["GatewayMessage"] & {
                    /** @constant */
                    message?: "Too Many Requests";
                };
            };
        };
        /** @description Problem: `internal` (internal error). API Gateway: the function failed before answering. */
        "500-gateway.internal": {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"] & {
                    /** @enum {unknown} */
                    type?: "/v1/problems/internal";
                };
                "application/json": components["schemas"]["GatewayMessage"] & {
                    /** @constant */
                    message?: "Internal Server Error";
                };
            };
        };
        /** @description API Gateway: the function timed out or could not start. */
        "503-gateway": {
            headers: {
                "Retry-After": components["headers"]["Retry-After"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["GatewayMessage"] & {
                    /** @constant */
                    message?: "Service Unavailable";
                };
            };
        };
        /** @description Problem: `unavailable` (service unavailable). API Gateway: the function timed out or could not start. */
        "503-gateway.unavailable": {
            headers: {
                "Retry-After": components["headers"]["Retry-After"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"] & {
                    /** @enum {unknown} */
                    type?: "/v1/problems/unavailable";
                };
                "application/json": components["schemas"]["GatewayMessage"] & {
                    /** @constant */
                    message?: "Service Unavailable";
                };
            };
        };
    };
    parameters: never;
    requestBodies: never;
    headers: {
        /** @description The correlation id of this call (the problem member `requestId`) */
        "X-Request-Id": string;
        /** @description The version of the resource, for `If-Match` */
        ETag: string;
        /** @description Where the created or accepted resource is */
        Location: string;
        /** @description `true` when this is the stored answer to an earlier request with the same `Idempotency-Key` */
        "Idempotent-Replayed": "true";
        /** @description A file name for the download */
        "Content-Disposition": string;
        /** @description Seconds to wait before retrying */
        "Retry-After": string;
        /** @description Which part of the export this is (from 1) */
        "X-Export-Part": string;
        /** @description How many parts the export has */
        "X-Export-Parts": string;
        /** @description The next part (`<…?part=n+1>; rel="next"`), on every part but the last */
        Link: string;
        /** @description The methods this path takes */
        Allow: string;
    };
    pathItems: never;
};
export type $defs = Record<string, never>;
export interface operations {
    health: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The API is up */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
            400: components["responses"]["400-validation"];
            429: components["responses"]["429-gateway"];
            500: components["responses"]["500-gateway.internal"];
            503: components["responses"]["503-gateway"];
        };
    };
    getProblemType: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                type: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The type’s documentation page */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            400: components["responses"]["400-validation"];
            404: components["responses"]["404-not-found"];
            429: components["responses"]["429-gateway"];
            500: components["responses"]["500-gateway.internal"];
            503: components["responses"]["503-gateway"];
        };
    };
    listProcessors: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The processors */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Processors"];
                };
            };
            400: components["responses"]["400-validation"];
            429: components["responses"]["429-gateway"];
            500: components["responses"]["500-gateway.internal"];
            503: components["responses"]["503-gateway"];
        };
    };
    getPrivacyPolicy: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The version in force */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CurrentPrivacyPolicy"];
                };
            };
            400: components["responses"]["400-validation"];
            404: components["responses"]["404-not-found"];
            429: components["responses"]["429-gateway"];
            500: components["responses"]["500-gateway.internal"];
            503: components["responses"]["503-gateway.unavailable"];
        };
    };
    listPrivacyPolicyVersions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every announced version with its status */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PrivacyPolicyVersions"];
                };
            };
            400: components["responses"]["400-validation"];
            429: components["responses"]["429-gateway"];
            500: components["responses"]["500-gateway.internal"];
            503: components["responses"]["503-gateway.unavailable"];
        };
    };
    getProfile: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The profile, decrypted, with its ETag for changes */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Profile"];
                };
            };
            400: components["responses"]["400-validation"];
            401: components["responses"]["401-gateway"];
            403: components["responses"]["403-forbidden"];
            404: components["responses"]["404-not-found"];
            410: components["responses"]["410-gone"];
            429: components["responses"]["429-gateway"];
            500: components["responses"]["500-gateway.internal"];
            503: components["responses"]["503-gateway.unavailable"];
        };
    };
    registerProfile: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "Alice Example",
                 *       "email": "alice@example.com",
                 *       "acceptPolicyVersion": 1,
                 *       "consents": {
                 *         "analytics": false
                 *       }
                 *     }
                 */
                "application/json": {
                    name: string;
                    /** Format: email */
                    email: string;
                    phone?: string;
                    addresses?: {
                        label?: string;
                        recipient?: string;
                        line1: string;
                        line2?: string;
                        city: string;
                        region?: string;
                        postalCode: string;
                        country: string;
                    }[];
                    acceptPolicyVersion: number;
                    consents?: {
                        analytics?: boolean;
                        service_improvement?: boolean;
                    };
                };
            };
        };
        responses: {
            /** @description Registered; the profile and its ETag */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    Location: components["headers"]["Location"];
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Profile"];
                };
            };
            400: components["responses"]["400-validation"];
            401: components["responses"]["401-gateway"];
            403: components["responses"]["403-forbidden"];
            409: components["responses"]["409-conflict"];
            410: components["responses"]["410-gone"];
            413: components["responses"]["413-gateway.payload-too-large"];
            415: components["responses"]["415-unsupported-media-type"];
            422: components["responses"]["422-unprocessable"];
            429: components["responses"]["429-gateway"];
            500: components["responses"]["500-gateway.internal"];
            503: components["responses"]["503-gateway.unavailable"];
        };
    };
    updateProfile: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The `ETag` from your last read, quotes included (or `*`). Without it: 428; stale: 412.
                 * @example "3"
                 */
                "If-Match": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "Alice Renamed"
                 *     }
                 */
                "application/json": {
                    name?: string;
                    /** Format: email */
                    email?: string;
                    phone?: string | null;
                    addresses?: {
                        label?: string;
                        recipient?: string;
                        line1: string;
                        line2?: string;
                        city: string;
                        region?: string;
                        postalCode: string;
                        country: string;
                    }[];
                };
            };
        };
        responses: {
            /** @description The corrected profile and its new ETag */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Profile"];
                };
            };
            400: components["responses"]["400-validation"];
            401: components["responses"]["401-gateway"];
            403: components["responses"]["403-forbidden"];
            404: components["responses"]["404-not-found"];
            409: components["responses"]["409-conflict"];
            410: components["responses"]["410-gone"];
            412: components["responses"]["412-precondition-failed"];
            413: components["responses"]["413-gateway.payload-too-large"];
            415: components["responses"]["415-unsupported-media-type"];
            428: components["responses"]["428-precondition-required"];
            429: components["responses"]["429-gateway"];
            500: components["responses"]["500-gateway.internal"];
            503: components["responses"]["503-gateway.unavailable"];
        };
    };
    listConsents: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every consent purpose and your choice */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Consents"];
                };
            };
            400: components["responses"]["400-validation"];
            401: components["responses"]["401-gateway"];
            403: components["responses"]["403-forbidden"];
            429: components["responses"]["429-gateway"];
            500: components["responses"]["500-gateway.internal"];
            503: components["responses"]["503-gateway.unavailable"];
        };
    };
    putConsent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                purpose: "analytics" | "service_improvement";
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "granted": true
                 *     }
                 */
                "application/json": {
                    granted: boolean;
                };
            };
        };
        responses: {
            /** @description The choice as recorded */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Consent"];
                };
            };
            400: components["responses"]["400-validation"];
            401: components["responses"]["401-gateway"];
            403: components["responses"]["403-consent-required.forbidden"];
            404: components["responses"]["404-not-found"];
            409: components["responses"]["409-conflict"];
            413: components["responses"]["413-gateway.payload-too-large"];
            415: components["responses"]["415-unsupported-media-type"];
            429: components["responses"]["429-gateway"];
            500: components["responses"]["500-gateway.internal"];
            503: components["responses"]["503-gateway.unavailable"];
        };
    };
    recordEngagementEvents: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "events": [
                 *         {
                 *           "type": "product_view",
                 *           "at": "2026-11-25T10:00:00Z",
                 *           "sku": "BOOT-42"
                 *         }
                 *       ]
                 *     }
                 */
                "application/json": {
                    events: {
                        /** @enum {string} */
                        type: "page_view" | "product_view" | "add_to_cart" | "remove_from_cart" | "checkout_start";
                        /** Format: date-time */
                        at: string;
                        path?: string;
                        sku?: string;
                    }[];
                };
            };
        };
        responses: {
            /** @description Stored for analytics, sealed, before this answer */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EngagementAccepted"];
                };
            };
            400: components["responses"]["400-validation"];
            401: components["responses"]["401-gateway"];
            403: components["responses"]["403-consent-required.forbidden"];
            404: components["responses"]["404-not-found"];
            409: components["responses"]["409-conflict"];
            410: components["responses"]["410-gone"];
            413: components["responses"]["413-gateway.payload-too-large"];
            415: components["responses"]["415-unsupported-media-type"];
            429: components["responses"]["429-gateway"];
            500: components["responses"]["500-gateway.internal"];
            503: components["responses"]["503-gateway.unavailable"];
        };
    };
    getAccessLog: {
        parameters: {
            query?: {
                /** @description Items per page */
                limit?: number;
                /** @description The `cursor` of the previous page, unchanged; without it, the first page */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of entries, newest first */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AccessLog"];
                };
            };
            400: components["responses"]["400-validation"];
            401: components["responses"]["401-gateway"];
            403: components["responses"]["403-forbidden"];
            429: components["responses"]["429-gateway"];
            500: components["responses"]["500-gateway.internal"];
            503: components["responses"]["503-gateway.unavailable"];
        };
    };
    listDisclosures: {
        parameters: {
            query?: {
                /** @description Items per page */
                limit?: number;
                /** @description The `cursor` of the previous page, unchanged; without it, the first page */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of disclosures, newest first */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Disclosures"];
                };
            };
            400: components["responses"]["400-validation"];
            401: components["responses"]["401-gateway"];
            403: components["responses"]["403-forbidden"];
            429: components["responses"]["429-gateway"];
            500: components["responses"]["500-gateway.internal"];
            503: components["responses"]["503-gateway.unavailable"];
        };
    };
    listNotifications: {
        parameters: {
            query?: {
                /** @description Items per page */
                limit?: number;
                /** @description The `cursor` of the previous page, unchanged; without it, the first page */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of notifications, newest first */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Notifications"];
                };
            };
            400: components["responses"]["400-validation"];
            401: components["responses"]["401-gateway"];
            403: components["responses"]["403-forbidden"];
            429: components["responses"]["429-gateway"];
            500: components["responses"]["500-gateway.internal"];
            503: components["responses"]["503-gateway.unavailable"];
        };
    };
    listOrders: {
        parameters: {
            query?: {
                /** @description Items per page */
                limit?: number;
                /** @description The `cursor` of the previous page, unchanged; without it, the first page */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of orders */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Orders"];
                };
            };
            400: components["responses"]["400-validation"];
            401: components["responses"]["401-gateway"];
            403: components["responses"]["403-forbidden"];
            429: components["responses"]["429-gateway"];
            500: components["responses"]["500-gateway.internal"];
            503: components["responses"]["503-gateway.unavailable"];
        };
    };
    placeOrder: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description Your id for this attempt (1–255 visible ASCII characters); retries reuse it. Kept 24 hours.
                 * @example order-2026-11-25-0001
                 */
                "Idempotency-Key": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "currency": "EUR",
                 *       "items": [
                 *         {
                 *           "sku": "BOOT-42",
                 *           "quantity": 1
                 *         }
                 *       ],
                 *       "delivery": {
                 *         "carrier": "royalmail",
                 *         "service": "tracked48"
                 *       },
                 *       "shippingAddress": {
                 *         "recipient": "Alice Example",
                 *         "line1": "1 High St",
                 *         "city": "Leeds",
                 *         "postalCode": "LS1 4AB",
                 *         "country": "GB"
                 *       },
                 *       "billing": {
                 *         "payment": {
                 *           "processor": "stripe",
                 *           "paymentMethod": "pm_card_visa"
                 *         }
                 *       },
                 *       "expectedTotal": 9448
                 *     }
                 */
                "application/json": {
                    /** @enum {string} */
                    currency: "EUR" | "GBP" | "USD" | "JPY" | "CHF" | "SEK" | "DKK" | "NOK" | "PLN" | "CAD" | "AUD";
                    items: {
                        sku: string;
                        quantity: number;
                        /** @description Refused (400): Prices come from the catalogue: send sku and quantity only. */
                        unitPrice?: number;
                        /** @description Refused (400): Prices come from the catalogue: send sku and quantity only. */
                        price?: number;
                    }[];
                    delivery: {
                        carrier: string;
                        service: string;
                    };
                    shippingAddress: {
                        label?: string;
                        recipient: string;
                        line1: string;
                        line2?: string;
                        city: string;
                        region?: string;
                        postalCode: string;
                        country: string;
                    };
                    billing: {
                        address?: {
                            label?: string;
                            recipient?: string;
                            line1: string;
                            line2?: string;
                            city: string;
                            region?: string;
                            postalCode: string;
                            country: string;
                        };
                        payment: {
                            /** @enum {string} */
                            processor: "stripe";
                            paymentMethod: string;
                            /** @description Refused (400): Brand and last four digits come from the payment processor, never from the client. */
                            brand?: string;
                            /** @description Refused (400): Brand and last four digits come from the payment processor, never from the client. */
                            last4?: string;
                        };
                    };
                    contactPhone?: string;
                    expectedTotal?: number;
                    /** @description Refused (400): The total is computed on the server; send expectedTotal to have it checked. */
                    total?: number;
                };
            };
        };
        responses: {
            /** @description The order */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    Location: components["headers"]["Location"];
                    "Idempotent-Replayed": components["headers"]["Idempotent-Replayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Order"];
                };
            };
            400: components["responses"]["400-validation"];
            401: components["responses"]["401-gateway"];
            402: components["responses"]["402-payment-declined"];
            403: components["responses"]["403-consent-required.forbidden"];
            404: components["responses"]["404-not-found"];
            409: components["responses"]["409-conflict"];
            410: components["responses"]["410-gone"];
            413: components["responses"]["413-gateway.payload-too-large"];
            415: components["responses"]["415-unsupported-media-type"];
            422: components["responses"]["422-unprocessable"];
            429: components["responses"]["429-gateway"];
            500: components["responses"]["500-gateway.internal"];
            503: components["responses"]["503-gateway.unavailable"];
        };
    };
    getOrder: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orderId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The order with its personal details */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Order"];
                };
            };
            400: components["responses"]["400-validation"];
            401: components["responses"]["401-gateway"];
            403: components["responses"]["403-forbidden"];
            404: components["responses"]["404-not-found"];
            410: components["responses"]["410-gone"];
            429: components["responses"]["429-gateway"];
            500: components["responses"]["500-gateway.internal"];
            503: components["responses"]["503-gateway.unavailable"];
        };
    };
    cancelOrder: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orderId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The cancelled order */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrderSummary"];
                };
            };
            400: components["responses"]["400-validation"];
            401: components["responses"]["401-gateway"];
            403: components["responses"]["403-forbidden"];
            404: components["responses"]["404-not-found"];
            409: components["responses"]["409-conflict"];
            429: components["responses"]["429-gateway"];
            500: components["responses"]["500-gateway.internal"];
            503: components["responses"]["503-gateway.unavailable"];
        };
    };
    updateShippingAddress: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orderId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "recipient": "Alice Example",
                 *       "line1": "1 High St",
                 *       "city": "Leeds",
                 *       "postalCode": "LS1 4AB",
                 *       "country": "GB"
                 *     }
                 */
                "application/json": {
                    label?: string;
                    recipient: string;
                    line1: string;
                    line2?: string;
                    city: string;
                    region?: string;
                    postalCode: string;
                    country: string;
                };
            };
        };
        responses: {
            /** @description The order with its new address */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Order"];
                };
            };
            400: components["responses"]["400-validation"];
            401: components["responses"]["401-gateway"];
            403: components["responses"]["403-forbidden"];
            404: components["responses"]["404-not-found"];
            409: components["responses"]["409-conflict"];
            410: components["responses"]["410-gone"];
            413: components["responses"]["413-gateway.payload-too-large"];
            415: components["responses"]["415-unsupported-media-type"];
            429: components["responses"]["429-gateway"];
            500: components["responses"]["500-gateway.internal"];
            503: components["responses"]["503-gateway.unavailable"];
        };
    };
    getTracking: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orderId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Order status and carrier events */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Tracking"];
                };
            };
            400: components["responses"]["400-validation"];
            401: components["responses"]["401-gateway"];
            403: components["responses"]["403-forbidden"];
            404: components["responses"]["404-not-found"];
            429: components["responses"]["429-gateway"];
            500: components["responses"]["500-gateway.internal"];
            503: components["responses"]["503-gateway.unavailable"];
        };
    };
    requestRefund: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orderId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "reason": "Arrived damaged",
                 *       "lines": [
                 *         {
                 *           "sku": "BOOT-42",
                 *           "quantity": 1
                 *         }
                 *       ]
                 *     }
                 */
                "application/json": {
                    reason: string;
                    lines?: {
                        sku: string;
                        quantity: number;
                    }[];
                };
            };
        };
        responses: {
            /** @description The refund request; `Location` is its order */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    Location: components["headers"]["Location"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refund"];
                };
            };
            400: components["responses"]["400-validation"];
            401: components["responses"]["401-gateway"];
            403: components["responses"]["403-forbidden"];
            404: components["responses"]["404-not-found"];
            409: components["responses"]["409-conflict"];
            410: components["responses"]["410-gone"];
            413: components["responses"]["413-gateway.payload-too-large"];
            415: components["responses"]["415-unsupported-media-type"];
            422: components["responses"]["422-unprocessable"];
            429: components["responses"]["429-gateway"];
            500: components["responses"]["500-gateway.internal"];
            503: components["responses"]["503-gateway.unavailable"];
        };
    };
    decideRefund: {
        parameters: {
            query?: never;
            header: {
                /** @description Why you read this customer's data: support may name `customer_support`, `refund_handling`, `identity_verification`. Recorded in the audit trail and shown to the customer. */
                "X-Access-Purpose": "customer_support" | "refund_handling" | "identity_verification";
            };
            path: {
                orderId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "action": "approve",
                 *       "reason": "Photo confirms the damage"
                 *     }
                 */
                "application/json": {
                    /** @enum {string} */
                    action: "approve" | "reject";
                    reason: string;
                };
            };
        };
        responses: {
            /** @description The decided refund */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refund"];
                };
            };
            400: components["responses"]["400-validation"];
            401: components["responses"]["401-gateway"];
            403: components["responses"]["403-forbidden"];
            404: components["responses"]["404-not-found"];
            409: components["responses"]["409-conflict"];
            410: components["responses"]["410-gone"];
            413: components["responses"]["413-gateway.payload-too-large"];
            415: components["responses"]["415-unsupported-media-type"];
            429: components["responses"]["429-gateway"];
            500: components["responses"]["500-gateway.internal"];
            503: components["responses"]["503-gateway.unavailable"];
        };
    };
    getCustomerForSupport: {
        parameters: {
            query?: never;
            header: {
                /** @description Why you read this customer's data: support may name `customer_support`, `refund_handling`, `identity_verification`. Recorded in the audit trail and shown to the customer. */
                "X-Access-Purpose": "customer_support" | "refund_handling" | "identity_verification";
            };
            path: {
                subjectId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The masked profile and recent orders */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SupportCustomer"];
                };
            };
            400: components["responses"]["400-validation"];
            401: components["responses"]["401-gateway"];
            403: components["responses"]["403-forbidden"];
            404: components["responses"]["404-not-found"];
            410: components["responses"]["410-gone"];
            429: components["responses"]["429-gateway"];
            500: components["responses"]["500-gateway.internal"];
            503: components["responses"]["503-gateway.unavailable"];
        };
    };
    getOrderForSupport: {
        parameters: {
            query?: never;
            header: {
                /** @description Why you read this customer's data: support may name `customer_support`, `refund_handling`, `identity_verification`. Recorded in the audit trail and shown to the customer. */
                "X-Access-Purpose": "customer_support" | "refund_handling" | "identity_verification";
            };
            path: {
                orderId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The masked order */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SupportOrder"];
                };
            };
            400: components["responses"]["400-validation"];
            401: components["responses"]["401-gateway"];
            403: components["responses"]["403-forbidden"];
            404: components["responses"]["404-not-found"];
            410: components["responses"]["410-gone"];
            429: components["responses"]["429-gateway"];
            500: components["responses"]["500-gateway.internal"];
            503: components["responses"]["503-gateway.unavailable"];
        };
    };
    getFulfillmentQueue: {
        parameters: {
            query?: {
                /** @description Items per page */
                limit?: number;
                /** @description The `cursor` of the previous page, unchanged; without it, the first page */
                cursor?: string;
            };
            header: {
                /** @description Why you read this customer's data: fulfillment may name `shipping`. Recorded in the audit trail and shown to the customer. */
                "X-Access-Purpose": "shipping";
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of the queue */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FulfillmentQueue"];
                };
            };
            400: components["responses"]["400-validation"];
            401: components["responses"]["401-gateway"];
            403: components["responses"]["403-forbidden"];
            410: components["responses"]["410-gone"];
            429: components["responses"]["429-gateway"];
            500: components["responses"]["500-gateway.internal"];
            503: components["responses"]["503-gateway.unavailable"];
        };
    };
    createShipment: {
        parameters: {
            query?: never;
            header: {
                /** @description Why you read this customer's data: fulfillment may name `shipping`. Recorded in the audit trail and shown to the customer. */
                "X-Access-Purpose": "shipping";
            };
            path: {
                orderId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "carrier": "dhl",
                 *       "service": "express"
                 *     }
                 */
                "application/json": {
                    carrier: string;
                    service: string;
                };
            };
        };
        responses: {
            /** @description The shipment and exactly what the carrier receives */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    Location: components["headers"]["Location"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Shipment"];
                };
            };
            400: components["responses"]["400-validation"];
            401: components["responses"]["401-gateway"];
            403: components["responses"]["403-forbidden"];
            404: components["responses"]["404-not-found"];
            409: components["responses"]["409-conflict"];
            410: components["responses"]["410-gone"];
            413: components["responses"]["413-gateway.payload-too-large"];
            415: components["responses"]["415-unsupported-media-type"];
            422: components["responses"]["422-unprocessable"];
            429: components["responses"]["429-gateway"];
            500: components["responses"]["500-gateway.internal"];
            503: components["responses"]["503-gateway.unavailable"];
        };
    };
    receiveCarrierEvents: {
        parameters: {
            query?: never;
            header: {
                /** @description `t=<epoch seconds>,v1=<hex HMAC-SHA256 of "<t>.<carrier>.<raw body>">` with the carrier’s own secret; several `v1=` allowed during a secret change. */
                "X-Signature": string;
            };
            path: {
                carrier: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "eventId": "evt-0001",
                 *       "trackingNumber": "DH4234B6A6E6BD4260",
                 *       "status": "in_transit",
                 *       "occurredAt": "2026-11-25T10:00:00Z",
                 *       "location": "Leeds depot"
                 *     }
                 */
                "application/json": components["schemas"]["CarrierEvent"];
            };
        };
        responses: {
            /** @description Applied, or recognised as a duplicate */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CarrierEventOutcome"];
                };
            };
            400: components["responses"]["400-validation"];
            401: components["responses"]["401-unauthorized"];
            404: components["responses"]["404-not-found"];
            409: components["responses"]["409-conflict"];
            413: components["responses"]["413-gateway.payload-too-large"];
            429: components["responses"]["429-gateway"];
            500: components["responses"]["500-gateway.internal"];
            503: components["responses"]["503-gateway.unavailable"];
        };
    };
    listPrivacyRequests: {
        parameters: {
            query?: {
                /** @description Items per page */
                limit?: number;
                /** @description The `cursor` of the previous page, unchanged; without it, the first page */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of requests, newest first */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PrivacyRequests"];
                };
            };
            400: components["responses"]["400-validation"];
            401: components["responses"]["401-gateway"];
            403: components["responses"]["403-forbidden"];
            429: components["responses"]["429-gateway"];
            500: components["responses"]["500-gateway.internal"];
            503: components["responses"]["503-gateway.unavailable"];
        };
    };
    submitPrivacyRequest: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "type": "export"
                 *     }
                 */
                "application/json": {
                    /** @enum {string} */
                    type: "export" | "erasure" | "restriction";
                };
            };
        };
        responses: {
            /** @description Accepted; carried out in the background. `Location` is the request, to poll. */
            202: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    Location: components["headers"]["Location"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PrivacyRequest"];
                };
            };
            400: components["responses"]["400-validation"];
            401: components["responses"]["401-gateway.reauthentication-required"];
            403: components["responses"]["403-forbidden"];
            404: components["responses"]["404-not-found"];
            409: components["responses"]["409-conflict"];
            413: components["responses"]["413-gateway.payload-too-large"];
            415: components["responses"]["415-unsupported-media-type"];
            429: components["responses"]["429-gateway"];
            500: components["responses"]["500-gateway.internal"];
            503: components["responses"]["503-gateway.unavailable"];
        };
    };
    getPrivacyRequest: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                privacyRequestId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The request and its history */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PrivacyRequest"];
                };
            };
            400: components["responses"]["400-validation"];
            401: components["responses"]["401-gateway"];
            403: components["responses"]["403-forbidden"];
            404: components["responses"]["404-not-found"];
            429: components["responses"]["429-gateway"];
            500: components["responses"]["500-gateway.internal"];
            503: components["responses"]["503-gateway.unavailable"];
        };
    };
    getPrivacyExport: {
        parameters: {
            query?: {
                part?: number;
            };
            header?: never;
            path: {
                privacyRequestId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The export document, or one part of it */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "Content-Disposition": components["headers"]["Content-Disposition"];
                    "X-Export-Part": components["headers"]["X-Export-Part"];
                    "X-Export-Parts": components["headers"]["X-Export-Parts"];
                    Link: components["headers"]["Link"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PrivacyExport"];
                    "application/octet-stream": string;
                };
            };
            400: components["responses"]["400-validation"];
            401: components["responses"]["401-gateway.reauthentication-required"];
            403: components["responses"]["403-forbidden"];
            404: components["responses"]["404-not-found"];
            409: components["responses"]["409-conflict"];
            410: components["responses"]["410-gone"];
            429: components["responses"]["429-gateway"];
            500: components["responses"]["500-gateway.internal"];
            503: components["responses"]["503-gateway.unavailable"];
        };
    };
    listComplaints: {
        parameters: {
            query?: {
                /** @description Items per page */
                limit?: number;
                /** @description The `cursor` of the previous page, unchanged; without it, the first page */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of complaints, newest first */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Complaints"];
                };
            };
            400: components["responses"]["400-validation"];
            401: components["responses"]["401-gateway"];
            403: components["responses"]["403-forbidden"];
            410: components["responses"]["410-gone"];
            429: components["responses"]["429-gateway"];
            500: components["responses"]["500-gateway.internal"];
            503: components["responses"]["503-gateway.unavailable"];
        };
    };
    fileComplaint: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "category": "unauthorised_use",
                 *       "description": "I received marketing I never agreed to."
                 *     }
                 */
                "application/json": {
                    /** @enum {string} */
                    category: "privacy_breach" | "unauthorised_use" | "access" | "rectification" | "erasure" | "consent" | "other";
                    description: string;
                    relatedRequestId?: string;
                };
            };
        };
        responses: {
            /** @description The complaint */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    Location: components["headers"]["Location"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FiledComplaint"];
                };
            };
            400: components["responses"]["400-validation"];
            401: components["responses"]["401-gateway"];
            403: components["responses"]["403-forbidden"];
            404: components["responses"]["404-not-found"];
            409: components["responses"]["409-conflict"];
            410: components["responses"]["410-gone"];
            413: components["responses"]["413-gateway.payload-too-large"];
            415: components["responses"]["415-unsupported-media-type"];
            429: components["responses"]["429-gateway"];
            500: components["responses"]["500-gateway.internal"];
            503: components["responses"]["503-gateway.unavailable"];
        };
    };
    getComplaint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                complaintId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The complaint with its text */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Complaint"];
                };
            };
            400: components["responses"]["400-validation"];
            401: components["responses"]["401-gateway"];
            403: components["responses"]["403-forbidden"];
            404: components["responses"]["404-not-found"];
            410: components["responses"]["410-gone"];
            429: components["responses"]["429-gateway"];
            500: components["responses"]["500-gateway.internal"];
            503: components["responses"]["503-gateway.unavailable"];
        };
    };
    listPrivacyRequestQueue: {
        parameters: {
            query?: {
                /** @description Items per page */
                limit?: number;
                /** @description The `cursor` of the previous page, unchanged; without it, the first page */
                cursor?: string;
                status?: "received" | "in_progress" | "extended" | "completed" | "rejected";
                overdue?: "true" | "false";
            };
            header?: {
                /** @description Why you read this customer's data: privacy-officer may name `privacy_request`, `complaint_handling`. Recorded in the audit trail and shown to the customer. */
                "X-Access-Purpose"?: "privacy_request" | "complaint_handling";
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of the queue */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PrivacyRequestQueue"];
                };
            };
            400: components["responses"]["400-validation"];
            401: components["responses"]["401-gateway"];
            403: components["responses"]["403-forbidden"];
            429: components["responses"]["429-gateway"];
            500: components["responses"]["500-gateway.internal"];
            503: components["responses"]["503-gateway.unavailable"];
        };
    };
    decidePrivacyRequest: {
        parameters: {
            query?: never;
            header?: {
                /** @description Why you read this customer's data: privacy-officer may name `privacy_request`, `complaint_handling`. Recorded in the audit trail and shown to the customer. */
                "X-Access-Purpose"?: "privacy_request" | "complaint_handling";
            };
            path: {
                privacyRequestId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "action": "extend",
                 *       "reason": "The archive is large"
                 *     }
                 */
                "application/json": {
                    /** @enum {string} */
                    action: "approve" | "reject" | "extend";
                    reason: string;
                };
            };
        };
        responses: {
            /** @description The request after the decision */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PrivacyRequest"];
                };
            };
            400: components["responses"]["400-validation"];
            401: components["responses"]["401-gateway"];
            403: components["responses"]["403-forbidden"];
            404: components["responses"]["404-not-found"];
            409: components["responses"]["409-conflict"];
            410: components["responses"]["410-gone"];
            413: components["responses"]["413-gateway.payload-too-large"];
            415: components["responses"]["415-unsupported-media-type"];
            422: components["responses"]["422-unprocessable"];
            429: components["responses"]["429-gateway"];
            500: components["responses"]["500-gateway.internal"];
            503: components["responses"]["503-gateway.unavailable"];
        };
    };
    liftRestriction: {
        parameters: {
            query?: never;
            header?: {
                /** @description Why you read this customer's data: privacy-officer may name `privacy_request`, `complaint_handling`. Recorded in the audit trail and shown to the customer. */
                "X-Access-Purpose"?: "privacy_request" | "complaint_handling";
            };
            path: {
                subjectId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The restriction is lifted */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RestrictionLifted"];
                };
            };
            400: components["responses"]["400-validation"];
            401: components["responses"]["401-gateway"];
            403: components["responses"]["403-forbidden"];
            404: components["responses"]["404-not-found"];
            409: components["responses"]["409-conflict"];
            429: components["responses"]["429-gateway"];
            500: components["responses"]["500-gateway.internal"];
            503: components["responses"]["503-gateway.unavailable"];
        };
    };
    listComplaintQueue: {
        parameters: {
            query?: {
                /** @description Items per page */
                limit?: number;
                /** @description The `cursor` of the previous page, unchanged; without it, the first page */
                cursor?: string;
                status?: "open" | "assigned" | "resolved";
                overdue?: "true" | "false";
            };
            header?: {
                /** @description Why you read this customer's data: privacy-officer may name `privacy_request`, `complaint_handling`. Recorded in the audit trail and shown to the customer. */
                "X-Access-Purpose"?: "privacy_request" | "complaint_handling";
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of the queue */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ComplaintQueue"];
                };
            };
            400: components["responses"]["400-validation"];
            401: components["responses"]["401-gateway"];
            403: components["responses"]["403-forbidden"];
            429: components["responses"]["429-gateway"];
            500: components["responses"]["500-gateway.internal"];
            503: components["responses"]["503-gateway.unavailable"];
        };
    };
    assignComplaint: {
        parameters: {
            query?: never;
            header?: {
                /** @description Why you read this customer's data: privacy-officer may name `privacy_request`, `complaint_handling`. Recorded in the audit trail and shown to the customer. */
                "X-Access-Purpose"?: "privacy_request" | "complaint_handling";
            };
            path: {
                complaintId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "assignee": "officer-1"
                 *     }
                 */
                "application/json": {
                    assignee: string;
                };
            };
        };
        responses: {
            /** @description The assigned complaint */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["QueuedComplaint"];
                };
            };
            400: components["responses"]["400-validation"];
            401: components["responses"]["401-gateway"];
            403: components["responses"]["403-forbidden"];
            404: components["responses"]["404-not-found"];
            409: components["responses"]["409-conflict"];
            413: components["responses"]["413-gateway.payload-too-large"];
            415: components["responses"]["415-unsupported-media-type"];
            422: components["responses"]["422-unprocessable"];
            429: components["responses"]["429-gateway"];
            500: components["responses"]["500-gateway.internal"];
            503: components["responses"]["503-gateway.unavailable"];
        };
    };
    resolveComplaint: {
        parameters: {
            query?: never;
            header?: {
                /** @description Why you read this customer's data: privacy-officer may name `privacy_request`, `complaint_handling`. Recorded in the audit trail and shown to the customer. */
                "X-Access-Purpose"?: "privacy_request" | "complaint_handling";
            };
            path: {
                complaintId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "resolution": "Marketing consent was never recorded; the sender was a third party."
                 *     }
                 */
                "application/json": {
                    resolution: string;
                };
            };
        };
        responses: {
            /** @description The resolved complaint */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["QueuedComplaint"];
                };
            };
            400: components["responses"]["400-validation"];
            401: components["responses"]["401-gateway"];
            403: components["responses"]["403-forbidden"];
            404: components["responses"]["404-not-found"];
            409: components["responses"]["409-conflict"];
            410: components["responses"]["410-gone"];
            413: components["responses"]["413-gateway.payload-too-large"];
            415: components["responses"]["415-unsupported-media-type"];
            429: components["responses"]["429-gateway"];
            500: components["responses"]["500-gateway.internal"];
            503: components["responses"]["503-gateway.unavailable"];
        };
    };
    getComplaintForOfficer: {
        parameters: {
            query?: never;
            header: {
                /** @description Why you read this customer's data: privacy-officer may name `privacy_request`, `complaint_handling`. Recorded in the audit trail and shown to the customer. */
                "X-Access-Purpose": "privacy_request" | "complaint_handling";
            };
            path: {
                complaintId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The complaint with its text and history */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OfficerComplaint"];
                };
            };
            400: components["responses"]["400-validation"];
            401: components["responses"]["401-gateway"];
            403: components["responses"]["403-forbidden"];
            404: components["responses"]["404-not-found"];
            410: components["responses"]["410-gone"];
            429: components["responses"]["429-gateway"];
            500: components["responses"]["500-gateway.internal"];
            503: components["responses"]["503-gateway.unavailable"];
        };
    };
    listOfficerNotices: {
        parameters: {
            query?: {
                /** @description Items per page */
                limit?: number;
                /** @description The `cursor` of the previous page, unchanged; without it, the first page */
                cursor?: string;
            };
            header?: {
                /** @description Why you read this customer's data: privacy-officer may name `privacy_request`, `complaint_handling`. Recorded in the audit trail and shown to the customer. */
                "X-Access-Purpose"?: "privacy_request" | "complaint_handling";
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of notices */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OfficerNotices"];
                };
            };
            400: components["responses"]["400-validation"];
            401: components["responses"]["401-gateway"];
            403: components["responses"]["403-forbidden"];
            429: components["responses"]["429-gateway"];
            500: components["responses"]["500-gateway.internal"];
            503: components["responses"]["503-gateway.unavailable"];
        };
    };
    listIncidentQueue: {
        parameters: {
            query?: {
                /** @description Items per page */
                limit?: number;
                /** @description The `cursor` of the previous page, unchanged; without it, the first page */
                cursor?: string;
                status?: "open" | "decided";
                overdue?: "true" | "false";
            };
            header?: {
                /** @description Why you read this customer's data: privacy-officer may name `privacy_request`, `complaint_handling`. Recorded in the audit trail and shown to the customer. */
                "X-Access-Purpose"?: "privacy_request" | "complaint_handling";
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of the queue */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IncidentQueue"];
                };
            };
            400: components["responses"]["400-validation"];
            401: components["responses"]["401-gateway"];
            403: components["responses"]["403-forbidden"];
            429: components["responses"]["429-gateway"];
            500: components["responses"]["500-gateway.internal"];
            503: components["responses"]["503-gateway.unavailable"];
        };
    };
    openIncident: {
        parameters: {
            query?: never;
            header?: {
                /** @description Why you read this customer's data: privacy-officer may name `privacy_request`, `complaint_handling`. Recorded in the audit trail and shown to the customer. */
                "X-Access-Purpose"?: "privacy_request" | "complaint_handling";
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "discoveredAt": "2026-11-30T08:00:00Z",
                 *       "description": "A courier manifest was e-mailed to the wrong carrier.",
                 *       "dataCategories": [
                 *         "contact",
                 *         "address"
                 *       ],
                 *       "subjectIds": [
                 *         "customer-1",
                 *         "customer-2"
                 *       ]
                 *     }
                 */
                "application/json": {
                    /** Format: date-time */
                    discoveredAt: string;
                    description: string;
                    dataCategories: ("identity" | "contact" | "address" | "order_history" | "payment" | "account_credentials" | "engagement" | "special_category" | "other")[];
                    /** @default [] */
                    subjectIds?: string[];
                    fromComplaintId?: string;
                };
            };
        };
        responses: {
            /** @description The incident; `Location` is where officers read it */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    Location: components["headers"]["Location"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Incident"];
                };
            };
            400: components["responses"]["400-validation"];
            401: components["responses"]["401-gateway"];
            403: components["responses"]["403-forbidden"];
            409: components["responses"]["409-conflict"];
            410: components["responses"]["410-gone"];
            413: components["responses"]["413-gateway.payload-too-large"];
            415: components["responses"]["415-unsupported-media-type"];
            422: components["responses"]["422-unprocessable"];
            429: components["responses"]["429-gateway"];
            500: components["responses"]["500-gateway.internal"];
            503: components["responses"]["503-gateway.unavailable"];
        };
    };
    getIncident: {
        parameters: {
            query?: never;
            header?: {
                /** @description Why you read this customer's data: privacy-officer may name `privacy_request`, `complaint_handling`. Recorded in the audit trail and shown to the customer. */
                "X-Access-Purpose"?: "privacy_request" | "complaint_handling";
            };
            path: {
                incidentId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The incident */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OfficerIncident"];
                };
            };
            400: components["responses"]["400-validation"];
            401: components["responses"]["401-gateway"];
            403: components["responses"]["403-forbidden"];
            404: components["responses"]["404-not-found"];
            410: components["responses"]["410-gone"];
            429: components["responses"]["429-gateway"];
            500: components["responses"]["500-gateway.internal"];
            503: components["responses"]["503-gateway.unavailable"];
        };
    };
    decideIncident: {
        parameters: {
            query?: never;
            header?: {
                /** @description Why you read this customer's data: privacy-officer may name `privacy_request`, `complaint_handling`. Recorded in the audit trail and shown to the customer. */
                "X-Access-Purpose"?: "privacy_request" | "complaint_handling";
            };
            path: {
                incidentId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "notifyAuthority": true,
                 *       "reasons": "Addresses of 2 customers disclosed",
                 *       "authorityReference": "ICO-2026-0042"
                 *     }
                 */
                "application/json": {
                    /** @enum {boolean} */
                    notifyAuthority: true;
                    reasons: string;
                    authorityReference: string;
                } | {
                    /** @enum {boolean} */
                    notifyAuthority: false;
                    reasons: string;
                };
            };
        };
        responses: {
            /** @description The decided incident */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Incident"];
                };
            };
            400: components["responses"]["400-validation"];
            401: components["responses"]["401-gateway"];
            403: components["responses"]["403-forbidden"];
            404: components["responses"]["404-not-found"];
            409: components["responses"]["409-conflict"];
            413: components["responses"]["413-gateway.payload-too-large"];
            415: components["responses"]["415-unsupported-media-type"];
            422: components["responses"]["422-unprocessable"];
            429: components["responses"]["429-gateway"];
            500: components["responses"]["500-gateway.internal"];
            503: components["responses"]["503-gateway.unavailable"];
        };
    };
    addIncidentSubjects: {
        parameters: {
            query?: never;
            header?: {
                /** @description Why you read this customer's data: privacy-officer may name `privacy_request`, `complaint_handling`. Recorded in the audit trail and shown to the customer. */
                "X-Access-Purpose"?: "privacy_request" | "complaint_handling";
            };
            path: {
                incidentId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "ordersPlaced": {
                 *         "from": "2026-11-29T00:00:00Z",
                 *         "to": "2026-11-30T00:00:00Z"
                 *       }
                 *     }
                 */
                "application/json": {
                    subjectIds: string[];
                } | {
                    ordersPlaced: {
                        /** Format: date-time */
                        from: string;
                        /** Format: date-time */
                        to: string;
                    };
                };
            };
        };
        responses: {
            /** @description How many were selected and the incident’s new subject count */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IncidentSubjectsAdded"];
                };
            };
            400: components["responses"]["400-validation"];
            401: components["responses"]["401-gateway"];
            403: components["responses"]["403-forbidden"];
            404: components["responses"]["404-not-found"];
            409: components["responses"]["409-conflict"];
            413: components["responses"]["413-gateway.payload-too-large"];
            415: components["responses"]["415-unsupported-media-type"];
            429: components["responses"]["429-gateway"];
            500: components["responses"]["500-gateway.internal"];
            503: components["responses"]["503-gateway.unavailable"];
        };
    };
    getIncidentNotices: {
        parameters: {
            query?: never;
            header?: {
                /** @description Why you read this customer's data: privacy-officer may name `privacy_request`, `complaint_handling`. Recorded in the audit trail and shown to the customer. */
                "X-Access-Purpose"?: "privacy_request" | "complaint_handling";
            };
            path: {
                incidentId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The notice run */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IncidentNotices"];
                };
            };
            400: components["responses"]["400-validation"];
            401: components["responses"]["401-gateway"];
            403: components["responses"]["403-forbidden"];
            404: components["responses"]["404-not-found"];
            429: components["responses"]["429-gateway"];
            500: components["responses"]["500-gateway.internal"];
            503: components["responses"]["503-gateway.unavailable"];
        };
    };
    startIncidentNotices: {
        parameters: {
            query?: never;
            header?: {
                /** @description Why you read this customer's data: privacy-officer may name `privacy_request`, `complaint_handling`. Recorded in the audit trail and shown to the customer. */
                "X-Access-Purpose"?: "privacy_request" | "complaint_handling";
            };
            path: {
                incidentId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "natureOfBreach": "A courier manifest with names and delivery addresses was e-mailed to the wrong carrier.",
                 *       "likelyConsequences": "Your name and delivery address may be known to one courier company.",
                 *       "measuresTaken": "The carrier confirmed deletion of the manifest; no payment data was involved.",
                 *       "contactPoint": "Data Protection Officer, dpo@shop.example.com"
                 *     }
                 */
                "application/json": {
                    natureOfBreach: string;
                    likelyConsequences: string;
                    measuresTaken: string;
                    contactPoint: string;
                };
            };
        };
        responses: {
            /** @description Accepted: the notices are being sent. `Location` is their progress. */
            202: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    Location: components["headers"]["Location"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IncidentNotices"];
                };
            };
            400: components["responses"]["400-validation"];
            401: components["responses"]["401-gateway"];
            403: components["responses"]["403-forbidden"];
            404: components["responses"]["404-not-found"];
            409: components["responses"]["409-conflict"];
            413: components["responses"]["413-gateway.payload-too-large"];
            415: components["responses"]["415-unsupported-media-type"];
            422: components["responses"]["422-unprocessable"];
            429: components["responses"]["429-gateway"];
            500: components["responses"]["500-gateway.internal"];
            503: components["responses"]["503-gateway.unavailable"];
        };
    };
    getIncidentRegister: {
        parameters: {
            query?: {
                /** @description Items per page */
                limit?: number;
                /** @description The `cursor` of the previous page, unchanged; without it, the first page */
                cursor?: string;
            };
            header?: {
                /** @description Why you read this customer's data: auditor may name `audit`. Recorded in the audit trail and shown to the customer. */
                "X-Access-Purpose"?: "audit";
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of the register */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IncidentRegister"];
                };
            };
            400: components["responses"]["400-validation"];
            401: components["responses"]["401-gateway"];
            403: components["responses"]["403-forbidden"];
            429: components["responses"]["429-gateway"];
            500: components["responses"]["500-gateway.internal"];
            503: components["responses"]["503-gateway.unavailable"];
        };
    };
    acceptPolicy: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "version": 2
                 *     }
                 */
                "application/json": {
                    version: number;
                };
            };
        };
        responses: {
            /** @description Already accepted */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PolicyAcceptance"];
                };
            };
            /** @description Accepted; `Location` is your profile */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    Location: components["headers"]["Location"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PolicyAcceptance"];
                };
            };
            400: components["responses"]["400-validation"];
            401: components["responses"]["401-gateway"];
            403: components["responses"]["403-forbidden"];
            404: components["responses"]["404-not-found"];
            409: components["responses"]["409-conflict"];
            413: components["responses"]["413-gateway.payload-too-large"];
            415: components["responses"]["415-unsupported-media-type"];
            422: components["responses"]["422-unprocessable"];
            429: components["responses"]["429-gateway"];
            500: components["responses"]["500-gateway.internal"];
            503: components["responses"]["503-gateway.unavailable"];
        };
    };
    draftPolicy: {
        parameters: {
            query?: never;
            header?: {
                /** @description Why you read this customer's data: privacy-officer may name `privacy_request`, `complaint_handling`. Recorded in the audit trail and shown to the customer. */
                "X-Access-Purpose"?: "privacy_request" | "complaint_handling";
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "content": "Revised policy text",
                 *       "summary": "Clearer retention periods",
                 *       "material": false
                 *     }
                 */
                "application/json": {
                    content: string;
                    summary: string;
                    material: boolean;
                };
            };
        };
        responses: {
            /** @description The draft; `Location` is where officers read it */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    Location: components["headers"]["Location"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PolicyDraft"];
                };
            };
            400: components["responses"]["400-validation"];
            401: components["responses"]["401-gateway"];
            403: components["responses"]["403-forbidden"];
            409: components["responses"]["409-conflict"];
            413: components["responses"]["413-gateway.payload-too-large"];
            415: components["responses"]["415-unsupported-media-type"];
            429: components["responses"]["429-gateway"];
            500: components["responses"]["500-gateway.internal"];
            503: components["responses"]["503-gateway.unavailable"];
        };
    };
    getPolicyVersion: {
        parameters: {
            query?: never;
            header?: {
                /** @description Why you read this customer's data: privacy-officer may name `privacy_request`, `complaint_handling`. Recorded in the audit trail and shown to the customer. */
                "X-Access-Purpose"?: "privacy_request" | "complaint_handling";
            };
            path: {
                version: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The version */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PrivacyPolicyVersionDetail"];
                };
            };
            400: components["responses"]["400-validation"];
            401: components["responses"]["401-gateway"];
            403: components["responses"]["403-forbidden"];
            404: components["responses"]["404-not-found"];
            429: components["responses"]["429-gateway"];
            500: components["responses"]["500-gateway.internal"];
            503: components["responses"]["503-gateway.unavailable"];
        };
    };
    announcePolicy: {
        parameters: {
            query?: never;
            header?: {
                /** @description Why you read this customer's data: privacy-officer may name `privacy_request`, `complaint_handling`. Recorded in the audit trail and shown to the customer. */
                "X-Access-Purpose"?: "privacy_request" | "complaint_handling";
            };
            path: {
                version: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "effectiveAt": "2026-12-15T00:00:00Z"
                 *     }
                 */
                "application/json": {
                    /** Format: date-time */
                    effectiveAt: string;
                };
            };
        };
        responses: {
            /** @description The announced version */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PolicyAnnouncement"];
                };
            };
            400: components["responses"]["400-validation"];
            401: components["responses"]["401-gateway"];
            403: components["responses"]["403-forbidden"];
            404: components["responses"]["404-not-found"];
            409: components["responses"]["409-conflict"];
            413: components["responses"]["413-gateway.payload-too-large"];
            415: components["responses"]["415-unsupported-media-type"];
            422: components["responses"]["422-unprocessable"];
            429: components["responses"]["429-gateway"];
            500: components["responses"]["500-gateway.internal"];
            503: components["responses"]["503-gateway.unavailable"];
        };
    };
    listAuditRecords: {
        parameters: {
            query?: {
                subjectId?: string;
                from?: string;
                to?: string;
                limit?: number;
            };
            header?: {
                /** @description Why you read this customer's data: auditor may name `audit`. Recorded in the audit trail and shown to the customer. */
                "X-Access-Purpose"?: "audit";
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The records, field names only */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditRecords"];
                };
            };
            400: components["responses"]["400-validation"];
            401: components["responses"]["401-gateway"];
            403: components["responses"]["403-forbidden"];
            422: components["responses"]["422-unprocessable"];
            429: components["responses"]["429-gateway"];
            500: components["responses"]["500-gateway.internal"];
            503: components["responses"]["503-gateway.unavailable"];
        };
    };
    verifyAuditTrail: {
        parameters: {
            query: {
                subjectId: string;
            };
            header?: {
                /** @description Why you read this customer's data: auditor may name `audit`. Recorded in the audit trail and shown to the customer. */
                "X-Access-Purpose"?: "audit";
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The chain’s verification */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditVerification"];
                };
            };
            400: components["responses"]["400-validation"];
            401: components["responses"]["401-gateway"];
            403: components["responses"]["403-forbidden"];
            429: components["responses"]["429-gateway"];
            500: components["responses"]["500-gateway.internal"];
            503: components["responses"]["503-gateway.unavailable"];
        };
    };
    getAuditStatus: {
        parameters: {
            query?: never;
            header?: {
                /** @description Why you read this customer's data: auditor may name `audit`. Recorded in the audit trail and shown to the customer. */
                "X-Access-Purpose"?: "audit";
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The status */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditStatus"];
                };
            };
            400: components["responses"]["400-validation"];
            401: components["responses"]["401-gateway"];
            403: components["responses"]["403-forbidden"];
            429: components["responses"]["429-gateway"];
            500: components["responses"]["500-gateway.internal"];
            503: components["responses"]["503-gateway.unavailable"];
        };
    };
    listProducts: {
        parameters: {
            query?: {
                /** @description Items per page */
                limit?: number;
                /** @description The `cursor` of the previous page, unchanged; without it, the first page */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of products */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Products"];
                };
            };
            400: components["responses"]["400-validation"];
            429: components["responses"]["429-gateway"];
            500: components["responses"]["500-gateway.internal"];
            503: components["responses"]["503-gateway.unavailable"];
        };
    };
    getProduct: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                sku: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The product */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Product"];
                };
            };
            400: components["responses"]["400-validation"];
            404: components["responses"]["404-not-found"];
            429: components["responses"]["429-gateway"];
            500: components["responses"]["500-gateway.internal"];
            503: components["responses"]["503-gateway.unavailable"];
        };
    };
    putProduct: {
        parameters: {
            query?: never;
            header?: {
                /** @description Why you read this customer's data: catalogue-manager may name `catalogue_management`. Recorded in the audit trail and shown to the customer. */
                "X-Access-Purpose"?: "catalogue_management";
                /**
                 * @description The `ETag` from your last read, quotes included (or `*`). Without it: 428; stale: 412.
                 * @example "3"
                 */
                "If-Match"?: string;
            };
            path: {
                sku: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "Walking boots",
                 *       "active": true,
                 *       "prices": {
                 *         "EUR": 8999,
                 *         "GBP": 7999
                 *       },
                 *       "stock": 120,
                 *       "shippingProfile": "parcel"
                 *     }
                 */
                "application/json": {
                    name: string;
                    /** @default true */
                    active?: boolean;
                    prices: {
                        EUR?: number;
                        GBP?: number;
                        USD?: number;
                        JPY?: number;
                        CHF?: number;
                        SEK?: number;
                        DKK?: number;
                        NOK?: number;
                        PLN?: number;
                        CAD?: number;
                        AUD?: number;
                    };
                    stock: number;
                    /** @enum {string} */
                    shippingProfile: "parcel" | "bulky";
                };
            };
        };
        responses: {
            /** @description Replaced; the product and its new ETag */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Product"];
                };
            };
            /** @description Created; `Location` is the product */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    Location: components["headers"]["Location"];
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Product"];
                };
            };
            400: components["responses"]["400-validation"];
            401: components["responses"]["401-gateway"];
            403: components["responses"]["403-forbidden"];
            404: components["responses"]["404-not-found"];
            409: components["responses"]["409-conflict"];
            412: components["responses"]["412-precondition-failed"];
            413: components["responses"]["413-gateway.payload-too-large"];
            415: components["responses"]["415-unsupported-media-type"];
            428: components["responses"]["428-precondition-required"];
            429: components["responses"]["429-gateway"];
            500: components["responses"]["500-gateway.internal"];
            503: components["responses"]["503-gateway.unavailable"];
        };
    };
    deactivateProduct: {
        parameters: {
            query?: never;
            header?: {
                /** @description Why you read this customer's data: catalogue-manager may name `catalogue_management`. Recorded in the audit trail and shown to the customer. */
                "X-Access-Purpose"?: "catalogue_management";
            };
            path: {
                sku: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The product, inactive, and its new ETag */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Product"];
                };
            };
            400: components["responses"]["400-validation"];
            401: components["responses"]["401-gateway"];
            403: components["responses"]["403-forbidden"];
            404: components["responses"]["404-not-found"];
            409: components["responses"]["409-conflict"];
            429: components["responses"]["429-gateway"];
            500: components["responses"]["500-gateway.internal"];
            503: components["responses"]["503-gateway.unavailable"];
        };
    };
    listSilentShipments: {
        parameters: {
            query?: {
                /** @description Items per page */
                limit?: number;
                /** @description The `cursor` of the previous page, unchanged; without it, the first page */
                cursor?: string;
            };
            header?: {
                /** @description Why you read this customer's data: support may name `customer_support`, `refund_handling`, `identity_verification`. Recorded in the audit trail and shown to the customer. */
                "X-Access-Purpose"?: "customer_support" | "refund_handling" | "identity_verification";
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of silent shipments */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SilentShipments"];
                };
            };
            400: components["responses"]["400-validation"];
            401: components["responses"]["401-gateway"];
            403: components["responses"]["403-forbidden"];
            429: components["responses"]["429-gateway"];
            500: components["responses"]["500-gateway.internal"];
            503: components["responses"]["503-gateway.unavailable"];
        };
    };
}
