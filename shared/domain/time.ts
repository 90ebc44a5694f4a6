/** Durations and instants: one definition of a day, so no module writes `86_400` out again. */

export const SECONDS_PER_DAY = 86_400;
export const MS_PER_DAY = SECONDS_PER_DAY * 1000;

/** `days` as seconds (TTL arithmetic). */
export const daysInSeconds = (days: number): number => days * SECONDS_PER_DAY;

/** The instant `days` after `at` (negative goes back). */
export const addDays = (at: Date, days: number): Date => new Date(at.getTime() + days * MS_PER_DAY);

/** Epoch seconds of an instant (DynamoDB TTL and due-date attributes). */
export const epochSeconds = (at: Date): number => Math.floor(at.getTime() / 1000);

/** `yyyy-mm-dd` of an instant, in UTC. */
export const dayOf = (at: Date): string => at.toISOString().slice(0, 10);

/** The `yyyy-mm-dd` day `days` after `day`. */
export const addDaysToDay = (day: string, days: number): string =>
  dayOf(addDays(new Date(`${day}T00:00:00.000Z`), days));

/** Whole days elapsed from `from` to `to` (rounded down; negative when `to` is earlier). */
export const daysBetween = (from: Date, to: Date): number => Math.floor((to.getTime() - from.getTime()) / MS_PER_DAY);
