/**
 * The customer profile: account registration data. Only what orders, delivery and support need;
 * every attribute listed in PERSONAL_PROFILE_FIELDS is stored encrypted.
 */
import * as z from 'zod';
import { CONSENT_PURPOSES } from './access';

export const addressSchema = z.strictObject({
  label: z.string().trim().min(1).max(40).optional(),
  recipient: z.string().trim().min(1).max(200).optional(),
  line1: z.string().trim().min(1).max(200),
  line2: z.string().trim().min(1).max(200).optional(),
  city: z.string().trim().min(1).max(100),
  region: z.string().trim().min(1).max(100).optional(),
  postalCode: z.string().trim().min(1).max(20),
  country: z.string().regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2 country code'),
});
export type Address = z.infer<typeof addressSchema>;

const personalFields = {
  name: z.string().trim().min(1).max(200),
  email: z.email().max(254),
  phone: z.string().regex(/^\+[1-9]\d{6,14}$/, 'E.164 phone number, e.g. +441632960000'),
  addresses: z.array(addressSchema).max(10),
};

export const registrationSchema = z.strictObject({
  ...personalFields,
  phone: personalFields.phone.optional(),
  addresses: personalFields.addresses.optional(),
  acceptPolicyVersion: z.number().int().positive(),
  consents: z.partialRecord(z.enum(CONSENT_PURPOSES), z.boolean()).optional(),
});
export type Registration = z.infer<typeof registrationSchema>;

/** Rectification: any subset of the personal fields; `phone: null` removes the phone number. */
export const rectificationSchema = z
  .strictObject({
    name: personalFields.name.optional(),
    email: personalFields.email.optional(),
    phone: personalFields.phone.nullable().optional(),
    addresses: personalFields.addresses.optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, { message: 'At least one field to change is required' });
export type Rectification = z.infer<typeof rectificationSchema>;

export const PERSONAL_PROFILE_FIELDS = ['name', 'email', 'phone', 'addresses'] as const;
export type PersonalProfileField = (typeof PERSONAL_PROFILE_FIELDS)[number];

export interface PersonalProfileData {
  readonly name: string;
  readonly email: string;
  readonly phone?: string | undefined;
  readonly addresses: readonly Address[];
}

export interface Profile extends PersonalProfileData {
  readonly subjectId: string;
  readonly acceptedPolicyVersion: number;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Non-personal facts about a registered subject, readable without decryption or audit. */
export interface ProfileStatus {
  readonly subjectId: string;
  readonly version: number;
  readonly acceptedPolicyVersion: number;
  /** Processing restricted at the subject's request: no new orders, no staff reads but the officer's. */
  readonly restricted: boolean;
}

/** The profile after a rectification, and which personal fields actually changed. */
export function rectify(
  profile: Profile,
  patch: Rectification,
  at: Date,
): { profile: Profile; changed: PersonalProfileField[] } {
  const next: Profile = {
    ...profile,
    ...(patch.name !== undefined && { name: patch.name }),
    ...(patch.email !== undefined && { email: patch.email }),
    ...(patch.phone !== undefined && { phone: patch.phone ?? undefined }),
    ...(patch.addresses !== undefined && { addresses: patch.addresses }),
    version: profile.version + 1,
    updatedAt: at.toISOString(),
  };
  const changed = PERSONAL_PROFILE_FIELDS.filter(
    (field) => JSON.stringify(profile[field]) !== JSON.stringify(next[field]),
  );
  return { profile: next, changed };
}
