// Error-as-value for pipeline stages and outside calls: callers must look at `ok` before using a value.
export type Ok<T> = { readonly ok: true; readonly value: T };
export type Err<E> = { readonly ok: false; readonly error: E };
export type Result<T, E = Error> = Ok<T> | Err<E>;

export const ok = <T>(value: T): Ok<T> => ({ ok: true, value });
export const err = <E>(error: E): Err<E> => ({ ok: false, error });

/** Turns a thrown error into a value; keeps the original as `cause` when it is not an Error. */
export async function attempt<T>(fn: () => Promise<T>): Promise<Result<T, Error>> {
  try {
    return ok(await fn());
  } catch (e) {
    return err(toError(e));
  }
}

export function toError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e), { cause: e });
}
