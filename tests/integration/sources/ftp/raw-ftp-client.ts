import { connect, type Socket } from 'node:net';

/**
 * A minimal FTP client over raw sockets, for what basic-ftp cannot do on purpose: cut a data
 * connection in the middle of an upload (TCP reset) or stop sending without closing.
 */
export class RawFtpClient {
  private buffer = '';
  private readonly waiters: (() => void)[] = [];

  private constructor(private readonly control: Socket) {
    control.setEncoding('utf8');
    control.on('data', (text: string) => {
      this.buffer += text;
      for (const w of this.waiters.splice(0)) w();
    });
  }

  static async login(port: number, user: string, password: string): Promise<RawFtpClient> {
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    const client = new RawFtpClient(socket);
    await client.expect(/^220 /m);
    await client.command(`USER ${user}`, /^331 /m);
    await client.command(`PASS ${password}`, /^230 /m);
    await client.command('TYPE I', /^200 /m);
    return client;
  }

  /** Opens a passive data connection (EPSV) and starts STOR; resolves with the data socket once the server said 150. */
  async startUpload(name: string): Promise<Socket> {
    const reply = await this.command('EPSV', /^229 .*\(\|\|\|(\d+)\|\)/m);
    const port = Number(/\(\|\|\|(\d+)\|\)/.exec(reply)?.[1]);
    const data = connect(port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => data.once('connect', resolve).once('error', reject));
    data.on('error', () => undefined);
    await this.command(`STOR ${name}`, /^150 /m);
    return data;
  }

  /** Sends a command and waits for a reply line matching `pattern`; returns the reply text. */
  async command(line: string, pattern: RegExp): Promise<string> {
    this.control.write(`${line}\r\n`);
    return this.expect(pattern);
  }

  /** Waits for a reply line matching `pattern` (consuming everything up to it). */
  async expect(pattern: RegExp, timeoutMs = 10_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = pattern.exec(this.buffer);
      if (match) {
        const end = this.buffer.indexOf('\r\n', match.index);
        const reply = this.buffer.slice(match.index, end === -1 ? undefined : end);
        this.buffer = end === -1 ? '' : this.buffer.slice(end + 2);
        return reply;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no reply matching ${String(pattern)}; got: ${this.buffer}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.control.destroy();
  }
}
