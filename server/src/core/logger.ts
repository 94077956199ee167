/**
 * What every part needs of a logger: structured fields first, then the message. The ground floor
 * names only this; logging/ makes the real one (pino, redaction, the database sink).
 */
export interface LogFn {
  (fields: object, message?: string): void;
  (message: string): void;
}

export interface Logger {
  readonly fatal: LogFn;
  readonly error: LogFn;
  readonly warn: LogFn;
  readonly info: LogFn;
  readonly debug: LogFn;
  readonly trace: LogFn;
  /** A logger whose records all carry `bindings` (camera, component, ...); `level` quiets a chatty library. */
  child(bindings: Record<string, unknown>, options?: { readonly level?: string }): Logger;
  isLevelEnabled(level: string): boolean;
}
