/** Clocks: production reads real time (`CLOCK_OFFSET_SECONDS` shifts it for expiry tests); tests and benchmarks move theirs by hand. */
import type { Clock } from '../ports/clock';

export type { Clock };

export const systemClock = (offsetSeconds = 0): Clock => ({
  now: () => new Date(Date.now() + offsetSeconds * 1000),
});

/** A clock tests move by hand. */
export class ManualClock implements Clock {
  constructor(private current: Date = new Date('2026-01-01T00:00:00.000Z')) {}
  now(): Date {
    return new Date(this.current);
  }
  advance(seconds: number): void {
    this.current = new Date(this.current.getTime() + seconds * 1000);
  }
}
