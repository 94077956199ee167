/**
 * Whether a failed store write was refused for good (sending it again would fail again) or the store
 * was only unreachable or busy. Only a refusal sets a write aside; anything else keeps it in the journal.
 */

/**
 * Postgres SQLSTATE classes that are about the write itself: 22 data exception (bad JSON, a NUL byte), 23
 * integrity constraint, 42 syntax or access rule (a missing grant), 54 program limit (a row too large),
 * P0 raised by a trigger or function. Connection (08), rollback (40), resources (53, disk full),
 * operator (57), system (58) and internal (XX) errors, and errors without a code, are transient.
 */
const POSTGRES_REJECTING_CLASSES = new Set(['22', '23', '42', '54', 'P0']);

export function isPostgresRejection(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.length === 5 && POSTGRES_REJECTING_CLASSES.has(code.slice(0, 2));
}

/** SQLite result codes about the write itself; BUSY, LOCKED, IOERR, FULL, CANTOPEN and the like are transient. */
const SQLITE_REJECTING = ['SQLITE_CONSTRAINT', 'SQLITE_MISMATCH', 'SQLITE_TOOBIG', 'SQLITE_RANGE'];

export function isSqliteRejection(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && SQLITE_REJECTING.some((c) => code === c || code.startsWith(`${c}_`));
}
