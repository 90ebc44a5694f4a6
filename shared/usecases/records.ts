/** The subject's disclosure ledger and notifications, newest first. */
import type { AccessContext } from '../domain/access';
import type { PolicyVersion } from '../domain/policy';
import type { Ports } from '../ports';
import type { Notification } from '../ports/orders';
import type { Page } from '../ports/page';

export async function listDisclosures(deps: Pick<Ports, 'disclosures'>, page: Page, access: AccessContext) {
  const { items, cursor } = await deps.disclosures.list(access.actor.id, page);
  return { disclosures: items, ...(cursor && { cursor }) };
}

/**
 * The subject's notifications, with policy announcements merged in on the first page: an
 * announcement is one item for everybody (fan-out on read), not one write per user.
 */
export async function listNotifications(
  deps: Pick<Ports, 'notifications' | 'clock' | 'policies'>,
  page: Page,
  access: AccessContext,
) {
  const { items, cursor } = await deps.notifications.list(access.actor.id, page, deps.clock.now());
  const announcements = page.cursor ? [] : (await deps.policies.all()).flatMap(announcement);
  const notifications = [...items, ...announcements].sort((a, b) => b.at.localeCompare(a.at));
  return { notifications, ...(cursor && { cursor }) };
}

/** An announced policy version as a notification; the first version took effect without notice. */
function announcement(v: PolicyVersion): Notification[] {
  if (v.status !== 'announced' || !v.announcedAt || !v.effectiveAt || v.version <= 1) return [];
  const acceptance = v.material ? ' and will need your acceptance' : '';
  return [
    {
      id: `policy-${v.version}`,
      type: 'policy.announced',
      message: `Version ${v.version} of the privacy policy takes effect on ${v.effectiveAt.slice(0, 10)}${acceptance}: ${v.summary}`,
      resource: `policy/${v.version}`,
      at: v.announcedAt,
    },
  ];
}
