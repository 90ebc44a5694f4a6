// The outbox, drained locally: what the data table's stream and the publisher function do in AWS
// (shared/adapters/dynamodb/outbox.ts). Drains right after each API request (`kick`), when events
// were staged, and polls every shard once a second for what jobs staged; publishes each event to the
// local EventBridge through the real SDK, then removes it. Polling every shard costs one Query per
// shard, so the idle poll stays slow.
import { localDependencies } from '../shared/adapters/dependencies';
import { drainOutbox } from '../shared/adapters/dynamodb/outbox';

export interface OutboxDrainerHandle {
  /** Drain now (after a request that may have staged events); a pass under way is followed by another. */
  kick(): void;
  stop(): Promise<void>;
}

/** `LOCAL_OUTBOX_DRAIN=off` leaves events in the outbox (a test can then kill the stack before they leave). */
export function startOutboxDrainer(options: { intervalMs?: number; log: (line: string) => void }): OutboxDrainerHandle {
  // Built after `npm start` applied the local environment, like a function's cold start.
  const deps = localDependencies();
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
  let kicked = false;
  let wake: (() => void) | undefined;
  const idle = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      wake = done;
      function done() {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
    });
  const loop = (async () => {
    while (!stopped) {
      kicked = false;
      await pass();
      if (!kicked && !stopped) await idle(options.intervalMs ?? 1000);
    }
  })();
  return {
    kick: () => {
      kicked = true;
      wake?.();
    },
    stop: async () => {
      stopped = true;
      wake?.();
      await loop;
    },
  };
}
