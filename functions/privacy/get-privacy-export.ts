/**
 * GET /v1/me/privacy-requests/{privacyRequestId}/export[?part=n] — the export document while
 * available, 410 after; a sign-in within 15 minutes first (401 otherwise). A document larger than one
 * response comes in parts (`X-Export-Parts`, and `Link: <…?part=n+1>; rel="next"` until the last):
 * their bodies, joined in order, are the JSON document. Most exports are one part, a plain JSON body.
 */
import * as z from 'zod';
import { exports, privacyRequests } from '../../shared/adapters/providers';
import { appDependencies } from '../../shared/adapters/wiring';
import { httpHandler } from '../../shared/http/handler';
import { privacyRequestIdParams } from '../../shared/http/params';
import { downloadExport } from '../../shared/usecases/privacy-requests';
import { routes } from '../routes';

const deps = appDependencies(routes.getPrivacyExport.access, { exports, privacyRequests });

const query = z.strictObject({ part: z.coerce.number().int().min(1).max(100_000).default(1) });

export const handler = httpHandler(
  routes.getPrivacyExport,
  { params: privacyRequestIdParams, query },
  async ({ params, query, caller, access }) => {
    const id = params.privacyRequestId;
    const { part, parts, text } = await downloadExport(deps, id, query.part, caller.authTime, access);
    const self = `/v1/me/privacy-requests/${id}/export`;
    return {
      status: 200,
      text,
      headers: {
        // One part is the whole document; one of several is a piece of it, JSON only once joined.
        'content-type': parts === 1 ? 'application/json' : 'application/octet-stream',
        'content-disposition': `attachment; filename="privacy-export-${id}${parts === 1 ? '' : `.part${part}`}.json"`,
        'x-export-part': String(part),
        'x-export-parts': String(parts),
        ...(part < parts && { link: `<${self}?part=${part + 1}>; rel="next"` }),
      },
    };
  },
  deps.config,
);
