/** Path parameter schemas shared by routes: ids are ULIDs, anything else names nothing (404). */
import * as z from 'zod';

export const ulid = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/);

export const orderIdParams = z.strictObject({ orderId: ulid });

/** Named for what it identifies: `requestId` elsewhere in the API is the correlation id of a call. */
export const privacyRequestIdParams = z.strictObject({ privacyRequestId: ulid });

/** Subject ids as identity providers issue them (Cognito `sub`s are UUIDs; local ones are free-form). */
export const subjectIdParams = z.strictObject({ subjectId: z.string().regex(/^[A-Za-z0-9_.@:-]{1,128}$/) });
