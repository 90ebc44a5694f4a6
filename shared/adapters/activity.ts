/**
 * Records that a customer was active, from the HTTP handler stack: any authenticated request by the
 * subject counts. A process remembers the day it recorded each subject, so a busy subject costs one
 * conditional write a day per warm function, and the write's own condition (last activity before
 * today) makes it at most one change a day overall. It never fails or delays a request beyond that
 * one write: an activity lost to an outage is one day of 730.
 */
import { dayOf } from '../domain/time';
import { visited } from '../usecases/activity';
import { logger } from './logger';
import { profiles } from './providers';
import { appDependencies, type Wired } from './wiring';

/** Subjects remembered per process; beyond this the oldest are forgotten (and may cost one more write). */
const MAX_REMEMBERED = 10_000;
const recorded = new Map<string, string>();
let deps: Wired<{ profiles: typeof profiles }> | undefined;

export async function recordVisit(subjectId: string): Promise<void> {
  try {
    // Wired on first use, not at import: the handler module declares the function's access first.
    deps ??= appDependencies(undefined, { profiles });
    const today = dayOf(deps.clock.now());
    if (recorded.get(subjectId) === today) return;
    remember(subjectId, today);
    await visited(deps, subjectId);
  } catch (e) {
    logger.warn('Activity not recorded', { errorName: e instanceof Error ? e.name : 'Error' });
  }
}

function remember(subjectId: string, day: string): void {
  recorded.delete(subjectId);
  recorded.set(subjectId, day);
  if (recorded.size > MAX_REMEMBERED) {
    const oldest = recorded.keys().next().value;
    if (oldest !== undefined) recorded.delete(oldest);
  }
}
