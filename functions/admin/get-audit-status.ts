/**
 * GET /v1/admin/audit/status — the newest signed digest (its signature checked with the digest key's
 * public half), the newest verification run and the newest that found a problem.
 */

import { audit, digestKey, digests } from '../../shared/adapters/providers';
import { appDependencies } from '../../shared/adapters/wiring';
import { httpHandler } from '../../shared/http/handler';
import { auditStatus } from '../../shared/usecases/audit';
import { routes } from '../routes';

const deps = appDependencies(routes.getAuditStatus.access, { audit, digestKey, digests });

export const handler = httpHandler(
  routes.getAuditStatus,
  {},
  async ({ access }) => ({ status: 200, body: await auditStatus(deps, access) }),
  deps.config,
);
