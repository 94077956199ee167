import { z } from 'zod';
import type { Logger } from '../../core/logger.js';
import { err, ok, type Result } from '../../core/result.js';
import { CoreWebsocket } from '../../ha/core-websocket.js';
import type { StreamInput, StreamUrlProvider } from '../rtsp/stream/stream-url.js';
import type { CoreStreamTarget } from './core-stream-target.js';
import type { SnapshotFeed } from './snapshot-feed.js';

// homeassistant/components/camera/__init__.py, ws_camera_stream: {"url": stream.endpoint_url(fmt)},
// for HLS "/api/hls/<access token>/master_playlist.m3u8", relative to Core.
const StreamAnswerSchema = z.object({ url: z.string().min(1) });
// ws_camera_capabilities: asdict(CameraCapabilities); an empty list is a camera with snapshots only.
const CapabilitiesSchema = z.object({ frontend_stream_types: z.array(z.string()) });

export const NO_CORE_MESSAGE =
  'a home_assistant camera needs Home Assistant: run HomeSec as the add-on, or set home_assistant.url and token';

export interface HaStreamUrlOptions {
  readonly entityId: string;
  /** Null outside the add-on without home_assistant.url: every connect fails with NO_CORE_MESSAGE. */
  readonly target: CoreStreamTarget | null;
  /** Makes a stream of a camera Core has only snapshots of; null: such a camera is not recorded. */
  readonly snapshots: SnapshotFeed | null;
  readonly log: Logger;
}

/**
 * A Home Assistant camera's stream, asked of Core at every (re)connect: the HLS stream (`camera/stream`),
 * whose access token lives only as long as Core's stream does, so an old URL may no longer play; or, for
 * a camera whose capabilities list no stream, the local playlist its polled snapshots are encoded into.
 * One short websocket connection per ask; reconnects are rare and backed off by the stream's supervisor.
 */
export class HaStreamUrl implements StreamUrlProvider {
  readonly label: string;

  constructor(private readonly options: HaStreamUrlOptions) {
    this.label = `Home Assistant ${options.entityId}`;
  }

  async resolve(signal: AbortSignal): Promise<Result<StreamInput, string>> {
    const { entityId, target, log } = this.options;
    if (target === null) return err(NO_CORE_MESSAGE);
    const opened = await CoreWebsocket.open(target.websocket, signal);
    if (!opened.ok) return err(`Home Assistant cannot be reached: ${opened.error.message}`);
    const core = opened.value;
    try {
      // A Core without camera/capabilities answers unknown_command: then it is asked for the stream.
      const reply = await core.command({ type: 'camera/capabilities', entity_id: entityId });
      const parsed = reply.ok ? CapabilitiesSchema.safeParse(reply.value) : null;
      const snapshotsOnly = parsed?.success === true && !parsed.data.frontend_stream_types.includes('hls');
      if (!snapshotsOnly) return await this.askForStream(core, target);
    } finally {
      core.close();
    }
    const { snapshots } = this.options;
    if (!snapshots) return err(`Home Assistant has only snapshots of ${entityId}`);
    log.debug({ event_type: 'ha_camera.snapshots', entity_id: entityId }, 'snapshot-only camera: polling its picture');
    const playlist = await snapshots.playlist(signal);
    return playlist.ok ? ok({ url: playlist.value, headers: null }) : playlist;
  }

  async stop(): Promise<void> {
    await this.options.snapshots?.stop();
  }

  private async askForStream(core: CoreWebsocket, target: CoreStreamTarget): Promise<Result<StreamInput, string>> {
    const { entityId, log } = this.options;
    const reply = await core.command({ type: 'camera/stream', entity_id: entityId, format: 'hls' });
    // start_stream_failed: Core cannot serve a stream of the camera (its source is down, or none).
    if (!reply.ok) return err(`Home Assistant gives no stream for ${entityId}: ${reply.error.message}`);
    const answer = StreamAnswerSchema.safeParse(reply.value);
    if (!answer.success) return err(`Home Assistant answered camera/stream for ${entityId} without a URL`);
    // A camera that had only snapshots and now streams: its poller is no longer needed.
    await this.options.snapshots?.stop();
    log.debug({ event_type: 'ha_camera.stream_url', entity_id: entityId }, 'stream URL from Home Assistant');
    return ok(streamInput(answer.data.url, target));
  }
}

/** Core answers a path on itself; the proxy's token goes only to Core, never to a URL elsewhere. */
function streamInput(url: string, target: CoreStreamTarget): StreamInput {
  if (/^https?:\/\//i.test(url)) return { url, headers: null };
  return { url: `${target.httpBase}${url.startsWith('/') ? '' : '/'}${url}`, headers: target.httpHeaders };
}
