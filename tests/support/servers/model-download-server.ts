import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the fake release server answers on its one path. */
export type ModelServerReply = { readonly kind: 'file'; readonly bytes: Uint8Array } | { readonly kind: 'status'; readonly status: number };

export interface ModelDownloadServer {
  /** URL of the model file, e.g. http://127.0.0.1:PORT/releases/yolox_nano.onnx */
  readonly url: string;
  /** Requests received so far. */
  readonly requests: () => number;
  /** Changes what later requests get (a release that comes back online). */
  setReply(reply: ModelServerReply): void;
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 (free port) that serves one model file, like a release download. */
export async function startModelDownloadServer(initial: ModelServerReply): Promise<ModelDownloadServer> {
  let requests = 0;
  let reply = initial;
  const server: Server = createServer((req, res) => {
    requests += 1;
    if (req.url !== '/releases/yolox_nano.onnx' || reply.kind === 'status') {
      res.writeHead(reply.kind === 'status' ? reply.status : 404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(reply.bytes.length) });
    // Several chunks, so the download's progress reporting has something to report.
    const chunk = Math.ceil(reply.bytes.length / 8);
    for (let offset = 0; offset < reply.bytes.length; offset += chunk) res.write(reply.bytes.subarray(offset, offset + chunk));
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/releases/yolox_nano.onnx`,
    requests: () => requests,
    setReply: (next) => {
      reply = next;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
