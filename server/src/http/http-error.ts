import type { z } from 'zod';

/** An error with the HTTP status and message the client should get; the error handler sends it as JSON. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const notFound = (message: string): HttpError => new HttpError(404, 'not_found', message);

/** Parses request input with a zod schema; bad input becomes a 400 with every problem in one readable line. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new HttpError(400, 'bad_request', describeIssues(result.error.issues, what));
}

function describeIssues(issues: readonly z.core.$ZodIssue[], what: string): string {
  return issues
    .map((issue) => {
      if (issue.code === 'unrecognized_keys') return `${what}: unknown parameter(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
      const path = issue.path.length ? issue.path.map(String).join('.') : what;
      return `${path}: ${issue.message}`;
    })
    .join('; ');
}
