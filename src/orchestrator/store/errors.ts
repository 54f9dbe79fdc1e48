/** Why the store refused to open or to write; stable, for callers that branch on it. */
export type StoreErrorReason =
  | 'locked'
  | 'read-only'
  | 'closed'
  | 'unreadable'
  | 'journal-corrupt'
  | 'schema-too-new';

/** Every failure the store reports on purpose carries a reason and a message saying what to do. */
export class StoreError extends Error {
  readonly reason: StoreErrorReason;

  constructor(reason: StoreErrorReason, message: string) {
    super(message);
    this.name = 'StoreError';
    this.reason = reason;
  }
}

/** Another live process holds the writer lock on the same store directory. */
export class StoreLockedError extends StoreError {
  readonly pid: number;
  readonly hostname: string;
  readonly lockPath: string;

  constructor(lockPath: string, pid: number, hostname: string) {
    super(
      'locked',
      `The run database is in use by process ${pid} on ${hostname} (lock file ${lockPath}). ` +
        'Close the other window or process, or open the database read-only.',
    );
    this.name = 'StoreLockedError';
    this.pid = pid;
    this.hostname = hostname;
    this.lockPath = lockPath;
  }
}
