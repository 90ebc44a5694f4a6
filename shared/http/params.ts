/** Path parameter schemas shared by routes: ids are ULIDs, anything else names nothing (404). */
import { z } from 'zod';

export const ulid = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/);

export const orderIdParams = z.strictObject({ orderId: ulid });
