import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import type { HttpConfig } from '../config/sections/http-config.js';
import type { Logger } from '../logging/logger.js';

/** The one HTTP listener: REST API, dashboard assets and (attached later) socket.io. */
export class HttpServer {
  readonly server: Server;
  private listening = false;

  constructor(
    private readonly config: HttpConfig,
    app: Express,
    private readonly log: Logger,
  ) {
    this.server = createServer(app);
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      const onError = (e: Error) => reject(new Error(`cannot listen on ${this.config.host}:${this.config.port}: ${e.message}`, { cause: e }));
      this.server.once('error', onError);
      this.server.listen(this.config.port, this.config.host, () => {
        this.server.off('error', onError);
        resolve();
      });
    });
    this.listening = true;
    this.log.info({ event_type: 'http.listening', url: this.url() }, `dashboard on ${this.url()}`);
  }

  async stop(): Promise<void> {
    if (!this.listening) return;
    this.listening = false;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Port actually bound (differs from config when it was 0). */
  port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  url(): string {
    const host = this.config.host === '0.0.0.0' || this.config.host === '::' ? 'localhost' : this.config.host;
    return `http://${host}:${this.port()}`;
  }
}
