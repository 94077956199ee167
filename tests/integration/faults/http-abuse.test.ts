import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { reportFault } from '../../support/fault-figures.js';
import { startHomesec, type StartedHomesec } from '../../support/start-homesec.js';

/** Opens a TCP connection, sends `text`, and resolves with what the server said before it closed the connection. */
function rawExchange(port: number, text: string): Promise<{ answer: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
    socket.on('close', () => resolve({ answer, ms: Math.round(performance.now() - started) }));
    socket.on('error', reject);
  });
}

describe('oversized and slow HTTP requests', () => {
  let running: StartedHomesec | null = null;
  afterEach(async () => {
    await running?.close();
    running = null;
  });

  it('refuses a body over 1 MB (413) and headers over 16 KB (431), and keeps serving', async () => {
    // Given HomeSec's dashboard
    running = await startHomesec();
    const { url } = running;
    // When a 2 MB JSON body and 20 KB of headers arrive
    const body = await fetch(`${url}/api/dead-letters/retry`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ids: [1], padding: 'x'.repeat(2_000_000) }),
    });
    const headers = await rawExchange(
      running.app.http.port(),
      `GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'y'.repeat(20_000)}\r\n\r\n`,
    );
    // Then they are refused with the right statuses, and the next request is served
    expect(body.status).toBe(413);
    expect(headers.answer).toMatch(/^HTTP\/1\.1 431 /);
    expect((await fetch(`${url}/api/health`)).status).toBe(200);
    reportFault('HTTP oversized', { body_2mb_status: body.status, headers_20kb_status: Number(headers.answer.slice(9, 12)) });
  });

  it('cuts off a client that sends its headers too slowly (408), instead of holding the socket', async () => {
    // Given HomeSec's dashboard
    running = await startHomesec();
    // When a client sends half a request line and then nothing (a slowloris)
    const slow = await rawExchange(running.app.http.port(), 'GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
    // Then the server answers 408 and closes the connection, and keeps serving others
    expect(slow.answer).toMatch(/^HTTP\/1\.1 408 /);
    expect((await fetch(`${running.url}/api/health`)).status).toBe(200);
    reportFault('HTTP slow headers', { status: 408, cut_after_ms: slow.ms }, 'headers time limit 10 s, checked every second');
  });
});
