import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Express } from 'express';
import type { HttpConfig } from '../config/sections/http-config.js';
import type { Logger } from '../logging/logger.js';
import { guardServer } from './ingress-guard.js';
import type { Part } from '../core/lifecycle.js';

/** The one HTTP listener: REST API, dashboard assets and socket.io (attached to `server` before start). */
export class HttpServer implements Part {
  readonly name = 'http';
  readonly server: Server;
  private listening = false;
  private readonly sockets = new Set<Socket>();

  constructor(
    private readonly config: HttpConfig,
    app: Express,
    private readonly log: Logger,
  ) {
    this.server = createServer(app);
    // Upgraded (WebSocket) connections are no longer the HTTP server's to close: track every socket.
    this.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
  }

  /** Listens; with `ingress_only`, first puts the ingress guard in front of everything attached so far. */
  async start(): Promise<void> {
    if (this.config.ingressOnly) guardServer(this.server);
    await new Promise<void>((resolve, reject) => {
      const onError = (e: Error) =>
        reject(new Error(`cannot listen on ${this.config.host}:${this.config.port}: ${e.message}`, { cause: e }));
      this.server.once('error', onError);
      this.server.listen(this.config.port, this.config.host, () => {
        this.server.off('error', onError);
        resolve();
      });
    });
    this.listening = true;
    this.log.info(
      { event_type: 'http.listening', url: this.url(), ingress_only: this.config.ingressOnly },
      `dashboard on ${this.url()}${this.config.ingressOnly ? ' (ingress only)' : ''}`,
    );
  }

  async stop(): Promise<void> {
    if (!this.listening) return;
    this.listening = false;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    for (const socket of this.sockets) socket.destroy();
    await closed;
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
