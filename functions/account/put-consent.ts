/** PUT /v1/me/consents/{purpose} — grant or withdraw; appended to the ledger and effective at once. */
import * as z from 'zod';
import { consents, engagement, policies, profiles, uow } from '../../shared/adapters/providers';
import { appDependencies } from '../../shared/adapters/wiring';
import { CONSENT_PURPOSES } from '../../shared/domain/access';
import { httpHandler } from '../../shared/http/handler';
import { changeConsent } from '../../shared/usecases/consents';
import { routes } from '../routes';

const deps = appDependencies(routes.putConsent.access, { consents, engagement, policies, profiles, uow });

export const handler = httpHandler(
  routes.putConsent,
  {
    params: z.strictObject({ purpose: z.enum(CONSENT_PURPOSES) }),
    body: z.strictObject({ granted: z.boolean() }),
  },
  async ({ params, body, access }) => ({
    status: 200,
    body: await changeConsent(deps, params.purpose, body.granted, access),
  }),
  deps.config,
);
