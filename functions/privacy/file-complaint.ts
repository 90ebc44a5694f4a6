/** POST /v1/me/complaints — a registered subject files a complaint; its description is sealed. */

import { complaints, profiles, uow } from '../../shared/adapters/providers';
import { appDependencies } from '../../shared/adapters/wiring';
import { fileComplaintSchema } from '../../shared/domain/complaint';
import { httpHandler } from '../../shared/http/handler';
import { fileComplaint } from '../../shared/usecases/complaints';
import { routes } from '../routes';

const deps = appDependencies(routes.fileComplaint.access, { complaints, profiles, uow });

export const handler = httpHandler(
  routes.fileComplaint,
  { body: fileComplaintSchema },
  async ({ body, access }) => {
    const complaint = await fileComplaint(deps, body, access);
    return { status: 201, body: complaint, headers: { location: `/v1/me/complaints/${complaint.id}` } };
  },
  deps.config,
);
