/** `?limit=&cursor=` for list routes: at most 100 per page, an opaque cursor. */
import * as z from 'zod';

export const pageQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(25).meta({ description: 'Items per page' }),
  cursor: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,2048}$/)
    .optional()
    .meta({ description: 'The `cursor` of the previous page, unchanged; without it, the first page' }),
});
