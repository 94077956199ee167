// Domain errors keep their cause so logs show the whole chain.
export class HomesecError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Bad configuration: the message is meant for the user, one `path: message` line per problem. */
export class ConfigError extends HomesecError {
  constructor(
    readonly problems: readonly string[],
    options?: { cause?: unknown },
  ) {
    super(problems.join('\n'), options);
  }
}

/** The clip store (SQLite file or Postgres server) cannot be reached or refused a query. */
export class StoreUnavailableError extends HomesecError {}

/**
 * The clip store was reached and refused a write for good (a constraint, bad data, no permission): the
 * same write would be refused again, unlike StoreUnavailableError. The repository sets it aside.
 */
export class StoreRejectedError extends HomesecError {}

/** Bad input from a user or a camera (a bad file, a bad query): never retried. */
export class InputError extends HomesecError {}

/** A file that reached intake but is not a usable clip; it was recorded as failed clip `clipId`. */
export class ClipRejectedError extends InputError {
  constructor(
    message: string,
    readonly clipId: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
