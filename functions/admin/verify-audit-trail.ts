/**
 * GET /v1/admin/audit/verify?subjectId= — one subject's chain checked now: every record re-hashed and
 * linked, and the chain compared with the newest digest that signed it (signature and inclusion
 * proof checked with the digest key's public half). Every chain is verified by the audit-verify job.
 */
import * as z from 'zod';
import { audit, digestKey, digests } from '../../shared/adapters/providers';
import { appDependencies } from '../../shared/adapters/wiring';
import { httpHandler } from '../../shared/http/handler';
import { verifyAuditChain } from '../../shared/usecases/audit';
import { routes } from '../routes';

const deps = appDependencies(routes.verifyAuditTrail.access, { audit, digestKey, digests });

export const handler = httpHandler(
  routes.verifyAuditTrail,
  { query: z.strictObject({ subjectId: z.string().regex(/^[A-Za-z0-9_.@:-]{1,128}$/) }) },
  async ({ query, access }) => ({ status: 200, body: await verifyAuditChain(deps, query.subjectId, access) }),
  deps.config,
);
