import type { Result } from '../../../core/result.js';

/** A stream to read: its URL and, for an HTTP stream behind a proxy, the request headers ffmpeg sends. */
export interface StreamInput {
  readonly url: string;
  /** e.g. `Authorization: Bearer ...` for the Supervisor's Core proxy; never logged. */
  readonly headers: string | null;
}

/**
 * A stream whose URL is asked for at every (re)connect: Home Assistant's HLS URLs carry an access token
 * that expires with the stream, so a URL from an earlier connection may no longer play.
 */
export interface StreamUrlProvider {
  /** A fresh input for the next connection, or why there is none now (the session retries with backoff). */
  resolve(signal: AbortSignal): Promise<Result<StreamInput, string>>;
  /** What logs and the status say instead of the URL, which carries a token. */
  readonly label: string;
  /** Ends what the provider runs to make its stream (a snapshot camera's poller), when the session stops. */
  stop?(): Promise<void>;
}

/** Where a stream session connects: a fixed URL from the config (RTSP), or one asked for at each connect. */
export type StreamUrl = string | StreamUrlProvider;
