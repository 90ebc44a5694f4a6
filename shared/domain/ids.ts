/** Sortable, opaque identifiers (ULID): time-ordered keys without a counter to coordinate. */
import { monotonicFactory } from 'ulid';

const next = monotonicFactory();

export const newId = (at?: Date): string => next(at?.getTime());
