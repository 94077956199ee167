import { connect } from 'node:net';

/** What the server said on one connection: its status (null: no status line at all) and the raw answer. */
export interface RawAnswer {
  readonly status: number | null;
  readonly text: string;
}

export interface RawRequest {
  readonly method: string;
  /** The request target exactly as sent: `//api/clips`, `/%61pi/clips`, `http://host/api/clips`. */
  readonly target: string;
  readonly headers: readonly (readonly [string, string])[];
  readonly body?: string;
}

/** The request as bytes on the wire; nothing is normalised or checked (fetch and node:http would). */
export function requestBytes(request: RawRequest): Buffer {
  const headers = request.headers.map(([name, value]) => `${name}: ${value}\r\n`).join('');
  const body = request.body ?? '';
  const length = body === '' ? '' : `Content-Length: ${Buffer.byteLength(body)}\r\n`;
  return Buffer.from(`${request.method} ${request.target} HTTP/1.1\r\n${headers}${length}\r\n${body}`, 'utf8');
}

/** Whether `text` holds one whole HTTP response (headers, then Content-Length bytes or a last chunk). */
function isComplete(text: string): boolean {
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) return false;
  const head = text.slice(0, end).toLowerCase();
  const length = /\r\ncontent-length: *(\d+)/.exec(head);
  if (length) return Buffer.byteLength(text.slice(end + 4), 'latin1') >= Number(length[1]);
  if (/\r\ntransfer-encoding: *chunked/.test(head)) return text.endsWith('0\r\n\r\n');
  return false;
}

/**
 * Sends one request on a fresh connection and resolves with the answer once it is whole or the server
 * closed the connection. A server that does neither within `deadlineMs` gets `status: null`, which no
 * assertion accepts.
 */
export function rawHttp(port: number, request: RawRequest | Buffer, deadlineMs = 10_000): Promise<RawAnswer> {
  const bytes = Buffer.isBuffer(request) ? request : requestBytes(request);
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
    const chunks: Buffer[] = [];
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(chunks).toString('latin1');
      const match = /^HTTP\/1\.[01] (\d{3}) /.exec(text);
      resolve({ status: match ? Number(match[1]) : null, text });
    };
    const timer = setTimeout(finish, deadlineMs);
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      if (isComplete(Buffer.concat(chunks).toString('latin1'))) finish();
    });
    socket.on('close', finish);
    socket.on('error', () => undefined); // a reset after the answer: 'close' follows
  });
}
