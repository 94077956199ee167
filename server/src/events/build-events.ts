import { buildAlertPolicy } from '../alert/build-alert-policy.js';
import { alertedClips } from './alerted-clips.js';
import { EventAlerts } from './event-alerts.js';
import { playableClips } from './playable-clips.js';
import type { CameraArming } from '../core/camera-arming.js';
import type { ClipAnalyzer } from '../core/clip-analyzer.js';
import type { ObjectDetector } from '../core/object-detector.js';
import type { MediaStore } from '../media/media-store.js';
import type { NotificationOutbox } from '../core/notification-outbox.js';
import type { Services } from '../runtime/services.js';
import type { AlertMessage } from '../notify/alert-message.js';
import type { CameraEventRepository } from '../store/camera-event-repository.js';
import type { ClipRepository } from '../store/clip-repository.js';
import { CameraEventService } from './camera-event-service.js';
import { EndVideoWait } from './end-video-wait.js';
import { LiveWatch } from './live/live-watch.js';
import { zonesByCamera } from '../config/sections/zones-config.js';

/** Longest an alerted event's end waits for its clip's H.264 copy (phones play no H.265). */
const END_VIDEO_WAIT_MS = 60_000;

/** The event service, the alert life of its events (policy, phases, outbox), and where live cameras report. */
export function buildEvents(
  services: Services,
  parts: {
    readonly cameraEvents: CameraEventRepository;
    /** The clips an alerting event marks, and whose playable file the `end` message names. */
    readonly clips: Pick<ClipRepository, 'getLocal' | 'update'>;
    readonly arming: CameraArming;
    readonly outbox: NotificationOutbox<AlertMessage> | null;
    /** Whether a vision model will give verdicts (an early alert then says one follows). */
    readonly verdictExpected: boolean;
    /** What live watching uses: the detector on live frames, the early VLM call, live snapshots. */
    readonly detector: ObjectDetector | null;
    readonly analyzer: ClipAnalyzer | null;
    readonly media: Pick<MediaStore, 'writeLiveSnapshot' | 'renditions'>;
  },
): { readonly eventService: CameraEventService; readonly liveWatch: LiveWatch } {
  const { config, bus, log } = services;
  const playable = playableClips(parts.clips, parts.media.renditions);
  // An alerted clip's phone video (an H.265 clip's H.264 copy) is begun at once, so the event's end can carry it.
  const clips = alertedClips(parts.clips, (clipId) => {
    playable
      .makePlayable(clipId)
      .catch((e: unknown) => log.warn({ event_type: 'alert.clip_video_failed', clip_id: clipId, err: e }, 'no phone video'));
  });
  const alerts = new EventAlerts({
    policy: buildAlertPolicy(services, parts.arming),
    outbox: parts.outbox,
    cameraEvents: parts.cameraEvents,
    clips,
    config: config.alerts,
    verdictExpected: parts.verdictExpected,
    publicUrl: config.notify.publicUrl,
    playableClips: playable,
    log: log.child({ component: 'alerts' }),
  });
  const eventService = new CameraEventService({
    cameraEvents: parts.cameraEvents,
    clips,
    alerts,
    bus,
    log: log.child({ component: 'events' }),
    finalCallAfterS: config.analyzer.finalCallAfterS,
    endVideo: new EndVideoWait({ playable, waitMs: END_VIDEO_WAIT_MS, log: log.child({ component: 'events' }) }),
    zones: { byCamera: zonesByCamera(config.zones), triggerLabels: config.detector.triggerLabels },
  });
  const liveWatch = new LiveWatch({
    activity: eventService,
    detector: parts.detector,
    analyzer: parts.analyzer,
    media: parts.media,
    bus,
    settings: {
      liveFps: config.detector.liveFps,
      triggerLabels: config.detector.triggerLabels,
      confirmFrames: config.detector.confirmFrames,
      earlyAfterS: config.analyzer.earlyAfterS,
      zones: zonesByCamera(config.zones),
    },
    log: log.child({ component: 'live' }),
  });
  return { eventService, liveWatch };
}
