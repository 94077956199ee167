import { join } from 'node:path';
import type { CameraConfig } from '../config/sections/camera-config.js';
import type { ClipIntake } from '../core/clip-intake.js';
import type { ClipSource } from '../core/clip-source.js';
import type { LiveCameraReports } from '../core/live-camera.js';
import type { Services } from '../runtime/services.js';
import { FolderSource } from './folder-source.js';
import { FtpSource } from './ftp/ftp-source.js';
import { coreStreamTarget } from './home-assistant/core-stream-target.js';
import { haCameraSource } from './home-assistant/ha-camera-source.js';
import { supervisorHostAddress } from '../ha/supervisor-host-address.js';
import { RtspSource } from './rtsp/rtsp-source.js';
import { rtspWorkDir } from './rtsp/rtsp-settings.js';

type SourceKind = CameraConfig['source'];
type CamerasOf<K extends SourceKind> = Extract<CameraConfig, { source: K }>[];

/** What sources hand their work to. */
export interface SourceNeeds {
  readonly intake: ClipIntake;
  /** Where live cameras report motion and their recordings (events/live/ watches them). */
  readonly live: LiveCameraReports;
}

/** Builds the sources of every enabled camera of one kind (FTP: one server for all of them). */
type SourceFactory<K extends SourceKind> = (cameras: CamerasOf<K>, services: Services, parts: SourceNeeds) => ClipSource[];

/** The source registry, keyed by a camera's `source`: the only place that names the source classes. */
export const SOURCE_REGISTRY: { readonly [K in SourceKind]: SourceFactory<K> } = {
  folder: (cameras, { config, bus, log }, { intake }) =>
    cameras.map(
      (camera) =>
        new FolderSource({
          camera: camera.name,
          folder: camera.path ?? join(config.dataDir, 'inbox', camera.name),
          intake,
          bus,
          log: log.child({ component: 'source', camera: camera.name }),
        }),
    ),
  rtsp: (cameras, { config, bus, tools, log }, parts) =>
    cameras.map(
      (camera) =>
        new RtspSource({
          camera,
          workDir: rtspWorkDir(config.dataDir, camera.name),
          intake: parts.intake,
          bus,
          tools,
          log: log.child({ component: 'source', camera: camera.name }),
          reports: parts.live,
        }),
    ),
  home_assistant: (cameras, { config, bus, tools, log }, parts) => {
    const target = cameras.length === 0 ? null : coreStreamTarget(config.homeAssistant, process.env);
    return cameras.map((camera) =>
      haCameraSource(camera, target, {
        workDir: rtspWorkDir(config.dataDir, camera.name),
        intake: parts.intake,
        bus,
        tools,
        log: log.child({ component: 'source', camera: camera.name }),
        reports: parts.live,
      }),
    );
  },
  ftp: (cameras, { config, bus, log }, { intake }) =>
    cameras.length === 0
      ? []
      : [
          new FtpSource({
            cameras,
            config: config.ftp,
            stagingDir: join(config.dataDir, 'ftp'),
            intake,
            bus,
            log: log.child({ component: 'source', source: 'ftp' }),
            hostAddress: supervisorHostAddress(log),
          }),
        ],
};

/** One source per enabled camera (one FTP server for every FTP camera), in the order of the registry. */
export function buildSources(services: Services, parts: SourceNeeds): ClipSource[] {
  const enabled = services.config.cameras.filter((camera) => camera.enabled);
  const ofKind = <K extends SourceKind>(kind: K): CamerasOf<K> =>
    enabled.filter((c): c is Extract<CameraConfig, { source: K }> => c.source === kind);
  return [
    ...SOURCE_REGISTRY.folder(ofKind('folder'), services, parts),
    ...SOURCE_REGISTRY.rtsp(ofKind('rtsp'), services, parts),
    ...SOURCE_REGISTRY.home_assistant(ofKind('home_assistant'), services, parts),
    ...SOURCE_REGISTRY.ftp(ofKind('ftp'), services, parts),
  ];
}
