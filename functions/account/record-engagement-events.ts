/** POST /v1/me/engagement-events — stored (200, with the count) only while `analytics` consent is granted. */

import { consents, engagement, policies, profiles, uow } from '../../shared/adapters/providers';
import { appDependencies } from '../../shared/adapters/wiring';
import { engagementBatchSchema } from '../../shared/domain/engagement';
import { httpHandler } from '../../shared/http/handler';
import { recordEngagementEvents } from '../../shared/usecases/consents';
import { routes } from '../routes';

const deps = appDependencies(routes.recordEngagementEvents.access, { consents, engagement, policies, profiles, uow });

export const handler = httpHandler(
  routes.recordEngagementEvents,
  { body: engagementBatchSchema },
  async ({ body, access }) => ({ status: 200, body: await recordEngagementEvents(deps, body.events, access) }),
  deps.config,
);
