import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Express } from 'express';
import type { HttpConfig } from '../config/sections/http-config.js';
import type { Logger } from '../core/logger.js';
import { gateUpgrades } from './auth/auth-gate.js';
import type { DashboardAuth } from './auth/dashboard-auth.js';
import { guardServer } from './ingress-guard.js';
import type { Part } from '../core/lifecycle.js';

/** A client that takes longer than this to send its request headers (or the whole request) is cut off. */
const HEADERS_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 30_000;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);

/** The one HTTP listener: REST API, dashboard assets and socket.io (attached to `server` before start). */
export class HttpServer implements Part {
  readonly name = 'http';
  readonly server: Server;
  private listening = false;
  private host: string;
  private readonly sockets = new Set<Socket>();

  constructor(
    private readonly config: HttpConfig,
    app: Express,
    private readonly log: Logger,
    /** Who may use the dashboard (login or loopback-only access); without it only the ingress guard applies. */
    private readonly auth: Pick<DashboardAuth, 'access' | 'checkSocket'> | null = null,
  ) {
    // Slow clients (one header byte a minute) are cut off instead of holding sockets forever.
    this.server = createServer(
      { headersTimeout: HEADERS_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS, connectionsCheckingInterval: 1000 },
      app,
    );
    this.host = config.host;
    // Upgraded (WebSocket) connections are no longer the HTTP server's to close: track every socket.
    this.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
  }

  /**
   * Listens; first puts the ingress guard (ingress_only) in front of everything attached so far, or the
   * login's socket check in front of WebSocket upgrades (express applies the login to everything else).
   * Without a password or users it listens on loopback only, whatever `host` says.
   */
  async start(): Promise<void> {
    const access = this.config.ingressOnly ? 'ingress' : (this.auth?.access ?? 'login');
    if (access === 'ingress') guardServer(this.server);
    else if (this.auth) {
      const auth = this.auth;
      gateUpgrades(this.server, (req) => auth.checkSocket(req));
    }
    this.host = access === 'loopback' && !LOOPBACK_HOSTS.has(this.config.host) ? '127.0.0.1' : this.config.host;
    await new Promise<void>((resolve, reject) => {
      const onError = (e: Error) => reject(new Error(`cannot listen on ${this.host}:${this.config.port}: ${e.message}`, { cause: e }));
      this.server.once('error', onError);
      this.server.listen(this.config.port, this.host, () => {
        this.server.off('error', onError);
        resolve();
      });
    });
    this.listening = true;
    const how = { ingress: ' (ingress only)', login: ' (login required)', loopback: ' (this machine only)' }[access];
    this.log.info({ event_type: 'http.listening', url: this.url(), access }, `dashboard on ${this.url()}${how}`);
    if (access === 'loopback' && this.host !== this.config.host)
      this.log.warn(
        { event_type: 'http.loopback_only', configured_host: this.config.host },
        `no http.password or http.users: listening on ${this.host} only, not ${this.config.host}; set a password to reach the dashboard from other machines`,
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
    const host = this.host === '0.0.0.0' || this.host === '::' ? 'localhost' : this.host.includes(':') ? `[${this.host}]` : this.host;
    return `http://${host}:${this.port()}`;
  }
}
