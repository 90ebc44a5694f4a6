/**
 * POST /v1/admin/incidents — a privacy officer opens a breach incident (or promotes a `privacy_breach`
 * complaint): the 72-hour authority decision clock runs from `discoveredAt` → 201.
 */

import { complaints, incidents, notifications, uow } from '../../shared/adapters/providers';
import { appDependencies } from '../../shared/adapters/wiring';
import { openIncidentSchema } from '../../shared/domain/incident';
import { httpHandler } from '../../shared/http/handler';
import { openIncident } from '../../shared/usecases/incidents';
import { routes } from '../routes';

const deps = appDependencies(routes.openIncident.access, { complaints, incidents, notifications, uow });

export const handler = httpHandler(
  routes.openIncident,
  { body: openIncidentSchema },
  async ({ body, access }) => {
    const incident = await openIncident(deps, body, access);
    return { status: 201, body: incident, headers: { location: `/v1/admin/incidents/${incident.id}` } };
  },
  deps.config,
);
