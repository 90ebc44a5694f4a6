/** GET /v1/processors — the sub-processor register: who outside the platform receives what, and why. Public. */
import { processors } from '../../shared/config/processors';
import { httpHandler } from '../../shared/http/handler';
import { routes } from '../routes';

export const handler = httpHandler(routes.listProcessors, {}, async () => ({ status: 200, body: { processors } }));
