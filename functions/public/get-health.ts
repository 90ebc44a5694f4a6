/** GET /v1/health — liveness for load balancers and the local runtime's readiness check. */
import { httpHandler } from '../../shared/http/handler';
import { routes } from '../routes';

export const handler = httpHandler(routes.health, {}, async () => ({ status: 200, body: { status: 'ok' } }));
