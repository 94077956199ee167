import { connect, type Socket } from 'node:net';

/** One FTP reply: its code (null: the server closed the connection or never answered) and its text. */
export interface FtpReply {
  readonly code: number | null;
  readonly text: string;
}

/**
 * A bare FTP control connection: sends command lines exactly as given and reads the replies, so a
 * test can say what no FTP client library would (any verb, any bytes in a path).
 */
export class FtpControl {
  private buffer = '';
  private closed = false;
  private waiter: (() => void) | null = null;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer += chunk.toString('latin1');
      this.waiter?.();
    });
    socket.on('close', () => {
      this.closed = true;
      this.waiter?.();
    });
    socket.on('error', () => undefined); // 'close' follows
  }

  /** Connects (from `localAddress`, another loopback address stands for another client) and reads the greeting. */
  static async open(port: number, localAddress = '127.0.0.1'): Promise<{ control: FtpControl; greeting: FtpReply }> {
    const socket = connect({ port, host: '127.0.0.1', localAddress });
    const control = new FtpControl(socket);
    return { control, greeting: await control.reply() };
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Sends one command line and resolves with its final reply (1xx replies are preliminary). */
  async send(line: string): Promise<FtpReply> {
    if (this.closed) return { code: null, text: 'closed' };
    this.socket.write(Buffer.from(`${line}\r\n`, 'utf8'));
    return this.reply();
  }

  async login(user: string, password: string): Promise<FtpReply> {
    const first = await this.send(`USER ${user}`);
    return first.code === 331 ? this.send(`PASS ${password}`) : first;
  }

  close(): void {
    this.socket.destroy();
  }

  /** The next final reply (`ddd text`, after any `ddd-` lines and 1xx replies), within `deadlineMs`. */
  private reply(deadlineMs = 10_000): Promise<FtpReply> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => done({ code: null, text: `no reply within ${deadlineMs} ms` }), deadlineMs);
      const done = (reply: FtpReply) => {
        clearTimeout(timer);
        this.waiter = null;
        resolve(reply);
      };
      const check = () => {
        for (;;) {
          const end = this.buffer.indexOf('\r\n');
          if (end < 0) break;
          const line = this.buffer.slice(0, end);
          this.buffer = this.buffer.slice(end + 2);
          const final = /^(\d{3}) /.exec(line) ?? /^(\d{3})$/.exec(line);
          if (final && !line.startsWith('1')) return done({ code: Number(final[1]), text: line });
        }
        if (this.closed) done({ code: null, text: 'closed' });
      };
      this.waiter = check;
      check();
    });
  }
}
