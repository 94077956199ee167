/** A camera's way of producing clips (watched folder, FTP uploads, RTSP recorder). */
export interface ClipSource {
  readonly camera: string;
  /** Starts watching or recording; must not throw for an offline camera (retry in the background instead). */
  start(signal: AbortSignal): Promise<void>;
  /** Stops and finalises any clip in progress; safe to call twice. */
  stop(): Promise<void>;
}
