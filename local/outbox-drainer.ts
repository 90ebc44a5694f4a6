// The outbox, drained locally: what the data table's stream and the publisher function do in AWS
// (shared/adapters/dynamodb/outbox.ts). Polls the outbox every few hundred milliseconds, publishes
// each staged event to the local EventBridge through the real SDK, then removes it.
import { appDependencies } from '../shared/adapters/dependencies';
import { drainOutbox } from '../shared/adapters/dynamodb/outbox';

export interface OutboxDrainerHandle {
  stop(): Promise<void>;
}

/** `LOCAL_OUTBOX_DRAIN=off` leaves events in the outbox (a test can then kill the stack before they leave). */
export function startOutboxDrainer(options: { intervalMs?: number; log: (line: string) => void }): OutboxDrainerHandle {
  // Built after `npm start` applied the local environment, like a function's cold start.
  const deps = appDependencies({ data: 'readwrite', events: true });
  let stopped = false;
  let failing = false;
  const pass = async (): Promise<void> => {
    try {
      await drainOutbox(deps.outbox, deps.events);
      failing = false;
    } catch (error) {
      // Logged once per outage; the events stay in the outbox for the next pass.
      if (!failing) options.log(`outbox drain failed: ${(error as Error).name}; retrying`);
      failing = true;
    }
  };
  const loop = (async () => {
    while (!stopped) {
      await pass();
      await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 200));
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await loop;
    },
  };
}
