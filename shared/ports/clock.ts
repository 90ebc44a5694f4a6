/** The clock port: every use case and repository reads time through it, never `Date.now()`. */
export interface Clock {
  now(): Date;
}
