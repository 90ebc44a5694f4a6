// The local runtime's clock: real time shifted by CLOCK_OFFSET_SECONDS, so token expiry and retention can be exercised.

/** Seconds added to real time; `CLOCK_OFFSET_SECONDS` must be an integer (it may be negative). */
export function clockOffsetSeconds(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.CLOCK_OFFSET_SECONDS?.trim();
  if (!raw) return 0;
  if (!/^[+-]?\d+$/.test(raw))
    throw new Error(`CLOCK_OFFSET_SECONDS must be an integer number of seconds, got "${raw}"`);
  return Number(raw);
}

export const nowMs = (): number => Date.now() + clockOffsetSeconds() * 1000;
export const nowSeconds = (): number => Math.floor(nowMs() / 1000);
