/** GET /v1/admin/audit/verify — hash-chain verification: one subject's chain, or every chain changed since yesterday. */
import * as z from 'zod';
import { appDependencies } from '../../shared/adapters/dependencies';
import { httpHandler } from '../../shared/http/handler';
import { verifyAudit } from '../../shared/usecases/audit';
import { routes } from '../routes';

const deps = appDependencies(routes.verifyAuditTrail.access);

export const handler = httpHandler(
  routes.verifyAuditTrail,
  {
    query: z.strictObject({
      subjectId: z
        .string()
        .regex(/^[A-Za-z0-9_.@:-]{1,128}$/)
        .optional(),
    }),
  },
  async ({ query }) => ({ status: 200, body: await verifyAudit(deps, query.subjectId) }),
  deps.config,
);
