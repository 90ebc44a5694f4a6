/**
 * Test waits, bounded by generous limits that a busy CI machine can raise without editing code.
 * Every wait polls for its outcome and returns as soon as it holds: a limit only decides how long a
 * broken run takes to fail, never how long a passing one takes.
 */

/** Multiplies every limit below (e.g. `TEST_TIMEOUT_SCALE=3` on a heavily shared machine). */
export function timeoutScale(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.TEST_TIMEOUT_SCALE;
  if (raw === undefined || raw === '') return 1;
  const scale = Number(raw);
  if (!Number.isFinite(scale) || scale <= 0)
    throw new Error(`TEST_TIMEOUT_SCALE must be a positive number, got "${raw}"`);
  return scale;
}

/** `ms` scaled by TEST_TIMEOUT_SCALE: use for hook and test timeouts that wait on real processes. */
export const limit = (ms: number): number => Math.round(ms * timeoutScale());

/** How long `npm start` may take to print its ready line in a test (`STACK_START_TIMEOUT_SECONDS`, default 120 s). */
export function stackStartTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.STACK_START_TIMEOUT_SECONDS;
  const seconds = raw ? Number(raw) : 120;
  if (!Number.isFinite(seconds) || seconds <= 0)
    throw new Error(`STACK_START_TIMEOUT_SECONDS must be a positive number, got "${raw}"`);
  return limit(seconds * 1000);
}

/**
 * Polls `probe` until `done` holds, every `intervalMs`; throws with `what` and the last value after
 * `timeoutMs`. The probe's own time counts, so a slow machine cannot make it poll forever.
 */
export async function waitUntil<T>(
  probe: () => T | Promise<T>,
  done: (value: T) => boolean,
  what: string,
  { timeoutMs = limit(60_000), intervalMs = 100 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}; last value: ${describe(value)}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

function describe(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 2000 ? `…${text.slice(-2000)}` : text;
}
