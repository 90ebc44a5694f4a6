/** A page request: at most `limit` items, continuing after `cursor` (opaque, from the previous page). */
export interface Page {
  readonly limit: number;
  readonly cursor?: string | undefined;
}
