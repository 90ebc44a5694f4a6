/**
 * Named writes in one unit of work. A repository prepares a change as a `Write` with a name
 * (`order.status`, `idempotency.claim`…); a use case hands its writes and their audit events to
 * `commit`, which runs them as one transaction. When a write's condition fails, the domain error is
 * chosen by that write's name, never by its position in the transaction.
 */
import type { AuditEvent, AuditRecord } from '../domain/audit';

/** One prepared change. Opaque outside the adapter that built it: only its name is public. */
export interface Write {
  /** What the write does, for mapping a failed condition to a domain error (`order.status`). */
  readonly name: string;
}

/**
 * The domain error for each write name whose condition may fail. A failed write with no entry is a
 * ConflictError ("changed meanwhile; nothing was changed").
 */
export type ConditionErrors = Readonly<Partial<Record<string, () => Error>>>;

export interface BatchOptions {
  /** Rides in the last transaction: e.g. the record that the batch's step is done. */
  readonly last?: Write;
  /**
   * Names of writes whose failed condition means "already done" (another run got there first): the
   * transaction holding one is replayed write by write and those are skipped.
   */
  readonly alreadyDone?: readonly string[];
  readonly errors?: ConditionErrors;
  /** The change's audit records: they ride in the last transaction, with `last`. */
  readonly audit?: readonly AuditEvent[];
}

export interface UnitOfWork {
  /**
   * Commits `writes` and the audit records of `audit` atomically: all land or none does. Returns the
   * audit records written. Throws the mapped error when a write's condition fails, UnavailableError
   * when the store cannot be reached.
   */
  commit(
    writes: readonly Write[],
    audit: readonly AuditEvent[],
    errors?: ConditionErrors,
  ): Promise<readonly AuditRecord[]>;
  /**
   * Commits idempotent writes in as few transactions as the store allows, each write kept whole
   * (bulk erasure and anonymisation). Not atomic across transactions: a crash midway leaves a prefix
   * done, which a re-run completes.
   */
  commitInBatches(writes: readonly Write[], options?: BatchOptions): Promise<void>;
  /**
   * Several writes that must always land together (an order's move and its event, say), as one
   * write named `name`: in a batch they stay in one transaction; one failed condition fails them all.
   */
  combine(name: string, writes: readonly Write[]): Write;
}
