import { InputError } from './errors.js';

/** Keyset position: the (startedAt, id) of the last clip on a page, newest-first order. */
export interface ClipCursor {
  readonly startedAtMs: number;
  readonly id: string;
}

export function encodeClipCursor(cursor: ClipCursor): string {
  return Buffer.from(JSON.stringify([cursor.startedAtMs, cursor.id])).toString('base64url');
}

export function decodeClipCursor(text: string): ClipCursor {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (Array.isArray(value) && typeof value[0] === 'number' && typeof value[1] === 'string') {
      return { startedAtMs: value[0], id: value[1] };
    }
  } catch {
    // fall through to the error below
  }
  throw new InputError('cursor: not a cursor returned by this server');
}
