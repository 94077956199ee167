import type { Response, Router } from 'express';
import type { CameraDirectory } from '../../cameras/camera-directory.js';
import type { LiveStreamFeed } from '../../core/live-camera.js';
import type { Logger } from '../../core/logger.js';
import type { FfmpegTools } from '../../media/ffmpeg-tools.js';
import { readLiveFeedHead, type LiveFeedHead } from '../../media/live-feed-head.js';
import { startLiveMp4Remux } from '../../media/live-mp4-remux.js';
import { inBackground } from '../../runtime/background.js';
import { exactRouter } from '../exact-router.js';
import { CameraNameParamsSchema, EmptyQuerySchema } from '../contract.js';
import { HttpError, notFound, parseInput } from '../http-error.js';
import type { LiveViewResponse } from '../live-view-contract.js';

export interface LiveViewRoutesOptions {
  readonly cameras: Pick<CameraDirectory, 'get'>;
  /** A reader of the camera's relayed stream (its one RTSP session); null: a folder or FTP camera, no stream. */
  readonly liveStream: (camera: string) => LiveStreamFeed | null;
  readonly tools: FfmpegTools;
  readonly log: Logger;
}

/** How long a camera may take to send its stream's program map: a running relay has it at once. */
const HEAD_WAIT_MS = 5_000;
/** Viewers of one camera at a time: each costs an ffmpeg (stream copy, little CPU) and a socket. */
const MAX_VIEWERS_PER_CAMERA = 6;

/**
 * GET /api/cameras/:name/live says how the camera can be watched (`video` for H.264, else `pictures`);
 * GET /api/cameras/:name/live.mp4 streams it as fragmented MP4, remuxed by one ffmpeg per viewer from
 * the relay of the camera's one RTSP session (no second session, no transcoding). The ffmpeg ends when
 * the response closes: the page closed or the viewer left the view.
 */
export function liveViewRoutes(deps: LiveViewRoutesOptions): Router {
  const router = exactRouter();
  const viewers = new Map<string, number>();

  /** The camera's feed and what it starts with; the feed is the caller's to close. */
  const openFeed = async (name: string, signal: AbortSignal): Promise<{ feed: LiveStreamFeed; head: LiveFeedHead }> => {
    if (!deps.cameras.get(name)) throw notFound(`no camera named ${name}`);
    const feed = deps.liveStream(name);
    if (!feed) throw notFound(`${name} has no live stream (folder and FTP cameras send clips, not a stream)`);
    const head = await readLiveFeedHead(feed.stream, HEAD_WAIT_MS, signal);
    if (head.codec === null) {
      feed.close();
      throw new HttpError(503, 'camera_not_streaming', `no stream from ${name} right now: the camera may be offline or starting`);
    }
    return { feed, head };
  };

  router.get('/api/cameras/:name/live', async (req, res) => {
    const { name } = parseInput(CameraNameParamsSchema, req.params, 'path');
    parseInput(EmptyQuerySchema, req.query, 'query');
    const { feed, head } = await openFeed(name, closedSignal(res));
    feed.close();
    const codec = head.codec ?? '';
    const body: LiveViewResponse = { camera: name, mode: codec === 'h264' ? 'video' : 'pictures', codec };
    res.setHeader('Cache-Control', 'no-store');
    res.json(body);
  });

  router.get('/api/cameras/:name/live.mp4', async (req, res) => {
    const { name } = parseInput(CameraNameParamsSchema, req.params, 'path');
    parseInput(EmptyQuerySchema, req.query, 'query');
    if ((viewers.get(name) ?? 0) >= MAX_VIEWERS_PER_CAMERA)
      throw new HttpError(503, 'too_many_viewers', `${name} already has ${MAX_VIEWERS_PER_CAMERA} live viewers`);
    const { feed, head } = await openFeed(name, closedSignal(res));
    if (head.codec !== 'h264') {
      feed.close();
      throw new HttpError(415, 'not_playable', `${name} sends ${head.codec}, which browsers cannot play: watch its pictures instead`);
    }
    if (res.destroyed) return feed.close();
    streamRemux(res, name, feed, head);
  });

  const streamRemux = (res: Response, camera: string, feed: LiveStreamFeed, head: LiveFeedHead): void => {
    const remux = startLiveMp4Remux(deps.tools, feed.stream, head.chunks);
    const startedAt = Date.now();
    viewers.set(camera, (viewers.get(camera) ?? 0) + 1);
    deps.log.info({ event_type: 'live.view_started', camera, viewers: viewers.get(camera), pid: remux.pid }, 'live view started');
    let reason = 'stream_ended';
    const finish = () => {
      remux.stop();
      feed.close();
    };
    res.once('close', () => {
      if (!res.writableFinished) reason = 'viewer_left';
      finish();
    });
    // Headers wait for ffmpeg's first bytes: a remuxer that cannot start still gets a readable error.
    remux.output.once('data', (first: Buffer) => {
      res.status(200);
      res.setHeader('Content-Type', 'video/mp4');
      res.setHeader('Cache-Control', 'no-store');
      res.write(first);
      remux.output.pipe(res);
    });
    const ended = remux.ended.then((failure) => {
      finish();
      const left = Math.max(0, (viewers.get(camera) ?? 1) - 1);
      if (left === 0) viewers.delete(camera);
      else viewers.set(camera, left);
      if (failure) {
        reason = 'failed';
        deps.log.warn({ event_type: 'live.remux_failed', camera, reason: failure }, 'live view ended: the remuxer failed');
      }
      // Ended before its first bytes (a remuxer that could not start, or the camera's stream ended): say so.
      if (!res.headersSent && !res.destroyed)
        res.status(failure ? 502 : 503).json({
          error: failure ? 'remux_failed' : 'camera_not_streaming',
          message: failure ? `the live view of ${camera} could not start` : `the stream from ${camera} ended`,
        });
      deps.log.info(
        { event_type: 'live.view_ended', camera, reason, viewers: left, duration_s: Math.round((Date.now() - startedAt) / 1000) },
        'live view ended',
      );
    });
    inBackground(ended, deps.log, 'ending a live view');
  };

  return router;
}

/** Aborts when the client goes away before the answer is done. */
function closedSignal(res: Response): AbortSignal {
  const abort = new AbortController();
  res.once('close', () => abort.abort());
  return abort.signal;
}
