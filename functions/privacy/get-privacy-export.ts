/** GET /v1/me/privacy-requests/{requestId}/export — the export document while available, 410 after. */
import { appDependencies } from '../../shared/adapters/dependencies';
import { httpHandler } from '../../shared/http/handler';
import { requestIdParams } from '../../shared/http/params';
import { downloadExport } from '../../shared/usecases/privacy-requests';
import { routes } from '../routes';

const deps = appDependencies(routes.getPrivacyExport.access);

export const handler = httpHandler(
  routes.getPrivacyExport,
  { params: requestIdParams },
  async ({ params, access }) => ({
    status: 200,
    body: await downloadExport(deps, params.requestId, access),
    headers: { 'content-disposition': `attachment; filename="privacy-export-${params.requestId}.json"` },
  }),
  deps.config,
);
