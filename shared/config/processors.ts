/**
 * The sub-processor register: every party outside the platform that receives personal data, what it
 * receives, why, and the agreement that binds it (docs/decisions/0094-sub-processor-register.md). The
 * backend cannot sign a contract; the operator does, and records the reference here before a party
 * goes live. Served as is by `GET /v1/processors` and listed in docs/compliance.md. Carriers are
 * derived from shared/config/carriers.ts, so a carrier added there is listed here too — and what each
 * receives follows its `needsPhone`, exactly as shared/usecases/shipping.ts hands it over.
 */
import { carriers } from './carriers';

export type ProcessorRole = 'payment' | 'delivery' | 'hosting' | 'mail';

export interface Processor {
  readonly id: string;
  readonly name: string;
  readonly role: ProcessorRole;
  /** Why the party receives anything, in the policy's terms (delivery, shipping, payment settlement, …). */
  readonly purpose: string;
  /** The personal data it receives, field by field; nothing else leaves for it. */
  readonly receives: readonly string[];
  /** The agreement that binds it: its name, and where the operator keeps the signed copy. */
  readonly agreement: string;
}

const carrierProcessors: Processor[] = Object.values(carriers).map((c) => ({
  id: c.id,
  name: c.name,
  role: 'delivery',
  purpose: 'Delivers the parcels of orders booked with its services.',
  receives: ['recipient name', 'shipping address', ...(c.needsPhone ? ['recipient phone number'] : [])],
  agreement: `Carrier data processing agreement with ${c.name}; signed copy kept by the operator (docs/deploy.md, sub-processor agreements).`,
}));

export const processors: readonly Processor[] = [
  {
    id: 'stripe',
    name: 'Stripe',
    role: 'payment',
    purpose: 'Authorises, captures and refunds order payments (payment settlement).',
    receives: ['payment method token created by the customer with Stripe', 'amount and currency', 'order reference'],
    agreement: 'Stripe Data Processing Agreement (part of the Stripe Services Agreement), accepted by the operator.',
  },
  ...carrierProcessors,
  {
    id: 'aws',
    name: 'Amazon Web Services',
    role: 'hosting',
    purpose:
      'Hosts the backend: compute, storage and keys. Holds personal data encrypted under keys it cannot use for us.',
    receives: ['all stored personal data, encrypted per subject (docs/decisions/0001)'],
    agreement: 'AWS GDPR Data Processing Addendum (part of the AWS Service Terms), accepted by the operator.',
  },
  {
    id: 'aws-ses',
    name: 'Amazon SES',
    role: 'mail',
    purpose: 'Sends the mails the backend must send to a customer (inactivity notice).',
    receives: ['e-mail address', 'greeting name'],
    agreement: 'AWS GDPR Data Processing Addendum (part of the AWS Service Terms), accepted by the operator.',
  },
];
