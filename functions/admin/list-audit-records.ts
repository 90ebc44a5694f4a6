/**
 * GET /v1/admin/audit — audit records by subject or time range (`?subjectId=&from=&to=`); no personal
 * values. The read is itself recorded first: on the subject's chain, or on the system chain.
 */
import * as z from 'zod';
import { audit, digests } from '../../shared/adapters/providers';
import { appDependencies } from '../../shared/adapters/wiring';
import { httpHandler } from '../../shared/http/handler';
import { auditRecords } from '../../shared/usecases/audit';
import { routes } from '../routes';

const deps = appDependencies(routes.listAuditRecords.access, { audit, digests });

export const handler = httpHandler(
  routes.listAuditRecords,
  {
    query: z.strictObject({
      subjectId: z
        .string()
        .regex(/^[A-Za-z0-9_.@:-]{1,128}$/)
        .optional(),
      from: z.iso.datetime().optional(),
      to: z.iso.datetime().optional(),
      limit: z.coerce.number().int().min(1).max(500).default(100),
    }),
  },
  async ({ query, access }) => ({ status: 200, body: await auditRecords(deps, query, access) }),
  deps.config,
);
