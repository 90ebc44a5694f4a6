/**
 * Each route's request schemas, read from its handler module: `httpHandler` keeps the schemas it
 * validates with on the handler, so the document describes exactly what is enforced. Modules load
 * with placeholder configuration (as at a cold start); nothing is called and no client connects.
 */
import path from 'node:path';
import type { RouteName } from '../functions/routes';
import { CARRIER_IDS } from '../shared/config/carriers';
import {
  CARRIER_SECRET_VALUES_ENV,
  CURSOR_SECRET_VALUE_ENV,
  EVENT_BUS_ENV,
  KMS_KEY_ENV,
  PAYMENT_KEY_VALUE_ENV,
  tables,
} from '../shared/config/resources';
import type { ApiHandler, RequestSchemas } from '../shared/http/handler';
import type { RouteDefinition } from '../shared/http/route';

const PLACEHOLDERS: Record<string, string> = {
  AWS_REGION: 'us-east-1',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  ...Object.fromEntries(Object.values(tables).map((t) => [t.envVar, `contract-${t.id}`])),
  [KMS_KEY_ENV]: 'contract-key',
  [EVENT_BUS_ENV]: 'contract-bus',
  [CARRIER_SECRET_VALUES_ENV]: JSON.stringify(
    Object.fromEntries(CARRIER_IDS.map((id) => [id, 'contract-placeholder'])),
  ),
  [PAYMENT_KEY_VALUE_ENV]: 'contract-placeholder',
  [CURSOR_SECRET_VALUE_ENV]: 'contract-placeholder',
};

export async function requestSchemasOf(
  routes: Readonly<Record<RouteName, RouteDefinition>>,
  repoRoot: string,
): Promise<Record<RouteName, RequestSchemas<unknown, unknown, unknown>>> {
  for (const [name, value] of Object.entries(PLACEHOLDERS)) process.env[name] ??= value;
  const entries = await Promise.all(
    (Object.keys(routes) as RouteName[]).map(async (name) => {
      const module = (await import(path.join(repoRoot, routes[name].entry))) as { handler?: ApiHandler };
      if (!module.handler?.schemas) throw new Error(`${routes[name].entry} does not export an httpHandler`);
      return [name, module.handler.schemas] as const;
    }),
  );
  return Object.fromEntries(entries) as Record<RouteName, RequestSchemas<unknown, unknown, unknown>>;
}
