/** The subject's disclosure ledger and notifications, newest first. */
import type { AppDependencies } from '../adapters/dependencies';
import type { AccessContext } from '../adapters/dynamodb/access';

type Page = { limit: number; cursor?: string | undefined };

export async function listDisclosures(deps: Pick<AppDependencies, 'disclosures'>, page: Page, access: AccessContext) {
  const { items, cursor } = await deps.disclosures.list(access.actor.id, page);
  return { disclosures: items, ...(cursor && { cursor }) };
}

export async function listNotifications(
  deps: Pick<AppDependencies, 'notifications' | 'clock'>,
  page: Page,
  access: AccessContext,
) {
  const { items, cursor } = await deps.notifications.list(access.actor.id, page, deps.clock.now());
  return { notifications: items, ...(cursor && { cursor }) };
}
