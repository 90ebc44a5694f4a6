/** GET /v1/me/privacy-requests/{privacyRequestId}/export — the export document while available, 410 after. */
import { appDependencies } from '../../shared/adapters/dependencies';
import { httpHandler } from '../../shared/http/handler';
import { privacyRequestIdParams } from '../../shared/http/params';
import { downloadExport } from '../../shared/usecases/privacy-requests';
import { routes } from '../routes';

const deps = appDependencies(routes.getPrivacyExport.access);

export const handler = httpHandler(
  routes.getPrivacyExport,
  { params: privacyRequestIdParams },
  async ({ params, access }) => ({
    status: 200,
    body: await downloadExport(deps, params.privacyRequestId, access),
    headers: { 'content-disposition': `attachment; filename="privacy-export-${params.privacyRequestId}.json"` },
  }),
  deps.config,
);
